import { appealRating, formatRate, SATISFACTION_DEFINITION, type SatisfactionSummary } from './satisfaction';
import type { Appeal } from './types';

/**
 * 解决: when an appeal counts as resolved (着力解决…诉求N件 in the Xuzhou report), and the two
 * definitions of 群众诉求办理满意率 a centre may print.
 *
 * An appeal taken during an episode (invalid calls are never counted) is resolved when
 *  - it was answered on air (现场回应) and the citizen did not rate the handling 不满意 on a callback
 *    (the leader's live answer stands unless the citizen, called back, says it did not settle it); or
 *  - it was supervised after the broadcast (直播后督办) and is closed (已办结), and its final rating is
 *    not 不满意. Closing already needs the unit's reply and a callback rated 满意 / 基本满意, or three
 *    unanswered callbacks with the reason written down (supervisionRules.closeItem): such an item
 *    counts as resolved unless an earlier callback left 不满意 as the last rating on record.
 * Not resolved: a supervised item still with the unit or awaiting its callback, and anything whose
 * latest valid rating is 不满意. Still waiting, queued or on air (a live episode): not yet resolved.
 */
export const RESOLVED_DEFINITION =
  '解决：现场回应的诉求，回访未评价“不满意”；直播后督办的诉求，已办结且最后一次有效评价不是“不满意”（联系不上市民、回访3次后写明原因办结的，按已办结计）。办理中、待回访的不计入；无效来电不计入。';

/** Whether one (valid) appeal counts as resolved; see RESOLVED_DEFINITION. */
export function isResolved(appeal: Pick<Appeal, 'status' | 'supervision' | 'onAirCallbacks'>): boolean {
  const rating = appealRating(appeal);
  if (appeal.status === 'answered_on_air') return rating !== 'unsatisfied';
  if (appeal.status === 'supervised') return appeal.supervision?.status === 'closed' && rating !== 'unsatisfied';
  return false;
}

/** Which 群众诉求办理满意率 a report prints: rated on callbacks (the default), or resolved ÷ accepted (Xuzhou 2025). */
export const SATISFACTION_BASES = ['callback', 'resolved'] as const;
export type SatisfactionBasis = (typeof SATISFACTION_BASES)[number];

/** Short names, for a choice on screen and in the CLI's help. */
export const SATISFACTION_BASIS_NAMES: Record<SatisfactionBasis, string> = {
  callback: '回访评价口径：（满意 + 基本满意）÷ 有效评价的回访数',
  resolved: '诉求解决口径：解决的诉求数 ÷ 受理的诉求数',
};

export const RESOLVED_RATE_DEFINITION = `满意率 = 解决的诉求数 ÷ 受理的诉求数（上线期间收到的全部有效诉求，现场回应和直播后督办都在内）。${RESOLVED_DEFINITION}`;

/** The definition printed next to the figure, for each basis. */
export const SATISFACTION_DEFINITIONS: Record<SatisfactionBasis, string> = {
  callback: SATISFACTION_DEFINITION,
  resolved: RESOLVED_RATE_DEFINITION,
};

/** The figure a report prints, with what it was computed from and its definition. */
export interface SatisfactionFigure {
  basis: SatisfactionBasis;
  /** 0–1, or null when there is nothing to divide by. */
  rate: number | null;
  numerator: number;
  denominator: number;
  /** What the numerator and denominator are, for the note under a table: 有效评价 12401 件… */
  counted: string;
  definition: string;
}

/** What a period's satisfaction figure needs from its rollup. */
export interface SatisfactionInputs {
  satisfaction: SatisfactionSummary;
  resolved: number;
  received: number;
}

/** The satisfaction figure of a period on the chosen basis. */
export function satisfactionFigure(totals: SatisfactionInputs, basis: SatisfactionBasis): SatisfactionFigure {
  if (basis === 'resolved') {
    return {
      basis,
      rate: resolutionRate(totals.resolved, totals.received),
      numerator: totals.resolved,
      denominator: totals.received,
      counted: `解决 ${totals.resolved} 件，受理 ${totals.received} 件`,
      definition: SATISFACTION_DEFINITIONS.resolved,
    };
  }
  const { satisfied, basicallySatisfied, rated, rate } = totals.satisfaction;
  return { basis, rate, numerator: satisfied + basicallySatisfied, denominator: rated, counted: `有效评价 ${rated} 件`, definition: SATISFACTION_DEFINITIONS.callback };
}

/** Resolved ÷ accepted, or null when nothing was accepted. */
export function resolutionRate(resolved: number, received: number): number | null {
  return received > 0 ? resolved / received : null;
}

/** A rate with two decimals, as the report's sentence prints it (98.60%); — for null. */
export function formatRate2(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(Number((rate * 10000).toPrecision(12))) / 100).toFixed(2)}%`;
}

export { formatRate };
