import type {
  AppealAnswerOnAirInput,
  AppealCreateInput,
  AppealHandOverInput,
  AppealMarkInvalidInput,
  AppealRefInput,
  AppealUpdateInput,
  QueueReorderInput,
} from '../protocol/commands';
import { assertUnitExists, type CatalogueLookup } from './catalogueRules';
import { refuse } from './errors';
import type { Change, EpisodeState } from './episodeState';
import { defaultUnitOf, newSupervision, type SupervisionContext } from './supervisionRules';
import type { Appeal, AppealStatus, Complexity, Episode } from './types';

/** What every rule needs from outside: the time, fresh ids, the working-day calendar and the catalogue, so rules stay pure and testable. */
export type RuleContext = SupervisionContext & { catalogue: CatalogueLookup };

/** Where each appeal status may go next: the life cycle of DESIGN.md §3 in one table. */
export const APPEAL_TRANSITIONS: Record<AppealStatus, readonly AppealStatus[]> = {
  received: ['queued', 'invalid'],
  queued: ['on_air', 'supervised', 'invalid'],
  on_air: ['answered_on_air', 'supervised'],
  answered_on_air: [],
  supervised: [],
  invalid: [],
};

/** True when the life cycle allows going from one status to another. */
export function canMoveAppeal(from: AppealStatus, to: AppealStatus): boolean {
  return APPEAL_TRANSITIONS[from].includes(to);
}

/** Studio work on appeals is open while an episode is planned (pre-show intake) or live, never after it ended. */
function assertStudioOpen(episode: Episode): void {
  if (episode.status === 'ended') throw refuse('EPISODE_ENDED');
}

/** Find the appeal and check the caller saw its latest version: the loser of a race gets CONFLICT with the fresh state. */
function currentAppeal(state: EpisodeState, appealId: string, expectedVersion: number): Appeal {
  const appeal = state.appeals[appealId];
  if (!appeal) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
  if (appeal.version !== expectedVersion) throw refuse('CONFLICT', undefined, { fresh: appeal });
  return appeal;
}

function assertCanMove(appeal: Appeal, to: AppealStatus): void {
  if (!canMoveAppeal(appeal.status, to)) {
    throw refuse('ILLEGAL_TRANSITION', `第${appeal.no}号诉求当前为「${STATUS_NAMES[appeal.status]}」，不能改为「${STATUS_NAMES[to]}」。`);
  }
}

/** zh-CN names of appeal statuses, shared by messages and screens. */
export const STATUS_NAMES: Record<AppealStatus, string> = {
  received: '待筛选',
  queued: '待播',
  on_air: '正在播出',
  answered_on_air: '现场回应',
  supervised: '直播后督办',
  invalid: '无效',
};

function bump<T extends { version: number }>(entity: T, patch: Partial<T>): T {
  return { ...entity, ...patch, version: entity.version + 1 };
}

function bumpEpisode(episode: Episode, patch: Partial<Episode>): Episode {
  return bump(episode, patch);
}

/** Record a new appeal (电话 / 演播室热线 / 网络留言) as received. */
export function receiveAppeal(state: EpisodeState, input: Omit<AppealCreateInput, 'commandId'>, ctx: RuleContext): Change[] {
  if (input.targetUnitId) assertUnitExists(ctx.catalogue, input.targetUnitId, 'targetUnitId');
  assertStudioOpen(state.episode);
  const caller = input.caller.anonymous ? { ...input.caller, name: '', title: null } : input.caller;
  const appeal: Appeal = {
    id: ctx.newId(),
    episodeId: state.episode.id,
    no: state.episode.nextAppealNo,
    channel: input.channel,
    receivedAt: ctx.now,
    caller,
    area: input.area,
    category: input.category,
    targetUnitId: input.targetUnitId,
    summary: input.summary,
    operatorNotes: input.operatorNotes,
    status: 'received',
    onAirAt: null,
    settledAt: null,
    answer: null,
    handOver: null,
    invalidReason: null,
    supervision: null,
    version: 1,
  };
  const episode = bumpEpisode(state.episode, { nextAppealNo: state.episode.nextAppealNo + 1 });
  return [{ type: 'appeal.received', appeal, episode }];
}

/** Correct what was written down about an appeal, while it is still in the studio's hands. */
export function updateAppeal(state: EpisodeState, input: AppealUpdateInput, ctx: RuleContext): Change[] {
  if (input.patch.targetUnitId) assertUnitExists(ctx.catalogue, input.patch.targetUnitId, 'patch.targetUnitId');
  assertStudioOpen(state.episode);
  const appeal = currentAppeal(state, input.appealId, input.expectedVersion);
  if (!['received', 'queued', 'on_air'].includes(appeal.status)) {
    throw refuse('ILLEGAL_TRANSITION', `第${appeal.no}号诉求已「${STATUS_NAMES[appeal.status]}」，不能再修改内容。`);
  }
  const patch = { ...input.patch };
  if (patch.caller?.anonymous) patch.caller = { ...patch.caller, name: '', title: null };
  return [{ type: 'appeal.updated', appeal: bump(appeal, patch) }];
}

/** Screening passed: the appeal joins the end of the on-air queue. */
export function screenAppeal(state: EpisodeState, input: AppealRefInput): Change[] {
  assertStudioOpen(state.episode);
  const appeal = currentAppeal(state, input.appealId, input.expectedVersion);
  assertCanMove(appeal, 'queued');
  return [
    {
      type: 'appeal.screened',
      appeal: bump(appeal, { status: 'queued' }),
      episode: bumpEpisode(state.episode, { queue: [...state.episode.queue, appeal.id] }),
    },
  ];
}

/** Put the queue in a new order. The order must hold exactly the queued appeals, so a stale drag cannot drop one. */
export function reorderQueue(state: EpisodeState, input: Omit<QueueReorderInput, 'commandId'>): Change[] {
  assertStudioOpen(state.episode);
  const current = state.episode.queue;
  const same = input.order.length === current.length && new Set(input.order).size === current.length && input.order.every((id) => current.includes(id));
  if (!same) throw refuse('QUEUE_MISMATCH', undefined, { fresh: current });
  return [{ type: 'queue.reordered', episode: bumpEpisode(state.episode, { queue: [...input.order] }) }];
}

/** Put a queued appeal on air. Only one appeal is on air at a time, and only while the episode is live. */
export function putOnAir(state: EpisodeState, input: AppealRefInput, ctx: RuleContext): Change[] {
  assertStudioOpen(state.episode);
  if (state.episode.status !== 'live') throw refuse('EPISODE_NOT_LIVE');
  const appeal = currentAppeal(state, input.appealId, input.expectedVersion);
  if (state.episode.feedbackOnAir) throw refuse('ANOTHER_ON_AIR', '回访报道正在播出，请先结束回访报道再接入来电。');
  if (state.episode.onAirAppealId && state.episode.onAirAppealId !== appeal.id) {
    const current = state.appeals[state.episode.onAirAppealId];
    throw refuse('ANOTHER_ON_AIR', `第${current?.no ?? '?'}号诉求正在播出，请先记录它的现场回应或转督办。`);
  }
  assertCanMove(appeal, 'on_air');
  return [
    {
      type: 'appeal.wentOnAir',
      appeal: bump(appeal, { status: 'on_air', onAirAt: ctx.now }),
      episode: bumpEpisode(state.episode, { onAirAppealId: appeal.id, queue: state.episode.queue.filter((id) => id !== appeal.id) }),
    },
  ];
}

/** The leader answered on air (现场回应): record the answer points and any commitment. */
export function answerOnAir(state: EpisodeState, input: AppealAnswerOnAirInput, ctx: RuleContext): Change[] {
  assertStudioOpen(state.episode);
  const appeal = currentAppeal(state, input.appealId, input.expectedVersion);
  assertCanMove(appeal, 'answered_on_air');
  return [
    {
      type: 'appeal.answeredOnAir',
      appeal: bump(appeal, { status: 'answered_on_air', settledAt: ctx.now, answer: { points: input.points, commitment: input.commitment } }),
      episode: bumpEpisode(state.episode, { onAirAppealId: null }),
    },
  ];
}

/**
 * Hand an on-air or queued appeal to supervision after the broadcast (直播后督办): a supervised
 * item for the responsible unit, due by complexity in working days from today.
 */
export function handOverToSupervision(state: EpisodeState, input: Omit<AppealHandOverInput, 'complexity'> & { complexity?: Complexity }, ctx: RuleContext): Change[] {
  if (input.unitId) assertUnitExists(ctx.catalogue, input.unitId, 'unitId');
  assertStudioOpen(state.episode);
  const appeal = currentAppeal(state, input.appealId, input.expectedVersion);
  assertCanMove(appeal, 'supervised');
  const answer = input.points || input.commitment ? { points: input.points, commitment: input.commitment } : null;
  const to = { unitId: input.unitId ?? defaultUnitOf(appeal, state.episode), complexity: input.complexity ?? 'normal' };
  return [supervisedChange(state.episode, appeal, input.reason, false, ctx, answer, to)];
}

function supervisedChange(
  episode: Episode,
  appeal: Appeal,
  reason: string,
  automatic: boolean,
  ctx: RuleContext,
  answer: Appeal['answer'],
  to: { unitId: string; complexity: Complexity },
): Change {
  return {
    type: 'appeal.handedOver',
    appeal: bump(appeal, {
      status: 'supervised',
      settledAt: ctx.now,
      handOver: { reason, automatic },
      answer: answer ?? appeal.answer,
      supervision: newSupervision(to.unitId, to.complexity, ctx),
    }),
    episode: bumpEpisode(episode, {
      queue: episode.queue.filter((id) => id !== appeal.id),
      onAirAppealId: episode.onAirAppealId === appeal.id ? null : episode.onAirAppealId,
    }),
  };
}

/** Set an appeal aside as invalid (prank, duplicate, off-topic). It is kept with its reason, never deleted, never counted. */
export function markInvalid(state: EpisodeState, input: AppealMarkInvalidInput, ctx: RuleContext): Change[] {
  assertStudioOpen(state.episode);
  const appeal = currentAppeal(state, input.appealId, input.expectedVersion);
  assertCanMove(appeal, 'invalid');
  const inQueue = state.episode.queue.includes(appeal.id);
  return [
    {
      type: 'appeal.markedInvalid',
      appeal: bump(appeal, { status: 'invalid', settledAt: ctx.now, invalidReason: input.reason }),
      ...(inQueue ? { episode: bumpEpisode(state.episode, { queue: state.episode.queue.filter((id) => id !== appeal.id) }) } : {}),
    },
  ];
}

/** The reason recorded when the end of an episode hands an appeal over by itself. */
export const AUTOMATIC_HANDOVER_REASON = '直播结束，未在节目中回应，自动转直播后督办';

/**
 * Every appeal still in the studio's hands when the episode ends goes to supervision, one change
 * each, so that received = answered on air + supervised holds from the moment the episode ends.
 */
export function handOverUnsettled(state: EpisodeState, ctx: RuleContext): Change[] {
  const changes: Change[] = [];
  let episode = state.episode;
  for (const id of state.appealOrder) {
    const appeal = state.appeals[id];
    if (appeal.status !== 'received' && appeal.status !== 'queued' && appeal.status !== 'on_air') continue;
    const change = supervisedChange(episode, appeal, AUTOMATIC_HANDOVER_REASON, true, ctx, null, { unitId: defaultUnitOf(appeal, episode), complexity: 'normal' });
    episode = change.episode!;
    changes.push(change);
  }
  return changes;
}
