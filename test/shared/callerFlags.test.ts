import { describe, expect, it } from 'vitest';
import { CALLER_FLAG_NAMES, clearFlag, flagKey, flagsOf, setFlag, type CallerFlag } from '../../shared/domain/callerFlags';
import { DomainError } from '../../shared/domain/errors';
import type { Actor } from '../../shared/domain/types';

const operator = { accountId: 'op1', name: '导播小王', role: 'operator' as const };
const followup = { accountId: 'fu1', name: '督办小李', role: 'followup' as const };
const flag = (kind: CallerFlag['flag'], reason: string, by: Actor = operator, at = '2025-06-01T01:00:00.000Z'): CallerFlag => ({ flag: kind, reason, by, at });

describe('caller flags by number', () => {
  it('names the three flags the crew uses in Chinese', () => {
    expect(Object.values(CALLER_FLAG_NAMES)).toEqual(['多次重复来电', '恶意来电', '需要关怀']);
  });

  it('keeps a number’s flags under one key however the number was typed', () => {
    expect(flagKey('138 1234 5678')).toBe(flagKey('+86 13812345678'));
    expect(flagKey('0516-83901234转123')).toBe(flagKey('0516-83901234'));
    const flags = { [flagKey('13812345678')]: [flag('care', '独居老人')] };
    expect(flagsOf(flags, '+86 138-1234-5678')).toHaveLength(1);
  });

  it('refuses to flag a number too short to name one caller', () => {
    expect(() => flagKey('12345')).toThrow(DomainError);
  });

  it('finds no flags for an anonymous caller or a partial number', () => {
    expect(flagsOf({ '13812345678': [flag('care', 'x')] }, '')).toEqual([]);
    expect(flagsOf({ '13812345678': [flag('care', 'x')] }, '138')).toEqual([]);
  });

  it('setting a flag the number already has replaces its reason, who and when', () => {
    const first = setFlag([], flag('repeat', '一周内第三次来电'));
    const again = setFlag(first.next, flag('repeat', '一天内第五次来电', followup, '2025-06-02T01:00:00.000Z'));
    expect(again.before?.reason).toBe('一周内第三次来电');
    expect(again.next).toEqual([flag('repeat', '一天内第五次来电', followup, '2025-06-02T01:00:00.000Z')]);
  });

  it('a number may carry several different flags, listed in a fixed order', () => {
    const { next } = setFlag(setFlag([], flag('care', '独居老人')).next, flag('repeat', '反复来电'));
    expect(flagsOf({ '13812345678': next }, '13812345678').map((f) => f.flag)).toEqual(['repeat', 'care']);
  });

  it('clearing a flag removes only that flag, and refuses one that is not set', () => {
    const { next } = setFlag(setFlag([], flag('care', '独居老人')).next, flag('malicious', '辱骂接线员'));
    expect(clearFlag(next, 'malicious').next.map((f) => f.flag)).toEqual(['care']);
    expect(() => clearFlag([], 'care')).toThrow(/没有「需要关怀」标记/);
  });
});
