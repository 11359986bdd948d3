import type { Actor } from './types';

/** The shapes the audit reads from an episode event and a catalogue audit entry (kept minimal so tests can build them). */
export interface EpisodeEventLike {
  at: string;
  type: string;
  episodeId: string;
  command: string;
  actor: Actor;
  appeal?: { id: string; no: number };
  changes?: ReadonlyArray<{ path: string; from: unknown; to: unknown }>;
}

export interface CatalogueAuditEntryLike {
  at: string;
  actor: Actor;
  command: string;
  target: string;
  changes: ReadonlyArray<{ path: string; from: unknown; to: unknown }>;
}

/** A sign-in event as the server logs it. */
export type AuthEventKind = 'login' | 'login_failed' | 'logout' | 'display_link_opened' | 'password_changed' | 'session_ended';
export const AUTH_EVENT_KINDS: readonly AuthEventKind[] = ['login', 'login_failed', 'logout', 'display_link_opened', 'password_changed', 'session_ended'];

export interface AuthEvent {
  at: string;
  kind: AuthEventKind;
  /** The name typed (a failed login's may be no account). */
  username: string | null;
  actor: Actor | null;
  ip: string | null;
  /** Why (a failed login's reason, a session's end), in Chinese. */
  reason: string | null;
}
