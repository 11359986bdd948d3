import { describe, expect, it } from 'vitest';
import { answeredAt, awaitsOnAirCallback, isAnsweredOnAir, ON_AIR_CALLBACK_LIST_CAP, selectOnAirCallbacks, type OnAirCandidate } from '../../shared/domain/onAirCallbacks';
import { recordOnAirCallback } from '../../shared/domain/supervisionRules';
import type { Appeal, Callback } from '../../shared/domain/types';
import { buildAppeal, buildState, commit } from './builders';
import { buildCallback, supervisionIn } from './supervisionBuilders';

/*
 * 现场回应回访 (onAirCallbacks.ts): which appeals answered on air the desk lists, which of them still
 * await a callback, and in which order.
 */

let counter = 0;
const onAir = (overrides: Partial<Appeal> = {}, callbacks?: Callback[]) =>
  buildAppeal({
    id: `a${++counter}`,
    no: counter,
    status: 'answered_on_air',
    settledAt: '2025-06-18T02:10:00.000Z',
    answer: { points: '本周处理', commitment: '' },
    onAirCallbacks: callbacks,
    ...overrides,
  });
const reached = buildCallback({ rating: 'satisfied' });
const unreachable = buildCallback({ outcome: 'unreachable', rating: null });
const candidate = (appeal: Appeal, episode = { id: 'ep1', date: '2025-06-18' }): OnAirCandidate => ({ episode, appeal });

describe('which appeals are answered on air and which still await a callback', () => {
  it('only answered_on_air appeals without a supervised item are listed', () => {
    expect(isAnsweredOnAir(onAir())).toBe(true);
    for (const status of ['received', 'queued', 'on_air', 'supervised', 'invalid'] as const) expect(isAnsweredOnAir(onAir({ status })), status).toBe(false);
    expect(isAnsweredOnAir(onAir({ supervision: supervisionIn('with_unit') }))).toBe(false);
  });

  it('an appeal awaits a callback until one reaches the citizen; unanswered calls leave it waiting', () => {
    expect(awaitsOnAirCallback(onAir())).toBe(true);
    expect(awaitsOnAirCallback(onAir({}, []))).toBe(true);
    expect(awaitsOnAirCallback(onAir({}, [unreachable, unreachable]))).toBe(true);
    expect(awaitsOnAirCallback(onAir({}, [unreachable, reached]))).toBe(false);
    expect(awaitsOnAirCallback(onAir({}, [buildCallback({ rating: 'unsatisfied' })]))).toBe(false);
    expect(awaitsOnAirCallback(onAir({ status: 'supervised' }))).toBe(false);
  });

  it('agrees with the rule that records the callback: what awaits is what recordOnAirCallback still accepts', () => {
    for (const callbacks of [undefined, [unreachable], [reached], [unreachable, reached]]) {
      const appeal = onAir({ version: 3 }, callbacks);
      const state = buildState({ appeals: [appeal] });
      let accepted = true;
      try {
        commit(state, recordOnAirCallback(state, { appealId: appeal.id, expectedVersion: 3, outcome: 'reached', rating: 'satisfied', note: '' }, '督办小刘', { now: '2025-06-19T01:00:00.000Z' }));
      } catch {
        accepted = false;
      }
      expect(awaitsOnAirCallback(appeal), JSON.stringify(callbacks)).toBe(accepted);
    }
  });

  it('the answer time is when it settled, else when it went on air, else when it came in', () => {
    expect(answeredAt(onAir({ settledAt: '2025-06-18T02:30:00.000Z', onAirAt: '2025-06-18T02:20:00.000Z' }))).toBe('2025-06-18T02:30:00.000Z');
    expect(answeredAt(onAir({ settledAt: null, onAirAt: '2025-06-18T02:20:00.000Z' }))).toBe('2025-06-18T02:20:00.000Z');
    expect(answeredAt(onAir({ settledAt: null, onAirAt: null, receivedAt: '2025-06-18T02:00:00.000Z' }))).toBe('2025-06-18T02:00:00.000Z');
  });
});

describe('selectOnAirCallbacks: the desk list', () => {
  const early = onAir({ settledAt: '2025-06-18T02:10:00.000Z', summary: '早' });
  const late = onAir({ settledAt: '2025-06-18T02:40:00.000Z', summary: '晚' });
  const rated = onAir({ settledAt: '2025-06-18T02:50:00.000Z', summary: '已回访' }, [reached]);
  const tried = onAir({ settledAt: '2025-06-18T02:20:00.000Z', summary: '未接通' }, [unreachable]);
  const supervised = onAir({ status: 'supervised', supervision: supervisionIn('replied'), summary: '督办' });
  const received = onAir({ status: 'received', settledAt: null, summary: '待筛选' });
  const otherEpisode = { id: 'ep2', date: '2025-07-02' };
  const july = onAir({ settledAt: '2025-07-02T02:10:00.000Z', summary: '七月' });
  const all = [candidate(early), candidate(late), candidate(rated), candidate(tried), candidate(supervised), candidate(received), candidate(july, otherEpisode)];
  const summaries = (rows: OnAirCandidate[]) => rows.map((r) => r.appeal.summary);

  it('by default lists only those awaiting a callback, newest answer first, with the counts of the scope', () => {
    const selection = selectOnAirCallbacks(all, { status: 'awaiting' });
    expect(summaries(selection.rows)).toEqual(['七月', '晚', '未接通', '早']);
    expect(selection).toMatchObject({ total: 4, awaiting: 4, answered: 5 });
  });

  it('all: every appeal answered on air, the rated ones too; never a supervised or unsettled appeal', () => {
    const selection = selectOnAirCallbacks(all, { status: 'all' });
    expect(summaries(selection.rows)).toEqual(['七月', '已回访', '晚', '未接通', '早']);
    expect(selection).toMatchObject({ total: 5, awaiting: 4, answered: 5 });
  });

  it('narrows by episode and by broadcast dates (both ends included); the counts follow the scope', () => {
    expect(summaries(selectOnAirCallbacks(all, { status: 'all', episodeId: 'ep2' }).rows)).toEqual(['七月']);
    expect(selectOnAirCallbacks(all, { status: 'awaiting', episodeId: 'ep1' })).toMatchObject({ total: 3, awaiting: 3, answered: 4 });
    expect(summaries(selectOnAirCallbacks(all, { status: 'awaiting', from: '2025-06-18', to: '2025-06-18' }).rows)).toEqual(['晚', '未接通', '早']);
    expect(summaries(selectOnAirCallbacks(all, { status: 'awaiting', from: '2025-06-19' }).rows)).toEqual(['七月']);
    expect(summaries(selectOnAirCallbacks(all, { status: 'awaiting', to: '2025-07-01' }).rows)).toEqual(['晚', '未接通', '早']);
    expect(selectOnAirCallbacks(all, { status: 'all', episodeId: 'nowhere' })).toEqual({ rows: [], total: 0, awaiting: 0, answered: 0 });
  });

  it('answers at the same moment keep a stable order: the later broadcast date, then the higher number first', () => {
    const at = '2025-06-18T02:10:00.000Z';
    const a = onAir({ settledAt: at, no: 5 });
    const b = onAir({ settledAt: at, no: 9 });
    const c = onAir({ settledAt: at, no: 1 });
    const rows = selectOnAirCallbacks([candidate(a), candidate(b), candidate(c, { id: 'ep3', date: '2025-06-19' })], { status: 'all' }).rows;
    expect(rows.map((r) => r.appeal.id)).toEqual([c.id, b.id, a.id]);
  });

  it('cuts the list at the cap and says how many matched', () => {
    const many = Array.from({ length: ON_AIR_CALLBACK_LIST_CAP + 7 }, (_, i) => candidate(onAir({ settledAt: new Date(Date.UTC(2025, 5, 18, 2, 0, i)).toISOString() })));
    const selection = selectOnAirCallbacks(many, { status: 'awaiting' });
    expect(selection.rows).toHaveLength(ON_AIR_CALLBACK_LIST_CAP);
    expect(selection.total).toBe(ON_AIR_CALLBACK_LIST_CAP + 7);
    // The newest are kept.
    expect(selection.rows[0].appeal.settledAt).toBe(many.at(-1)!.appeal.settledAt);
    expect(selectOnAirCallbacks(many, { status: 'awaiting' }, 3).rows).toHaveLength(3);
  });
});
