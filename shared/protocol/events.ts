import type { CommandError } from '../domain/errors';
import type { EpisodeEvent } from '../domain/episodeState';
import type { Role } from '../domain/types';
import type { CommandName, PayloadOf, ResultOf } from './registry';
import type { SupervisionItemView } from './views';

/** The one envelope every command is answered with. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: CommandError };
export type AckFn<T> = (response: Ack<T>) => void;

export type * from './views';

/** Commands: `domain:verb`, imperative. Every one is answered through its ack; read off the registry. */
export type ClientToServerEvents = { [N in CommandName]: (payload: PayloadOf<N>, ack: AckFn<ResultOf<N>>) => void };

export type { CommandName };

/**
 * Broadcasts, past tense. Episode changes travel on one channel, `episode:event`, whatever their
 * type (appeal.wentOnAir, episode.ended…): one ordered stream per episode is what makes the gap-free
 * seq checkable, and a catch-up replays exactly what a live client would have received.
 */
export interface ServerToClientEvents {
  'episode:event': (event: EpisodeEvent) => void;
  /** The server could not keep what it had (storage failure rolled back): drop local state and sync again. */
  'episode:resyncRequired': (info: { episodeId: string; reason: string }) => void;
  /** Units, people, accounts or the episode list changed: fetch the catalogue again. */
  'catalogue:changed': (info: { what: 'units' | 'people' | 'accounts' | 'displayLinks' | 'episodes' | 'calendar' | 'categories' }) => void;
  /** A supervised item changed (any episode): follow-up desks get every item, a unit's liaison only its own. */
  'supervision:changed': (item: SupervisionItemView) => void;
  /** An item was reassigned away from the receiving liaison's unit: drop it from the list. */
  'supervision:movedAway': (info: { appealId: string; episodeId: string }) => void;
  /** An item became due within one working day, or overdue. */
  'supervision:alert': (alert: { item: SupervisionItemView; due: 'due_soon' | 'overdue' }) => void;
  /** This session ended (logout, expiry, revoked display link): the client goes back to the login page. */
  'session:ended': (info: { reason: string }) => void;
  /**
   * This connection fell too far behind (it stopped reading, or its network cannot keep up) and is
   * being closed; unlike `session:ended`, the client connects again and syncs from its own seq.
   */
  'connection:tooSlow': (info: { reason: string }) => void;
}

/** Between the nodes of one installation, through the shared Socket.IO adapter. */
export interface InterServerEvents {
  ping: () => void;
  /** A node made an episode durable up to `seq`: the others catch up from the store. */
  'node:episodeCommitted': (note: { episodeId: string; seq: number }) => void;
  /** A node changed the catalogue: the others read it again. */
  'node:catalogueCommitted': () => void;
  /** A node ended these sessions (logout, eviction, disable): the others forget them at once. */
  'node:sessionsEnded': (sessionIds: string[]) => void;
}

/** What the server knows about each connected socket, set once at the handshake. */
export interface SocketData {
  accountId: string;
  sessionId: string;
  role: Role;
  unitId: string | null;
  displayName: string;
}
