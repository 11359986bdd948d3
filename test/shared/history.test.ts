import { describe, expect, it } from 'vitest';
import { isUsablePhoneKey, phoneKey } from '../../shared/domain/history';

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
