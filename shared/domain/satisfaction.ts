import type { Appeal, Callback, Rating, Supervision } from './types';

/** Said next to every satisfaction figure, as the annual reports do. */
export const SATISFACTION_DEFINITION = '满意率 =（满意 + 基本满意）÷ 有效评价的回访数；同一诉求以最后一次有效评价为准，联系不上的回访不计入。';

/** zh-CN names of ratings. */
export const RATING_NAMES: Record<Rating, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };

/** The rating that counts for an item: the latest callback that reached the citizen (a reopened item's later rating replaces the earlier one). */
export function finalRating(supervision: Supervision | null | undefined): Rating | null {
  return supervision ? latestRating(supervision.callbacks) : null;
}

/** The rating of the latest callback in the list that reached the citizen, or null. */
export function latestRating(callbacks: readonly Callback[] | undefined): Rating | null {
  for (let i = (callbacks?.length ?? 0) - 1; i >= 0; i--) {
    const callback = callbacks![i];
    if (callback.outcome === 'reached' && callback.rating) return callback.rating;
  }
  return null;
}

/**
 * The rating that counts for any appeal: a supervised item's `finalRating`, or for an appeal answered
 * on air the latest rated callback made on it (回访 of on-air answers); null when never rated.
 */
export function appealRating(appeal: Pick<Appeal, 'supervision' | 'onAirCallbacks'>): Rating | null {
  return appeal.supervision ? finalRating(appeal.supervision) : latestRating(appeal.onAirCallbacks);
}

export interface SatisfactionSummary {
  satisfied: number;
  basicallySatisfied: number;
  unsatisfied: number;
  /** Items with a valid rating: the denominator. */
  rated: number;
  /** (满意 + 基本满意) / rated, or null when nothing was rated. */
  rate: number | null;
}

/** Satisfaction over any set of items: one item, a unit, an episode, a period. */
export function summarizeSatisfaction(items: Iterable<Supervision | null | undefined>): SatisfactionSummary {
  const ratings: Array<Rating | null> = [];
  for (const item of items) ratings.push(finalRating(item));
  return summarizeRatings(ratings);
}

/** Satisfaction over final ratings already taken from their items (null: no valid rating, not counted). */
export function summarizeRatings(ratings: Iterable<Rating | null>): SatisfactionSummary {
  const summary: SatisfactionSummary = { satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, rated: 0, rate: null };
  for (const rating of ratings) {
    if (!rating) continue;
    summary.rated++;
    if (rating === 'satisfied') summary.satisfied++;
    else if (rating === 'basically_satisfied') summary.basicallySatisfied++;
    else summary.unsatisfied++;
  }
  summary.rate = summary.rated ? (summary.satisfied + summary.basicallySatisfied) / summary.rated : null;
  return summary;
}

/** 98.6% (one decimal, as the reports print it), or — when nothing was rated. */
export function formatRate(rate: number | null): string {
  // toPrecision first: 201/400 is 0.50249999… in binary and must still print 50.3%.
  return rate === null ? '—' : `${(Math.round(Number((rate * 1000).toPrecision(12))) / 10).toFixed(1)}%`;
}
