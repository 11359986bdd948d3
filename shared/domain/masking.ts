import { parseChinesePhone } from './phone';
import { cleanName } from './text';
import type { Appeal, Caller } from './types';

/**
 * Mask a phone number the way Chinese broadcasters do: keep the first three and last four digits of
 * a mobile number (138****1234). Landlines keep area code and last four (0516****1234), never the
 * extension; anything short is starred whole.
 */
export function maskPhone(phone: string): string {
  // Masking is applied at more than one layer on the server; a masked number must stay as it is.
  if (phone.includes('*')) return phone;
  // A number that parses is masked without its extension (its digits would pass for the last four);
  // numbers stored before numbers were validated fall back to their digits.
  let digits = parseChinesePhone(phone)?.digits ?? phone.replace(/[^\d]/g, '');
  if (/^861\d{10}$/.test(digits)) digits = digits.slice(2); // +86 138… is still a mobile number
  if (digits.length === 0) return '';
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length >= 8) {
    const keepEnd = 4;
    const areaCode = digits.startsWith('0') ? (/^0(10|2\d)/.test(digits) ? 3 : 4) : 0;
    // At least three digits stay hidden, even if that hides part of the area code.
    const areaLength = Math.max(0, Math.min(areaCode, digits.length - keepEnd - 3));
    const hidden = digits.length - areaLength - keepEnd;
    return `${digits.slice(0, areaLength)}${'*'.repeat(hidden)}${digits.slice(-keepEnd)}`;
  }
  return '*'.repeat(digits.length);
}

/** The one wording for a caller who asked not to be named and for one who gave no name, on every screen. */
const ANONYMOUS_CALLER = '匿名市民';
const UNNAMED_CALLER = '来电市民';

/**
 * How the big screen names a caller: surname plus 先生/女士 (王先生), 王姓市民 when no title was
 * given, 来电市民 when no name was given, 匿名市民 for anonymous callers. The full name never
 * leaves the operator's side.
 */
export function displayCallerName(caller: Pick<Caller, 'anonymous' | 'name' | 'title'>): string {
  if (caller.anonymous) return ANONYMOUS_CALLER;
  // Cleaned again here, not only at the door: names stored before the schemas cleaned them may
  // start with U+202E or a zero-width space, which must never become the surname on air.
  const surname = surnameOf(cleanName(caller.name));
  if (surname === null) return UNNAMED_CALLER;
  return caller.title ? `${surname}${caller.title}` : `${surname}姓市民`;
}

/**
 * How every screen labels the caller it was sent: the operator and the desk get the full name
 * (王建华（先生）), the leader, a liaison and the big screen the masked one (王先生), which passes
 * through unchanged, so callerLabel(maskCaller(c)) is displayCallerName(c). Anonymous and unnamed
 * callers read the same as on the big screen whoever looks.
 */
export function callerLabel(caller: Pick<Caller, 'anonymous' | 'name' | 'title'>): string {
  if (caller.anonymous) return ANONYMOUS_CALLER;
  const name = cleanName(caller.name);
  if (surnameOf(name) === null) return UNNAMED_CALLER;
  // A masked name already ends with its title (王先生) or stands for none (来电市民, 王姓市民).
  if (!caller.title || name.endsWith(caller.title) || name === UNNAMED_CALLER) return name;
  return `${name}（${caller.title}）`;
}

// Two-character compound surnames are common enough on air that 欧阳女士 must not become 欧女士.
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '澹台', '端木', '申屠', '轩辕',
]);

/** The surname starts at the first letter: a leading digit, bracket or symbol is no surname; no letter, no surname. */
function surnameOf(name: string): string | null {
  const start = name.search(/\p{L}/u);
  if (start < 0) return null;
  const rest = name.slice(start);
  const two = rest.slice(0, 2);
  return COMPOUND_SURNAMES.has(two) ? two : Array.from(rest)[0];
}

/** The caller as screens without a need to know see them: no full name, masked phone. */
export function maskCaller(caller: Caller): Caller {
  return {
    anonymous: caller.anonymous,
    name: displayCallerName(caller),
    title: caller.title,
    phone: maskPhone(caller.phone),
  };
}

/** An appeal with its caller masked; everything else is what the leader and the big screen may read. */
export function maskAppeal(appeal: Appeal): Appeal {
  return { ...appeal, caller: maskCaller(appeal.caller) };
}
