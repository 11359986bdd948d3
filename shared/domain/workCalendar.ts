import chineseDays from 'chinese-days';
import { scheduledOverrides, type ImportedSchedules } from './holidaySchedule';

/**
 * Working days on the Chinese official calendar: weekends, public holidays and the make-up
 * workdays (调休) published each year by the State Council, from the maintained `chinese-days`
 * data. An admin can override a single date (a local closure, a late-published change).
 */
export type DayOverride = 'work' | 'off';
export type CalendarOverrides = Record<string, DayOverride>;

export interface WorkCalendar {
  isWorkday(date: string): boolean;
  /** The n-th working day after `date` (not counting `date` itself): where a deadline of n working days falls. */
  addWorkdays(date: string, n: number): string;
  /** Working days after `from` up to and including `to` (0 when `to` is not later). */
  workdaysBetween(from: string, to: string): number;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export function chinaDate(instant: string | Date): string {
  const time = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The next calendar day of a YYYY-MM-DD date. */
export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/**
 * Whether the official schedule of a year is in the calendar data: its 1 January is named as 元旦.
 * (Not "is 1 January a day off": in a year where it falls on a weekend it is off either way.)
 */
export function hasOfficialSchedule(year: number): boolean {
  return chineseDays.getDayDetail(`${year}-01-01`).name.includes('元旦');
}

/** The last year whose official holidays and make-up workdays the calendar knows. */
export function officialScheduleThrough(fromYear: number): number {
  let year = fromYear;
  while (hasOfficialSchedule(year + 1)) year++;
  return hasOfficialSchedule(year) ? year : year - 1;
}

/**
 * The centre's calendar, as the server counts deadlines and every screen shows them: the years of
 * holidays the admin brought in, then the admin's single-date corrections on top.
 */
export function centreCalendar(overrides: CalendarOverrides | undefined, years: ImportedSchedules | undefined): WorkCalendar {
  return workCalendar({ ...scheduledOverrides(years), ...(overrides ?? {}) });
}

/** A calendar with the given admin overrides on top of the official one. */
export function workCalendar(overrides: CalendarOverrides = {}): WorkCalendar {
  const isWorkday = (date: string): boolean => {
    const override = overrides[date];
    if (override) return override === 'work';
    // Beyond the published schedules only the fixed-date 元旦 is certain; the admin adds the rest once announced.
    if (date.endsWith('-01-01')) return false;
    return chineseDays.isWorkday(date);
  };
  return {
    isWorkday,
    addWorkdays(date, n) {
      let day = date;
      let left = n;
      while (left > 0) {
        day = nextDay(day);
        if (isWorkday(day)) left--;
      }
      return day;
    },
    workdaysBetween(from, to) {
      let count = 0;
      for (let day = nextDay(from); day <= to; day = nextDay(day)) if (isWorkday(day)) count++;
      return count;
    },
  };
}

/** Where the calendar's knowledge of holidays runs out, as the admin and the follow-up desk must be told. */
export interface CalendarCoverageGap {
  /** The year without an official schedule (neither in the library nor brought in by the admin). */
  year: number;
  /** True when that year has begun: deadlines are being counted through its holidays now. */
  started: boolean;
}

/** From 1 November: the year ahead must have its schedule; from 1 January, the year itself. */
export const WARN_FROM_MONTH = 11;

/**
 * The year whose official holidays are missing, or null. `scheduledYears` are the years the admin
 * brought in (holidaySchedule.ts). The State Council publishes the next year's schedule in autumn;
 * until it is in, a deadline in working days would count the Spring Festival as working days.
 */
export function calendarCoverageGap(today: string, scheduledYears: Iterable<string | number>): CalendarCoverageGap | null {
  const covered = new Set([...scheduledYears].map(Number));
  const year = Number(today.slice(0, 4));
  const known = (y: number) => covered.has(y) || hasOfficialSchedule(y);
  if (!known(year)) return { year, started: true };
  if (Number(today.slice(5, 7)) >= WARN_FROM_MONTH && !known(year + 1)) return { year: year + 1, started: false };
  return null;
}
