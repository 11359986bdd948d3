import { workCalendar } from '../../shared/domain/workCalendar';
/**
 * Randomized command sequences against the pure rules, with a seeded PRNG so a failure replays
 * exactly (the seed is in the test name). After every command, accepted or refused, the invariants
 * of DESIGN.md §3 must hold.
 */
import { describe, expect, it } from 'vitest';
import {
  APPEAL_TRANSITIONS,
  AUTOMATIC_HANDOVER_REASON,
  answerOnAir,
  handOverToSupervision,
  markInvalid,
  putOnAir,
  receiveAppeal,
  reorderQueue,
  screenAppeal,
  updateAppeal,
  type RuleContext,
} from '../../shared/domain/appealRules';
import { DomainError, type ErrorCode } from '../../shared/domain/errors';
import { endEpisode, markMessageRead, sendMessage, startEpisode, updateEpisode } from '../../shared/domain/episodeRules';
import { applyEvent, countAppeals, type Change, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { Appeal } from '../../shared/domain/types';
import { EPISODE_ID, OPERATOR, appealInput, buildCatalogue, buildState, commit, ref, seededRandom, snapshot } from './builders';

type Op = { name: string; run: (state: EpisodeState) => Change[] };

function pick<T>(random: () => number, items: T[]): T | undefined {
  return items.length ? items[Math.floor(random() * items.length)] : undefined;
}

function shuffle<T>(random: () => number, items: T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function makeOps(random: () => number, c: RuleContext): Op[] {
  const anyAppeal = (s: EpisodeState): Appeal => pick(random, Object.values(s.appeals)) ?? ({ id: 'none', version: 1 } as Appeal);
  // Mostly the version the operator saw, sometimes a stale one, as a second operator would send.
  const seen = (a: Appeal) => ({ ...ref(a), expectedVersion: random() < 0.1 ? Math.max(0, a.version - 1) : a.version });
  const queuedOrAny = (s: EpisodeState): Appeal => {
    const id = random() < 0.7 ? pick(random, s.episode.queue) : undefined;
    return id ? s.appeals[id] : anyAppeal(s);
  };
  return [
    { name: 'receive', run: (s) => receiveAppeal(s, appealInput({ caller: { anonymous: random() < 0.2, name: '王五', title: '先生', phone: '13812341234' } }), c) },
    { name: 'receive', run: (s) => receiveAppeal(s, appealInput({ channel: 'online' }), c) },
    { name: 'update', run: (s) => updateAppeal(s, { ...seen(anyAppeal(s)), patch: { summary: `更正${Math.floor(random() * 100)}` } }, c) },
    { name: 'screen', run: (s) => screenAppeal(s, seen(anyAppeal(s))) },
    { name: 'screen', run: (s) => screenAppeal(s, seen(anyAppeal(s))) },
    {
      name: 'reorder',
      run: (s) => {
        const order = shuffle(random, s.episode.queue);
        if (random() < 0.2) order.pop();
        return reorderQueue(s, { episodeId: EPISODE_ID, order });
      },
    },
    { name: 'putOnAir', run: (s) => putOnAir(s, seen(queuedOrAny(s)), c) },
    { name: 'putOnAir', run: (s) => putOnAir(s, seen(queuedOrAny(s)), c) },
    {
      name: 'answerOnAir',
      run: (s) => {
        const target = s.episode.onAirAppealId && random() < 0.8 ? s.appeals[s.episode.onAirAppealId] : anyAppeal(s);
        return answerOnAir(s, { ...seen(target), points: '现场答复', commitment: '' }, c);
      },
    },
    { name: 'handOver', run: (s) => handOverToSupervision(s, { ...seen(queuedOrAny(s)), reason: '会后督办', points: '', commitment: '' }, c) },
    { name: 'markInvalid', run: (s) => markInvalid(s, { ...seen(anyAppeal(s)), reason: '无关来电' }, c) },
    { name: 'sendMessage', run: (s) => sendMessage(s, { episodeId: EPISODE_ID, text: '提示', appealId: anyAppeal(s).id === 'none' ? null : anyAppeal(s).id }, 'acc-op', c) },
    {
      name: 'markRead',
      run: (s) => markMessageRead(s, { episodeId: EPISODE_ID, messageId: pick(random, Object.keys(s.messages)) ?? 'none' }, 'acc-leader', c),
    },
    {
      name: 'updateEpisode',
      run: (s) =>
        updateEpisode(
          s,
          { commandId: 'cmd-00000001', episodeId: EPISODE_ID, expectedVersion: s.episode.version, patch: random() < 0.5 ? { theme: '更正主题' } : { date: '2025-06-19' } },
          buildCatalogue(),
        ),
    },
    { name: 'start', run: (s) => startEpisode(s, c) },
  ];
}

const SETTLED = new Set(['answered_on_air', 'supervised', 'invalid']);

function checkInvariants(before: EpisodeState, after: EpisodeState, changed: boolean): void {
  // Nothing is ever deleted, and the order of arrival is kept.
  expect(after.appealOrder.slice(0, before.appealOrder.length)).toEqual(before.appealOrder);
  expect(Object.keys(after.appeals).length).toBe(after.appealOrder.length);
  expect(Object.keys(after.appeals).length).toBeGreaterThanOrEqual(Object.keys(before.appeals).length);
  for (const id of Object.keys(before.messages)) expect(after.messages[id]).toBeDefined();

  // At most one appeal on air, and the episode points at it.
  const onAir = Object.values(after.appeals).filter((a) => a.status === 'on_air');
  expect(onAir.length).toBeLessThanOrEqual(1);
  expect(after.episode.onAirAppealId).toBe(onAir[0]?.id ?? null);

  // The queue holds exactly the queued appeals, each once.
  const queued = Object.values(after.appeals).filter((a) => a.status === 'queued').map((a) => a.id);
  expect(new Set(after.episode.queue).size).toBe(after.episode.queue.length);
  expect([...after.episode.queue].sort()).toEqual(queued.sort());

  // Appeal numbers are 1..n in order of arrival.
  expect(after.appealOrder.map((id) => after.appeals[id].no)).toEqual(after.appealOrder.map((_, i) => i + 1));
  expect(after.episode.nextAppealNo).toBe(after.appealOrder.length + 1);

  // Every status change follows the life cycle, or is the automatic hand-over at the end.
  for (const [id, was] of Object.entries(before.appeals)) {
    const now = after.appeals[id];
    if (now.status !== was.status) {
      const automatic = after.episode.status === 'ended' && now.status === 'supervised' && now.handOver?.automatic === true;
      if (automatic) expect(now.handOver?.reason).toBe(AUTOMATIC_HANDOVER_REASON);
      else expect(APPEAL_TRANSITIONS[was.status]).toContain(now.status);
    }
    if (SETTLED.has(was.status)) expect(now).toEqual(was);
    expect(now.version).toBeGreaterThanOrEqual(was.version);
  }
  for (const appeal of Object.values(after.appeals)) {
    expect(appeal.settledAt !== null).toBe(SETTLED.has(appeal.status));
    expect(appeal.invalidReason !== null).toBe(appeal.status === 'invalid');
    if (appeal.caller.anonymous) expect([appeal.caller.name, appeal.caller.title]).toEqual(['', null]);
  }

  // Once ended: received = answered on air + supervised, invalid kept apart, nothing left in the studio.
  if (after.episode.status === 'ended') {
    const counters = countAppeals(after);
    expect(counters.received).toBe(counters.answeredOnAir + counters.supervised);
    expect([counters.waiting, counters.queued, counters.onAir]).toEqual([0, 0, 0]);
    expect(counters.received + counters.invalid).toBe(after.appealOrder.length);
  }

  // Status never goes back: planned → live → ended.
  const rank = { planned: 0, live: 1, ended: 2 };
  expect(rank[after.episode.status]).toBeGreaterThanOrEqual(rank[before.episode.status]);
  expect(after.episode.version).toBeGreaterThanOrEqual(before.episode.version);
  if (!changed) expect(after).toEqual(before);
}

interface RunStats {
  accepted: Record<string, number>;
  refused: Partial<Record<ErrorCode, number>>;
  appeals: number;
}

function runSequence(seed: number, steps: number): RunStats {
  const random = seededRandom(seed);
  let n = 0;
  const c: RuleContext = { now: '2025-06-18T02:05:00.000Z', newId: () => `r${seed}-${++n}`, calendar: workCalendar(), catalogue: buildCatalogue() };
  const initial = buildState({ episode: { status: 'planned', startedAt: null } });
  const state = snapshot(initial);
  const ops = makeOps(random, c);
  const log: EpisodeEvent[] = [];
  const stats: RunStats = { accepted: {}, refused: {}, appeals: 0 };
  const endAt = Math.floor(steps * (0.5 + random() * 0.3));

  for (let step = 0; step < steps; step++) {
    const op: Op = step === endAt ? { name: 'end', run: (s) => endEpisode(s, c) } : pick(random, ops)!;
    const before = snapshot(state);
    let changes: Change[] = [];
    try {
      changes = op.run(state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      stats.refused[error.code] = (stats.refused[error.code] ?? 0) + 1;
    }
    // A rule never mutates the state it was given.
    expect(state).toEqual(before);
    commit(state, changes, OPERATOR, op.name, log);
    if (changes.length) stats.accepted[op.name] = (stats.accepted[op.name] ?? 0) + 1;
    checkInvariants(before, state, changes.length > 0);
  }

  // The gap-free log replays to exactly the same state.
  const replica = snapshot(initial);
  for (const event of log) expect(applyEvent(replica, event)).toBe(true);
  expect(replica).toEqual(state);
  expect(state.seq).toBe(log.length);
  stats.appeals = state.appealOrder.length;
  return stats;
}

describe('randomized command sequences keep every invariant', () => {
  const SEEDS = Array.from({ length: 24 }, (_, i) => 1000 + i * 7919);
  const all: RunStats[] = [];

  it.each(SEEDS)('seed %i: 240 commands, nothing deleted, one on air, counts reconcile at the end', (seed) => {
    all.push(runSequence(seed, 240));
  });

  it('the same seed replays the same history', () => {
    expect(runSequence(4242, 120)).toEqual(runSequence(4242, 120));
  });

  it('the sequences exercised every command and every refusal that matters', () => {
    expect(all).toHaveLength(SEEDS.length);
    const accepted = new Set(all.flatMap((s) => Object.keys(s.accepted)));
    const refused = new Set(all.flatMap((s) => Object.keys(s.refused)));
    for (const name of ['receive', 'update', 'screen', 'reorder', 'putOnAir', 'answerOnAir', 'handOver', 'markInvalid', 'sendMessage', 'markRead', 'updateEpisode', 'start', 'end']) {
      expect(accepted, name).toContain(name);
    }
    for (const code of ['CONFLICT', 'ILLEGAL_TRANSITION', 'ANOTHER_ON_AIR', 'EPISODE_ENDED', 'EPISODE_NOT_LIVE', 'EPISODE_ALREADY_LIVE', 'QUEUE_MISMATCH'] as const) {
      expect(refused, code).toContain(code);
    }
    expect(all.reduce((sum, s) => sum + s.appeals, 0)).toBeGreaterThan(SEEDS.length * 10);
  });
});
