/**
 * Builders for supervised items (直播后督办): a supervision in any status, an appeal carrying it in a
 * consistent episode state, and a small driver that runs a supervision rule and commits it the way
 * the server does, returning the appeal as it is afterwards.
 */
import type { Change, EpisodeState } from '../../shared/domain/episodeState';
import type { Appeal, Callback, ExtensionRequest, Supervision, UnitReply } from '../../shared/domain/types';
import { buildAppeal, buildState, commit } from './builders';

/** Handed over on Monday 2025-09-22, 10:00 in China: a normal item is due 2025-09-28 (the make-up Sunday before National Day). */
export const HANDED_OVER_AT = '2025-09-22T02:00:00.000Z';
export const HANDED_OVER_DEADLINE = '2025-09-28';

export function buildSupervision(overrides: Partial<Supervision> = {}): Supervision {
  return {
    unitId: 'unit-cg',
    complexity: 'normal',
    assignedAt: HANDED_OVER_AT,
    roundStartedAt: HANDED_OVER_AT,
    assignments: [],
    deadline: HANDED_OVER_DEADLINE,
    status: 'with_unit',
    replies: [],
    reminders: [],
    extensionRequests: [],
    deadlineChanges: [],
    callbacks: [],
    reopenings: 0,
    closedAt: null,
    closeNote: null,
    ...overrides,
  };
}

export function buildReply(overrides: Partial<UnitReply> = {}): UnitReply {
  return { at: '2025-09-26T06:00:00.000Z', by: '城管局联络员', text: '已组织执法队清理占道摊点', onBehalf: false, ...overrides };
}

export function buildCallback(overrides: Partial<Callback> = {}): Callback {
  return { at: '2025-09-29T03:00:00.000Z', by: '回访员小周', outcome: 'reached', rating: 'satisfied', note: '', ...overrides };
}

export function buildExtensionRequest(overrides: Partial<ExtensionRequest> = {}): ExtensionRequest {
  return { id: 'ext-1', at: '2025-09-24T03:00:00.000Z', by: '城管局联络员', workdays: 3, reason: '需协调街道共同处置', decision: null, ...overrides };
}

/** A supervision in the given status with the history that status implies (a reply once replied; a satisfied callback once closed). */
export function supervisionIn(status: Supervision['status'], overrides: Partial<Supervision> = {}): Supervision {
  if (status === 'with_unit') return buildSupervision(overrides);
  if (status === 'replied') return buildSupervision({ status, replies: [buildReply()], ...overrides });
  return buildSupervision({
    status,
    replies: [buildReply()],
    callbacks: [buildCallback()],
    closedAt: '2025-09-29T04:00:00.000Z',
    closeNote: '',
    ...overrides,
  });
}

/** An episode state holding one supervised appeal (handed over after the show) with the given supervision. */
export function supervisedState(supervision: Supervision = buildSupervision(), appealOverrides: Partial<Appeal> = {}): { state: EpisodeState; appeal: Appeal } {
  const appeal = buildAppeal({
    status: 'supervised',
    settledAt: supervision.assignedAt,
    handOver: { reason: '需会后现场核实', automatic: false },
    supervision,
    version: 3,
    ...appealOverrides,
  });
  const state = buildState({ appeals: [appeal], episode: { status: 'ended', endedAt: supervision.assignedAt } });
  return { state, appeal };
}

/** The reference a supervision command sends: the appeal and the version the client saw. */
export function item(appeal: Pick<Appeal, 'id' | 'version'>): { appealId: string; expectedVersion: number } {
  return { appealId: appeal.id, expectedVersion: appeal.version };
}

/** Run a rule against the current version of the appeal, commit what it decided, and return the appeal afterwards. */
export function step(state: EpisodeState, appealId: string, rule: (state: EpisodeState, ref: { appealId: string; expectedVersion: number }) => Change[]): Appeal {
  commit(state, rule(state, item(state.appeals[appealId])));
  return state.appeals[appealId];
}
