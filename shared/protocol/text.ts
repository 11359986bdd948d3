import { z } from 'zod';
import { callerPhoneProblem, normalisePhone } from '../domain/phone';
import { cleanLongText, cleanName, isInvisibleOnly } from '../domain/text';

/**
 * The free-text fields of every command, in one place: each is checked on what was sent (NUL,
 * invisible-only), cleaned (shared/domain/text.ts), then its length checked on what will be stored.
 * The issue messages are keys that validationMessage.ts turns into Chinese sentences.
 */

// A NUL character is invisible on every screen and cannot be stored by PostgreSQL: refused, with a sentence.
const noNul = (value: string) => !value.includes('\u0000');

function cleaned(max: number, clean: (value: string) => string, required: boolean) {
  // Checks run in order on one ZodString (so forms can still read `.maxLength`): NUL and
  // invisible-only are judged on what was sent, the length on what will be stored.
  const sent = z.string().refine(noNul, { message: 'nul_char' });
  // Only zero-width or bidi characters would be cleaned to '': for a required field that is a
  // refusal saying why, not a silent "empty" the person cannot see on their screen.
  const judged = required ? sent.refine((value) => !isInvisibleOnly(value), { message: 'invisible_only' }) : sent;
  const stored = judged.overwrite(clean);
  return required ? stored.min(1).max(max) : stored.max(max);
}

/** A name or label (caller, person, unit, account, display link, area, category…): one line, no invisible characters; may be empty. */
export const nameText = (max: number) => cleaned(max, cleanName, false);
/** A name or label that must show something. */
export const requiredName = (max: number) => cleaned(max, cleanName, true);
/** Long free text (summaries, notes, replies, reasons, messages): line breaks kept, no bidi controls; may be empty. */
export const longText = (max: number) => cleaned(max, cleanLongText, false);
/** Long free text that must show something. */
export const requiredLongText = (max: number) => cleaned(max, cleanLongText, true);

/**
 * A Chinese phone number (shared/domain/phone.ts), stored in its normal form; '' means no number
 * (anonymous or online callers). `max` only stops absurd input before it is parsed.
 */
export const phoneNumber = (max: number) => phone(max, false);

/**
 * A phone number to look earlier appeals up by (appeal:history): the operator's console asks while the
 * number is still being typed, so digits and separators so far are a valid question (they match
 * nothing until complete); a whole number is normalised the same way as when stored. Letters and
 * other characters are refused with the same sentence.
 */
export const phoneLookup = (max: number) => phone(max, true);

const PARTIAL_NUMBER = /^[0-9+\-\s()]*$/;

function phone(max: number, partialAllowed: boolean) {
  const stored = (value: string) => normalisePhone(value) ?? (partialAllowed && PARTIAL_NUMBER.test(value.normalize('NFKC')) ? value.normalize('NFKC') : null);
  // Normalised in place (a number that does not parse is left as sent), then judged: the normal
  // form parses to itself, so the check sees what will be stored.
  return z
    .string()
    .trim()
    .max(max)
    .overwrite((value) => stored(value) ?? value)
    .refine((value) => stored(value) !== null, { message: 'phone_format' });
}

/**
 * The caller's number as a whole (shared/domain/phone.ts `callerPhoneProblem`): a caller not marked
 * anonymous must give a valid number; an anonymous one may leave it out. Wrap the caller's object
 * schema with it (CallerInput); the issue is on `phone`, with the message key 'phone_required'.
 * A number that does not parse is already refused by `phoneNumber` on the field itself.
 */
export function withCallerPhoneRule<S extends z.ZodType<{ anonymous: boolean; phone: string }>>(schema: S): S {
  return schema.superRefine((caller, ctx) => {
    if (typeof caller?.phone !== 'string' || typeof caller.anonymous !== 'boolean') return;
    if (callerPhoneProblem(caller) === 'phone_required') ctx.addIssue({ code: 'custom', path: ['phone'], message: 'phone_required', input: caller.phone });
  });
}
