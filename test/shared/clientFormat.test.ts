import { describe, expect, it } from 'vitest';
import { formatMonthDayTime, formatWait } from '../../client/src/ui/format';

describe('times on the operator console read the Chinese way, in China time', () => {
  it('a message left on another day reads as 月日 and the 24-hour time in Beijing', () => {
    expect(formatMonthDayTime(new Date('2026-12-03T01:05:00Z'))).toBe('12月3日 09:05');
    expect(formatMonthDayTime(new Date('2026-12-31T16:30:00Z'))).toBe('1月1日 00:30');
  });

  it('a short wait reads in seconds, minutes, then hours and minutes', () => {
    expect(formatWait(45_000)).toBe('45秒');
    expect(formatWait(3 * 60_000 + 5_000)).toBe('3分钟');
    expect(formatWait(2 * 3_600_000 + 5 * 60_000)).toBe('2小时5分');
    expect(formatWait(-1)).toBe('0秒');
  });
});
