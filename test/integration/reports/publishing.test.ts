import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectAs, login, ok, send, type Studio } from '../../helpers/testServer';

describe('hotspots and policy Q&A, and the annual table', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('drafts from an answered appeal without the caller, publishes, counts it, and shows it on the public page', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId, server } = studio;
    const followup = await connectAs(server, admin, 'followup');
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: 1 });
    const aired = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version });
    await ok(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: aired.appeal.version, points: '本周检修' });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });

    const copied = await send(followup, 'publication:draft', { commandId: commandId(), episodeId, kind: 'qa', title: '电梯坏了找谁？', body: '王建华反映的电梯问题，请拨打13812341234', appealIds: [appeal.id] });
    expect(copied).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: '发布内容不能包含来电人的电话号码。' } });
    const { publication } = await ok(followup, 'publication:draft', { commandId: commandId(), episodeId, kind: 'qa', title: '老旧小区电梯坏了找谁？', body: '由物业负责维修，维修资金可申请使用住宅专项维修资金。', appealIds: [appeal.id] });
    const notYet = await send(followup, 'publication:publish', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: 1 });
    expect(notYet).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await ok(admin, 'publication:publish', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: 1 });

    const annual = await ok(admin, 'reports:annual', { year: 2025 });
    const cells = Object.fromEntries(annual.xuzhou.columns.map((c: any) => [c.id, c.value]));
    expect(cells).toMatchObject({ episodes: 1, leaders: 1, principalLeaders: 1, received: 1, answeredOnAir: 1, supervised: 0, hotspots: 0, policyQa: 1, satisfaction: '—' });
    expect(annual.suqian.columns.map((c: any) => c.value)).toEqual(['市级部门（1家）', 1, 1, 1, 1, 0, 1, 0]);

    const page = await (await fetch(`${server.url}/api/public/episodes/${episodeId}`)).json();
    expect(page.data.policyQa).toEqual([{ id: publication.id, title: '老旧小区电梯坏了找谁？', body: expect.any(String), publishedAt: expect.any(String) }]);
    expect(JSON.stringify(page)).not.toMatch(/13812341234|王建华/);

    const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const bytes = Buffer.from(await (await fetch(`${server.url}/api/reports/annual?year=2025&format=csv`, { headers: { cookie } })).arrayBuffer());
    // The UTF-8 byte-order mark is what makes Excel read the Chinese text as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain('"发布直播相关政策问答(对)"');
    const xlsx = await fetch(`${server.url}/api/reports/annual?year=2025&format=xlsx`, { headers: { cookie } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getCell(2, 1).value).toBe('期数');
    expect(sheet.getRow(4).values).toEqual([, 1, 1, 1, 1, 1, 0, 1, 0, '—', 0, 1]);
    followup.disconnect();
  });
});
