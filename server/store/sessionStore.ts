import type { Session } from './store';

/** Most live sessions one account or one display link may hold: opening one more ends the oldest. */
export interface SessionCaps {
  perAccount: number;
  perDisplayLink: number;
}

/** Who a bulk end is for: every session of an account, or every session opened from a display link. */
export type SessionMatch = { accountId: string } | { displayLinkId: string };

/**
 * Where login and display-link sessions live, apart from the catalogue: a login must not rewrite
 * the catalogue, and sessions come and go far more often than accounts. Every method resolves only
 * once the change is durable; a write that fails rejects with the file system's or database's error
 * (ENOSPC when the disk is full), and the store is unchanged.
 */
export interface SessionStore {
  /** Sessions not expired at `now` (ISO); expired ones are dropped from storage on the way. */
  load(now: string): Promise<Session[]>;
  /**
   * Make a new session durable, and end the oldest sessions of the same account and display link
   * past the caps in the same write. Resolves with the ids ended that way.
   */
  open(session: Session, caps: SessionCaps): Promise<string[]>;
  /** End sessions (logout, eviction). Unknown ids are ignored. */
  end(ids: string[]): Promise<void>;
  /** End every session of an account or a display link, including ones this node never saw; resolves with their ids. */
  endMatching(match: SessionMatch): Promise<string[]>;
  /**
   * Record when sessions were last used (ISO per id; idle timeout), written coarsely by the caller.
   * Optional: without it last-used times live in memory only, and a session read from the store
   * counts as used when it is read (a restart never ends a session early).
   */
  touch?(used: Record<string, string>): Promise<void>;
  /** Forget sessions expired at `now`; resolves with how many. */
  prune(now: string): Promise<number>;
  /**
   * Shared stores only (several nodes): the sessions with these token hashes, and which of these
   * ids still exist. A node asks on a miss, for a login made on another node a moment ago.
   */
  findByTokenHashes?(hashes: string[], now: string): Promise<Session[]>;
  stillOpen?(ids: string[]): Promise<Set<string>>;
  /** What storage holds now: for tests, the status and the logs. */
  footprint(): Promise<{ sessions: number; bytes: number | null }>;
  close(): Promise<void>;
}

/** A write refused because the disk or database is full: the client is told so, not "internal error". */
export function isStorageFull(error: unknown): boolean {
  const e = error as { code?: string } | null;
  // ENOSPC: no space; EDQUOT: over quota; 53100: PostgreSQL disk_full.
  return e?.code === 'ENOSPC' || e?.code === 'EDQUOT' || e?.code === '53100';
}
