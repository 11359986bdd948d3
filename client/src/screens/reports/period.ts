import { monthPeriod, quarterPeriod, yearPeriod, type Period } from '../../../../shared/domain/rollups';
import { chinaDate } from '../../../../shared/domain/workCalendar';
import { reportsStrings as t } from './strings';

export type PeriodKind = 'year' | 'quarter' | 'month' | 'range';
export const PERIOD_KINDS: readonly PeriodKind[] = ['year', 'quarter', 'month', 'range'];

/** What the picker holds: every field is kept while switching kinds, so going back restores it. */
export interface PeriodChoice {
  kind: PeriodKind;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  month: number;
  from: string;
  to: string;
}

/** Today in China (the programme's calendar), whatever the computer's time zone. */
export function todayInChina(now = new Date()): string {
  return chinaDate(now);
}

export function currentYearInChina(now = new Date()): number {
  return Number(todayInChina(now).slice(0, 4));
}

/** The default: the current year in China, whole. */
export function defaultChoice(now = new Date()): PeriodChoice {
  const today = todayInChina(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return { kind: 'year', year, quarter: (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4, month, from: `${year}-01-01`, to: today };
}

/** The date range of a choice, or null when a custom range is incomplete or backwards. */
export function periodOf(choice: PeriodChoice): Period | null {
  switch (choice.kind) {
    case 'year':
      return yearPeriod(choice.year);
    case 'quarter':
      return quarterPeriod(choice.year, choice.quarter);
    case 'month':
      return monthPeriod(choice.year, choice.month);
    case 'range':
      return choice.from && choice.to && choice.from <= choice.to ? { from: choice.from, to: choice.to } : null;
  }
}

/** The year a period covers whole (1 January to 31 December), or null. */
export function wholeYearOf(period: Period): number | null {
  const year = period.from.slice(0, 4);
  return period.from === `${year}-01-01` && period.to === `${year}-12-31` ? Number(year) : null;
}

/** How a period is named on the screen and in print. */
export function periodLabel(choice: PeriodChoice, period: Period): string {
  switch (choice.kind) {
    case 'year':
      return t.wholeYear(choice.year);
    case 'quarter':
      return `${t.yearOption(choice.year)}${t.quarterOption(choice.quarter)}`;
    case 'month':
      return `${t.yearOption(choice.year)}${t.monthOption(choice.month)}`;
    case 'range': {
      const whole = wholeYearOf(period);
      return whole ? t.wholeYear(whole) : t.periodTitle(period.from, period.to);
    }
  }
}
