/**
 * The broadcast slot's clock: where "now" stands against an episode's scheduled slot (before it, on
 * air with so much left, or overrunning by so much), and whether an episode started at a given
 * instant was started outside its slot. Pure: every function is given the time it should judge.
 *
 * An episode's `date` (YYYY-MM-DD) and `slot` ({ start, end }, 'HH:MM', 24-hour, start < end on the
 * same day, as `Slot` in shared/protocol/commands.ts accepts) are China local time. China keeps UTC+8
 * all year with no daylight saving, so the instants are computed with that fixed offset and never
 * through the time zone of the computer running the code (a server in UTC, a tablet set to
 * anything): the same inputs give the same answer everywhere.
 *
 * Used by the leader panel's countdown and the operator console (its countdown and the warning when
 * an episode is started outside its slot).
 */

/** An episode's broadcast slot, China local time. */
export interface BroadcastSlot {
  start: string;
  end: string;
}

/** The part of an episode that places it in time: its date and slot. */
export interface Scheduled {
  date: string;
  slot: BroadcastSlot;
}

/** The slot's start and end as instants (milliseconds since the epoch). */
export interface SlotBounds {
  startsAt: number;
  endsAt: number;
}

/**
 * Where an instant stands against the slot:
 * - `before`: the slot has not begun; it begins in `startsInMs` and ends in `endsInMs`;
 * - `onAir`: within the slot (its first millisecond included), `elapsedMs` since its start and
 *   `remainingMs` to its end (> 0);
 * - `overrun`: the slot's end has passed (its last instant included: at the end exactly, 0 ms over).
 */
export type SlotPhase =
  | { kind: 'before'; startsInMs: number; endsInMs: number }
  | { kind: 'onAir'; elapsedMs: number; remainingMs: number }
  | { kind: 'overrun'; overrunMs: number };

/** Whether a start is outside the slot, on which side, and by how much. */
export type OffSlotStart =
  | { outside: false; reason: null; byMs: 0 }
  /** Started more than the tolerance before the slot's start; `byMs` is how long before the start. */
  | { outside: true; reason: 'early'; byMs: number }
  /** Started at or after the slot's end; `byMs` is how long after the end. */
  | { outside: true; reason: 'late'; byMs: number };

/** UTC+8, no daylight saving. */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;
/** How early an episode may start (warming up, a first call taken) before it counts as outside its slot. */
export const EARLY_START_TOLERANCE_MS = 10 * 60_000;
/** When the countdown turns to a warning before the end. */
export const ENDING_SOON_MS = 5 * 60_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The instant of a China local date and 'HH:MM' time. Throws on a malformed date or time: a bug, never a user's typo (the schemas refuse those). */
export function chinaInstant(date: string, time: string): number {
  const d = DATE.exec(date);
  const t = TIME.exec(time);
  if (!d || !t) throw new RangeError(`not a China local date and time: ${date} ${time}`);
  return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2])) - CHINA_UTC_OFFSET_MS;
}

/** The slot of an episode as two instants. */
export function slotBounds({ date, slot }: Scheduled): SlotBounds {
  return { startsAt: chinaInstant(date, slot.start), endsAt: chinaInstant(date, slot.end) };
}

/** An instant given as a Date, epoch milliseconds or an ISO string; an unreadable one throws rather than fall into a phase. */
function instant(at: Date | number | string): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  return ms;
}

/** Where `now` stands against the episode's slot: before it, on air (with what is left), or overrunning (by how much). */
export function slotPhase(episode: Scheduled, now: Date | number | string): SlotPhase {
  const { startsAt, endsAt } = slotBounds(episode);
  const at = instant(now);
  if (at < startsAt) return { kind: 'before', startsInMs: startsAt - at, endsInMs: endsAt - at };
  if (at < endsAt) return { kind: 'onAir', elapsedMs: at - startsAt, remainingMs: endsAt - at };
  return { kind: 'overrun', overrunMs: at - endsAt };
}

/** Whether the slot ends within `withinMs` (default 5 minutes) while on air: when a countdown should start to warn. */
export function isEndingSoon(phase: SlotPhase, withinMs = ENDING_SOON_MS): boolean {
  return phase.kind === 'onAir' && phase.remainingMs <= withinMs;
}

/**
 * Whether starting the episode at `startedAt` is outside its slot: more than `toleranceMs` (default
 * 10 minutes) before the slot's start, or at or after its end (on another day included). A start
 * within the tolerance before the slot, or anywhere inside it, is not.
 */
export function startOutsideSlot(episode: Scheduled, startedAt: Date | number | string, toleranceMs = EARLY_START_TOLERANCE_MS): OffSlotStart {
  const { startsAt, endsAt } = slotBounds(episode);
  const at = instant(startedAt);
  if (at < startsAt - toleranceMs) return { outside: true, reason: 'early', byMs: startsAt - at };
  if (at >= endsAt) return { outside: true, reason: 'late', byMs: at - endsAt };
  return { outside: false, reason: null, byMs: 0 };
}
