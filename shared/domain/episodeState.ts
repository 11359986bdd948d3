import type { Actor, Appeal, Episode, Publication, StudioMessage } from './types';

/** Everything one episode holds: what its file stores and what a snapshot sends. */
export interface EpisodeState {
  episode: Episode;
  appeals: Record<string, Appeal>;
  /** Appeal ids in the order they were received. */
  appealOrder: string[];
  messages: Record<string, StudioMessage>;
  /** Hotspots and policy Q&A drafted or published from this episode (absent in files written before they existed). */
  publications?: Record<string, Publication>;
  /** What the producer chose for the studio wall (absent in files written before it existed: shown). */
  wall?: WallState;
  /** seq of the last event applied: gap-free from 1. */
  seq: number;
}

/** Why the producer hid the wall: a fixed list, so no free text (a caller's details) ever reaches the wall. */
export const WALL_HIDE_REASONS = ['personal_info', 'unsuitable', 'wrong_call', 'technical', 'other'] as const;
export type WallHideReason = (typeof WALL_HIDE_REASONS)[number];

/**
 * The producer's emergency control of the studio wall (wallRules.ts). While `hidden`, the wall shows a
 * neutral standby panel in place of the call on air, the follow-up report and the next calls.
 */
export interface WallState {
  hidden: boolean;
  reason: WallHideReason | null;
  /** When and by whom (the account's display name) it was last hidden or shown. */
  at: string;
  by: string;
}

export const EPISODE_EVENT_TYPES = [
  'episode.planned',
  'episode.updated',
  'episode.started',
  'episode.ended',
  'appeal.received',
  'appeal.updated',
  'appeal.screened',
  'appeal.wentOnAir',
  'appeal.answeredOnAir',
  'appeal.handedOver',
  'appeal.markedInvalid',
  'appeal.calledBack',
  'queue.reordered',
  'message.sent',
  'message.read',
  'supervision.assigned',
  'supervision.deadlineChanged',
  'supervision.reminded',
  'supervision.extensionRequested',
  'supervision.extensionDecided',
  'supervision.replied',
  'supervision.calledBack',
  'supervision.reopened',
  'supervision.closed',
  'feedback.wentOnAir',
  'feedback.wentOffAir',
  'publication.drafted',
  'publication.edited',
  'publication.published',
  'publication.withdrawn',
  'wall.hidden',
  'wall.shown',
] as const;
export type EpisodeEventType = (typeof EPISODE_EVENT_TYPES)[number];

/**
 * What a rule decided: the new state of each entity it touched. Carrying whole entities (not
 * deltas) keeps the reducer trivial and lets a client apply an event without knowing the rules.
 */
export interface Change {
  type: EpisodeEventType;
  episode?: Episode;
  appeal?: Appeal;
  message?: StudioMessage;
  publication?: Publication;
  wall?: WallState;
}

/** One field's before and after, for the audit trail. */
export interface FieldChange {
  path: string;
  from: unknown;
  to: unknown;
}

/** A committed change with its place in the episode's history: broadcast, replayed on sync, audited. */
export interface EpisodeEvent extends Change {
  episodeId: string;
  seq: number;
  at: string;
  actor: Actor;
  command: string;
  commandId: string;
  changes: FieldChange[];
}

/** An empty state for a freshly planned episode. */
export function newEpisodeState(episode: Episode): EpisodeState {
  return { episode, appeals: {}, appealOrder: [], messages: {}, publications: {}, seq: 0 };
}

/**
 * Apply one event to a state, in place. The server and every client use this same function, so a
 * client replaying the events it missed ends with exactly the server's state.
 * Returns false (and changes nothing) when the event is not the next in sequence.
 */
export function applyEvent(state: EpisodeState, event: EpisodeEvent): boolean {
  if (event.seq !== state.seq + 1) return false;
  if (event.episode) state.episode = event.episode;
  if (event.appeal) {
    if (!state.appeals[event.appeal.id]) state.appealOrder.push(event.appeal.id);
    state.appeals[event.appeal.id] = event.appeal;
  }
  if (event.message) state.messages[event.message.id] = event.message;
  if (event.publication) state.publications = { ...state.publications, [event.publication.id]: event.publication };
  if (event.wall) state.wall = event.wall;
  state.seq = event.seq;
  return true;
}

/** The live counters shown on every screen. `received` counts valid appeals only. */
export interface EpisodeCounters {
  received: number;
  waiting: number;
  queued: number;
  onAir: number;
  answeredOnAir: number;
  supervised: number;
  invalid: number;
}

/** Count an episode's appeals by outcome; invalid appeals are kept apart from `received`. */
export function countAppeals(state: Pick<EpisodeState, 'appeals'>): EpisodeCounters {
  const counters: EpisodeCounters = { received: 0, waiting: 0, queued: 0, onAir: 0, answeredOnAir: 0, supervised: 0, invalid: 0 };
  for (const appeal of Object.values(state.appeals)) {
    switch (appeal.status) {
      case 'received': counters.waiting++; break;
      case 'queued': counters.queued++; break;
      case 'on_air': counters.onAir++; break;
      case 'answered_on_air': counters.answeredOnAir++; break;
      case 'supervised': counters.supervised++; break;
      case 'invalid': counters.invalid++; break;
    }
    if (appeal.status !== 'invalid') counters.received++;
  }
  return counters;
}

/** The queue as appeals, next first. */
export function queuedAppeals(state: EpisodeState): Appeal[] {
  return state.episode.queue.map((id) => state.appeals[id]).filter(Boolean);
}

/** The appeal on air now, or null. */
export function appealOnAir(state: EpisodeState): Appeal | null {
  const id = state.episode.onAirAppealId;
  return id ? state.appeals[id] ?? null : null;
}

/**
 * Field-level differences between two versions of an entity, for the audit trail. Nested plain
 * objects are walked (caller.phone). An array that only grew (replies, callbacks) records the count
 * before and just the items added, not both whole arrays; other arrays and values are compared whole.
 */
export function diffFields(before: unknown, after: unknown, prefix = ''): FieldChange[] {
  if (Array.isArray(before) && Array.isArray(after) && after.length > before.length && before.every((item, i) => JSON.stringify(item) === JSON.stringify(after[i]))) {
    return [{ path: prefix, from: before.length, to: after.slice(before.length) }];
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const out: FieldChange[] = [];
    for (const key of keys) {
      if (key === 'version') continue;
      out.push(...diffFields(before[key], after[key], prefix ? `${prefix}.${key}` : key));
    }
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: prefix, from: before ?? null, to: after ?? null }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
