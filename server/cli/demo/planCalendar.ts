import { nextDay, workCalendar } from '../../../shared/domain/workCalendar';

/** The plan's clock and working days: China time, and the official calendar the product itself uses. */

const MINUTE = 60_000;

/** Milliseconds of a China-time wall clock moment (UTC+8, no daylight saving). */
export function chinaTime(date: string, minutes: number): number {
  return Date.parse(`${date}T00:00:00+08:00`) + Math.round(minutes * MINUTE);
}

const calendar = workCalendar();

export function workdaysOf(year: number): string[] {
  const days: string[] = [];
  for (let day = `${year}-01-01`; day <= `${year}-12-31`; day = nextDay(day)) if (calendar.isWorkday(day)) days.push(day);
  return days;
}

export function addWorkdays(date: string, n: number): string {
  return calendar.addWorkdays(date, n);
}

export function workdaysBetween(from: string, to: string): number {
  return calendar.workdaysBetween(from, to);
}
