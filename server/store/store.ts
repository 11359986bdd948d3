import type { EpisodeEvent, EpisodeState } from '../../shared/domain/episodeState';
import type { Actor, Person, Role, Unit } from '../../shared/domain/types';
import type { CalendarOverrides } from '../../shared/domain/workCalendar';
import type { ImportedSchedules } from '../../shared/domain/holidaySchedule';
import type { Category } from '../../shared/domain/categories';
import type { CallerFlags } from '../../shared/domain/callerFlags';
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

/** One episode's whole durable history: every event oldest first (also its audit trail) and every command record. */
export interface EpisodeHistory {
  events: EpisodeEvent[];
  commands: Record<string, CommandRecord>;
}

/**
 * One durable step of an episode: the events and command records a group commit covers. `state` is
 * the episode right after `events`; a store may keep it as a checkpoint so that start-up reads the
 * state instead of replaying the whole history.
 */
export interface EpisodeCommit {
  episodeId: string;
  /** The seq the store holds before this step: a store shared by several nodes refuses a step that does not follow it. */
  baseSeq: number;
  state: EpisodeState;
  events: EpisodeEvent[];
  commands: Record<string, CommandRecord>;
}

/** Another writer (another node) committed to this episode first: reload and decide again. */
export class StaleEpisodeError extends Error {
  constructor(
    readonly episodeId: string,
    readonly baseSeq: number,
  ) {
    super(`episode ${episodeId} moved on past seq ${baseSeq}`);
  }
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
  /** The password was generated or set by an admin: only the change-password page works until it is changed. */
  mustChangePassword?: boolean;
  /** When its owner last changed the password. */
  passwordChangedAt?: string;
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
  /** Last HTTP request or socket command, as last written (coarsely: at most once a minute); absent: createdAt. */
  lastUsedAt?: string;
}

/** A key another system calls /api/v1 with (server/services/apiKeys.ts): only its hash is kept. */
export interface ApiKeyRecord {
  id: string;
  label: string;
  keyHash: string;
  /** `zfk_` and the first 8 characters of the secret: enough to recognise a key, useless to call with. */
  prefix: string;
  role: Role;
  unitId: string | null;
  scope: string[];
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
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
  /** Legacy: sessions lived here before they got their own store; moved there at start, then emptied. */
  sessions?: Record<string, Session>;
  displayLinks: Record<string, DisplayLink>;
  /** Keys other systems call /api/v1 with (server/services/apiKeys.ts); absent in older folders. */
  apiKeys?: Record<string, ApiKeyRecord>;
  /** Admin corrections of the official working-day calendar, by date. */
  calendarOverrides: CalendarOverrides;
  /** Years of official holidays the admin brought in where the calendar library has none yet (absent in older folders). */
  calendarYears?: ImportedSchedules;
  /** The controlled list of appeal categories, by id (seeded with the 12345 categories when a folder has none). */
  categories: Record<string, Category>;
  /** Flags on callers' numbers, by phone key: operators and follow-up staff only, never a masked audience. */
  callerFlags: CallerFlags;
  commands: Record<string, CommandRecord>;
  audit: CatalogueAuditEntry[];
}

export function emptyCatalogue(): CatalogueDoc {
  return { units: {}, people: {}, accounts: {}, sessions: {}, displayLinks: {}, calendarOverrides: {}, categories: {}, callerFlags: {}, commands: {}, audit: [] };
}

/** Another node changed the catalogue since this one read it: reload and run the command again. */
export class StaleCatalogueError extends Error {
  constructor() {
    super('the catalogue was changed by another writer');
  }
}

/**
 * Where the data lives. The lowdb default and the PostgreSQL store both fill this; services never
 * see files or SQL. Start-up reads every episode's latest state but no history: a history is read
 * when an episode is first written to, replayed or audited.
 *
 * `commitEpisode` resolves only once the step is durable. It must take what it writes from
 * `commit` before its first await: the caller goes on changing the state while the disk works.
 */
export interface Store {
  readonly kind: string;
  loadCatalogue(): Promise<CatalogueDoc>;
  /** The catalogue as it is durably now (after a failed write memory is put back to it; works even when reading the disk would fail). */
  reloadCatalogue(): Promise<CatalogueDoc>;
  /** Rejects with StaleCatalogueError when another writer committed the catalogue since this store last read or wrote it. */
  commitCatalogue(doc: CatalogueDoc): Promise<void>;
  /** Every episode's latest durable state, without its history. */
  loadEpisodeStates(): Promise<EpisodeState[]>;
  /** One episode's latest durable state, or null when it does not exist. */
  loadEpisodeState(episodeId: string): Promise<EpisodeState | null>;
  /** One episode's events with seq > afterSeq (default all) and the command records they and any event-less commands since made. */
  loadEpisodeHistory(episodeId: string, afterSeq?: number): Promise<EpisodeHistory>;
  /** Make one step durable; a new episode is a step with baseSeq 0. Rejects with StaleEpisodeError when baseSeq is not what the store holds. */
  commitEpisode(commit: EpisodeCommit): Promise<void>;
  /** Every episode's id and durable seq, cheaply: a node sharing the store uses it to notice what other nodes wrote. */
  loadEpisodeSeqs?(): Promise<Map<string, number>>;
  /** Optional hint that an episode has gone quiet with `state` exactly what is durable: a log-based store may checkpoint it. */
  checkpointEpisode?(state: EpisodeState): void;
  /** The lowdb data folder (absent on PostgreSQL): readiness checks its free space and that it can be written. */
  readonly dataDir?: string;
  /** Episodes and files found damaged at start and set aside (quarantined, never deleted): the admin screen lists them. */
  damaged?(): DamagedFileReport[];
  /** Resolves when the store can be reached (PostgreSQL answers a query); rejects with the reason otherwise. */
  ping?(): Promise<void>;
  close(): Promise<void>;
}

/** One damaged file found at start: where, what is wrong, and what was done about it. */
export interface DamagedFileReport {
  /** Path relative to the data folder, e.g. `episodes/<id>.log`. */
  file: string;
  /** The episode it belongs to, or null for the catalogue or a stray file. */
  episodeId: string | null;
  /** The true byte offset of the damage inside the file (0 only when the damage is at its start). */
  offset: number;
  /** What is wrong, in Chinese, for the admin screen and the log. */
  problem: string;
  /** What was done, in Chinese: e.g. 「已移至 quarantine/…，保留了前 12 条记录」. */
  action: string;
  /** Where the damaged original now lies (relative to the data folder), or null when it was left in place. */
  setAsideTo: string | null;
  /** When it was found (ISO). */
  foundAt: string;
}
