import { describe, expect, it } from 'vitest';
import { parseHolidayNotice, parseScheduleCsv, parseScheduleIcs, scheduledOverrides, type ImportedSchedule } from '../../shared/domain/holidaySchedule';
import { calendarCoverageGap, workCalendar } from '../../shared/domain/workCalendar';

/** A notice for 2027 written in the State Council's fixed form (the real one is published in autumn 2026). */
const NOTICE_2027 = `国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕7号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历腊月二十九、周五）至13日（农历正月初七、周六）放假调休，共9天。1月31日（周日）、2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2026年11月12日`;

const imported = (days: ImportedSchedule['days']): Record<string, ImportedSchedule> => ({
  '2027': { year: 2027, source: 'notice', days, importedAt: '2026-12-03T02:00:00.000Z', importedBy: '管理员' },
});

describe('a pasted State Council notice', () => {
  const parsed = parseHolidayNotice(NOTICE_2027);

  it('reads the year from its title and every holiday and make-up working day', () => {
    expect(parsed.problems).toEqual([]);
    expect(parsed.year).toBe(2027);
    const off = parsed.days.filter((d) => d.dayType === 'off');
    const work = parsed.days.filter((d) => d.dayType === 'work');
    expect(off).toHaveLength(3 + 9 + 3 + 5 + 1 + 1 + 7);
    expect(work.map((d) => `${d.date} ${d.name}`)).toEqual([
      '2027-01-31 春节',
      '2027-02-20 春节',
      '2027-04-25 劳动节',
      '2027-05-08 劳动节',
      '2027-09-26 国庆节',
      '2027-10-09 国庆节',
    ]);
    expect(off.filter((d) => d.name === '春节').map((d) => d.date)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13']);
  });

  it('makes deadlines skip the Spring Festival and count the make-up Sunday', () => {
    const calendar = workCalendar(scheduledOverrides(imported(parsed.days)));
    expect(calendar.isWorkday('2027-02-08')).toBe(false); // a Monday inside the festival
    expect(calendar.isWorkday('2027-01-31')).toBe(true); // a Sunday worked in exchange
    expect(calendar.addWorkdays('2027-02-04', 1)).toBe('2027-02-15');
    expect(calendar.addWorkdays('2027-09-30', 1)).toBe('2027-10-08');
    // Without the schedule, 2027's festival would be counted as five working days.
    expect(workCalendar().addWorkdays('2027-02-04', 1)).toBe('2027-02-05');
  });

  it('reads a holiday that runs into the next month and a single day named without a range', () => {
    const result = parseHolidayNotice('四、劳动节：4月30日（周五）至5月4日（周二）放假调休，共5天。4月25日（周日）上班。\n五、端午节：6月9日（周三）放假，与周末不连休。', 2027);
    expect(result.problems).toEqual([]);
    expect(result.days.filter((d) => d.dayType === 'off').map((d) => d.date)).toEqual(['2027-04-30', '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04', '2027-06-09']);
  });

  it('names the line whose 共N天 does not match its dates, and a date that does not exist', () => {
    const result = parseHolidayNotice('一、元旦：1月1日（周五）至3日（周日）放假，共4天。\n二、春节：2月30日放假。', 2027);
    expect(result.problems).toEqual(['第 1 行（元旦）写「共4天」，日期却有 3 天，请核对。', '第 2 行（春节）有不存在的日期 2月30日。']);
  });

  it('asks for the year when the title is missing and none is chosen', () => {
    expect(parseHolidayNotice('一、元旦：1月1日放假。').problems[0]).toContain('没有找到年份');
  });

  it('says so when nothing in the text reads as a holiday sentence', () => {
    expect(parseHolidayNotice('今天天气很好', 2027).problems[0]).toContain('没有读到');
  });
});

describe('a schedule as CSV or ICS', () => {
  it('reads date, 休/班 and name, skipping a header, and names the bad lines', () => {
    const result = parseScheduleCsv('日期,类型,名称\n2027-02-05,休,春节\n2027/1/31,班,春节\n2027-02-30,休,春节\n2027-03-01,假日,x');
    expect(result.year).toBe(2027);
    expect(result.days).toEqual([
      { date: '2027-01-31', dayType: 'work', name: '春节' },
      { date: '2027-02-05', dayType: 'off', name: '春节' },
    ]);
    expect(result.problems).toEqual(['第 4 行：2027-02-30 这一天不存在。', '第 5 行：类型「假日」应为「休」或「班」。']);
  });

  it('reads all-day events, DTEND exclusive, and a summary with 班 as a working day', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270205',
      'DTEND;VALUE=DATE:20270208',
      'SUMMARY:春节 假期',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20270131',
      'DTEND;VALUE=DATE:20270201',
      'SUMMARY:春节 补班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const result = parseScheduleIcs(ics);
    expect(result.problems).toEqual([]);
    expect(result.days).toEqual([
      { date: '2027-01-31', dayType: 'work', name: '春节' },
      { date: '2027-02-05', dayType: 'off', name: '春节' },
      { date: '2027-02-06', dayType: 'off', name: '春节' },
      { date: '2027-02-07', dayType: 'off', name: '春节' },
    ]);
  });

  it('refuses a date that is both a holiday and a working day, and one of another year', () => {
    const result = parseScheduleCsv('2027-02-05,休,春节\n2027-02-05,班,春节\n2028-01-01,休,元旦');
    expect(result.problems).toEqual(['2027-02-05 既写作放假（春节）又写作上班，请核对。', '2028-01-01 不在 2027 年，未采用。']);
  });
});

describe('the calendar coverage warning', () => {
  it('is silent in October, warns about next year from 1 November, and about this year once it has begun', () => {
    expect(calendarCoverageGap('2026-10-31', [])).toBeNull();
    expect(calendarCoverageGap('2026-11-01', [])).toEqual({ year: 2027, started: false });
    expect(calendarCoverageGap('2026-12-03', ['2027'])).toBeNull();
    expect(calendarCoverageGap('2027-01-01', [])).toEqual({ year: 2027, started: true });
    expect(calendarCoverageGap('2027-03-01', [2027])).toBeNull();
  });

  it('an admin’s single-date correction still wins over a brought-in schedule', () => {
    const overrides = { ...scheduledOverrides(imported([{ date: '2027-02-08', dayType: 'off', name: '春节' }])), '2027-02-08': 'work' as const };
    expect(workCalendar(overrides).isWorkday('2027-02-08')).toBe(true);
  });
});
