import { refuse } from './errors';
import type { Change, EpisodeState, WallHideReason, WallState } from './episodeState';
import { maskAppeal } from './masking';

export { WALL_HIDE_REASONS, type WallHideReason, type WallState } from './episodeState';

/**
 * The producer's control of the studio wall (issue 15 point 3). What reaches the wall is what the
 * producer chose: an emergency hide blanks the call on air, a follow-up report and the next calls at
 * once (the wall shows a neutral standby panel), and a show brings them back. The choice is an
 * episode event like any other: durable before the ack, in the audit trail, replayed on sync, so a
 * wall that reloads or reconnects comes back hidden.
 */

/** True while the wall must show the standby panel. An ended episode's wall shows its closing line (no caller is left on it). */
export function isWallHidden(state: Pick<EpisodeState, 'episode' | 'wall'>): boolean {
  return state.wall?.hidden === true && state.episode.status !== 'ended';
}

/**
 * Hide or show the wall. Refused on an ended episode (nothing is on air to hide), and when the wall
 * already is as asked: the producer who pressed second learns that someone else was first.
 */
export function setWallHidden(state: EpisodeState, input: { hidden: boolean; reason?: WallHideReason | null }, by: string, now: string): Change[] {
  if (state.episode.status === 'ended') throw refuse('EPISODE_ENDED');
  const hidden = state.wall?.hidden === true;
  if (input.hidden && hidden) throw refuse('ILLEGAL_TRANSITION', '大屏已经隐藏。', { field: 'hidden' });
  if (!input.hidden && !hidden) throw refuse('ILLEGAL_TRANSITION', '大屏没有隐藏，无需恢复。', { field: 'hidden' });
  const wall: WallState = { hidden: input.hidden, reason: input.hidden ? (input.reason ?? null) : null, at: now, by };
  return [{ type: input.hidden ? 'wall.hidden' : 'wall.shown', wall }];
}

/**
 * The state the wall will show once `appealId` goes on air, as the masked audience receives it:
 * every appeal masked (the wall never has the caller's full name or number), the call on air, the
 * queue without it, any follow-up report off the air, the counters as they are now. The operator console previews exactly this with
 * the wall's own components, before the call is put on air; the producer's hide still holds.
 * Returns null when the appeal is not in the episode.
 */
export function wallPreviewState(state: EpisodeState, appealId: string, now: string): EpisodeState | null {
  const appeal = state.appeals[appealId];
  if (!appeal) return null;
  const appeals: EpisodeState['appeals'] = {};
  for (const [id, a] of Object.entries(state.appeals)) appeals[id] = maskAppeal(a);
  // A call on air now will have ended by then, answered or handed over: which one is not known yet,
  // so the counters stay as they are now.
  appeals[appealId] = { ...appeals[appealId], status: 'on_air', onAirAt: appeal.onAirAt ?? now };
  return {
    ...state,
    appeals,
    episode: { ...state.episode, status: 'live', onAirAppealId: appealId, queue: state.episode.queue.filter((id) => id !== appealId), feedbackOnAir: null },
  };
}
