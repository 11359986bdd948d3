import type { Appeal } from './types';

/*
 * 现场回应回访: which appeals answered on air the follow-up desk still has to call back, and in which
 * order it sees them. The desk records the call with `appeal:callBack` (supervisionRules.recordOnAirCallback);
 * this is the list it works from (`appeal:callBackList`).
 */

/** At most this many rows in one answer; the desk narrows by episode or dates to reach the rest. */
export const ON_AIR_CALLBACK_LIST_CAP = 100;

/** 待回访 (no callback has reached the citizen yet) or 全部 (every appeal answered on air). */
export const ON_AIR_CALLBACK_FILTERS = ['awaiting', 'all'] as const;
export type OnAirCallbackFilter = (typeof ON_AIR_CALLBACK_FILTERS)[number];

export interface OnAirCallbackQuery {
  status: OnAirCallbackFilter;
  /** One episode only. */
  episodeId?: string;
  /** Broadcast dates (YYYY-MM-DD, China time), both ends included. */
  from?: string;
  to?: string;
}

type OnAirFields = Pick<Appeal, 'status' | 'supervision' | 'onAirCallbacks'>;

/** Answered on air and never handed to supervision: what `appeal:callBack` accepts. */
export function isAnsweredOnAir(appeal: Pick<Appeal, 'status' | 'supervision'>): boolean {
  return appeal.status === 'answered_on_air' && !appeal.supervision;
}

/**
 * Still to be called back: answered on air, and no callback has reached the citizen yet. Calls that
 * found nobody (`unreachable`) leave it waiting; the first that reached the citizen (with a rating)
 * settles it, as `recordOnAirCallback` refuses a second one.
 */
export function awaitsOnAirCallback(appeal: OnAirFields): boolean {
  return isAnsweredOnAir(appeal) && !(appeal.onAirCallbacks ?? []).some((c) => c.outcome === 'reached');
}

/** When the leader answered it: the settling time, else when it went on air, else when it came in. */
export function answeredAt(appeal: Pick<Appeal, 'settledAt' | 'onAirAt' | 'receivedAt'>): string {
  return appeal.settledAt ?? appeal.onAirAt ?? appeal.receivedAt;
}

export interface OnAirCandidate {
  episode: { id: string; date: string };
  appeal: Appeal;
}

export interface OnAirSelection<T extends OnAirCandidate> {
  /** The rows to show, newest answer first, at most `cap`. */
  rows: T[];
  /** Rows matching the query before the cap: more than `rows.length` means the list was cut. */
  total: number;
  /** Appeals still awaiting a callback in the scope (episode and dates), whatever the status filter. */
  awaiting: number;
  /** Appeals answered on air in the scope. */
  answered: number;
}

function inScope(candidate: OnAirCandidate, query: OnAirCallbackQuery): boolean {
  if (query.episodeId !== undefined && candidate.episode.id !== query.episodeId) return false;
  if (query.from !== undefined && candidate.episode.date < query.from) return false;
  if (query.to !== undefined && candidate.episode.date > query.to) return false;
  return true;
}

/** Newest answer first; the same minute by broadcast date, then by number within the episode, highest first. */
function newestFirst(a: OnAirCandidate, b: OnAirCandidate): number {
  return answeredAt(b.appeal).localeCompare(answeredAt(a.appeal)) || b.episode.date.localeCompare(a.episode.date) || b.appeal.no - a.appeal.no || a.appeal.id.localeCompare(b.appeal.id);
}

/**
 * The desk's list of appeals answered on air: those in scope (episode, broadcast dates), narrowed to
 * the ones awaiting a callback unless `all` is asked for, newest answer first, cut at `cap`. Appeals
 * not answered on air (supervised, invalid, still in the studio) are never listed.
 */
export function selectOnAirCallbacks<T extends OnAirCandidate>(candidates: Iterable<T>, query: OnAirCallbackQuery, cap = ON_AIR_CALLBACK_LIST_CAP): OnAirSelection<T> {
  const matching: T[] = [];
  let awaiting = 0;
  let answered = 0;
  for (const candidate of candidates) {
    if (!isAnsweredOnAir(candidate.appeal) || !inScope(candidate, query)) continue;
    answered++;
    const waits = awaitsOnAirCallback(candidate.appeal);
    if (waits) awaiting++;
    if (query.status === 'awaiting' && !waits) continue;
    matching.push(candidate);
  }
  matching.sort(newestFirst);
  return { rows: matching.slice(0, Math.max(0, cap)), total: matching.length, awaiting, answered };
}
