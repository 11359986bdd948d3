import { describe, expect, it } from 'vitest';
import { chinaDate, nextDay, workCalendar } from '../../shared/domain/workCalendar';

/**
 * The official arrangements (国务院办公厅 notices) this calendar must know, written out by hand so the
 * test does not trust the data it checks:
 * - 2025 春节: off 01-28 (Tue) … 02-04 (Tue); make-up workdays 01-26 (Sun) and 02-08 (Sat).
 * - 2025 国庆+中秋: off 10-01 (Wed) … 10-08 (Wed); make-up 09-28 (Sun) and 10-11 (Sat).
 * - 2026 春节: off 02-15 (Sun) … 02-23 (Mon); make-up 02-14 (Sat) and 02-28 (Sat).
 * - 2026 中秋: off 09-25 (Fri) … 09-27 (Sun), no make-up day.
 * - 2026 国庆: off 10-01 (Thu) … 10-07 (Wed); make-up 09-20 (Sun) and 10-10 (Sat).
 */
const HOLIDAYS = [
  { name: '2025 春节', off: ['2025-01-28', '2025-02-04'], makeUp: ['2025-01-26', '2025-02-08'], workBefore: '2025-01-27', workAfter: '2025-02-05' },
  { name: '2025 国庆中秋', off: ['2025-10-01', '2025-10-08'], makeUp: ['2025-09-28', '2025-10-11'], workBefore: '2025-09-30', workAfter: '2025-10-09' },
  { name: '2026 春节', off: ['2026-02-15', '2026-02-23'], makeUp: ['2026-02-14', '2026-02-28'], workBefore: '2026-02-13', workAfter: '2026-02-24' },
  { name: '2026 国庆', off: ['2026-10-01', '2026-10-07'], makeUp: ['2026-09-20', '2026-10-10'], workBefore: '2026-09-30', workAfter: '2026-10-08' },
] as const;

/** Every date from `from` to `to`, both included. */
function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let day = from; day <= to; day = nextDay(day)) out.push(day);
  return out;
}

const calendar = workCalendar();

describe('nextDay', () => {
  it.each([
    ['2025-01-27', '2025-01-28'],
    ['2025-01-31', '2025-02-01'],
    ['2025-02-28', '2025-03-01'],
    ['2028-02-28', '2028-02-29'],
    ['2028-02-29', '2028-03-01'],
    ['2025-12-31', '2026-01-01'],
  ])('the day after %s is %s', (date, next) => {
    expect(nextDay(date)).toBe(next);
  });
});

describe('chinaDate: the calendar date in China (UTC+8) of an instant', () => {
  it.each([
    ['2025-01-27T16:30:00Z', '2025-01-28'],
    ['2025-01-27T16:00:00.000Z', '2025-01-28'],
    ['2025-01-27T15:59:59.999Z', '2025-01-27'],
    ['2025-01-27T00:00:00Z', '2025-01-27'],
    ['2025-12-31T16:00:00Z', '2026-01-01'],
    ['2025-12-31T15:59:59Z', '2025-12-31'],
    ['2025-09-30T16:30:00Z', '2025-10-01'],
    ['2025-01-28T00:30:00+08:00', '2025-01-28'],
    ['2025-01-27T23:30:00+08:00', '2025-01-27'],
  ])('%s is %s in China', (instant, date) => {
    expect(chinaDate(instant)).toBe(date);
  });

  it('takes a Date as well as a string', () => {
    expect(chinaDate(new Date(Date.UTC(2025, 0, 27, 16, 30)))).toBe('2025-01-28');
    expect(chinaDate(new Date(Date.UTC(2025, 0, 27, 15, 30)))).toBe('2025-01-27');
  });

  it('moves a deadline when the instant crosses midnight in China, not in UTC', () => {
    // 2025-02-07T15:30Z is Friday 23:30 in China; 16:30Z is Saturday 00:30, the 2025-02-08 make-up workday.
    // From Fri 02-07: 02-08 (Sat, make-up) 1, 02-10 (Mon) 2.  From Sat 02-08: 02-10 1, 02-11 2.
    expect(calendar.addWorkdays(chinaDate('2025-02-07T15:30:00Z'), 2)).toBe('2025-02-10');
    expect(calendar.addWorkdays(chinaDate('2025-02-07T16:30:00Z'), 2)).toBe('2025-02-11');
  });
});

describe('isWorkday on the official 2025 and 2026 arrangements', () => {
  describe.each(HOLIDAYS)('$name', ({ off, makeUp, workBefore, workAfter }) => {
    it.each(datesFrom(off[0], off[1]))('%s is a day off', (date) => {
      expect(calendar.isWorkday(date)).toBe(false);
    });

    it.each(makeUp)('%s is a make-up workday (调休) although it falls on a weekend', (date) => {
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      expect([0, 6]).toContain(weekday);
      expect(calendar.isWorkday(date)).toBe(true);
    });

    it(`${workBefore} (last workday before) and ${workAfter} (first workday after) are workdays`, () => {
      expect(calendar.isWorkday(workBefore)).toBe(true);
      expect(calendar.isWorkday(workAfter)).toBe(true);
    });
  });

  it('counts the right number of days off per holiday', () => {
    expect(HOLIDAYS.map((h) => datesFrom(h.off[0], h.off[1]).length)).toEqual([8, 8, 9, 7]);
  });

  it.each([
    ['2025-01-25', false], // Sat before the 2025 Spring Festival, not a make-up day
    ['2025-02-09', false], // Sun after the 02-08 make-up Saturday
    ['2025-09-27', false], // Sat before the 09-28 make-up Sunday
    ['2025-10-12', false], // Sun after the 10-11 make-up Saturday
    ['2026-03-01', false], // Sun after the 02-28 make-up Saturday
    ['2026-09-19', false], // Sat before the 09-20 make-up Sunday
    ['2026-09-25', false], // 2026 中秋 (Fri)
    ['2026-09-27', false], // 2026 中秋 (Sun)
    ['2026-10-11', false], // Sun after the 10-10 make-up Saturday
    ['2025-06-18', true], // an ordinary Wednesday
    ['2025-06-21', false], // an ordinary Saturday
    ['2025-06-22', false], // an ordinary Sunday
  ] as const)('%s is a workday: %s', (date, workday) => {
    expect(calendar.isWorkday(date)).toBe(workday);
  });
});

describe('addWorkdays across the holidays (the n-th working day after the date)', () => {
  it.each([
    // 2025 春节. From Mon 01-27 (last workday): 02-05 1, 02-06 2, 02-07 3, 02-08 (Sat make-up) 4, 02-10 5,
    // 02-11 6, 02-12 7, 02-13 8, 02-14 9, 02-17 10.
    ['2025-01-27', 2, '2025-02-06'],
    ['2025-01-27', 5, '2025-02-10'],
    ['2025-01-27', 10, '2025-02-17'],
    // From Fri 01-24: 01-26 (Sun make-up) 1, 01-27 2.
    ['2025-01-24', 2, '2025-01-27'],
    // From Thu 01-23: 01-24 1, 01-26 2, 01-27 3, 02-05 4, 02-06 5.
    ['2025-01-23', 5, '2025-02-06'],
    // From Sat 01-25 (off): 01-26 1, 01-27 2.
    ['2025-01-25', 2, '2025-01-27'],
    // From a holiday, Thu 01-30: 02-05 1, 02-06 2; … 02-10 5.
    ['2025-01-30', 2, '2025-02-06'],
    ['2025-01-30', 5, '2025-02-10'],

    // 2025 国庆中秋. From Tue 09-30: 10-09 1, 10-10 2, 10-11 (Sat make-up) 3, 10-13 4, 10-14 5, 10-15 6,
    // 10-16 7, 10-17 8, 10-20 9, 10-21 10.
    ['2025-09-30', 2, '2025-10-10'],
    ['2025-09-30', 5, '2025-10-14'],
    ['2025-09-30', 10, '2025-10-21'],
    // From Fri 09-26: 09-28 (Sun make-up) 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5.
    ['2025-09-26', 2, '2025-09-29'],
    ['2025-09-26', 5, '2025-10-10'],
    // From Mon 09-22: 09-23 1 … 09-26 4, 09-28 5; 09-29 6, 09-30 7, 10-09 8, 10-10 9, 10-11 10.
    ['2025-09-22', 5, '2025-09-28'],
    ['2025-09-22', 10, '2025-10-11'],

    // 2026 春节. From Fri 02-13: 02-14 (Sat make-up) 1, 02-24 2.
    ['2026-02-13', 2, '2026-02-24'],
    // From Sat 02-14 (make-up): 02-24 1, 02-25 2, 02-26 3, 02-27 4, 02-28 (Sat make-up) 5, 03-02 6, 03-03 7,
    // 03-04 8, 03-05 9, 03-06 10.
    ['2026-02-14', 2, '2026-02-25'],
    ['2026-02-14', 5, '2026-02-28'],
    ['2026-02-14', 10, '2026-03-06'],
    // From a holiday, Wed 02-18: 02-24 1 … 02-28 5.
    ['2026-02-18', 5, '2026-02-28'],
    // From Fri 02-13: 02-14 1, 02-24 2, 02-25 3, 02-26 4, 02-27 5, 02-28 6, 03-02 7, 03-03 8, 03-04 9, 03-05 10.
    ['2026-02-13', 5, '2026-02-27'],
    ['2026-02-13', 10, '2026-03-05'],

    // 2026 国庆. From Wed 09-30: 10-08 1, 10-09 2, 10-10 (Sat make-up) 3, 10-12 4, 10-13 5, 10-14 6, 10-15 7,
    // 10-16 8, 10-19 9, 10-20 10.
    ['2026-09-30', 2, '2026-10-09'],
    ['2026-09-30', 5, '2026-10-13'],
    ['2026-09-30', 10, '2026-10-20'],
    // From Fri 09-18: 09-20 (Sun make-up) 1, 09-21 2.
    ['2026-09-18', 2, '2026-09-21'],
    // From Thu 09-24 (中秋 09-25…27 off): 09-28 1, 09-29 2, 09-30 3, 10-08 4, 10-09 5.
    ['2026-09-24', 5, '2026-10-09'],
    // From Fri 09-18: 09-20 1, 09-21 2, 09-22 3, 09-23 4, 09-24 5, 09-28 6, 09-29 7, 09-30 8, 10-08 9, 10-09 10.
    ['2026-09-18', 10, '2026-10-09'],
  ] as const)('addWorkdays(%s, %i) = %s', (date, n, expected) => {
    expect(calendar.addWorkdays(date, n)).toBe(expected);
  });

  it('a deadline can fall on a make-up Saturday or Sunday', () => {
    expect(calendar.addWorkdays('2025-01-24', 1)).toBe('2025-01-26');
    expect(calendar.addWorkdays('2025-02-07', 1)).toBe('2025-02-08');
    expect(calendar.addWorkdays('2026-02-27', 1)).toBe('2026-02-28');
    expect(calendar.addWorkdays('2026-10-09', 1)).toBe('2026-10-10');
  });

  it('0 working days is the date itself, holiday or not', () => {
    expect(calendar.addWorkdays('2025-06-18', 0)).toBe('2025-06-18');
    expect(calendar.addWorkdays('2025-10-03', 0)).toBe('2025-10-03');
  });

  it('the result is always a workday and exactly n workdays later', () => {
    for (const start of datesFrom('2025-01-20', '2025-02-12').concat(datesFrom('2026-09-15', '2026-10-12'))) {
      for (const n of [1, 2, 5, 10]) {
        const due = calendar.addWorkdays(start, n);
        expect(calendar.isWorkday(due)).toBe(true);
        expect(calendar.workdaysBetween(start, due)).toBe(n);
      }
    }
  });
});

describe('workdaysBetween (working days after `from`, up to and including `to`)', () => {
  it.each([
    // 2025 春节: only 02-05 follows Mon 01-27.
    ['2025-01-27', '2025-02-05', 1],
    // From Fri 01-24 to Mon 02-10: 01-26, 01-27, 02-05, 02-06, 02-07, 02-08, 02-10 = 7 (Mon–Fri counting would say 11).
    ['2025-01-24', '2025-02-10', 7],
    // Inside the holiday: nothing.
    ['2025-01-28', '2025-02-04', 0],
    // 2025 国庆: from Fri 09-26 to Mon 10-13: 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13 = 7.
    ['2025-09-26', '2025-10-13', 7],
    // 2026 春节: from Fri 02-13 to Sat 02-28: 02-14, 02-24, 02-25, 02-26, 02-27, 02-28 = 6.
    ['2026-02-13', '2026-02-28', 6],
    // 2026 中秋 + 国庆: from Fri 09-18 to Mon 10-12: 09-20, 09-21 … 09-24 (5), 09-28, 09-29, 09-30 (8),
    // 10-08, 10-09, 10-10, 10-12 = 12.
    ['2026-09-18', '2026-10-12', 12],
    ['2025-06-18', '2025-06-18', 0],
    ['2025-06-25', '2025-06-18', 0],
    // An ordinary week: Wed 06-18 → Wed 06-25: 06-19, 06-20, 06-23, 06-24, 06-25 = 5.
    ['2025-06-18', '2025-06-25', 5],
  ] as const)('workdaysBetween(%s, %s) = %i', (from, to, expected) => {
    expect(calendar.workdaysBetween(from, to)).toBe(expected);
  });
});

describe('admin overrides on top of the official calendar', () => {
  it('a weekday forced off is skipped', () => {
    const closed = workCalendar({ '2025-02-05': 'off' });
    expect(closed.isWorkday('2025-02-05')).toBe(false);
    // From Mon 01-27: 02-05 is off now, so 02-06 1, 02-07 2.
    expect(closed.addWorkdays('2025-01-27', 2)).toBe('2025-02-07');
    expect(calendar.addWorkdays('2025-01-27', 2)).toBe('2025-02-06');
    expect(closed.workdaysBetween('2025-01-27', '2025-02-07')).toBe(2);
    expect(calendar.workdaysBetween('2025-01-27', '2025-02-07')).toBe(3);
  });

  it('a weekend forced to work counts', () => {
    const open = workCalendar({ '2025-02-09': 'work' });
    expect(open.isWorkday('2025-02-09')).toBe(true);
    // From Mon 01-27: 02-05, 02-06, 02-07, 02-08 (make-up), 02-09 (forced) = 5.
    expect(open.addWorkdays('2025-01-27', 5)).toBe('2025-02-09');
    expect(calendar.addWorkdays('2025-01-27', 5)).toBe('2025-02-10');
  });

  it('a public holiday can be forced to work and a make-up day forced off', () => {
    const cal = workCalendar({ '2025-10-08': 'work', '2025-09-28': 'off' });
    expect(cal.isWorkday('2025-10-08')).toBe(true);
    expect(cal.isWorkday('2025-09-28')).toBe(false);
    // From Fri 09-26: 09-29 1, 09-30 2, 10-08 3, 10-09 4, 10-10 5 (official: 10-10 too, via 09-28 instead of 10-08).
    expect(cal.addWorkdays('2025-09-26', 5)).toBe('2025-10-10');
    // From Tue 09-30: 10-08 1, 10-09 2 (official: 10-10).
    expect(cal.addWorkdays('2025-09-30', 2)).toBe('2025-10-09');
    expect(calendar.addWorkdays('2025-09-30', 2)).toBe('2025-10-10');
  });

  it('an override touches only its own date and only its own calendar', () => {
    const cal = workCalendar({ '2025-06-18': 'off' });
    expect(cal.isWorkday('2025-06-18')).toBe(false);
    expect(cal.isWorkday('2025-06-19')).toBe(true);
    expect(workCalendar().isWorkday('2025-06-18')).toBe(true);
  });

  it('fills in a year the published data does not have yet (元旦 2027)', () => {
    const cal = workCalendar({ '2027-01-01': 'off' });
    expect(cal.isWorkday('2027-01-01')).toBe(false);
    // From Thu 2026-12-31: 01-01 off, 01-02/03 weekend, 01-04 1.
    expect(cal.addWorkdays('2026-12-31', 1)).toBe('2027-01-04');
  });
});
