import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callerPhoneProblem, normalisePhone, parseChinesePhone } from '../../shared/domain/phone';
import { phoneNumber, withCallerPhoneRule } from '../../shared/protocol/text';
import { describeValidationError } from '../../shared/protocol/validationMessage';

/**
 * One phone rule for the intake card and the server (issue 15, point 6): the numbers the crew saw
 * accepted (12, 1234567, empty, 15 digits) are refused; real numbers stay valid; a caller who is not
 * explicitly anonymous must give a number.
 */

// The caller's schema as the command schemas build it (shared/protocol/commands.ts CallerInput).
const Caller = withCallerPhoneRule(
  z
    .object({ anonymous: z.boolean(), name: z.string(), title: z.enum(['先生', '女士']).nullable(), phone: phoneNumber(30) })
    .strict(),
);
const named = (phone: string) => ({ anonymous: false, name: '王建华', title: '先生' as const, phone });
const anonymous = (phone: string) => ({ anonymous: true, name: '', title: null, phone });

describe('the phone numbers the live run saw accepted are refused', () => {
  it.each([
    ['two digits', '12'],
    ['seven digits, no area code', '1234567'],
    ['fifteen digits', '138123412341234'],
    ['fifteen nines', '999999999999999'],
    ['a mobile starting 12', '12812341234'],
    ['ten digits', '1381234123'],
    ['twelve digits', '138123412345'],
    ['an area code alone', '0516'],
    ['the 12345 hotline', '12345'],
    ['a landline without area code', '83901234'],
    ['a mobile with an extension', '13812341234转12'],
    ['an extension of seven digits', '0516-83901234转1234567'],
    ['a Beijing number of seven digits', '010-1234567'],
    ['letters', '138abcd1234'],
  ])('%s (%s) is not a phone number', (_, phone) => {
    expect(parseChinesePhone(phone)).toBeNull();
    expect(normalisePhone(phone)).toBeNull();
    expect(callerPhoneProblem(named(phone))).toBe('phone_format');
    expect(callerPhoneProblem(anonymous(phone))).toBe('phone_format');
  });

  it.each([
    ['13812341234', '13812341234'],
    ['138 1234 1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['19912345678', '19912345678'],
    ['0516-83901234', '0516-83901234'],
    ['0931-8123456', '0931-8123456'],
    ['010-12345678', '010-12345678'],
    ['（0516）8390 1234 转 123', '0516-83901234转123'],
    ['0516-83901234 ext 66', '0516-83901234转66'],
  ])('a real number %s stays valid and is stored as %s', (phone, stored) => {
    expect(normalisePhone(phone)).toBe(stored);
    expect(callerPhoneProblem(named(phone))).toBeNull();
    expect(Caller.parse(named(phone)).phone).toBe(stored);
  });
});

describe('anonymous callers are explicit', () => {
  it('an anonymous caller may leave the number out', () => {
    expect(callerPhoneProblem(anonymous(''))).toBeNull();
    expect(callerPhoneProblem(anonymous('   '))).toBeNull();
    expect(Caller.parse(anonymous('')).phone).toBe('');
  });

  it('an anonymous caller who gives a number keeps it (the repeat-caller look-up still works)', () => {
    expect(Caller.parse(anonymous('13812341234')).phone).toBe('13812341234');
  });

  it('a caller not marked anonymous without a number is refused on the phone field', () => {
    expect(callerPhoneProblem(named(''))).toBe('phone_required');
    expect(callerPhoneProblem(named('  '))).toBe('phone_required');
    const parsed = Caller.safeParse(named(''), { reportInput: true });
    expect(parsed.success).toBe(false);
    const { field } = describeValidationError(parsed.error!);
    expect(field).toBe('phone');
    expect(parsed.error!.issues.map((i) => i.message)).toEqual(['phone_required']);
  });

  it('a bad number is refused once, for its format, not twice', () => {
    const parsed = Caller.safeParse(named('12'), { reportInput: true });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toEqual(['phone_format']);
  });
});
