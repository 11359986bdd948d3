import { refuse } from './errors';
import type { Change, EpisodeState } from './episodeState';
import type { Appeal, Complexity, Episode, Rating, Supervision } from './types';
import { chinaDate, type WorkCalendar } from './workCalendar';

/** Deadline in working days by complexity: 简单 2, 一般 5, 复杂 10. */
export const DEADLINE_WORKDAYS: Record<Complexity, number> = { simple: 2, normal: 5, complex: 10 };

/** After this many unanswered callbacks an item may be closed with the reason recorded. */
export const MAX_UNREACHABLE_CALLBACKS = 3;

/** What supervision rules need from outside, besides time and ids. */
export interface SupervisionContext {
  now: string;
  newId: () => string;
  calendar: WorkCalendar;
}

/** The unit an appeal is handed to by default: the one the operator named, else the episode's first unit. */
export function defaultUnitOf(appeal: Appeal, episode: Episode): string {
  return appeal.targetUnitId ?? episode.unitIds[0] ?? '';
}

/** A new supervised item, due `DEADLINE_WORKDAYS[complexity]` working days after the hand-over day. */
export function newSupervision(unitId: string, complexity: Complexity, ctx: SupervisionContext): Supervision {
  return {
    unitId,
    complexity,
    assignedAt: ctx.now,
    roundStartedAt: ctx.now,
    assignments: [],
    deadline: ctx.calendar.addWorkdays(chinaDate(ctx.now), DEADLINE_WORKDAYS[complexity]),
    status: 'with_unit',
    replies: [],
    reminders: [],
    extensionRequests: [],
    deadlineChanges: [],
    callbacks: [],
    reopenings: 0,
    closedAt: null,
    closeNote: null,
  };
}

interface ItemRef {
  appealId: string;
  expectedVersion: number;
}

/** The supervised appeal, at the version the caller saw. */
function supervisedItem(state: EpisodeState, ref: ItemRef): { appeal: Appeal; supervision: Supervision } {
  const appeal = state.appeals[ref.appealId];
  if (!appeal) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
  if (appeal.version !== ref.expectedVersion) throw refuse('CONFLICT', undefined, { fresh: appeal });
  if (appeal.status !== 'supervised' || !appeal.supervision) throw refuse('ILLEGAL_TRANSITION', '这条诉求不在直播后督办中。');
  return { appeal, supervision: appeal.supervision };
}

function change(type: Change['type'], appeal: Appeal, supervision: Supervision): Change[] {
  return [{ type, appeal: { ...appeal, supervision, version: appeal.version + 1 } }];
}

function assertOpen(supervision: Supervision): void {
  if (supervision.status === 'closed') throw refuse('ILLEGAL_TRANSITION', '这条督办已办结，不能再操作。');
}

/** Hand the item to another unit (改派), with the reason kept. The deadline stays; change it separately if needed. */
export function assignToUnit(state: EpisodeState, input: ItemRef & { unitId: string; reason: string }, by: string, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  assertOpen(supervision);
  if (supervision.unitId === input.unitId) throw refuse('ILLEGAL_TRANSITION', '这条督办已在该单位办理。');
  const assignment = { at: ctx.now, by, from: supervision.unitId, to: input.unitId, reason: input.reason };
  // The old unit's pending extension request leaves with it: the new unit asks for its own if needed.
  const extensionRequests = withdrawPending(supervision, by, ctx, '已改派其他单位，延期申请自动撤回');
  return change('supervision.assigned', appeal, { ...supervision, unitId: input.unitId, status: 'with_unit', extensionRequests, assignments: [...(supervision.assignments ?? []), assignment] });
}

/** Change the deadline, by complexity or to a date, always with a reason. */
export function changeDeadline(state: EpisodeState, input: ItemRef & { complexity?: Complexity; deadline?: string; reason: string }, by: string, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  assertOpen(supervision);
  const complexity = input.complexity ?? supervision.complexity;
  const roundStart = supervision.roundStartedAt ?? supervision.assignedAt;
  const deadline = input.deadline ?? ctx.calendar.addWorkdays(chinaDate(roundStart), DEADLINE_WORKDAYS[complexity]);
  if (deadline === supervision.deadline && complexity === supervision.complexity) throw refuse('ILLEGAL_TRANSITION', '新的办理期限与原期限相同。');
  return change('supervision.deadlineChanged', appeal, {
    ...supervision,
    complexity,
    deadline,
    deadlineChanges: [...supervision.deadlineChanges, { at: ctx.now, by, from: supervision.deadline, to: deadline, reason: input.reason }],
  });
}

/** Remind the unit (催办). */
export function remindUnit(state: EpisodeState, input: ItemRef & { note: string }, by: string, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  if (supervision.status !== 'with_unit') throw refuse('ILLEGAL_TRANSITION', '只有办理中的督办可以催办。');
  return change('supervision.reminded', appeal, { ...supervision, reminders: [...supervision.reminders, { at: ctx.now, by, note: input.note }] });
}

/** The unit asks for more working days. One open request at a time. */
export function requestExtension(state: EpisodeState, input: ItemRef & { workdays: number; reason: string }, by: string, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  if (supervision.status !== 'with_unit') throw refuse('ILLEGAL_TRANSITION', '只有办理中的督办可以申请延期。');
  if (supervision.extensionRequests.some((r) => r.decision === null)) throw refuse('ILLEGAL_TRANSITION', '已有一份延期申请等待审核。');
  const request = { id: ctx.newId(), at: ctx.now, by, workdays: input.workdays, reason: input.reason, decision: null };
  return change('supervision.extensionRequested', appeal, { ...supervision, extensionRequests: [...supervision.extensionRequests, request] });
}

/** Grant (the deadline moves by the working days asked) or refuse an extension request. */
export function decideExtension(state: EpisodeState, input: ItemRef & { requestId: string; granted: boolean; note: string }, by: string, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  assertOpen(supervision);
  const request = supervision.extensionRequests.find((r) => r.id === input.requestId);
  if (!request) throw refuse('NOT_FOUND', '找不到这份延期申请。', { field: 'requestId' });
  if (request.decision) throw refuse('ILLEGAL_TRANSITION', '这份延期申请已经审核过了。');
  const decided = { ...request, decision: { granted: input.granted, at: ctx.now, by, note: input.note } };
  const extensionRequests = supervision.extensionRequests.map((r) => (r.id === request.id ? decided : r));
  const deadline = input.granted ? ctx.calendar.addWorkdays(supervision.deadline, request.workdays) : supervision.deadline;
  const deadlineChanges = input.granted
    ? [...supervision.deadlineChanges, { at: ctx.now, by, from: supervision.deadline, to: deadline, reason: `同意延期${request.workdays}个工作日：${request.reason}` }]
    : supervision.deadlineChanges;
  return change('supervision.extensionDecided', appeal, { ...supervision, extensionRequests, deadline, deadlineChanges });
}

/** The unit's reply: what was done. From then on the citizen is to be called back. */
export function recordReply(state: EpisodeState, input: ItemRef & { text: string; onBehalf: boolean }, by: string, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  if (supervision.status !== 'with_unit') throw refuse('ILLEGAL_TRANSITION', supervision.status === 'replied' ? '单位已答复，正在等待回访。' : '这条督办已办结。');
  const reply = { at: ctx.now, by, text: input.text, onBehalf: input.onBehalf };
  // A reply makes a pending extension request moot: it is withdrawn, so nothing is left to decide later.
  const extensionRequests = withdrawPending(supervision, by, ctx, '单位已答复，延期申请自动撤回');
  return change('supervision.replied', appeal, { ...supervision, status: 'replied', replies: [...supervision.replies, reply], extensionRequests });
}

/** Why a reopened item's deadline is what it is, as the history shows it. */
export const REOPEN_REASON = '回访不满意，重新交办';
export const REOPEN_KEPT_REASON = '回访不满意，重新交办；原期限（含已批准的延期或调整）晚于重新计算的期限，予以保留';

/**
 * The deadline of an item reopened by a 不满意 callback: the later of
 *  - the deadline still in force (the hand-over deadline as changed by granted extensions and by
 *    deadline changes), and
 *  - a fresh round: DEADLINE_WORKDAYS[complexity] working days counted from the callback day.
 * A reopening gives the unit at least a fresh round and never takes back days already granted.
 * A deadline already passed is not kept (the fresh round is later).
 */
export function reopenDeadline(supervision: Pick<Supervision, 'deadline' | 'complexity'>, now: string, calendar: WorkCalendar): { deadline: string; kept: boolean; reason: string } {
  const fresh = calendar.addWorkdays(chinaDate(now), DEADLINE_WORKDAYS[supervision.complexity]);
  const kept = supervision.deadline > fresh;
  return kept ? { deadline: supervision.deadline, kept, reason: REOPEN_KEPT_REASON } : { deadline: fresh, kept, reason: REOPEN_REASON };
}

/**
 * Record a callback (回访). A 不满意 rating reopens the item to the unit (deadline: `reopenDeadline`);
 * 满意 / 基本满意 leave it ready to close; an unanswered call is counted towards closing unreached.
 */
export function recordCallback(state: EpisodeState, input: ItemRef & { outcome: 'reached' | 'unreachable'; rating: Rating | null; note: string }, by: string, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  if (supervision.status !== 'replied') throw refuse('ILLEGAL_TRANSITION', '单位答复后才能回访。');
  if (input.outcome === 'reached' && !input.rating) throw refuse('VALIDATION_FAILED', '联系上市民时必须记录满意度评价。', { field: 'rating' });
  const callback = { at: ctx.now, by, outcome: input.outcome, rating: input.outcome === 'reached' ? input.rating : null, note: input.note, afterReplies: supervision.replies.length };
  const callbacks = [...supervision.callbacks, callback];
  if (callback.rating === 'unsatisfied') {
    const { deadline, reason } = reopenDeadline(supervision, ctx.now, ctx.calendar);
    return change('supervision.reopened', appeal, {
      ...supervision,
      callbacks,
      status: 'with_unit',
      reopenings: supervision.reopenings + 1,
      roundStartedAt: ctx.now,
      deadline,
      deadlineChanges: [...supervision.deadlineChanges, { at: ctx.now, by, from: supervision.deadline, to: deadline, reason }],
    });
  }
  return change('supervision.calledBack', appeal, { ...supervision, callbacks });
}

/**
 * Call back (回访) the citizen of an appeal answered on air, so its handling is rated like a supervised
 * item's. Only `answered_on_air` appeals; once a callback has reached the citizen and recorded a
 * rating, the appeal is rated and is not called again. Unanswered calls are kept and may be retried.
 * A 不满意 rating is recorded as it is (the appeal then does not count as resolved, resolution.ts).
 */
export function recordOnAirCallback(state: EpisodeState, input: ItemRef & { outcome: 'reached' | 'unreachable'; rating: Rating | null; note: string }, by: string, ctx: Pick<SupervisionContext, 'now'>): Change[] {
  const appeal = state.appeals[input.appealId];
  if (!appeal) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
  if (appeal.version !== input.expectedVersion) throw refuse('CONFLICT', undefined, { fresh: appeal });
  if (appeal.status !== 'answered_on_air') throw refuse('ILLEGAL_TRANSITION', ON_AIR_CALLBACK_MESSAGES.notAnswered);
  const callbacks = appeal.onAirCallbacks ?? [];
  if (callbacks.some((c) => c.outcome === 'reached')) throw refuse('ILLEGAL_TRANSITION', ON_AIR_CALLBACK_MESSAGES.alreadyRated);
  if (input.outcome === 'reached' && !input.rating) throw refuse('VALIDATION_FAILED', '联系上市民时必须记录满意度评价。', { field: 'rating' });
  const callback = { at: ctx.now, by, outcome: input.outcome, rating: input.outcome === 'reached' ? input.rating : null, note: input.note };
  return [{ type: 'appeal.calledBack', appeal: { ...appeal, onAirCallbacks: [...callbacks, callback], version: appeal.version + 1 } }];
}

export const ON_AIR_CALLBACK_MESSAGES = {
  notAnswered: '只有现场回应的诉求可以这样回访；直播后督办的诉求请在督办中回访。',
  alreadyRated: '这条诉求已回访并记录了满意度评价。',
} as const;

/** Callbacks since the unit's latest reply: what decides whether the item may close. */
export function callbacksSinceReply(supervision: Supervision) {
  const replies = supervision.replies.length;
  const lastReply = supervision.replies.at(-1)?.at ?? '';
  // Order decides; the clock only for callbacks recorded before the order was kept.
  return supervision.callbacks.filter((c) => (c.afterReplies === undefined ? c.at >= lastReply : c.afterReplies === replies));
}

/**
 * Close the item: only after a reply and a callback that reached the citizen with a 满意 or 基本满意
 * rating, or after MAX_UNREACHABLE_CALLBACKS unanswered callbacks, with the reason recorded.
 */
export function closeItem(state: EpisodeState, input: ItemRef & { note: string }, ctx: SupervisionContext): Change[] {
  const { appeal, supervision } = supervisedItem(state, input);
  if (supervision.status === 'closed') throw refuse('ILLEGAL_TRANSITION', '这条督办已经办结。');
  if (supervision.status !== 'replied') throw refuse('ILLEGAL_TRANSITION', '单位尚未答复，不能办结。');
  const since = callbacksSinceReply(supervision);
  const rated = since.some((c) => c.outcome === 'reached');
  const unreachable = since.filter((c) => c.outcome === 'unreachable').length;
  if (!rated && unreachable < MAX_UNREACHABLE_CALLBACKS) {
    throw refuse('ILLEGAL_TRANSITION', `需回访并记录满意度后才能办结；若联系不上市民，需回访${MAX_UNREACHABLE_CALLBACKS}次并记录原因（已有${unreachable}次未联系上）。`);
  }
  if (!rated && !input.note.trim()) throw refuse('VALIDATION_FAILED', '联系不上市民时办结，必须写明原因。', { field: 'note' });
  return change('supervision.closed', appeal, { ...supervision, status: 'closed', closedAt: ctx.now, closeNote: input.note });
}

function withdrawPending(supervision: Supervision, by: string, ctx: SupervisionContext, note: string) {
  return supervision.extensionRequests.map((r) => (r.decision ? r : { ...r, decision: { granted: false, withdrawn: true, at: ctx.now, by, note } }));
}

/** Where an item stands against its deadline, in China's working days. */
export type DueState = 'on_track' | 'due_soon' | 'overdue' | 'done';

/**
 * Only items with the unit can be late. Due soon = the deadline is today or the next working day;
 * overdue = the deadline day has passed in China.
 */
export function dueState(supervision: Supervision, now: string | Date, calendar: WorkCalendar): DueState {
  if (supervision.status !== 'with_unit') return 'done';
  const today = chinaDate(now);
  if (today > supervision.deadline) return 'overdue';
  return calendar.workdaysBetween(today, supervision.deadline) <= 1 ? 'due_soon' : 'on_track';
}
