/**
 * The colour a satisfaction rate is shown in, so a bad figure never looks good: green only from
 * 90 % (the centre's published rates sit near 98 %), amber from 80 %, red below (0.0 % is red), and
 * plain while nothing is rated yet. Used by the follow-up desk, the unit view and the reports.
 */
export type SatisfactionTone = 'good' | 'fair' | 'poor' | 'none';

export const SATISFACTION_GOOD_FROM = 0.9;
export const SATISFACTION_FAIR_FROM = 0.8;

export function satisfactionTone(rate: number | null | undefined): SatisfactionTone {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return 'none';
  if (rate >= SATISFACTION_GOOD_FROM) return 'good';
  if (rate >= SATISFACTION_FAIR_FROM) return 'fair';
  return 'poor';
}
