/**
 * A year's official holiday schedule brought in by the admin, for the years the `chinese-days`
 * data does not cover yet. The State Council publishes it each autumn as 「国务院办公厅关于20XX年部分
 * 节假日安排的通知」, whose sentences follow a fixed form:
 *
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *   一、元旦：1月1日（周五）放假，与周末连休。
 *
 * The same schedule may come as a CSV (date, 休/班, name) or an ICS calendar (all-day events whose
 * summary says 班 for a make-up working day). Whatever the source, the result is shown to the admin
 * for review before it applies; every line that cannot be read is reported with its line number.
 */

export type ScheduledDayType = 'off' | 'work';

export interface ScheduledDay {
  date: string;
  dayType: ScheduledDayType;
  /** The holiday it belongs to (春节), for a make-up working day too. */
  name: string;
}

export type ScheduleSource = 'notice' | 'csv' | 'ics';

export interface ParsedSchedule {
  year: number | null;
  days: ScheduledDay[];
  /** Lines that could not be read or do not add up, in Chinese, with their line numbers. */
  problems: string[];
}

/** A schedule the admin applied: what it says and where it came from. */
export interface ImportedSchedule {
  year: number;
  source: ScheduleSource;
  days: ScheduledDay[];
  importedAt: string;
  importedBy: string;
}

export type ImportedSchedules = Record<string, ImportedSchedule>;

/** At most this many dates in one year's schedule: seven holidays of at most nine days, and their make-up days. */
export const MAX_SCHEDULED_DAYS = 80;

const FULL_WIDTH_DIGITS = /[０-９]/g;
const NUMBER_WORDS = '一二三四五六七八九十';

function normalise(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGITS, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/:/g, '：')
    .replace(/\r/g, '');
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && out.length <= 31; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** 「（周六）」「（农历腊月二十八、周日）」: asides that the notice puts after a date. */
const ASIDE = '(?:（[^）]*）)?';
const RANGE = new RegExp(`(\\d{1,2})月(\\d{1,2})日${ASIDE}至(?:(\\d{1,2})月)?(\\d{1,2})日${ASIDE}`);
const SINGLE = new RegExp(`(\\d{1,2})月(\\d{1,2})日${ASIDE}`, 'g');
const HOLIDAY_LINE = new RegExp(`^\\s*(?:[${NUMBER_WORDS}]+[、.．]\\s*)?([^：\\s]{2,8})：(.*)$`);
const TITLE_YEAR = /(\d{4})年(?:部分)?节假日安排/;

/** Read a pasted State Council notice (the whole text, title optional when `year` is given). */
export function parseHolidayNotice(text: string, year?: number): ParsedSchedule {
  const lines = normalise(text).split('\n');
  const problems: string[] = [];
  const titleYear = TITLE_YEAR.exec(normalise(text));
  const theYear = year ?? (titleYear ? Number(titleYear[1]) : null);
  if (!theYear) return { year: null, days: [], problems: ['没有找到年份：请粘贴含「关于20XX年部分节假日安排的通知」标题的全文，或先选择年份。'] };
  const days: ScheduledDay[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const match = HOLIDAY_LINE.exec(line);
    if (!match || !/月\d{1,2}日/.test(match[2])) return;
    const lineNo = index + 1;
    const name = match[1];
    // The sentence about days off ends at 「放假」; what follows names the make-up working days.
    const [offPart, ...rest] = match[2].split(/放假/);
    if (!rest.length) {
      problems.push(`第 ${lineNo} 行（${name}）没有「放假」二字，读不出放假日期。`);
      return;
    }
    const offDays: string[] = [];
    const range = RANGE.exec(offPart);
    if (range) {
      const from = isoDate(theYear, Number(range[1]), Number(range[2]));
      const to = isoDate(theYear, Number(range[3] ?? range[1]), Number(range[4]));
      if (!from || !to || to < from) problems.push(`第 ${lineNo} 行（${name}）的放假起止日期不成立。`);
      else offDays.push(...daysFrom(from, to));
    } else {
      for (const single of offPart.matchAll(SINGLE)) {
        const date = isoDate(theYear, Number(single[1]), Number(single[2]));
        if (date) offDays.push(date);
        else problems.push(`第 ${lineNo} 行（${name}）有不存在的日期 ${single[1]}月${single[2]}日。`);
      }
    }
    const total = /共(\d{1,2})天/.exec(match[2]);
    if (total && offDays.length && Number(total[1]) !== offDays.length) {
      problems.push(`第 ${lineNo} 行（${name}）写「共${total[1]}天」，日期却有 ${offDays.length} 天，请核对。`);
    }
    for (const date of offDays) days.push({ date, dayType: 'off', name });
    const after = rest.join('放假');
    for (const sentence of after.split(/[。；;]/)) {
      if (!sentence.includes('上班')) continue;
      for (const single of sentence.matchAll(SINGLE)) {
        const date = isoDate(theYear, Number(single[1]), Number(single[2]));
        if (date) days.push({ date, dayType: 'work', name });
        else problems.push(`第 ${lineNo} 行（${name}）有不存在的上班日期 ${single[1]}月${single[2]}日。`);
      }
    }
  });
  if (!days.length && !problems.length) problems.push('没有读到任何「××节：×月×日…放假」的句子：请粘贴通知正文。');
  return finish(theYear, days, problems);
}

const CSV_TYPES: Record<string, ScheduledDayType> = { 休: 'off', 假: 'off', 放假: 'off', off: 'off', holiday: 'off', 班: 'work', 上班: 'work', 补班: 'work', work: 'work', workday: 'work' };

/** Read a CSV of `date,type,name` (type 休/班 or off/work); a header line is skipped. */
export function parseScheduleCsv(text: string, year?: number): ParsedSchedule {
  const days: ScheduledDay[] = [];
  const problems: string[] = [];
  normalise(text)
    .split('\n')
    .forEach((raw, index) => {
      const line = raw.trim();
      if (!line) return;
      const [dateText = '', typeText = '', name = ''] = line.split(/[,，\t]/).map((cell) => cell.trim().replace(/^"|"$/g, ''));
      const date = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(dateText);
      if (!date) {
        if (index > 0) problems.push(`第 ${index + 1} 行：「${dateText}」不是日期（写成 2027-01-01）。`);
        return;
      }
      const iso = isoDate(Number(date[1]), Number(date[2]), Number(date[3]));
      const dayType = CSV_TYPES[typeText.toLowerCase()];
      if (!iso) problems.push(`第 ${index + 1} 行：${dateText} 这一天不存在。`);
      else if (!dayType) problems.push(`第 ${index + 1} 行：类型「${typeText}」应为「休」或「班」。`);
      else days.push({ date: iso, dayType, name: name || (dayType === 'off' ? '放假' : '调休上班') });
    });
  return finish(year ?? yearOf(days), days, problems);
}

/** Read an ICS calendar: every all-day event is a day off, or a working day when its summary says 班. */
export function parseScheduleIcs(text: string, year?: number): ParsedSchedule {
  const days: ScheduledDay[] = [];
  const problems: string[] = [];
  // Long lines are folded with a leading space (RFC 5545 §3.1).
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  const events = unfolded.split(/BEGIN:VEVENT/).slice(1);
  events.forEach((block, index) => {
    const field = (name: string) => new RegExp(`^${name}(?:;[^:\\n]*)?:(.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
    const start = /^(\d{4})(\d{2})(\d{2})/.exec(field('DTSTART'));
    const end = /^(\d{4})(\d{2})(\d{2})/.exec(field('DTEND'));
    const summary = field('SUMMARY').replace(/\\,/g, ',');
    if (!start) return void problems.push(`第 ${index + 1} 个日程没有可读的开始日期（DTSTART）。`);
    const from = isoDate(Number(start[1]), Number(start[2]), Number(start[3]));
    // DTEND of an all-day event is the day after the last one.
    const endExclusive = end ? isoDate(Number(end[1]), Number(end[2]), Number(end[3])) : null;
    if (!from) return void problems.push(`第 ${index + 1} 个日程的开始日期不存在。`);
    const to = endExclusive && endExclusive > from ? new Date(Date.parse(`${endExclusive}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : from;
    const dayType: ScheduledDayType = /班/.test(summary) ? 'work' : 'off';
    const name = summary.replace(/[（(]?(?:补班|上班|调休|休息?|假期?|放假)[）)]?|第\s*\d+\s*天.*$|\s+/g, '').trim() || (dayType === 'off' ? '放假' : '调休上班');
    for (const date of daysFrom(from, to)) days.push({ date, dayType, name });
  });
  if (!events.length) problems.push('文件里没有日程（BEGIN:VEVENT）：请上传节假日的 ICS 日历。');
  return finish(year ?? yearOf(days), days, problems);
}

function yearOf(days: ScheduledDay[]): number | null {
  const counts = new Map<number, number>();
  for (const day of days) counts.set(Number(day.date.slice(0, 4)), (counts.get(Number(day.date.slice(0, 4))) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Order the days, keep the year's own, and name every conflict. */
function finish(year: number | null, days: ScheduledDay[], problems: string[]): ParsedSchedule {
  const byDate = new Map<string, ScheduledDay>();
  for (const day of days) {
    if (year && !day.date.startsWith(`${year}-`)) {
      problems.push(`${day.date} 不在 ${year} 年，未采用。`);
      continue;
    }
    const seen = byDate.get(day.date);
    if (seen && seen.dayType !== day.dayType) problems.push(`${day.date} 既写作放假（${seen.dayType === 'off' ? seen.name : day.name}）又写作上班，请核对。`);
    if (!seen) byDate.set(day.date, day);
  }
  const ordered = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  if (ordered.length > MAX_SCHEDULED_DAYS) problems.push(`读到 ${ordered.length} 个日期，一年的节假日安排不会超过 ${MAX_SCHEDULED_DAYS} 个，请核对文件。`);
  return { year, days: ordered, problems };
}

/** The dates the schedules decide, as calendar overrides; the admin's single-date corrections go on top. */
export function scheduledOverrides(schedules: ImportedSchedules | undefined): Record<string, ScheduledDayType> {
  const out: Record<string, ScheduledDayType> = {};
  for (const schedule of Object.values(schedules ?? {})) for (const day of schedule.days) out[day.date] = day.dayType;
  return out;
}
