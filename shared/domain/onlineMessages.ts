import { receiveAppeal, type RuleContext } from './appealRules';
import { categoryProblem } from './categories';
import { refuse } from './errors';
import type { Change, EpisodeState } from './episodeState';
import type { Appeal, CallerTitle, Episode, EpisodeStatus } from './types';

/**
 * Citizens' online messages (网络留言, DESIGN.md §7 "The internet channel"): the pure rules behind the
 * public message page. A message is an appeal with channel `online`, recorded through the episode's
 * ledger like a call. What is decided here: which episodes take messages, which episode the short
 * address (/liuyan) means, what counts as the same message twice, the receipt code's form, and the
 * one status a citizen may see. Pure: hashing, limits and storage live in server/services/onlineMessages.ts.
 */

/**
 * Which episodes take messages. A planned episode takes them too: they are recorded as `received`
 * appeals of that episode (the studio's pre-show intake already allows it, appealRules.ts), kept
 * durably, and are in the operator's screening list when the episode is live, like any appeal left
 * waiting. An ended episode takes none (its appeals were all settled when it ended).
 */
export function acceptsOnlineMessages(status: EpisodeStatus): boolean {
  return status === 'planned' || status === 'live';
}

export const ONLINE_MESSAGE_REFUSALS = {
  ended: '本期节目已经结束，不再接收留言。如有诉求，请拨打12345热线或关注下一期节目。',
  noEpisode: '找不到这一期节目，请核对链接，或打开本节目的最新留言页面。',
  noCurrent: '目前没有正在直播或即将播出的节目，暂不接收留言。如有诉求，请拨打12345热线。',
} as const;

/**
 * The programme the short address means: the live episode, else the next planned one from `today`
 * (YYYY-MM-DD, local date) on, earliest first; null when there is none. A planned episode whose date
 * has passed without being started is not offered.
 */
export function currentProgramme<E extends Pick<Episode, 'id' | 'status' | 'date' | 'number'>>(episodes: readonly E[], today: string): E | null {
  const live = episodes.find((e) => e.status === 'live');
  if (live) return live;
  const next = episodes.filter((e) => e.status === 'planned' && e.date >= today).sort((a, b) => a.date.localeCompare(b.date) || a.number - b.number);
  return next[0] ?? null;
}

/** Minutes within which the same phone sending the same text again gets the first receipt back. */
export const DUPLICATE_WINDOW_MINUTES = 30;

/** The text as compared for duplicates: spaces and line breaks do not make a message new. */
export function messageTextKey(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** The content that identifies a message for duplicates and retries: episode, phone (stored form) and text. */
export function dedupeKey(episodeId: string, phone: string, text: string): string {
  return `${episodeId}\u0000${phone}\u0000${messageTextKey(text)}`;
}

/**
 * The earlier message this one repeats, if any: an online appeal of the same episode from the same
 * phone with the same text, received at most `windowMinutes` before `now`. Whatever became of it
 * (screened, on air, set aside), the citizen gets its receipt back and nothing new is recorded.
 */
export function findDuplicate(appeals: Iterable<Appeal>, phone: string, text: string, now: string, windowMinutes = DUPLICATE_WINDOW_MINUTES): Appeal | null {
  const since = Date.parse(now) - windowMinutes * 60_000;
  const key = messageTextKey(text);
  for (const appeal of appeals) {
    if (appeal.channel !== 'online' || appeal.caller.phone !== phone) continue;
    if (Date.parse(appeal.receivedAt) < since) continue;
    if (messageTextKey(appeal.summary) === key) return appeal;
  }
  return null;
}

/**
 * Receipt codes: 10 characters in two groups of five (e.g. K7MQ2-XH4PD), from an alphabet without
 * 0/O, 1/I (easy to misread on a phone screen or over the phone). 32 symbols, so 50 bits: with the
 * last four digits of the phone and the per-address limit on lookups, not guessable.
 */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const RECEIPT_LENGTH = 10;

/** The receipt code made from the first bytes of a digest (at least 7 bytes). */
export function receiptCodeFromDigest(digest: Uint8Array): string {
  if (digest.length < 7) throw new Error('digest too short for a receipt code');
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(digest[i]);
  bits >>= 6n; // 56 bits read, 50 used
  let out = '';
  for (let i = 0; i < RECEIPT_LENGTH; i++) {
    out = RECEIPT_ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** A receipt code as a citizen may type it (lower case, spaces, with or without the dash) in its one form, or null when it cannot be one. */
export function normaliseReceiptCode(input: string): string | null {
  const plain = input.normalize('NFKC').toUpperCase().replace(/[\s\-—–_]/gu, '');
  if (plain.length !== RECEIPT_LENGTH || [...plain].some((c) => !RECEIPT_ALPHABET.includes(c))) return null;
  return `${plain.slice(0, 5)}-${plain.slice(5)}`;
}

/** The last four digits of a stored phone number (its number part, without the extension). */
export function phoneLastFour(phone: string): string {
  const digits = phone.split('转')[0].replace(/\D/g, '');
  return digits.slice(-4);
}

/** What a citizen may learn about their message: one of these, and nothing else. */
export const MESSAGE_STATUSES = ['received', 'on_air', 'answered_on_air', 'supervised', 'closed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_STATUS_LABELS: Record<MessageStatus, string> = {
  received: '已收到',
  on_air: '已接入直播',
  answered_on_air: '已现场回应',
  supervised: '已转督办',
  closed: '已办结',
};

/**
 * The citizen's view of an appeal's status. Waiting, screened into the queue, or set aside by the
 * studio (invalid: a duplicate, off-topic) all read 已收到: the crew's judgement is not published, and
 * the message was indeed received. A supervised item reads 已办结 once its supervision is closed.
 */
export function messageStatusOf(appeal: Pick<Appeal, 'status' | 'supervision'>): MessageStatus {
  switch (appeal.status) {
    case 'on_air':
      return 'on_air';
    case 'answered_on_air':
      return 'answered_on_air';
    case 'supervised':
      return appeal.supervision?.status === 'closed' ? 'closed' : 'supervised';
    default:
      return 'received';
  }
}

/** 诉求来源 as the annual reports count it: 电话 = hotline + studio line, 互联网 = online. */
export function countBySource(appeals: Iterable<Pick<Appeal, 'channel' | 'status'>>): { phone: number; internet: number } {
  const out = { phone: 0, internet: 0 };
  for (const appeal of appeals) {
    if (appeal.status === 'invalid') continue;
    if (appeal.channel === 'online') out.internet++;
    else out.phone++;
  }
  return out;
}

/** How long the personal data of a message is kept, as the consent text says (个人信息保护法: purpose and period named). */
export const MESSAGE_RETENTION_YEARS = 3;

/** A citizen's message as the studio records it: the validated form fields and the episode. */
export interface OnlineMessage {
  episodeId: string;
  title: CallerTitle;
  name: string;
  /** Stored form (shared/domain/phone.ts); never empty: the receipt lookup asks for its last four digits. */
  phone: string;
  area: string;
  category: string;
  text: string;
}

/**
 * Record a message as a `received` appeal with channel `online`, in a planned or live episode (the
 * same rule as a call taken by the operator: the category must be on the list, the episode not ended).
 */
export function receiveOnlineMessage(state: EpisodeState, message: OnlineMessage, ctx: RuleContext): Change[] {
  if (!acceptsOnlineMessages(state.episode.status)) throw refuse('EPISODE_ENDED', ONLINE_MESSAGE_REFUSALS.ended);
  // A citizen picks from the list (the studio's intake only hints: no caller is held up mid-show).
  const category = categoryProblem(ctx.catalogue.categories, message.category);
  if (category) throw refuse('VALIDATION_FAILED', category, { field: 'category' });
  return receiveAppeal(
    state,
    {
      episodeId: state.episode.id,
      channel: 'online',
      caller: { anonymous: false, name: message.name, title: message.title, phone: message.phone },
      area: message.area,
      category: message.category,
      targetUnitId: null,
      summary: message.text,
      operatorNotes: '',
    },
    ctx,
  );
}
