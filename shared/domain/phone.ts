import { cleanName } from './text';

/**
 * Chinese phone numbers as a caller gives them, and the one form they are stored in.
 *
 * Accepted:
 * - mobile: 11 digits 1[3-9]…, spaces or dashes anywhere (138 1234 1234, 138-1234-1234), an optional
 *   +86 / 0086 / 86 in front; stored as the 11 digits (13812341234);
 * - landline: area code (010 or 02x followed by an 8-digit number; 0[3-9]xx followed by 7 or 8 digits;
 *   a local number never starts with 0, that would be a second trunk prefix), area code optionally in
 *   brackets, spaces or dashes anywhere; stored as 0516-83901234;
 * - a landline's extension of 1–6 digits after 转, 分机, ext, x or a dash: 0516-83901234转123; stored
 *   as 0516-83901234转123. Digits that read as a whole number are the number (0516-8390-1234).
 *
 * Refused: anything else, including service numbers (12345, 95xxx: the hotline is how citizens call
 * in, never the number to call them back on; neither the demo nor the tests hold one), local numbers
 * without an area code (a callback needs it), the +86 form of a landline, and mobiles with an extension.
 * Full-width digits, brackets and dashes (typed with a Chinese input method) count as plain ones.
 */

export interface ChinesePhone {
  kind: 'mobile' | 'landline';
  /** The number without extension, as stored: 13812341234 or 0516-83901234. */
  number: string;
  /** The digits of `number`, for masking. */
  digits: string;
  extension: string | null;
  /** What is stored: `number`, plus 转 and the extension when there is one. */
  normalised: string;
}

const MOBILE = /^(?:\+?86|0086)?(1[3-9]\d{9})$/;
const LANDLINE = /^(?:\((0(?:10|2\d|[3-9]\d{2}))\)|(0(?:10|2\d|[3-9]\d{2})))([1-9]\d{6,7})$/;
const EXTENSION = /^(.+?)\s*(?:转|轉|分机|分機|ext\.?|x|-)\s*(\d{1,6})$/i;

function parseNumber(text: string): Omit<ChinesePhone, 'extension' | 'normalised'> | null {
  const compact = text.replace(/[\s-]/g, '');
  const mobile = MOBILE.exec(compact);
  if (mobile) return { kind: 'mobile', number: mobile[1], digits: mobile[1] };
  const landline = LANDLINE.exec(compact);
  if (!landline) return null;
  const area = landline[1] ?? landline[2];
  const local = landline[3];
  // 010 and 02x (Beijing, Shanghai, Guangzhou, Tianjin and the other big cities) have 8-digit numbers only.
  if (area.length === 3 && local.length !== 8) return null;
  return { kind: 'landline', number: `${area}-${local}`, digits: `${area}${local}` };
}

/** The number as a Chinese phone number, or null when it is not one. An empty input is null too. */
export function parseChinesePhone(input: string): ChinesePhone | null {
  // NFKC: full-width ０５１６－８３９０１２３４ and （０５１６） are what a Chinese keyboard often types.
  const text = cleanName(input.normalize('NFKC'));
  if (text.length === 0 || text.length > 40) return null;
  const whole = parseNumber(text);
  if (whole) return { ...whole, extension: null, normalised: whole.number };
  const split = EXTENSION.exec(text);
  const main = split ? parseNumber(split[1]) : null;
  if (!split || !main || main.kind !== 'landline') return null;
  return { ...main, extension: split[2], normalised: `${main.number}转${split[2]}` };
}

/** The stored form of a phone number: '' stays '' (no number given), a valid number its normal form, anything else null. */
export function normalisePhone(input: string): string | null {
  if (cleanName(input.normalize('NFKC')) === '') return '';
  return parseChinesePhone(input)?.normalised ?? null;
}

/**
 * Why a caller's number cannot be kept, or null when it can. One rule for the intake card and the
 * server (shared/protocol/text.ts `callerPhoneRule`), so the repeat-caller look-up can trust every
 * stored number:
 * - a number that was typed must be a valid Chinese number (`parseChinesePhone`), anonymous or not;
 * - a caller who is not marked anonymous must give one: a named caller without a number cannot be
 *   called back nor recognised when calling again. Anonymous callers are explicit (anonymous: true)
 *   and may leave the number out.
 */
export type CallerPhoneProblem = 'phone_format' | 'phone_required';

export function callerPhoneProblem(caller: { anonymous: boolean; phone: string }): CallerPhoneProblem | null {
  const stored = normalisePhone(caller.phone);
  if (stored === null) return 'phone_format';
  if (stored === '' && !caller.anonymous) return 'phone_required';
  return null;
}
