import { refuse } from './errors';
import type { Change, EpisodeState } from './episodeState';
import { displayCallerName } from './masking';
import { finalRating } from './satisfaction';
import type { Appeal, Episode, FeedbackReport } from './types';

/** The follow-up report of a supervised item as the studio shows it; no phone, no full name. */
export function feedbackReportOf(appeal: Appeal, source: Episode, now: string): FeedbackReport {
  const supervision = appeal.supervision!;
  return {
    sourceEpisode: { id: source.id, year: source.year, number: source.number, date: source.date },
    appealId: appeal.id,
    no: appeal.no,
    callerName: displayCallerName(appeal.caller),
    area: appeal.area,
    category: appeal.category,
    summary: appeal.summary,
    unitId: supervision.unitId,
    reply: supervision.replies.at(-1)?.text ?? null,
    status: supervision.status,
    rating: finalRating(supervision),
    closedAt: supervision.closedAt,
    onAirAt: now,
  };
}

/**
 * Put an earlier episode's supervised item on air in a feedback episode (回访节目). Only in a live
 * feedback episode, only when no call is on air, and only for an item from another episode.
 */
export function putFeedbackOnAir(state: EpisodeState, source: { episode: Episode; appeal: Appeal | undefined }, now: string): Change[] {
  const { episode } = state;
  if (!episode.feedback) throw refuse('ILLEGAL_TRANSITION', '本期不是回访节目，不能播出回访报道。');
  if (episode.status === 'ended') throw refuse('EPISODE_ENDED');
  if (episode.status !== 'live') throw refuse('EPISODE_NOT_LIVE');
  if (episode.onAirAppealId) throw refuse('ANOTHER_ON_AIR', '有来电正在播出，请先处理完当前诉求再播出回访报道。');
  const appeal = source.appeal;
  if (!appeal) throw refuse('APPEAL_NOT_FOUND', undefined, { field: 'appealId' });
  if (appeal.episodeId === episode.id) throw refuse('ILLEGAL_TRANSITION', '回访报道只能播出以往节目的督办事项。');
  if (!appeal.supervision) throw refuse('ILLEGAL_TRANSITION', '这条诉求不在直播后督办中，没有可报道的办理结果。');
  const report = feedbackReportOf(appeal, source.episode, now);
  return [{ type: 'feedback.wentOnAir', episode: { ...episode, feedbackOnAir: report, version: episode.version + 1 } }];
}

/** Take the follow-up report off air. */
export function takeFeedbackOffAir(state: EpisodeState): Change[] {
  const { episode } = state;
  if (!episode.feedbackOnAir) throw refuse('ILLEGAL_TRANSITION', '当前没有回访报道在播出。');
  return [{ type: 'feedback.wentOffAir', episode: { ...episode, feedbackOnAir: null, version: episode.version + 1 } }];
}
