import type { EpisodePlanInput, EpisodeUpdateInput, MessageMarkReadInput, MessageSendInput } from '../protocol/commands';
import { handOverUnsettled, type RuleContext } from './appealRules';
import { assertUnitExists, type CatalogueLookup } from './catalogueRules';
import { refuse } from './errors';
import type { Change, EpisodeState } from './episodeState';
import type { Episode, LeaderOnAir, Person, StudioMessage, Unit } from './types';

/** What planning needs to know of the catalogue. */
export interface PlanningCatalogue extends CatalogueLookup {
  /** (year, number) pairs already taken. */
  takenNumbers: Array<{ year: number; number: number; episodeId: string }>;
}

function leadersFrom(leaderIds: string[], catalogue: PlanningCatalogue): LeaderOnAir[] {
  return leaderIds.map((personId, index) => {
    const person = catalogue.people[personId];
    if (!person) throw refuse('NOT_FOUND', '所选的上线领导不存在，请刷新人员名单。', { field: `leaderIds.${index}` });
    return { personId, name: person.name, title: person.title, unitId: person.unitId, principal: person.principal };
  });
}

/** A leader goes on air for one of the episode's units, never for a unit that is not on the programme. */
function assertLeadersOfUnits(leaders: LeaderOnAir[], unitIds: string[]): void {
  leaders.forEach((leader, index) => {
    if (!unitIds.includes(leader.unitId)) {
      throw refuse('VALIDATION_FAILED', `${leader.name}不属于本期的上线单位，请先选择其单位或换一位领导。`, { field: `leaderIds.${index}` });
    }
  });
}

function assertUnitsExist(unitIds: string[], catalogue: PlanningCatalogue): void {
  unitIds.forEach((unitId, index) => assertUnitExists(catalogue, unitId, `unitIds.${index}`, '所选的上线单位不存在，请刷新单位名单。'));
}

function assertNumberFree(year: number, number: number, catalogue: PlanningCatalogue, except?: string): void {
  if (catalogue.takenNumbers.some((t) => t.year === year && t.number === number && t.episodeId !== except)) {
    throw refuse('DUPLICATE', `${year}年第${number}期已存在，请换一个期号。`, { field: 'number' });
  }
}

/**
 * Plan an episode (第N期). The year defaults to the broadcast date's year and the number to the
 * next free one in that year. Leaders are copied as they are today, so later edits of a person do
 * not rewrite who went on air.
 */
export function planEpisode(input: Omit<EpisodePlanInput, 'commandId' | 'feedback'> & { feedback?: boolean }, catalogue: PlanningCatalogue, ctx: RuleContext): Episode {
  const year = input.year ?? Number(input.date.slice(0, 4));
  const number = input.number ?? Math.max(0, ...catalogue.takenNumbers.filter((t) => t.year === year).map((t) => t.number)) + 1;
  assertNumberFree(year, number, catalogue);
  assertUnitsExist(input.unitIds, catalogue);
  const leaders = leadersFrom(input.leaderIds, catalogue);
  assertLeadersOfUnits(leaders, input.unitIds);
  return {
    id: ctx.newId(),
    year,
    number,
    date: input.date,
    slot: input.slot,
    theme: input.theme,
    host: input.host,
    unitIds: input.unitIds,
    leaders,
    status: 'planned',
    startedAt: null,
    endedAt: null,
    queue: [],
    onAirAppealId: null,
    nextAppealNo: 1,
    feedback: input.feedback ?? false,
    feedbackOnAir: null,
    version: 1,
  };
}

/**
 * Change an episode's plan. Before air everything may change (a leader on leave is replaced here);
 * once live or ended only the theme and host wording may be corrected, since the rest is history.
 */
export function updateEpisode(state: EpisodeState, input: EpisodeUpdateInput, catalogue: PlanningCatalogue): Change[] {
  const episode = state.episode;
  if (episode.version !== input.expectedVersion) throw refuse('CONFLICT', undefined, { fresh: episode });
  const { leaderIds, ...rest } = input.patch;
  if (episode.status !== 'planned') {
    const locked = Object.keys(input.patch).find((key) => key !== 'theme' && key !== 'host');
    if (locked) throw refuse('ILLEGAL_TRANSITION', '节目开播后只能修改主题和主持人。', { field: `patch.${locked}` });
  }
  if (rest.unitIds) assertUnitsExist(rest.unitIds, catalogue);
  const next: Episode = {
    ...episode,
    ...rest,
    ...(leaderIds ? { leaders: leadersFrom(leaderIds, catalogue) } : {}),
    version: episode.version + 1,
  };
  if (leaderIds || rest.unitIds) assertLeadersOfUnits(next.leaders, next.unitIds);
  return [{ type: 'episode.updated', episode: next }];
}

/** Go on air: planned → live. */
export function startEpisode(state: EpisodeState, ctx: RuleContext): Change[] {
  const { episode } = state;
  if (episode.status === 'live') throw refuse('EPISODE_ALREADY_LIVE');
  if (episode.status === 'ended') throw refuse('EPISODE_ENDED');
  return [{ type: 'episode.started', episode: { ...episode, status: 'live', startedAt: ctx.now, version: episode.version + 1 } }];
}

/**
 * End the broadcast: live → ended. Every appeal still received, queued or on air is handed to
 * supervision first, then the episode closes; from then on received = answered on air + supervised.
 */
export function endEpisode(state: EpisodeState, ctx: RuleContext): Change[] {
  if (state.episode.status === 'ended') throw refuse('EPISODE_ENDED');
  if (state.episode.status !== 'live') throw refuse('EPISODE_NOT_LIVE');
  const handOvers = handOverUnsettled(state, ctx);
  const last = handOvers.length ? handOvers[handOvers.length - 1].episode! : state.episode;
  const ended: Episode = { ...last, status: 'ended', endedAt: ctx.now, queue: [], onAirAppealId: null, feedbackOnAir: null, version: last.version + 1 };
  return [...handOvers, { type: 'episode.ended', episode: ended }];
}

/** Operator → leader panel note. Allowed before and during the show. */
export function sendMessage(state: EpisodeState, input: Omit<MessageSendInput, 'commandId'>, sentBy: string, ctx: RuleContext): Change[] {
  if (state.episode.status === 'ended') throw refuse('EPISODE_ENDED');
  if (input.appealId && !state.appeals[input.appealId]) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
  const message: StudioMessage = {
    id: ctx.newId(),
    text: input.text,
    appealId: input.appealId,
    sentAt: ctx.now,
    sentBy,
    readAt: null,
    readBy: null,
  };
  return [{ type: 'message.sent', message }];
}

/** The leader has read a message: the read receipt. Reading twice changes nothing. Allowed after the end too. */
export function markMessageRead(state: EpisodeState, input: Omit<MessageMarkReadInput, 'commandId'>, readBy: string, ctx: RuleContext): Change[] {
  const message = state.messages[input.messageId];
  if (!message) throw refuse('NOT_FOUND', '找不到这条消息。', { field: 'messageId' });
  if (message.readAt) return [];
  return [{ type: 'message.read', message: { ...message, readAt: ctx.now, readBy } }];
}
