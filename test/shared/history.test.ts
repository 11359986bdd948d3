import { describe, expect, it } from 'vitest';
import { isUsablePhoneKey, phoneKey, toEarlierAppeal } from '../../shared/domain/history';
import { buildAppeal } from './builders';

describe('the caller key that links a new call to earlier appeals', () => {
  it('is the same however a mobile number was typed', () => {
    expect(phoneKey('138 1234 1234')).toBe('13812341234');
    expect(phoneKey('+86-13812341234')).toBe('13812341234');
    expect(phoneKey('008613812341234')).toBe('13812341234');
  });

  it('treats a landline with an extension as the same caller as the landline itself', () => {
    expect(phoneKey('0516-83901234转123')).toBe(phoneKey('0516-83901234'));
    expect(phoneKey('(0516)83901234')).toBe(phoneKey('0516 8390 1234'));
  });

  it('keeps distinct landlines apart', () => {
    expect(phoneKey('0516-83901234')).not.toBe(phoneKey('0516-83901235'));
  });

  it('keeps the digits of a partly typed number so the lookup can start before the number is whole', () => {
    expect(phoneKey('138123')).toBe('138123');
    expect(isUsablePhoneKey(phoneKey('138123'))).toBe(false);
    expect(isUsablePhoneKey(phoneKey('1381234'))).toBe(true);
  });
});

describe("a caller's earlier appeal carries the rating that counts", () => {
  const episode = { year: 2025, number: 3 };
  const call = (outcome: 'reached' | 'unreachable', rating: 'satisfied' | 'unsatisfied' | null, at: string) => ({ at, by: '督办小李', outcome, rating, note: '' });

  it('an answer on air called back and rated shows that rating on the repeat-caller badge', () => {
    const answered = buildAppeal({ status: 'answered_on_air', onAirCallbacks: [call('unreachable', null, '2025-11-26T02:00:00Z'), call('reached', 'unsatisfied', '2025-11-27T02:00:00Z')] });
    expect(toEarlierAppeal(answered, episode).rating).toBe('unsatisfied');
  });

  it('an answer on air never called back has no rating yet', () => {
    expect(toEarlierAppeal(buildAppeal({ status: 'answered_on_air' }), episode).rating).toBeNull();
  });
});
