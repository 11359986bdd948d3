import { afterEach, describe, expect, it } from 'vitest';
import type { ReportSummary } from '../../../shared/protocol/events';
import {
  ADMIN_PASSWORD,
  appealInput,
  buildStudio,
  commandId,
  connectAs,
  connectWithCookie,
  login,
  ok,
  removeDataDir,
  send,
  type ClientSocket,
  type Studio,
  type TestServer,
} from '../../helpers/testServer';

/*
 * reports:summary over a period, through the real server: two episodes in different months with
 * every outcome an appeal can have, totals computed by hand; the same numbers after a restart; a
 * change made during a broadcast shows in the next summary without one; who may read reports.
 */

const PASSWORD = 'password-1234';
const PERIOD = { from: '2025-10-01', to: '2025-11-30' };

/** Screen, put on air and answer an appeal (operator puts on air, the leader answers). */
async function answer(studio: Studio, episodeId: string, appeal: { id: string; version: number }) {
  const { operator, leader } = studio;
  const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  const onAir = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version });
  return (await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: onAir.appeal.version, points: '现场答复' })).appeal;
}

/** The current version of an appeal as the follow-up desk sees it. */
async function current(followup: ClientSocket, episodeId: string, appealId: string) {
  return (await ok(followup, 'supervision:detail', { episodeId, appealId })).item.appeal;
}

function itemRef(episodeId: string, appeal: { id: string; version: number }) {
  return { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version };
}

const zero = { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, rated: 0, rate: null };

describe('reports:summary over a period', () => {
  let studio: Studio | undefined;
  let server: TestServer | undefined;
  const extra: ClientSocket[] = [];

  afterEach(async () => {
    for (const s of extra.splice(0)) s.disconnect();
    if (server && server !== studio?.server) {
      for (const s of [studio!.admin, studio!.operator, studio!.leader, studio!.screen]) s.disconnect();
      await server.stop();
      await removeDataDir(server.dataDir);
    } else {
      await studio?.close();
    }
    studio = undefined;
    server = undefined;
  });

  it('two episodes in October and November: totals, months, categories, units and episodes as computed by hand; the same after a restart', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId: novemberId, unitId: zjId } = studio;
    const followup = await connectAs(studio.server, admin, 'followup');
    extra.push(followup);
    const { unit: cg } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市城市管理局', kind: 'department', level: '市级' });
    const { person: deputy } = await ok(admin, 'person:save', { commandId: commandId(), name: '刘副局长', title: '副局长', unitId: cg.id, principal: false });

    // November (the studio's episode, 2025-11-25): 住建局 with its principal leader.
    //   a1 物业管理 answered · a2 物业管理 handed over, replied, 满意, closed · a3 供暖服务 left open → supervised at the end, replied, 不满意 (reopened) · a4 invalid
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: novemberId });
    const create = (episodeId: string, overrides: Record<string, unknown>) => ok(operator, 'appeal:create', appealInput(episodeId, overrides)).then((d) => d.appeal);
    const a1 = await create(novemberId, { category: '物业管理', summary: '电梯故障', caller: { anonymous: false, name: '王建华', title: '先生', phone: '13800000001' } });
    const a2 = await create(novemberId, { category: '物业管理', summary: '物业费上涨', caller: { anonymous: false, name: '陈丽', title: '女士', phone: '13800000002' } });
    const a3 = await create(novemberId, { category: '供暖服务', summary: '暖气不热', caller: { anonymous: false, name: '孙强', title: '先生', phone: '13800000003' } });
    const a4 = await create(novemberId, { category: '物业管理', summary: '打错了' });
    const answeredA1 = await answer(studio, novemberId, a1);
    const queuedA2 = await ok(operator, 'appeal:screen', itemRef(novemberId, a2));
    await ok(operator, 'appeal:handOver', { ...itemRef(novemberId, queuedA2.appeal), reason: '需会后核实' });
    await ok(operator, 'appeal:markInvalid', { ...itemRef(novemberId, a4), reason: '误拨' });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId: novemberId });

    let a2Now = (await ok(followup, 'supervision:reply', { ...itemRef(novemberId, await current(followup, novemberId, a2.id)), text: '已暂停调价' })).appeal;
    a2Now = (await ok(followup, 'supervision:callBack', { ...itemRef(novemberId, a2Now), outcome: 'reached', rating: 'satisfied' })).appeal;
    await ok(followup, 'supervision:close', { ...itemRef(novemberId, a2Now), note: '' });
    const a3Now = (await ok(followup, 'supervision:reply', { ...itemRef(novemberId, await current(followup, novemberId, a3.id)), text: '已排查管网' })).appeal;
    const reopened = (await ok(followup, 'supervision:callBack', { ...itemRef(novemberId, a3Now), outcome: 'reached', rating: 'unsatisfied' })).appeal;
    expect(reopened.supervision.status).toBe('with_unit');
    // A hotspot from a2, published; a Q&A from a1 left as a draft.
    const hotspot = (await ok(followup, 'publication:draft', { commandId: commandId(), episodeId: novemberId, kind: 'hotspot', title: '物业费调价需公示', body: '多位市民反映物业费上涨未公示。', appealIds: [a2.id] })).publication;
    await ok(admin, 'publication:publish', { commandId: commandId(), episodeId: novemberId, publicationId: hotspot.id, expectedVersion: hotspot.version });
    await ok(followup, 'publication:draft', { commandId: commandId(), episodeId: novemberId, kind: 'qa', title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds: [answeredA1.id] });

    // October (2025-10-14): 城管局 with 住建局, one deputy leader.
    //   b1 交通出行 answered · b2 物业管理 supervised at the end, replied, 基本满意 · b3 交通出行 supervised at the end
    const { episode: october } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-10-14', slot: { start: '09:00', end: '10:00' }, theme: '城市管理', host: '李主持', unitIds: [cg.id, zjId], leaderIds: [deputy.id] });
    const octoberId: string = october.id;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: octoberId });
    const b1 = await create(octoberId, { category: '交通出行', targetUnitId: cg.id, summary: '路口信号灯时长不合理', caller: { anonymous: false, name: '周敏', title: '女士', phone: '13800000004' } });
    const b2 = await create(octoberId, { category: '物业管理', targetUnitId: cg.id, summary: '小区门口占道经营', caller: { anonymous: false, name: '吴刚', title: '先生', phone: '13800000005' } });
    await create(octoberId, { category: '交通出行', summary: '公交站台破损', caller: { anonymous: true, name: '', title: null, phone: '' } });
    const answeredB1 = await answer(studio, octoberId, b1);
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId: octoberId });
    const b2Now = (await ok(followup, 'supervision:reply', { ...itemRef(octoberId, await current(followup, octoberId, b2.id)), text: '已清理' })).appeal;
    await ok(followup, 'supervision:callBack', { ...itemRef(octoberId, b2Now), outcome: 'reached', rating: 'basically_satisfied' });
    // A Q&A from b1, published; another published and then withdrawn.
    for (const withdraw of [false, true]) {
      const { publication } = await ok(followup, 'publication:draft', { commandId: commandId(), episodeId: octoberId, kind: 'qa', title: withdraw ? '撤回的问答' : '信号灯时长怎么调整？', body: '由交警部门评估后调整。', appealIds: [answeredB1.id] });
      const published = await ok(admin, 'publication:publish', { commandId: commandId(), episodeId: octoberId, publicationId: publication.id, expectedVersion: publication.version });
      if (withdraw) await ok(admin, 'publication:withdraw', { commandId: commandId(), episodeId: octoberId, publicationId: publication.id, expectedVersion: published.publication.version });
    }

    // Not in the period: a planned episode on 2025-11-30 (never held) and, for 同比, one a year earlier.
    await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-11-30', slot: { start: '09:00', end: '10:00' }, theme: '计划中', host: '', unitIds: [cg.id], leaderIds: [deputy.id] });
    const { episode: lastYear } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2024-11-05', slot: { start: '09:00', end: '10:00' }, theme: '去年同期', host: '', unitIds: [zjId], leaderIds: [studio.leaderId] });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: lastYear.id });
    await answer(studio, lastYear.id, await create(lastYear.id, { category: '物业管理' }));
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId: lastYear.id });

    const summary: ReportSummary = await ok(admin, 'reports:summary', PERIOD);
    const unitIds = [cg.id, zjId].sort();
    expect(summary.period).toEqual(PERIOD);
    expect(summary.total).toEqual({
      episodes: 2,
      leaders: 2,
      principalLeaders: 1,
      units: 2,
      unitIds,
      received: 6,
      phone: 6,
      internet: 0,
      answeredOnAir: 2,
      supervised: 4,
      invalid: 1,
      closed: 1,
      closedOnTime: 1,
      resolved: 3,
      satisfaction: { satisfied: 1, basicallySatisfied: 1, unsatisfied: 1, rated: 3, rate: 2 / 3 },
      hotspots: 1,
      policyQa: 1,
    });
    const octoberTotals = { episodes: 1, leaders: 1, principalLeaders: 0, units: 2, unitIds, received: 3, phone: 3, internet: 0, answeredOnAir: 1, supervised: 2, invalid: 0, closed: 0, closedOnTime: 0, resolved: 1, satisfaction: { satisfied: 0, basicallySatisfied: 1, unsatisfied: 0, rated: 1, rate: 1 }, hotspots: 0, policyQa: 1 };
    const novemberTotals = { episodes: 1, leaders: 1, principalLeaders: 1, units: 1, unitIds: [zjId], received: 3, phone: 3, internet: 0, answeredOnAir: 1, supervised: 2, invalid: 1, closed: 1, closedOnTime: 1, resolved: 2, satisfaction: { satisfied: 1, basicallySatisfied: 0, unsatisfied: 1, rated: 2, rate: 0.5 }, hotspots: 1, policyQa: 0 };
    expect(summary.months).toEqual([
      { month: '2025-10', rollup: octoberTotals },
      { month: '2025-11', rollup: novemberTotals },
    ]);
    expect(summary.categories).toEqual([
      { key: '物业管理', count: 3 },
      { key: '交通出行', count: 2 },
      { key: '供暖服务', count: 1 },
    ]);
    // A unit's figures are those of the episodes it went on air in: 住建局 was on air in both.
    expect(summary.units.map((u) => [u.name, u.rollup.episodes, u.rollup.received, u.rollup.answeredOnAir, u.rollup.supervised])).toEqual([
      ['市住房和城乡建设局', 2, 6, 2, 4],
      ['市城市管理局', 1, 3, 1, 2],
    ]);
    expect(summary.units.map((u) => u.unitId)).toEqual([zjId, cg.id]);
    expect(summary.episodes.map((e) => [e.id, e.date, e.theme, e.rollup.received])).toEqual([
      [octoberId, '2025-10-14', '城市管理', 3],
      [novemberId, '2025-11-25', '老旧小区改造与物业服务', 3],
    ]);
    expect(summary.episodes.map((e) => e.rollup)).toEqual([octoberTotals, novemberTotals]);
    // The same period a year earlier, for 同比.
    expect(summary.previous).toMatchObject({ episodes: 1, leaders: 1, principalLeaders: 1, received: 1, answeredOnAir: 1, supervised: 0, satisfaction: zero });

    // A single month, and a period with nothing in it.
    const octoberOnly: ReportSummary = await ok(followup, 'reports:summary', { from: '2025-10-01', to: '2025-10-31' });
    expect(octoberOnly.total).toEqual(octoberTotals);
    expect(octoberOnly.months).toEqual([{ month: '2025-10', rollup: octoberTotals }]);
    const empty: ReportSummary = await ok(admin, 'reports:summary', { from: '2025-07-01', to: '2025-07-31' });
    expect(empty.total).toMatchObject({ episodes: 0, received: 0, units: 0, unitIds: [], satisfaction: zero });
    expect([empty.categories, empty.units, empty.episodes]).toEqual([[], [], []]);

    // The annual table agrees with the summary of the same episodes.
    const annual = await ok(admin, 'reports:annual', { year: 2025 });
    expect(annual.xuzhou.columns.map((c: any) => c.value)).toEqual([2, 2, 1, 6, 6, 0, 2, 4, '66.7%', 1, 1]);
    expect(annual.xuzhou.columns.map((c: any) => c.yoy)).toEqual(['100.00%', '100.00%', null, '500.00%', '500.00%', null, '100.00%', null, null, null, null]);

    // ── Restart on the same data folder: the same numbers, rebuilt from the files. ──
    server = await studio.server.restart();
    const admin2 = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
    extra.push(admin2);
    expect(await ok(admin2, 'reports:summary', PERIOD)).toEqual(summary);
    expect(await ok(admin2, 'reports:annual', { year: 2025 })).toEqual(annual);
  });

  it('live: an appeal received, answered on air or published is in the very next summary, without a restart', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId } = studio;
    const followup = await connectAs(studio.server, admin, 'followup');
    extra.push(followup);
    const month = { from: '2025-11-01', to: '2025-11-30' };
    const totals = async () => (await ok(followup, 'reports:summary', month)).total;

    expect(await totals()).toMatchObject({ episodes: 0, received: 0 });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    expect(await totals()).toMatchObject({ episodes: 1, leaders: 1, principalLeaders: 1, received: 0, answeredOnAir: 0 });

    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId));
    expect(await totals()).toMatchObject({ received: 1, answeredOnAir: 0, supervised: 0 });
    const answered = await answer(studio, episodeId, appeal);
    expect(await totals()).toMatchObject({ received: 1, answeredOnAir: 1, supervised: 0 });

    const { appeal: second } = await ok(operator, 'appeal:create', appealInput(episodeId, { summary: '楼道灯不亮', category: '城市照明' }));
    const { appeal: third } = await ok(operator, 'appeal:create', appealInput(episodeId, { summary: '恶作剧' }));
    await ok(operator, 'appeal:markInvalid', { ...itemRef(episodeId, third), reason: '恶作剧' });
    expect(await totals()).toMatchObject({ received: 2, answeredOnAir: 1, supervised: 0, invalid: 1 });
    const live: ReportSummary = await ok(admin, 'reports:summary', month);
    expect(live.categories).toEqual([
      { key: '城市照明', count: 1 },
      { key: '物业管理', count: 1 },
    ].sort((a, b) => a.key.localeCompare(b.key)));

    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    expect(await totals()).toMatchObject({ received: 2, answeredOnAir: 1, supervised: 1 });
    const item = await current(followup, episodeId, second.id);
    const replied = (await ok(followup, 'supervision:reply', { ...itemRef(episodeId, item), text: '已修复' })).appeal;
    await ok(followup, 'supervision:callBack', { ...itemRef(episodeId, replied), outcome: 'reached', rating: 'satisfied' });
    expect((await totals()).satisfaction).toEqual({ satisfied: 1, basicallySatisfied: 0, unsatisfied: 0, rated: 1, rate: 1 });

    const { publication } = await ok(followup, 'publication:draft', { commandId: commandId(), episodeId, kind: 'qa', title: '电梯坏了找谁？', body: '由物业服务企业负责维修。', appealIds: [answered.id] });
    expect(await totals()).toMatchObject({ policyQa: 0 });
    const published = await ok(admin, 'publication:publish', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: publication.version });
    expect(await totals()).toMatchObject({ policyQa: 1 });
    await ok(admin, 'publication:withdraw', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: published.publication.version });
    expect(await totals()).toMatchObject({ policyQa: 0 });
  });

  it('months of a leap year: February 2024 ends on the 29th; 同比 of February 2025 is the whole of February 2024, leap day included', async () => {
    studio = await buildStudio();
    const { admin, operator, unitId, leaderId } = studio;
    const held = async (date: string, appeals: number) => {
      const { episode } = await ok(admin, 'episode:plan', { commandId: commandId(), date, slot: { start: '09:00', end: '10:00' }, theme: `${date}节目`, host: '', unitIds: [unitId], leaderIds: [leaderId] });
      await ok(operator, 'episode:start', { commandId: commandId(), episodeId: episode.id });
      for (let i = 0; i < appeals; i++) await ok(operator, 'appeal:create', appealInput(episode.id, { summary: `诉求${i + 1}` }));
      await ok(operator, 'episode:end', { commandId: commandId(), episodeId: episode.id });
    };
    await held('2024-02-01', 1);
    await held('2024-02-29', 2);
    await held('2024-03-01', 4);
    await held('2025-02-28', 8);

    const feb2024: ReportSummary = await ok(admin, 'reports:summary', { from: '2024-02-01', to: '2024-02-29' });
    expect([feb2024.total.episodes, feb2024.total.received]).toEqual([2, 3]);
    expect(feb2024.months.map((m) => [m.month, m.rollup.received])).toEqual([['2024-02', 3]]);
    const q1: ReportSummary = await ok(admin, 'reports:summary', { from: '2024-01-01', to: '2024-03-31' });
    expect(q1.months.map((m) => [m.month, m.rollup.received])).toEqual([
      ['2024-01', 0],
      ['2024-02', 3],
      ['2024-03', 4],
    ]);

    const feb2025: ReportSummary = await ok(admin, 'reports:summary', { from: '2025-02-01', to: '2025-02-28' });
    expect([feb2025.total.episodes, feb2025.total.received]).toEqual([1, 8]);
    // The same month a year earlier is 1–29 February 2024: an episode on the 29th belongs to it.
    expect([feb2025.previous.episodes, feb2025.previous.received]).toEqual([2, 3]);
  });

  it('who may read reports: admin and follow-up staff, over the socket and over HTTP; the others are refused', async () => {
    studio = await buildStudio();
    const { admin, operator, leader, screen, server: s, unitId } = studio;
    const followup = await connectAs(s, admin, 'followup');
    const liaison = await connectAs(s, admin, 'unit', unitId);
    extra.push(followup, liaison);

    for (const socket of [admin, followup]) {
      expect((await send(socket, 'reports:summary', PERIOD)).ok).toBe(true);
      expect((await send(socket, 'reports:annual', { year: 2025 })).ok).toBe(true);
    }
    for (const socket of [operator, leader, screen, liaison]) {
      expect(await send(socket, 'reports:summary', PERIOD)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await send(socket, 'reports:annual', { year: 2025 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }

    const annualOver = async (cookie: string | null, query = 'year=2025') => fetch(`${s.url}/api/reports/annual?${query}`, { headers: cookie ? { cookie } : {} });
    const asRole = async (role: 'operator' | 'leader' | 'followup' | 'unit') => {
      const username = `${role}${Math.floor(Math.random() * 1e9)}`;
      await ok(admin, 'account:create', { commandId: commandId(), username, displayName: `报表${role}`, role, unitId: role === 'unit' ? unitId : null, password: PASSWORD });
      return login(s.url, username, PASSWORD);
    };
    const noCookie = await annualOver(null);
    expect(noCookie.status).toBe(401);
    expect((await noCookie.json()).error.code).toBe('UNAUTHORIZED');
    for (const role of ['operator', 'leader', 'unit'] as const) {
      const response = await annualOver(await asRole(role));
      expect(response.status, role).toBe(403);
      expect((await response.json()).error.code).toBe('FORBIDDEN');
    }
    const allowed = await annualOver(await asRole('followup'));
    expect(allowed.status).toBe(200);
    expect((await allowed.json()).data.year).toBe(2025);
    const adminCookie = await login(s.url, 'admin', ADMIN_PASSWORD);
    const bad = await annualOver(adminCookie, 'year=abc');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('VALIDATION_FAILED');
  });
});
