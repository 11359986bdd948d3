import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_COLUMNS } from '../../../shared/domain/supervisionLedger';
import { buildStudio, commandId, ok, type Studio } from '../../helpers/testServer';
import { account, addUnit, handOver, TestClock } from './helpers';

async function download(studio: Studio, cookie: string, query = ''): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(`${studio.server.url}/api/supervision.xlsx${query}`, { headers: { cookie } });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

async function rowsOf(body: Buffer): Promise<{ title: string; header: string[]; rows: Array<Record<string, unknown>> }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('督办台账')!;
  const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
  const header = values(2) as string[];
  const rows: Array<Record<string, unknown>> = [];
  for (let n = 3; n <= sheet.rowCount; n++) rows.push(Object.fromEntries(values(n).map((v, i) => [header[i], v])));
  return { title: String(sheet.getCell(1, 1).value), header, rows };
}

describe('督办台账: the supervised items as filtered on /followup, as an Excel ledger', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('lists each item with its unit, deadline, status, replies and rating, filtered as on the desk, the caller’s number masked', async () => {
    studio = await buildStudio({ clock: new TestClock('2025-06-16T02:00:00Z') });
    const { admin, episodeId, server, unitId } = studio;
    const followup = await account(server, admin, 'followup');
    const liaison = await account(server, admin, 'unit', unitId);
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId });
    const replied = await handOver(studio, { complexity: 'simple', summary: '=HYPERLINK("http://evil","点我")' });
    const waiting = await handOver(studio, { summary: '路灯不亮' });
    const reply = await ok(liaison.socket, 'supervision:reply', { commandId: commandId(), episodeId, appealId: replied.id, expectedVersion: replied.version, text: '已安排维修，周五前修复' });
    await ok(followup.socket, 'supervision:callBack', { commandId: commandId(), episodeId, appealId: replied.id, expectedVersion: reply.appeal.version, outcome: 'reached', rating: 'satisfied', note: '' });

    const all = await download(studio, followup.cookie);
    expect(all.status).toBe(200);
    expect(all.type).toContain('spreadsheetml');
    const ledger = await rowsOf(all.body);
    expect(ledger.header).toEqual([...LEDGER_COLUMNS]);
    expect(ledger.title).toContain('全部督办事项');
    expect(ledger.title).toContain('共 2 件');
    expect(ledger.rows).toHaveLength(2);
    const row = ledger.rows.find((r) => r['诉求编号'] === `第${replied.no}号`)!;
    expect(row).toMatchObject({ 联系电话: '138****1234', 承办单位: expect.any(String), 复杂程度: '简单', 办理期限: '2025-06-18', 单位答复次数: 1, 最近答复内容: '已安排维修，周五前修复', 回访次数: 1, 满意度: '满意' });
    // What the citizen typed stays text: never a formula in the admin's Excel.
    expect(row['诉求摘要']).toBe('=HYPERLINK("http://evil","点我")');
    expect(JSON.stringify(ledger.rows)).not.toContain('13812341234');

    const onlyWithUnit = await rowsOf((await download(studio, followup.cookie, '?status=with_unit')).body);
    expect(onlyWithUnit.rows.map((r) => r['诉求编号'])).toEqual([`第${waiting.no}号`]);
    expect(onlyWithUnit.title).toContain('状态：办理中');
    for (const s of [followup.socket, liaison.socket]) s.disconnect();
  });

  it('a unit’s liaison gets its own unit’s items only; a leader is refused; a bad filter gets a Chinese sentence', async () => {
    studio = await buildStudio();
    const { admin, episodeId, server, unitId } = studio;
    const unitB = await addUnit(admin, '市城市管理局');
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId });
    await handOver(studio);
    await handOver(studio, { unitId: unitB });
    const liaisonB = await account(server, admin, 'unit', unitB);
    const mine = await rowsOf((await download(studio, liaisonB.cookie)).body);
    expect(mine.rows).toHaveLength(1);
    expect(mine.rows[0]['承办单位']).toBe('市城市管理局');
    const other = await download(studio, liaisonB.cookie, `?unitId=${unitId}`);
    expect(other.status).toBe(403);
    const leader = await account(server, admin, 'leader');
    expect((await download(studio, leader.cookie)).status).toBe(403);
    const followup = await account(server, admin, 'followup');
    const bad = await download(studio, followup.cookie, '?status=lost');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString('utf8')).error.message).toContain('状态不在可选范围内');
    for (const s of [liaisonB.socket, leader.socket, followup.socket]) s.disconnect();
  });
});
