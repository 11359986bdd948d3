import { describe, expect, it } from 'vitest';
import type { EpisodeState } from '../../shared/domain/episodeState';
import type { Publication } from '../../shared/domain/publications';
import {
  breakdown,
  combineRollups,
  inPeriod,
  monthPeriod,
  monthlySeries,
  quarterPeriod,
  rollupEpisode,
  rollupPeriod,
  rollupUnit,
  yearPeriod,
  type EpisodeRollup,
} from '../../shared/domain/rollups';
import { recordCallback, recordReply } from '../../shared/domain/supervisionRules';
import type { Appeal, Rating } from '../../shared/domain/types';
import { buildAppeal, buildEpisode, buildState, ctx } from './builders';
import { buildCallback, buildSupervision, step, supervisionIn } from './supervisionBuilders';

/*
 * The report rollups on small cases computed by hand: what one episode contributes, how episodes
 * add up, and how periods cut them.
 */

const answered = (overrides: Partial<Appeal> = {}) => buildAppeal({ status: 'answered_on_air', settledAt: '2025-06-18T02:10:00.000Z', answer: { points: '本周处理', commitment: '' }, ...overrides });
const supervised = (overrides: Partial<Appeal> = {}) =>
  buildAppeal({ status: 'supervised', settledAt: '2025-06-18T03:00:00.000Z', handOver: { reason: '会后办理', automatic: true }, supervision: buildSupervision(), ...overrides });
const invalid = (overrides: Partial<Appeal> = {}) => buildAppeal({ status: 'invalid', invalidReason: '恶作剧', settledAt: '2025-06-18T02:03:00.000Z', ...overrides });

function publication(overrides: Partial<Publication>): Publication {
  return {
    id: 'pub-1',
    episodeId: 'ep-2025-37',
    kind: 'hotspot',
    title: '老旧小区电梯维修难',
    body: '多位市民反映电梯长期故障。',
    appealIds: [],
    status: 'published',
    draftedBy: '回访员小周',
    draftedAt: '2025-06-18T05:00:00.000Z',
    publishedAt: '2025-06-18T06:00:00.000Z',
    withdrawnAt: null,
    version: 2,
    ...overrides,
  };
}

/** An ended episode with the given appeals and publications. */
function endedState(appeals: Appeal[], publications: Publication[] = [], episode: Parameters<typeof buildEpisode>[0] = {}): EpisodeState {
  const state = buildState({ appeals, episode: { status: 'ended', endedAt: '2025-06-18T03:00:00.000Z', ...episode } });
  state.publications = Object.fromEntries(publications.map((p) => [p.id, p]));
  return state;
}

/** An episode rollup written out by hand (held, one unit, nothing in it) with what a case needs. */
function rollup(overrides: Partial<EpisodeRollup> = {}): EpisodeRollup {
  return {
    episodeId: 'ep',
    date: '2025-06-18',
    year: 2025,
    held: true,
    unitIds: ['unit-cg'],
    leaders: 1,
    principalLeaders: 0,
    received: 0,
    phone: 0,
    internet: 0,
    answeredOnAir: 0,
    supervised: 0,
    invalid: 0,
    closed: 0,
    closedOnTime: 0,
    resolved: 0,
    ratings: [],
    hotspots: 0,
    policyQa: 0,
    categories: {},
    appealsByUnit: {},
    ...overrides,
  };
}

const EMPTY_TOTAL = {
  episodes: 0,
  leaders: 0,
  principalLeaders: 0,
  units: 0,
  unitIds: [],
  received: 0,
  phone: 0,
  internet: 0,
  answeredOnAir: 0,
  supervised: 0,
  invalid: 0,
  closed: 0,
  closedOnTime: 0,
  resolved: 0,
  satisfaction: { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, rated: 0, rate: null },
  hotspots: 0,
  policyQa: 0,
};

describe('rollupEpisode: what one episode contributes', () => {
  it('a planned episode is not held and contributes nothing but its plan', () => {
    const r = rollupEpisode(buildState({ episode: { status: 'planned', startedAt: null } }));
    expect(r).toEqual({
      episodeId: 'ep-2025-37',
      date: '2025-06-18',
      year: 2025,
      held: false,
      unitIds: ['unit-cg'],
      leaders: 1,
      principalLeaders: 1,
      received: 0,
      phone: 0,
      internet: 0,
      answeredOnAir: 0,
      supervised: 0,
      invalid: 0,
      closed: 0,
      closedOnTime: 0,
      resolved: 0,
      ratings: [],
      hotspots: 0,
      policyQa: 0,
      categories: {},
      appealsByUnit: {},
    });
  });

  it('live and ended episodes are held', () => {
    expect(rollupEpisode(buildState({ episode: { status: 'live' } })).held).toBe(true);
    expect(rollupEpisode(endedState([])).held).toBe(true);
  });

  it('counts leaders on air and, among them, the principal leaders (主要负责人)', () => {
    const r = rollupEpisode(
      endedState([], [], {
        unitIds: ['unit-cg', 'unit-zj'],
        leaders: [
          { personId: 'p-zhang', name: '张建国', title: '局长', unitId: 'unit-cg', principal: true },
          { personId: 'p-li', name: '李红', title: '副局长', unitId: 'unit-zj', principal: false },
          { personId: 'p-wang', name: '王强', title: '局长', unitId: 'unit-zj', principal: true },
        ],
      }),
    );
    expect([r.leaders, r.principalLeaders]).toEqual([3, 2]);
    expect(r.unitIds).toEqual(['unit-cg', 'unit-zj']);
  });

  it('invalid appeals are kept apart: counted as invalid, never in received, categories or units', () => {
    const r = rollupEpisode(endedState([answered({ category: '市容环境' }), answered({ category: '市容环境' }), supervised({ category: '物业管理' }), invalid({ category: '恶作剧' }), invalid({ category: '市容环境' })]));
    expect({ received: r.received, answeredOnAir: r.answeredOnAir, supervised: r.supervised, invalid: r.invalid }).toEqual({ received: 3, answeredOnAir: 2, supervised: 1, invalid: 2 });
    expect(r.categories).toEqual({ 市容环境: 2, 物业管理: 1 });
    expect(r.appealsByUnit).toEqual({ 'unit-cg': 3 });
  });

  it('during the broadcast, appeals still waiting are received but neither answered nor supervised', () => {
    const state = buildState({ appeals: [buildAppeal({ status: 'received' }), buildAppeal({ status: 'queued' }), buildAppeal({ status: 'on_air', onAirAt: '2025-06-18T02:04:00.000Z' }), answered()] });
    const r = rollupEpisode(state);
    expect([r.received, r.answeredOnAir, r.supervised]).toEqual([4, 1, 0]);
  });

  it('an appeal counts for its supervising unit, else its target unit, else the episode’s first unit; a blank category is 未分类', () => {
    const state = endedState(
      [
        supervised({ targetUnitId: 'unit-cg', supervision: buildSupervision({ unitId: 'unit-jt' }) }),
        answered({ targetUnitId: 'unit-zj', category: '  住房保障 ' }),
        answered({ targetUnitId: null, category: '   ' }),
      ],
      [],
      { unitIds: ['unit-cg', 'unit-zj'] },
    );
    const r = rollupEpisode(state);
    expect(r.appealsByUnit).toEqual({ 'unit-jt': 1, 'unit-zj': 1, 'unit-cg': 1 });
    expect(r.categories).toEqual({ 市容环境: 1, 住房保障: 1, 未分类: 1 });
  });

  it('closed and closed on time: the deadline is a China date, so a close at 00:30 China time the next day is late', () => {
    const deadline = '2025-09-28';
    const closedAt = (at: string) => supervised({ supervision: supervisionIn('closed', { deadline, closedAt: at }) });
    const r = rollupEpisode(
      endedState([
        closedAt('2025-09-27T02:00:00.000Z'), // 27th, 10:00 China: early
        closedAt('2025-09-28T15:59:59.000Z'), // 28th, 23:59:59 China: the last second of the deadline day
        closedAt('2025-09-28T16:30:00.000Z'), // 29th, 00:30 China (still the 28th in UTC): late
        closedAt('2025-10-09T02:00:00.000Z'), // long after: late
        supervised({ supervision: supervisionIn('replied', { deadline }) }), // not closed
        supervised({ supervision: supervisionIn('with_unit', { deadline }) }),
      ]),
    );
    expect([r.closed, r.closedOnTime]).toEqual([4, 2]);
  });

  it('a moved deadline counts: closed after the first deadline but within the extended one is on time', () => {
    const r = rollupEpisode(endedState([supervised({ supervision: supervisionIn('closed', { deadline: '2025-10-10', closedAt: '2025-10-09T02:00:00.000Z' }) })]));
    expect([r.closed, r.closedOnTime]).toEqual([1, 1]);
  });

  it('keeps the final rating of each supervised item: the latest callback that reached the citizen', () => {
    const reached = (rating: Rating, at: string) => buildCallback({ outcome: 'reached', rating, at });
    const r = rollupEpisode(
      endedState([
        supervised({ supervision: supervisionIn('replied', { callbacks: [reached('satisfied', '2025-09-29T03:00:00.000Z')] }) }),
        supervised({ supervision: supervisionIn('replied', { callbacks: [reached('unsatisfied', '2025-09-29T03:00:00.000Z'), reached('basically_satisfied', '2025-10-10T03:00:00.000Z')] }) }),
        supervised({ supervision: supervisionIn('replied', { callbacks: [buildCallback({ outcome: 'unreachable', rating: null })] }) }),
        supervised({ supervision: supervisionIn('with_unit') }),
        answered(),
      ]),
    );
    expect(r.ratings.sort()).toEqual(['basically_satisfied', 'satisfied']);
  });

  it('through the real rules: an item reopened on 不满意 and then rated 满意 counts once, as 满意', () => {
    const state = endedState([supervised({ id: 'item', version: 2, supervision: buildSupervision() })]);
    const c = ctx('2025-09-26T06:00:00.000Z');
    step(state, 'item', (s, ref) => recordReply(s, { ...ref, text: '已处理', onBehalf: false }, '联络员', c));
    step(state, 'item', (s, ref) => recordCallback(s, { ...ref, outcome: 'reached', rating: 'unsatisfied', note: '没修好' }, '回访员', c));
    expect(rollupEpisode(state).ratings).toEqual(['unsatisfied']);
    expect(state.appeals.item.supervision!.status).toBe('with_unit');
    step(state, 'item', (s, ref) => recordReply(s, { ...ref, text: '重新维修完毕', onBehalf: false }, '联络员', c));
    step(state, 'item', (s, ref) => recordCallback(s, { ...ref, outcome: 'reached', rating: 'satisfied', note: '' }, '回访员', c));
    const r = rollupEpisode(state);
    expect(r.ratings).toEqual(['satisfied']);
    expect(combineRollups([r]).satisfaction).toEqual({ satisfied: 1, basicallySatisfied: 0, unsatisfied: 0, rated: 1, rate: 1 });
  });

  it('counts hotspots and Q&A pairs only once published: drafts and withdrawn items are not counted', () => {
    const r = rollupEpisode(
      endedState(
        [answered()],
        [
          publication({ id: 'h1', kind: 'hotspot' }),
          publication({ id: 'h2', kind: 'hotspot', status: 'draft', publishedAt: null, version: 1 }),
          publication({ id: 'h3', kind: 'hotspot', status: 'withdrawn', withdrawnAt: '2025-06-19T01:00:00.000Z', version: 3 }),
          publication({ id: 'q1', kind: 'qa' }),
          publication({ id: 'q2', kind: 'qa' }),
          publication({ id: 'q3', kind: 'qa', status: 'draft', publishedAt: null, version: 1 }),
          publication({ id: 'q4', kind: 'qa', status: 'withdrawn', withdrawnAt: '2025-06-19T01:00:00.000Z', version: 3 }),
        ],
      ),
    );
    expect([r.hotspots, r.policyQa]).toEqual([1, 2]);
  });

  it('an episode file written before publications existed (no publications key) counts zero', () => {
    const state = endedState([answered()]);
    delete state.publications;
    expect([rollupEpisode(state).hotspots, rollupEpisode(state).policyQa]).toEqual([0, 0]);
  });
});

describe('combineRollups: the totals of a set of episodes', () => {
  it('no episodes: every count zero, no units, and no satisfaction rate (null, not 0)', () => {
    expect(combineRollups([])).toEqual(EMPTY_TOTAL);
  });

  it('planned episodes are not counted at all, not even their leaders or units', () => {
    const total = combineRollups([rollup({ held: false, leaders: 2, principalLeaders: 1, unitIds: ['unit-x'], received: 5 }), rollup({ leaders: 1 })]);
    expect(total.episodes).toBe(1);
    expect(total.leaders).toBe(1);
    expect(total.principalLeaders).toBe(0);
    expect(total.unitIds).toEqual(['unit-cg']);
    expect(total.received).toBe(0);
  });

  it('adds counts up; a unit that went on air three times is one unit; unit ids come out sorted', () => {
    const total = combineRollups([
      rollup({ unitIds: ['unit-zj'], leaders: 1, principalLeaders: 1, received: 50, phone: 40, internet: 10, answeredOnAir: 17, supervised: 33, invalid: 2, closed: 10, closedOnTime: 9, resolved: 26, hotspots: 1, policyQa: 3, ratings: ['satisfied', 'unsatisfied'] }),
      rollup({ unitIds: ['unit-cg', 'unit-zj'], leaders: 2, principalLeaders: 0, received: 51, phone: 51, answeredOnAir: 18, supervised: 33, closed: 5, closedOnTime: 5, resolved: 23, policyQa: 2, ratings: ['basically_satisfied'] }),
      rollup({ unitIds: ['unit-zj'], leaders: 1, principalLeaders: 1, received: 1, internet: 1, answeredOnAir: 1, resolved: 1, hotspots: 2 }),
    ]);
    expect(total).toEqual({
      episodes: 3,
      leaders: 4,
      principalLeaders: 2,
      units: 2,
      unitIds: ['unit-cg', 'unit-zj'],
      received: 102,
      phone: 91,
      internet: 11,
      answeredOnAir: 36,
      supervised: 66,
      invalid: 2,
      closed: 15,
      closedOnTime: 14,
      resolved: 50,
      satisfaction: { satisfied: 1, basicallySatisfied: 1, unsatisfied: 1, rated: 3, rate: 2 / 3 },
      hotspots: 3,
      policyQa: 5,
    });
  });

  it('takes any iterable (a generator) and does not change the rollups it is given', () => {
    const rollups = [rollup({ ratings: ['satisfied'] }), rollup({ ratings: ['unsatisfied'] })];
    const before = structuredClone(rollups);
    function* each() {
      yield* rollups;
    }
    expect(combineRollups(each()).satisfaction.rate).toBe(0.5);
    expect(rollups).toEqual(before);
  });
});

describe('periods: month, quarter, year (inclusive, by broadcast date)', () => {
  it('months end on their last day, February by the leap-year rule', () => {
    expect(monthPeriod(2025, 1)).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(monthPeriod(2025, 2)).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(monthPeriod(2024, 2)).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthPeriod(2000, 2)).toEqual({ from: '2000-02-01', to: '2000-02-29' });
    expect(monthPeriod(2100, 2)).toEqual({ from: '2100-02-01', to: '2100-02-28' });
    expect(monthPeriod(2025, 4)).toEqual({ from: '2025-04-01', to: '2025-04-30' });
    expect(monthPeriod(2025, 12)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('quarters and years', () => {
    expect(quarterPeriod(2024, 1)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterPeriod(2025, 2)).toEqual({ from: '2025-04-01', to: '2025-06-30' });
    expect(quarterPeriod(2025, 3)).toEqual({ from: '2025-07-01', to: '2025-09-30' });
    expect(quarterPeriod(2025, 4)).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(yearPeriod(2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('both ends are inclusive', () => {
    const feb = monthPeriod(2024, 2);
    expect(inPeriod({ date: '2024-01-31' }, feb)).toBe(false);
    expect(inPeriod({ date: '2024-02-01' }, feb)).toBe(true);
    expect(inPeriod({ date: '2024-02-29' }, feb)).toBe(true);
    expect(inPeriod({ date: '2024-03-01' }, feb)).toBe(false);
  });

  const year = [
    rollup({ episodeId: 'dec-2023', date: '2023-12-31', year: 2023, received: 1000 }),
    rollup({ episodeId: 'jan', date: '2024-01-15', received: 10, answeredOnAir: 4, supervised: 6 }),
    rollup({ episodeId: 'feb-1', date: '2024-02-01', received: 20, answeredOnAir: 8, supervised: 12 }),
    rollup({ episodeId: 'leap-day', date: '2024-02-29', received: 30, answeredOnAir: 10, supervised: 20, ratings: ['satisfied', 'unsatisfied'] }),
    rollup({ episodeId: 'mar-1', date: '2024-03-01', received: 40, answeredOnAir: 15, supervised: 25 }),
    rollup({ episodeId: 'planned-feb', date: '2024-02-10', held: false, received: 500 }),
    rollup({ episodeId: 'dec', date: '2024-12-31', received: 5, answeredOnAir: 5, unitIds: ['unit-zj'] }),
    rollup({ episodeId: 'jan-2025', date: '2025-01-01', received: 2000 }),
  ];

  it('rollupPeriod: a leap-year February takes 1 and 29 February, not 31 January or 1 March', () => {
    const feb = rollupPeriod(year, monthPeriod(2024, 2));
    expect([feb.episodes, feb.received, feb.answeredOnAir, feb.supervised]).toEqual([2, 50, 18, 32]);
    expect(feb.satisfaction.rate).toBe(0.5);
  });

  it('rollupPeriod: quarter and year edges', () => {
    const q1 = rollupPeriod(year, quarterPeriod(2024, 1));
    expect([q1.episodes, q1.received]).toEqual([4, 100]);
    const q4 = rollupPeriod(year, quarterPeriod(2024, 4));
    expect([q4.episodes, q4.received]).toEqual([1, 5]);
    const y = rollupPeriod(year, yearPeriod(2024));
    expect([y.episodes, y.received, y.answeredOnAir, y.supervised, y.units]).toEqual([5, 105, 42, 63, 2]);
  });

  it('rollupPeriod: an empty period is all zero with no rate', () => {
    expect(rollupPeriod(year, monthPeriod(2024, 7))).toEqual(EMPTY_TOTAL);
  });

  it('monthlySeries: twelve months in order, each with its own totals, planned episodes left out', () => {
    const series = monthlySeries(year, 2024);
    expect(series.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(series.map((m) => m.rollup.received)).toEqual([10, 50, 40, 0, 0, 0, 0, 0, 0, 0, 0, 5]);
    expect(series.map((m) => m.rollup.episodes)).toEqual([1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(series[6].rollup.satisfaction.rate).toBeNull();
    // The months add up to the year.
    expect(series.reduce((sum, m) => sum + m.rollup.received, 0)).toBe(rollupPeriod(year, yearPeriod(2024)).received);
  });

  it('rollupUnit: the episodes a unit went on air in, optionally within a period', () => {
    const rollups = [
      rollup({ date: '2025-03-01', unitIds: ['unit-cg'], received: 10 }),
      rollup({ date: '2025-05-01', unitIds: ['unit-cg', 'unit-zj'], received: 20 }),
      rollup({ date: '2025-07-01', unitIds: ['unit-zj'], received: 40 }),
      rollup({ date: '2025-08-01', unitIds: ['unit-zj'], received: 80, held: false }),
    ];
    expect(rollupUnit(rollups, 'unit-zj').received).toBe(60);
    expect(rollupUnit(rollups, 'unit-zj').episodes).toBe(2);
    expect(rollupUnit(rollups, 'unit-zj', quarterPeriod(2025, 2)).received).toBe(20);
    expect(rollupUnit(rollups, 'unit-cg').unitIds).toEqual(['unit-cg', 'unit-zj']);
    expect(rollupUnit(rollups, 'unit-none')).toEqual(EMPTY_TOTAL);
  });
});

describe('breakdown: counts by category or unit, largest first', () => {
  const rollups = [
    rollup({ date: '2025-03-01', categories: { 物业管理: 3, 交通出行: 1 }, appealsByUnit: { 'unit-cg': 4 } }),
    rollup({ date: '2025-03-15', categories: { 交通出行: 2, 教育: 3, 医疗卫生: 1 }, appealsByUnit: { 'unit-zj': 5, 'unit-cg': 1 } }),
    rollup({ date: '2025-03-20', held: false, categories: { 医疗卫生: 100 }, appealsByUnit: { 'unit-jt': 100 } }),
    rollup({ date: '2025-04-01', categories: { 医疗卫生: 50 }, appealsByUnit: { 'unit-jt': 50 } }),
  ];

  it('sums over the period’s held episodes, largest count first, ties by name', () => {
    const march = monthPeriod(2025, 3);
    const categories = breakdown(rollups, march, 'categories');
    expect(categories.map((b) => b.count)).toEqual([3, 3, 3, 1]);
    expect(categories.at(-1)).toEqual({ key: '医疗卫生', count: 1 });
    // The three tied at 3 are ordered by name (the same order on every run, whatever the input order).
    const tied = categories.slice(0, 3).map((b) => b.key);
    expect(new Set(tied)).toEqual(new Set(['交通出行', '教育', '物业管理']));
    expect(tied).toEqual([...tied].sort((a, b) => a.localeCompare(b)));
    expect(breakdown([...rollups].reverse(), march, 'categories')).toEqual(categories);
    expect(breakdown(rollups, march, 'appealsByUnit')).toEqual([
      { key: 'unit-cg', count: 5 },
      { key: 'unit-zj', count: 5 },
    ]);
  });

  it('an empty period gives an empty list', () => {
    expect(breakdown(rollups, monthPeriod(2025, 7), 'categories')).toEqual([]);
  });
});

describe('the rollups keep received = answered on air + supervised once an episode has ended', () => {
  it('for an ended episode with every kind of appeal', () => {
    const r = rollupEpisode(endedState([answered(), answered(), supervised(), supervised({ supervision: supervisionIn('closed') }), invalid()]));
    expect(r.received).toBe(r.answeredOnAir + r.supervised);
    expect(r.invalid).toBe(1);
  });
});
