import { workCalendar } from '../../shared/domain/workCalendar';
/**
 * Small builders for the pure domain tests: an episode, an appeal, a consistent state, a rule
 * context with a fixed clock and predictable ids, and `commit` to apply what a rule decided the
 * way the server does (one event per change, gap-free seq).
 */
import { expect } from 'vitest';
import type { RuleContext } from '../../shared/domain/appealRules';
import { DomainError, type ErrorCode } from '../../shared/domain/errors';
import { applyEvent, type Change, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { Actor, Appeal, Caller, Episode, Person, StudioMessage, Unit } from '../../shared/domain/types';
import type { AppealCreateInput, AppealRefInput } from '../../shared/protocol/commands';
import type { PlanningCatalogue } from '../../shared/domain/episodeRules';

export const NOW = '2025-06-18T02:05:00.000Z';
export const EPISODE_ID = 'ep-2025-37';

export function buildEpisode(overrides: Partial<Episode> = {}): Episode {
  return {
    id: EPISODE_ID,
    year: 2025,
    number: 37,
    date: '2025-06-18',
    slot: { start: '10:00', end: '11:00' },
    theme: '城市管理与市容环境',
    host: '李明',
    unitIds: ['unit-cg'],
    leaders: [{ personId: 'p-zhang', name: '张建国', title: '局长', unitId: 'unit-cg', principal: true }],
    status: 'live',
    startedAt: '2025-06-18T02:00:00.000Z',
    endedAt: null,
    queue: [],
    onAirAppealId: null,
    nextAppealNo: 1,
    feedback: false,
    feedbackOnAir: null,
    version: 1,
    ...overrides,
  };
}

export function buildCaller(overrides: Partial<Caller> = {}): Caller {
  return { anonymous: false, name: '王五', title: '先生', phone: '13812341234', ...overrides };
}

let appealCounter = 0;

export function buildAppeal(overrides: Partial<Appeal> = {}): Appeal {
  appealCounter++;
  return {
    id: `appeal-${appealCounter}`,
    episodeId: EPISODE_ID,
    no: appealCounter,
    channel: 'hotline',
    receivedAt: '2025-06-18T02:01:00.000Z',
    caller: buildCaller(),
    area: '城关区',
    category: '市容环境',
    targetUnitId: 'unit-cg',
    summary: '小区门口占道经营，夜间噪音扰民',
    operatorNotes: '',
    status: 'received',
    onAirAt: null,
    settledAt: null,
    answer: null,
    handOver: null,
    invalidReason: null,
    supervision: null,
    version: 1,
    ...overrides,
  };
}

/**
 * A consistent state: unless the episode override says otherwise, the queue holds the queued
 * appeals in the order given and onAirAppealId points at the on-air one.
 */
export function buildState(options: { episode?: Partial<Episode>; appeals?: Appeal[]; messages?: StudioMessage[]; seq?: number } = {}): EpisodeState {
  const appeals = options.appeals ?? [];
  const derived: Partial<Episode> = {
    queue: appeals.filter((a) => a.status === 'queued').map((a) => a.id),
    onAirAppealId: appeals.find((a) => a.status === 'on_air')?.id ?? null,
    nextAppealNo: appeals.reduce((max, a) => Math.max(max, a.no), 0) + 1,
  };
  const episode = buildEpisode({ ...derived, ...options.episode });
  return {
    episode,
    appeals: Object.fromEntries(appeals.map((a) => [a.id, a])),
    appealOrder: appeals.map((a) => a.id),
    messages: Object.fromEntries((options.messages ?? []).map((m) => [m.id, m])),
    seq: options.seq ?? 0,
  };
}

/** A rule context with a fixed clock, ids id-1, id-2, … and the catalogue of buildCatalogue(). */
export function ctx(now: string = NOW, prefix = 'id'): RuleContext & { issued: string[] } {
  let n = 0;
  const issued: string[] = [];
  return {
    now,
    issued,
    calendar: workCalendar(),
    catalogue: buildCatalogue(),
    newId: () => {
      n++;
      const id = `${prefix}-${n}`;
      issued.push(id);
      return id;
    },
  };
}

export const OPERATOR: Actor = { accountId: 'acc-op', name: '导播小陈', role: 'operator' };
export const LEADER: Actor = { accountId: 'acc-leader', name: '张建国', role: 'leader' };

/** Apply a rule's changes as the server commits them: one event each, seq = state.seq + 1. Mutates and returns state. */
export function commit(state: EpisodeState, changes: Change[], actor: Actor = OPERATOR, command = 'test', log?: EpisodeEvent[]): EpisodeState {
  for (const change of changes) {
    const event: EpisodeEvent = {
      ...change,
      episodeId: state.episode.id,
      seq: state.seq + 1,
      at: NOW,
      actor,
      command,
      commandId: `cmd-${state.seq + 1}`,
      changes: [],
    };
    const applied = applyEvent(state, event);
    if (!applied) throw new Error(`event seq ${event.seq} was not applied`);
    log?.push(structuredClone(event));
  }
  return state;
}

let commandCounter = 0;
export function commandId(): string {
  commandCounter++;
  return `cmd-test-${String(commandCounter).padStart(6, '0')}`;
}

/** The reference a command sends for an appeal: its id and the version the client saw. */
export function ref(appeal: Pick<Appeal, 'id' | 'version'>, episodeId = EPISODE_ID): AppealRefInput {
  return { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version };
}

export function appealInput(overrides: Partial<Omit<AppealCreateInput, 'commandId'>> = {}): Omit<AppealCreateInput, 'commandId'> {
  return {
    episodeId: EPISODE_ID,
    channel: 'hotline',
    caller: buildCaller(),
    area: '城关区',
    category: '市容环境',
    targetUnitId: 'unit-cg',
    summary: '小区门口占道经营，夜间噪音扰民',
    operatorNotes: '',
    ...overrides,
  };
}

export function buildMessage(overrides: Partial<StudioMessage> = {}): StudioMessage {
  return {
    id: 'msg-1',
    text: '下一位来电关于占道经营',
    appealId: null,
    sentAt: '2025-06-18T02:03:00.000Z',
    sentBy: 'acc-op',
    readAt: null,
    readBy: null,
    ...overrides,
  };
}

export function buildUnit(overrides: Partial<Unit> = {}): Unit {
  return { id: 'unit-cg', name: '市城市管理局', kind: 'department', level: '市级', version: 1, ...overrides };
}

export function buildPerson(overrides: Partial<Person> = {}): Person {
  return { id: 'p-zhang', name: '张建国', title: '局长', unitId: 'unit-cg', principal: true, version: 1, ...overrides };
}

export function buildCatalogue(overrides: Partial<PlanningCatalogue> = {}): PlanningCatalogue {
  const units = [buildUnit(), buildUnit({ id: 'unit-zj', name: '市住房和城乡建设局' })];
  const people = [
    buildPerson(),
    buildPerson({ id: 'p-li', name: '李红', title: '副局长', unitId: 'unit-zj', principal: false }),
  ];
  return {
    units: Object.fromEntries(units.map((u) => [u.id, u])),
    people: Object.fromEntries(people.map((p) => [p.id, p])),
    takenNumbers: [],
    ...overrides,
  };
}

/** Run a rule that must refuse; return the DomainError after checking its code. */
export function refused(run: () => unknown, code: ErrorCode): DomainError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected the rule to refuse with ${code}`).toBeInstanceOf(DomainError);
  const error = thrown as DomainError;
  expect(error.code).toBe(code);
  return error;
}

/** A deep copy, to prove a rule did not touch the state it was given. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

export { seededRandom } from '../helpers/seededRandom';
