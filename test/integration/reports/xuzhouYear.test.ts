import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, AnnualReport, ClientToServerEvents } from '../../../shared/protocol/events';
import { CONNECTION_BUDGET } from '../../../server/realtime/connectionBudget';
import {
  ADMIN_PASSWORD,
  commandId,
  connectWithCookie,
  login,
  removeDataDir,
  startServer,
  type ClientSocket,
  type TestServer,
} from '../../helpers/testServer';

/*
 * THE YEAR TEST. A whole broadcast year driven through the real server's socket commands with the
 * volumes of the Xuzhou 2025 report (seed 004, table 二(二)1 "政风热线"管理运行):
 *
 *   期数 247 · 上线人数 总数 247 · 其中:主要负责人数 52 · 上线期间收到诉求总量 12551 ·
 *   现场回应诉求数 4270 · 直播后督办重点诉求数 8281 · 群众诉求办理满意率 98.6% ·
 *   发布民生热点 95 · 发布直播相关政策问答 724
 *
 * and the report's own sentence (一(二)1): 127 units went on air, 247 episodes, 12551 appeals
 * accepted, 12375 resolved (着力解决), 满意率 98.60% = 12375 / 12551. So every supervised item is
 * replied to, called back and closed (but the 116 last rated 不满意, reopened and left with the unit),
 * and every appeal answered on air is called back too (60 rated 不满意): 176 not resolved.
 * A third of the appeals are online messages (诉求来源 互联网), the rest by phone (电话).
 *
 * The annual report must print exactly those figures: live, after a restart on the same data
 * folder, and from the CLI reading the files. Things that must NOT be counted are mixed in on
 * purpose: invalid calls, a planned episode that never went on air, an episode in 2026, a draft
 * never published and a publication withdrawn after publishing.
 */

const YEAR = 2025;
const EPISODES = 247;
const PRINCIPAL = 52;
const RECEIVED = 12_551;
const ANSWERED = 4_270;
const SUPERVISED = 8_281;
const HOTSPOTS = 95;
const POLICY_QA = 724;
/** 解决: 12375 of 12551 (98.60%). Not resolved: the appeals last rated 不满意, supervised and on air. */
const RESOLVED = 12_375;
const UNSATISFIED_SUPERVISED = 116;
const UNSATISFIED_ON_AIR = 60;
const UNSATISFIED = UNSATISFIED_SUPERVISED + UNSATISFIED_ON_AIR;
/** Every appeal is called back and reached: supervised items and the ones answered on air. */
const RATED = RECEIVED;
/** 诉求来源: appeal j of an episode is an online message when j % 3 === 2 (⌊count / 3⌋ of 50 or 51). */
const INTERNET = 4_153;
const PHONE = RECEIVED - INTERNET;
/** The sentence of the Xuzhou report, word for word, from the data. */
const PARAGRAPH = '2025年，全市127家政府职能部门和公共服务单位走进政风热线直播室，直播节目247期，接听受理诉求12551件，着力解决群众“急难愁盼”诉求12375件，群众诉求办理满意率98.60%。';
/** Items first rated 不满意, reopened, replied again and then rated 满意: only the later rating counts. */
const REOPENED_THEN_SATISFIED = 5;
const UNITS = 127;
/** Calls marked invalid (not counted in received). */
const INVALID = 10;
/** Episodes worked at the same time, like several days of broadcasting replayed side by side. */
const PARALLEL_EPISODES = 8;

const CATEGORIES = ['物业管理', '城市管理', '交通出行', '住房保障', '社会保障', '教育', '医疗卫生', '环境保护'];
const PASSWORD = 'password-1234';

/** An even split of `total` over `parts`: part i gets ⌊(i+1)·total/parts⌋ − ⌊i·total/parts⌋, the parts add up exactly. */
function share(total: number, parts: number, i: number): number {
  return Math.floor(((i + 1) * total) / parts) - Math.floor((i * total) / parts);
}

/** Broadcast dates spread over the year: 2025-01-01 … 2025-12-30. */
function dateOf(i: number): string {
  const day = new Date(Date.UTC(YEAR, 0, 1) + Math.floor((i * 365) / EPISODES) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** Run `fn` over items with at most `limit` running at once. */
async function pool<T>(items: T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

let commands = 0;

/** Free places under the server's per-connection budget of commands in flight, and who waits for one. */
const slots = new WeakMap<ClientSocket, { free: number; waiting: Array<() => void> }>();

/** Wait for a place in the socket's budget (the server answers TOO_MANY_PENDING beyond it); returns its release. */
async function slot(socket: ClientSocket): Promise<() => void> {
  let held = slots.get(socket);
  if (!held) slots.set(socket, (held = { free: CONNECTION_BUDGET.maxCommandsInFlight, waiting: [] }));
  const own = held;
  if (own.free > 0) own.free--;
  else await new Promise<void>((resolve) => own.waiting.push(resolve));
  return () => {
    const next = own.waiting.shift();
    if (next) next();
    else own.free++;
  };
}

/** Send a command that must succeed (counted); a generous ack timeout, the server is busy. */
async function run<E extends keyof ClientToServerEvents>(socket: ClientSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<any> {
  commands++;
  const release = await slot(socket);
  try {
    const response: Ack<any> = await (socket.timeout(60_000) as any).emitWithAck(event, payload);
    if (!response.ok) throw new Error(`${String(event)} failed: ${response.error.code} ${response.error.message} ${JSON.stringify(payload).slice(0, 200)}`);
    return response.data;
  } finally {
    release();
  }
}

async function connectAdmin(server: TestServer): Promise<ClientSocket> {
  return connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
}

async function account(server: TestServer, admin: ClientSocket, role: 'operator' | 'leader' | 'followup', username: string): Promise<ClientSocket> {
  await run(admin, 'account:create', { commandId: commandId(), username, displayName: `年度${role}`, role, unitId: null, password: PASSWORD });
  return connectWithCookie(server.url, await login(server.url, username, PASSWORD));
}

/** The Xuzhou table as id → value, and the headers as printed. */
function cells(report: AnnualReport) {
  return Object.fromEntries(report.xuzhou.columns.map((c) => [c.id, c.value]));
}

/** The seed's figures, exactly, in both published layouts. */
function expectSeedFigures(report: AnnualReport, when: string) {
  expect(report.year, when).toBe(YEAR);
  expect(report.xuzhou.columns.map((c) => [c.group, c.label]), when).toEqual([
    [null, '期数'],
    ['上线人数(人)', '总数'],
    ['上线人数(人)', '其中:主要负责人数'],
    [null, '上线期间收到诉求总量(件)'],
    ['诉求来源(件)', '电话'],
    ['诉求来源(件)', '互联网'],
    [null, '现场回应诉求数(件)'],
    [null, '直播后督办重点诉求数(件)'],
    [null, '群众诉求办理满意率'],
    [null, '发布民生热点(条)'],
    [null, '发布直播相关政策问答(对)'],
  ]);
  expect(report.xuzhou.columns.map((c) => c.value), when).toEqual([247, 247, 52, 12551, PHONE, INTERNET, 4270, 8281, '98.6%', 95, 724]);
  expect(cells(report), when).toEqual({ episodes: 247, leaders: 247, principalLeaders: 52, received: 12551, phone: PHONE, internet: INTERNET, answeredOnAir: 4270, supervised: 8281, satisfaction: '98.6%', hotspots: 95, policyQa: 724 });
  // No 2024 data: no 同比 printed.
  expect(report.xuzhou.columns.every((c) => c.yoy === null), when).toBe(true);
  expect(report.xuzhou.notes.join('\n'), when).toContain(`本年有效评价 ${RATED} 件`);
  expect(report.suqian.columns.map((c) => c.value), when).toEqual([`市级部门（${UNITS}家）`, 247, 247, 12551, PHONE, INTERNET, 4270, 8281]);
  // The report's sentence: 127 units on air, 着力解决 12375, 98.60%; its definition beside it; and in the exported notes.
  expect(report.paragraph.figures, when).toEqual({ units: UNITS, episodes: EPISODES, received: RECEIVED, phone: PHONE, internet: INTERNET, resolved: RESOLVED, rate: expect.any(Number) });
  expect(report.paragraph.text, when).toBe(PARAGRAPH);
  expect(report.paragraph.sources, when).toBe(`其中电话诉求${PHONE}件、互联网诉求${INTERNET}件（网络留言占33.09%）。`);
  expect(report.xuzhou.notes.at(-1), when).toBe(`报告表述：${PARAGRAPH}${report.paragraph.sources}`);
}

function runCli(dataDir: string, format: 'json' | 'table' = 'json', extra: string[] = []): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      'npx',
      ['tsx', 'server/cli/report.ts', '--year', String(YEAR), '--format', format, '--data', dataDir, ...extra],
      { cwd: join(import.meta.dirname, '../../..'), timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`CLI failed: ${error.message}\n${stderr}`)) : resolve({ stdout, stderr })),
    );
  });
}

/** What the year sent, counted as the seed counts it, and how long it took. */
interface BuiltYear {
  totals: { principal: number; appeals: number; online: number; answered: number; rated: number; unsatisfied: number; reopened: number; closed: number; hotspots: number; qa: number };
  invalidLeft: number;
  setupMs: number;
  yearMs: number;
}

/**
 * Drive the whole year through the server's sockets: the catalogue, noise that must not be
 * counted, then 247 episodes with their calls, outcomes, callbacks and publications.
 */
async function buildYear(server: TestServer): Promise<BuiltYear> {
  const started = Date.now();
  const admin = await connectAdmin(server);
  const sockets = [admin];
  try {
    const operator = await account(server, admin, 'operator', 'year.operator');
    const leader = await account(server, admin, 'leader', 'year.leader');
    const followup = await account(server, admin, 'followup', 'year.followup');
    sockets.push(operator, leader, followup);

    // ── Catalogue: 127 units on air, each with its principal leader and a deputy. ──
    const units: Array<{ id: string; principalId: string; deputyId: string }> = [];
    await pool(
      Array.from({ length: UNITS }, (_, i) => i),
      16,
      async (i) => {
        const { unit } = await run(admin, 'unit:save', { commandId: commandId(), name: `上线单位${String(i + 1).padStart(3, '0')}`, kind: i % 3 === 0 ? 'public_service' : 'department', level: '市级' });
        const [{ person: principal }, { person: deputy }] = await Promise.all([
          run(admin, 'person:save', { commandId: commandId(), name: `正职${i + 1}`, title: '局长', unitId: unit.id, principal: true }),
          run(admin, 'person:save', { commandId: commandId(), name: `副职${i + 1}`, title: '副局长', unitId: unit.id, principal: false }),
        ]);
        units[i] = { id: unit.id, principalId: principal.id, deputyId: deputy.id };
      },
    );
    const setupDone = Date.now();

    // ── Noise that must not be counted: a planned 2025 episode never held, a held 2026 episode. ──
    await run(admin, 'episode:plan', { commandId: commandId(), year: YEAR, number: 999, date: '2025-12-31', slot: { start: '09:00', end: '10:00' }, theme: '计划未播出', host: '', unitIds: [units[0].id], leaderIds: [units[0].principalId] });
    {
      const { episode } = await run(admin, 'episode:plan', { commandId: commandId(), date: '2026-01-05', slot: { start: '09:00', end: '10:00' }, theme: '次年节目', host: '', unitIds: [units[1].id], leaderIds: [units[1].principalId] });
      await run(operator, 'episode:start', { commandId: commandId(), episodeId: episode.id });
      await run(operator, 'appeal:create', { commandId: commandId(), episodeId: episode.id, channel: 'hotline', caller: { anonymous: true, name: '', title: null, phone: '' }, area: '鼓楼区', category: '城市管理', targetUnitId: null, summary: '次年的诉求', operatorNotes: '' });
      await run(operator, 'episode:end', { commandId: commandId(), episodeId: episode.id });
    }

    // ── The year, episode by episode, several at a time. ──
    let invalidLeft = INVALID;
    const totals = { principal: 0, appeals: 0, online: 0, answered: 0, rated: 0, unsatisfied: 0, reopened: 0, closed: 0, hotspots: 0, qa: 0 };
    await pool(
      Array.from({ length: EPISODES }, (_, i) => i),
      PARALLEL_EPISODES,
      async (i) => {
        const unit = units[i % UNITS];
        const principal = share(PRINCIPAL, EPISODES, i) === 1;
        totals.principal += principal ? 1 : 0;
        const { episode } = await run(admin, 'episode:plan', {
          commandId: commandId(),
          year: YEAR,
          number: i + 1,
          date: dateOf(i),
          slot: { start: '09:00', end: '10:00' },
          theme: `第${i + 1}期政风热线`,
          host: '李主持',
          unitIds: [unit.id],
          leaderIds: [principal ? unit.principalId : unit.deputyId],
        });
        const episodeId: string = episode.id;
        await run(operator, 'episode:start', { commandId: commandId(), episodeId });

        // Calls and messages of the episode, recorded as they come in (order does not matter).
        const count = share(RECEIVED, EPISODES, i);
        totals.appeals += count;
        totals.online += Math.floor(count / 3);
        const created = await Promise.all(
          Array.from({ length: count }, (_, j) =>
            run(operator, 'appeal:create', {
              commandId: commandId(),
              episodeId,
              channel: j % 3 === 2 ? 'online' : 'hotline',
              caller: { anonymous: false, name: '王建华', title: '先生', phone: `139${String(i * 100 + j).padStart(8, '0')}` },
              area: '云龙区',
              category: CATEGORIES[(i + j) % CATEGORIES.length],
              targetUnitId: null,
              summary: `第${i + 1}期第${j + 1}条诉求`,
              operatorNotes: '',
            }).then((d) => d.appeal as { id: string; version: number }),
          ),
        );
        // A prank call now and then: kept, never counted.
        if (invalidLeft > 0 && i % 20 === 0) {
          invalidLeft--;
          const { appeal } = await run(operator, 'appeal:create', { commandId: commandId(), episodeId, channel: 'hotline', caller: { anonymous: true, name: '', title: null, phone: '' }, area: '', category: '', targetUnitId: null, summary: '恶作剧来电', operatorNotes: '' });
          await run(operator, 'appeal:markInvalid', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version, reason: '恶作剧' });
        }

        // On air: screen the ones that will be aired (at once), then one at a time on air and answered.
        const answeredCount = share(ANSWERED, EPISODES, i);
        totals.answered += answeredCount;
        const toAir = created.slice(0, answeredCount);
        const queued = await Promise.all(toAir.map((a) => run(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a.version })));
        const answeredOnAir: Array<{ id: string; version: number }> = [];
        for (const { appeal } of queued) {
          const onAir = await run(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
          answeredOnAir.push((await run(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: onAir.appeal.version, points: '现场答复，明确办理时限' })).appeal);
        }
        // The end hands every appeal still open to supervision.
        await run(operator, 'episode:end', { commandId: commandId(), episodeId });

        // After the show: the follow-up desk records the unit's reply on its behalf, calls the citizen
        // back and closes the item, unless the citizen is still not satisfied (reopened, left with the unit).
        const { items } = await run(followup, 'supervision:list', { episodeId });
        const unsatisfiedHere = share(UNSATISFIED_SUPERVISED, EPISODES, i);
        const reopenHere = share(REOPENED_THEN_SATISFIED, EPISODES, i);
        totals.rated += items.length;
        totals.unsatisfied += unsatisfiedHere;
        totals.reopened += reopenHere;
        const ref = (a: any) => ({ commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a.version });
        await Promise.all(
          items.map(async (item: any, k: number) => {
            let { appeal } = await run(followup, 'supervision:reply', { ...ref(item.appeal), text: '已办理完毕' });
            if (k === 1 && reopenHere === 1) {
              ({ appeal } = await run(followup, 'supervision:callBack', { ...ref(appeal), outcome: 'reached', rating: 'unsatisfied', note: '问题仍未解决' }));
              ({ appeal } = await run(followup, 'supervision:reply', { ...ref(appeal), text: '重新办理完毕' }));
            }
            const rating = k === 0 && unsatisfiedHere === 1 ? 'unsatisfied' : k % 2 === 0 ? 'satisfied' : 'basically_satisfied';
            ({ appeal } = await run(followup, 'supervision:callBack', { ...ref(appeal), outcome: 'reached', rating, note: '' }));
            if (rating === 'unsatisfied') return;
            await run(followup, 'supervision:close', { ...ref(appeal), note: '' });
            totals.closed++;
          }),
        );
        // The appeals answered on air are called back too (appeal:callBack): the first is 不满意 in 60 episodes.
        const unsatisfiedOnAirHere = share(UNSATISFIED_ON_AIR, EPISODES, i);
        totals.rated += answeredOnAir.length;
        totals.unsatisfied += unsatisfiedOnAirHere;
        await Promise.all(
          answeredOnAir.map((appeal, k) =>
            run(followup, 'appeal:callBack', { ...ref(appeal), outcome: 'reached', rating: k === 0 && unsatisfiedOnAirHere === 1 ? 'unsatisfied' : 'satisfied', note: '' }),
          ),
        );

        // Hotspots and policy Q&A drawn from the episode's appeals: drafted by follow-up staff, published by the admin.
        const answeredIds = toAir.map((a) => a.id);
        const supervisedIds = items.map((it: any) => it.appeal.id);
        const drafts = [
          ...Array.from({ length: share(HOTSPOTS, EPISODES, i) }, () => ({ kind: 'hotspot' as const, title: `${CATEGORIES[i % CATEGORIES.length]}问题集中反映`, body: '相关部门已明确整改措施和时限。', appealIds: supervisedIds.slice(0, 2) })),
          ...Array.from({ length: share(POLICY_QA, EPISODES, i) }, (_, q) => ({ kind: 'qa' as const, title: `${CATEGORIES[(i + q) % CATEGORIES.length]}怎么办理？（第${i + 1}期第${q + 1}问）`, body: '按照现行政策规定，由属地主管部门受理并办理。', appealIds: [answeredIds[q]] })),
        ];
        totals.hotspots += drafts.filter((d) => d.kind === 'hotspot').length;
        totals.qa += drafts.filter((d) => d.kind === 'qa').length;
        await Promise.all(
          drafts.map(async (d) => {
            const { publication } = await run(followup, 'publication:draft', { commandId: commandId(), episodeId, ...d });
            await run(admin, 'publication:publish', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: publication.version });
          }),
        );
        // Not counted: a draft never published, and an item published then withdrawn.
        if (i === 0 || i === 1) {
          const { publication } = await run(followup, 'publication:draft', { commandId: commandId(), episodeId, kind: i === 0 ? 'qa' : 'hotspot', title: '待审核的内容', body: '尚未发布', appealIds: [answeredIds[0]] });
          if (i === 1) {
            const published = await run(admin, 'publication:publish', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: publication.version });
            await run(admin, 'publication:withdraw', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: published.publication.version });
          }
        }
      },
    );

    return { totals, invalidLeft, setupMs: setupDone - started, yearMs: Date.now() - setupDone };
  } finally {
    for (const s of sockets) s.disconnect();
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe('THE YEAR TEST: Xuzhou 2025 through the real server', () => {
  /** The server that built the year (the restart test replaces it with a restarted one on the same folder). */
  let server: TestServer;
  let dataDir: string | undefined;
  let year: BuiltYear;

  // The year is built once; every test below reads what it needs from the running server or the files.
  beforeAll(async () => {
    server = await startServer();
    dataDir = server.dataDir;
    year = await buildYear(server);
    console.log(
      `THE YEAR TEST (Xuzhou ${YEAR}): ${commands} commands over real sockets in ${seconds(year.setupMs + year.yearMs)} ` +
        `(${Math.round((commands * 1000) / (year.setupMs + year.yearMs))} commands/s, ${PARALLEL_EPISODES} episodes at a time); setup ${seconds(year.setupMs)}, year ${seconds(year.yearMs)}`,
    );
  }, 360_000);

  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    if (dataDir) await removeDataDir(dataDir);
  });

  /** One command on a fresh socket of the running server, as the admin or the year's follow-up account. */
  async function ask<E extends keyof ClientToServerEvents>(as: 'admin' | 'followup', event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<any> {
    const cookie = as === 'admin' ? await login(server.url, 'admin', ADMIN_PASSWORD) : await login(server.url, 'year.followup', PASSWORD);
    const socket = await connectWithCookie(server.url, cookie);
    try {
      return await run(socket, event, payload);
    } finally {
      socket.disconnect();
    }
  }

  it('the year sent exactly the seed figures: 52 principal leaders, 12,551 appeals (4,153 online), 4,270 on air, every appeal rated with 176 unsatisfied, 8,165 items closed, 95 hotspots, 724 Q&A', () => {
    expect(year.totals).toEqual({
      principal: PRINCIPAL,
      appeals: RECEIVED,
      online: INTERNET,
      answered: ANSWERED,
      rated: RATED,
      unsatisfied: UNSATISFIED,
      reopened: REOPENED_THEN_SATISFIED,
      closed: SUPERVISED - UNSATISFIED_SUPERVISED,
      hotspots: HOTSPOTS,
      qa: POLICY_QA,
    });
    expect(year.invalidLeft).toBe(0);
  });

  it('the live annual report prints the seed table exactly', async () => {
    const started = Date.now();
    const live: AnnualReport = await ask('admin', 'reports:annual', { year: YEAR });
    expectSeedFigures(live, 'live');
    console.log(
      [
        `THE YEAR TEST, live report in ${seconds(Date.now() - started)}: ${live.xuzhou.title}`,
        ...live.xuzhou.columns.map((c) => `    ${c.group ? `${c.group} ` : ''}${c.label}: ${c.value}`),
        `  ${live.suqian.columns.map((c) => `${c.label} ${c.value}`).join(' · ')}`,
      ].join('\n'),
    );
  });

  it('the year summary rates 98.6% over 12,551 callbacks, resolves 12,375, splits 电话 / 互联网, counts 127 units on air, keeps the 10 invalid calls apart, and adds up per month, category, unit and episode', async () => {
    const summary = await ask('followup', 'reports:summary', { from: '2025-01-01', to: '2025-12-31', satisfaction: 'resolved' });
    expect(summary.total.satisfaction).toEqual({ satisfied: expect.any(Number), basicallySatisfied: expect.any(Number), unsatisfied: UNSATISFIED, rated: RATED, rate: RESOLVED / RECEIVED });
    expect(summary.total).toMatchObject({ units: UNITS, resolved: RESOLVED, phone: PHONE, internet: INTERNET });
    expect(summary.satisfaction).toMatchObject({ basis: 'resolved', rate: RESOLVED / RECEIVED, numerator: RESOLVED, denominator: RECEIVED });
    expect(summary.paragraph.text).toBe(PARAGRAPH);
    expect(summary.paragraph.definition).toContain('解决的诉求数 ÷ 受理的诉求数');
    // The per-episode rows add up to the period, sources included.
    const sum = (key: 'phone' | 'internet' | 'resolved') => summary.episodes.reduce((a: number, e: any) => a + e.rollup[key], 0);
    expect([sum('phone'), sum('internet'), sum('resolved')]).toEqual([PHONE, INTERNET, RESOLVED]);
    expect(summary.total.satisfaction.satisfied + summary.total.satisfaction.basicallySatisfied).toBe(RATED - UNSATISFIED);
    expect(summary.total.invalid).toBe(INVALID);
    expect(summary.total.received).toBe(summary.total.answeredOnAir + summary.total.supervised);
    expect(summary.months.map((m: any) => m.rollup.episodes).reduce((a: number, b: number) => a + b, 0)).toBe(EPISODES);
    expect(summary.categories.reduce((a: number, c: any) => a + c.count, 0)).toBe(RECEIVED);
    expect(summary.units).toHaveLength(UNITS);
    expect(summary.episodes).toHaveLength(EPISODES);
    console.log(`THE YEAR TEST, satisfaction ${JSON.stringify(summary.total.satisfaction)}; invalid kept apart: ${summary.total.invalid}`);
  });

  it('the CSV export carries the seed figures', async () => {
    const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const csv = await (await fetch(`${server.url}/api/reports/annual?year=${YEAR}&format=csv`, { headers: { cookie } })).text();
    const lines = csv.split('\r\n');
    expect(lines[1]).toContain('"上线期间收到诉求总量(件)","诉求来源(件)","诉求来源(件)"');
    expect(lines[2]).toContain('"电话","互联网"');
    expect(lines[3]).toBe(['247', '247', '52', '12551', String(PHONE), String(INTERNET), '4270', '8281', '98.6%', '95', '724'].map((v) => `"${v}"`).join(','));
    expect(csv).toContain(`"报告表述：${PARAGRAPH}`);
    // Resolved ÷ accepted chosen: the same 98.6% with that definition in the notes.
    const resolvedCsv = await (await fetch(`${server.url}/api/reports/annual?year=${YEAR}&format=csv&satisfaction=resolved`, { headers: { cookie } })).text();
    expect(resolvedCsv).toContain('满意率 = 解决的诉求数 ÷ 受理的诉求数');
    expect(resolvedCsv).toContain(`本年解决 ${RESOLVED} 件，受理 ${RECEIVED} 件。`);
  });

  it('after a restart on the same data folder the annual report is the same as before it', async () => {
    const before: AnnualReport = await ask('admin', 'reports:annual', { year: YEAR });
    const started = Date.now();
    server = await server.restart();
    const restarted: AnnualReport = await ask('admin', 'reports:annual', { year: YEAR });
    console.log(`THE YEAR TEST, restart + report in ${seconds(Date.now() - started)}`);
    expectSeedFigures(restarted, 'after restart');
    expect(restarted).toEqual(before);
  });

  it(
    `the CLI reads the same year from the files: npx tsx server/cli/report.ts --year ${YEAR} --format json --data <dir> prints the server's AnnualReport`,
    async () => {
      const started = Date.now();
      const { stdout } = await runCli(server.dataDir);
      const fromCli = JSON.parse(stdout) as AnnualReport;
      console.log(`THE YEAR TEST, CLI: ${seconds(Date.now() - started)}; ${fromCli.xuzhou.columns.map((c) => `${c.label} ${c.value}`).join(' · ')}`);
      expectSeedFigures(fromCli, 'CLI');
      expect(fromCli).toEqual(await ask('admin', 'reports:annual', { year: YEAR }));
      // The terminal table prints the paragraph with the definition of the rate the centre chose.
      const { stdout: table } = await runCli(server.dataDir, 'table', ['--satisfaction', 'resolved', '--quiet']);
      expect(table).toContain(PARAGRAPH);
      expect(table).toContain('满意率口径：满意率 = 解决的诉求数 ÷ 受理的诉求数');
      expect(table).toMatch(/\|\s+电话\s+\|\s+8398 \|/);
      console.log(`THE YEAR TEST, CLI paragraph: ${table.split('\n').filter((l) => l.includes('直播室') || l.includes('满意率口径')).join(' / ')}`);
    },
    180_000,
  );
});
