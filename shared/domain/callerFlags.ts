import { refuse } from './errors';
import { isUsablePhoneKey, phoneKey } from './history';
import type { Actor } from './types';

/**
 * Callers the crew should know about (多次重复来电, 恶意来电, 需要关怀), kept by the caller's number
 * (its phone key: the same caller however the number was typed). Set by operators and follow-up
 * staff with a reason; shown at intake and on the follow-up desk; never on the big screen, the
 * leader panel or a unit's view (they are never sent there). Pure: the catalogue keeps them.
 */
export const CALLER_FLAG_KINDS = ['repeat', 'malicious', 'care'] as const;
export type CallerFlagKind = (typeof CALLER_FLAG_KINDS)[number];

export const CALLER_FLAG_NAMES: Record<CallerFlagKind, string> = {
  repeat: '多次重复来电',
  malicious: '恶意来电',
  care: '需要关怀',
};

/** One flag on one number: which, why, who set it and when. */
export interface CallerFlag {
  flag: CallerFlagKind;
  reason: string;
  by: Actor;
  at: string;
}

/** Every flag by phone key; a number has at most one flag of each kind (setting it again replaces the reason). */
export type CallerFlags = Record<string, CallerFlag[]>;

export const CALLER_FLAG_MESSAGES = {
  numberUnusable: '号码不完整，无法按号码标记来电人（至少 7 位数字）。',
  notSet: (flag: CallerFlagKind) => `这个号码没有「${CALLER_FLAG_NAMES[flag]}」标记。`,
} as const;

/** The key a number's flags are kept under; refused when too short to name one caller. */
export function flagKey(phone: string): string {
  const key = phoneKey(phone);
  if (!isUsablePhoneKey(key)) throw refuse('VALIDATION_FAILED', CALLER_FLAG_MESSAGES.numberUnusable, { field: 'phone' });
  return key;
}

/** The flags of a number (none for a number too short to be a key, or an anonymous caller). */
export function flagsOf(flags: Readonly<CallerFlags>, phone: string): CallerFlag[] {
  const key = phoneKey(phone);
  if (!isUsablePhoneKey(key)) return [];
  const list = Object.prototype.hasOwnProperty.call(flags, key) ? flags[key] : [];
  return [...list].sort((a, b) => CALLER_FLAG_KINDS.indexOf(a.flag) - CALLER_FLAG_KINDS.indexOf(b.flag));
}

/** A number's flags after setting one: a flag of the same kind is replaced (new reason, by, at). */
export function setFlag(current: readonly CallerFlag[], flag: CallerFlag): { next: CallerFlag[]; before: CallerFlag | null } {
  const before = current.find((f) => f.flag === flag.flag) ?? null;
  return { next: [...current.filter((f) => f.flag !== flag.flag), flag], before };
}

/** A number's flags after removing one; refused when it is not set. */
export function clearFlag(current: readonly CallerFlag[], kind: CallerFlagKind): { next: CallerFlag[]; before: CallerFlag } {
  const before = current.find((f) => f.flag === kind);
  if (!before) throw refuse('NOT_FOUND', CALLER_FLAG_MESSAGES.notSet(kind), { field: 'flag' });
  return { next: current.filter((f) => f.flag !== kind), before };
}
