import { parseChinesePhone } from './phone';
import { appealRating } from './satisfaction';
import type { Appeal, AppealStatus, Rating } from './types';

/** An earlier appeal as the crew sees it next to a new call: no caller details, only what happened. */
export interface EarlierAppeal {
  appealId: string;
  episodeId: string;
  episodeYear: number;
  episodeNumber: number;
  receivedAt: string;
  area: string;
  category: string;
  summary: string;
  status: AppealStatus;
  answer: Appeal['answer'];
  handOverReason: string | null;
  /** The citizen's rating on the callback that counts (an on-air answer's or a supervised item's), for the repeat-caller badge. */
  rating: Rating | null;
}

/** The digits of a phone number, the key two records of one caller share however it was typed. */
export function phoneKey(phone: string): string {
  // A landline's extension reaches the same household: 0516-83901234转123 is the caller of 0516-83901234.
  const parsed = parseChinesePhone(phone);
  if (parsed) return parsed.digits;
  const digits = phone.replace(/\D/g, '');
  // +86 / 0086 before a mobile number is the same caller as without it.
  const mobile = digits.match(/^(?:0086|86)(1\d{10})$/);
  return mobile ? mobile[1] : digits;
}

/** The key of "the same matter": the same category in the same area, however it was worded. */
export function matterKey(appeal: Pick<Appeal, 'area' | 'category'>): string {
  return `${appeal.area.trim()}|${appeal.category.trim()}`;
}

/** A phone key short enough to match unrelated callers is no key at all. */
export function isUsablePhoneKey(key: string): boolean {
  return key.length >= 7;
}

/** Present an appeal for a history list, newest first ordering is the caller's job. */
export function toEarlierAppeal(appeal: Appeal, episode: { year: number; number: number }): EarlierAppeal {
  return {
    appealId: appeal.id,
    episodeId: appeal.episodeId,
    episodeYear: episode.year,
    episodeNumber: episode.number,
    receivedAt: appeal.receivedAt,
    area: appeal.area,
    category: appeal.category,
    summary: appeal.summary,
    status: appeal.status,
    answer: appeal.answer,
    handOverReason: appeal.handOver?.reason ?? null,
    rating: appealRating(appeal),
  };
}
