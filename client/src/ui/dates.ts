/**
 * A stored calendar date (YYYY-MM-DD, a broadcast date) as zh-CN text. The date is read as the
 * calendar date it is, never through the computer's time zone.
 */
export function calendarDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The day of the week of a stored calendar date: 0 is Sunday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
