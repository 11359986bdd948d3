import type { EpisodeEvent, EpisodeState } from '../../shared/domain/episodeState';
import type { Actor, Person, Role, Unit } from '../../shared/domain/types';
import type { CalendarOverrides } from '../../shared/domain/workCalendar';
import type { FieldChange } from '../../shared/domain/episodeState';

/** A command that succeeded, kept so that a retry with the same commandId returns the same result. */
export interface CommandRecord {
  command: string;
  /** Hash of the validated payload: the same id with other content is refused. */
  fingerprint: string;
  at: string;
  /** The result itself (catalogue commands, episode plans). */
  result?: unknown;
  /**
   * Or where it came from: the seq range of the events the command produced (from > to when it
   * produced none). A retry rebuilds the result from the event log instead of the file keeping a
   * second copy of every appeal.
   */
  events?: [from: number, to: number];
}

/** One episode's file: its state, its whole event history (also its audit trail) and its command results. */
export interface EpisodeDoc {
  state: EpisodeState;
  events: EpisodeEvent[];
  commands: Record<string, CommandRecord>;
}

export interface Account {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
  version: number;
}

export interface Session {
  id: string;
  /** sha256 of the cookie token: a stolen data file does not give live sessions away. */
  tokenHash: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
  /** Set when the session came from a display link, so the link can be revoked with it. */
  displayLinkId: string | null;
}

/** A big-screen link: opening `/display/<key>` logs the studio screen in without typing. */
export interface DisplayLink {
  id: string;
  label: string;
  keyHash: string;
  accountId: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface CatalogueAuditEntry {
  at: string;
  actor: Actor;
  command: string;
  commandId: string;
  target: string;
  changes: FieldChange[];
}

/** The small catalogue file: who and what exists, outside any one episode. */
export interface CatalogueDoc {
  units: Record<string, Unit>;
  people: Record<string, Person>;
  accounts: Record<string, Account>;
  sessions: Record<string, Session>;
  displayLinks: Record<string, DisplayLink>;
  /** Admin corrections of the official working-day calendar, by date. */
  calendarOverrides: CalendarOverrides;
  commands: Record<string, CommandRecord>;
  audit: CatalogueAuditEntry[];
}

export function emptyCatalogue(): CatalogueDoc {
  return { units: {}, people: {}, accounts: {}, sessions: {}, displayLinks: {}, calendarOverrides: {}, commands: {}, audit: [] };
}

/**
 * Where the data lives. The lowdb default and a later PostgreSQL store both fill this; services
 * never see files or SQL. `commit*` resolves only once the change is durable.
 */
export interface Store {
  readonly kind: string;
  loadCatalogue(): Promise<CatalogueDoc>;
  loadEpisodes(): Promise<EpisodeDoc[]>;
  /** Read one episode again from durable storage: after a failed write, memory is put back to what the disk holds. */
  reloadEpisode(episodeId: string): Promise<EpisodeDoc | null>;
  reloadCatalogue(): Promise<CatalogueDoc>;
  /** Make the episode durable as it is now. `newEvents` are the events since the last commit (a log-based store appends them). */
  commitEpisode(doc: EpisodeDoc, newEvents: EpisodeEvent[]): Promise<void>;
  commitCatalogue(doc: CatalogueDoc): Promise<void>;
  close(): Promise<void>;
}
