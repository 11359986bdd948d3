import { refuse, SESSION_END_REASONS } from '../../shared/domain/errors';
import { DEFAULT_TOUCH_PERSIST_MS, NO_IDLE_TIMEOUT, type IdleMinutes } from '../auth/accountPolicy';
import { hashSecret, newSecret } from '../auth/tokens';
import { isStorageFull, type SessionCaps, type SessionMatch, type SessionStore } from '../store/sessionStore';
import type { Account, DisplayLink, Session } from '../store/store';
import type { CatalogueService } from './catalogueService';
import { newId, type Clock } from './clock';

/** How long a login lasts: a long broadcast day plus preparation, not weeks. */
export const SESSION_HOURS = 14;
/** A display link's session outlives a working day: the big screen is not there to log in again. */
export const DISPLAY_SESSION_DAYS = 365;
/** A crew member's browsers and tabs, and a handful of big screens per link: the oldest goes past these. */
export const DEFAULT_SESSION_CAPS: SessionCaps = { perAccount: 20, perDisplayLink: 5 };

/** On a shared store, tokens unknown here are looked up together: one query per window, at most this many hashes. */
const LOOKUP_WINDOW_MS = 20;
const LOOKUP_BATCH = 500;
/** Why recently ended sessions ended, kept so a late socket or page can be told (bounded). */
const MAX_ENDED_REASONS = 10_000;

export interface OpenedSession {
  token: string;
  session: Session;
  account: Account;
  /** Older sessions ended to stay within the caps: their live sockets must end too. */
  ended: string[];
}

/**
 * Login and display-link sessions: opened, found from a cookie, ended, expired. They live in their
 * own SessionStore (not the catalogue), are capped per account and per display link, and are
 * pruned when they expire. A session is live only while its account is enabled and its display
 * link not revoked, which the catalogue decides.
 */
export class SessionService {
  private readonly byId = new Map<string, Session>();
  private readonly byToken = new Map<string, string>();
  private lookups = new Map<string, Array<() => void>>();
  private lookupTimer: NodeJS.Timeout | null = null;
  private lookupRunning = false;
  /** Told the ids of sessions this node ended (the cluster tells the other nodes). */
  onEnded: (ids: string[]) => void = () => undefined;
  /** Told the ids of sessions ended for going unused past their role's limit (their sockets are told why). */
  onIdleEnded: (ids: string[]) => void = () => undefined;
  /** Last use (ms) of each live session: memory only, written to the store coarsely. */
  private readonly lastUsed = new Map<string, number>();
  /** Sessions used since the last write of last-used times. */
  private readonly touched = new Set<string>();
  private lastTouchWrite = 0;
  private touchWriting: Promise<void> | null = null;
  /** Session id or token hash → why it ended (idle, password changed), for the screen that asks later. */
  private readonly endedBecause = new Map<string, string>();

  constructor(
    private readonly store: SessionStore,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    private readonly options: { shared?: boolean; caps?: SessionCaps; idleMinutes?: IdleMinutes; touchPersistMs?: number } = {},
  ) {
    this.lastTouchWrite = this.clock.now().getTime();
  }

  private get caps(): SessionCaps {
    return this.options.caps ?? DEFAULT_SESSION_CAPS;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /**
   * Read the live sessions. Sessions an older version kept in catalogue.json are moved here (so
   * logged-in crews and big screens stay logged in), then removed from the catalogue.
   */
  async load(): Promise<void> {
    for (const session of await this.store.load(this.now())) this.remember(session);
    const legacy = Object.values(this.catalogue.data.sessions ?? {}).filter((s) => s.expiresAt >= this.now() && !this.byId.has(s.id));
    try {
      for (const session of legacy.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
        const ended = await this.store.open(session, this.caps);
        this.forget(ended);
        this.remember(session);
      }
    } catch {
      // The disk or database refused: start anyway; they stay in the catalogue and move at the next start.
      return;
    }
    // Not worth refusing to start over: the sessions are moved already, and moving them again is harmless.
    await this.catalogue.dropLegacySessions().catch(() => undefined);
  }

  private remember(session: Session): void {
    this.byId.set(session.id, session);
    this.byToken.set(session.tokenHash, session.id);
    // A store that keeps no last-used times (PostgreSQL for now): read now counts as used now.
    const used = this.store.touch ? Date.parse(session.lastUsedAt ?? session.createdAt) : this.clock.now().getTime();
    this.lastUsed.set(session.id, Math.max(this.lastUsed.get(session.id) ?? 0, Number.isNaN(used) ? 0 : used));
  }

  /** Drop sessions from memory (ended here or, on a shared store, by another node). */
  forget(ids: string[]): void {
    for (const id of ids) {
      const session = this.byId.get(id);
      if (!session) continue;
      this.byId.delete(id);
      this.byToken.delete(session.tokenHash);
      this.lastUsed.delete(id);
      this.touched.delete(id);
    }
  }

  /** Open a session for an account that has just proved who it is. Rejects STORAGE_FULL / STORAGE_FAILED. */
  async open(account: Account, lifetimeMs: number, displayLinkId: string | null = null): Promise<OpenedSession> {
    const token = newSecret();
    const now = this.clock.now();
    const session: Session = {
      id: newId(),
      tokenHash: hashSecret(token),
      accountId: account.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(),
      displayLinkId,
    };
    let ended: string[];
    try {
      ended = await this.store.open(session, this.caps);
    } catch (error) {
      throw refuse(isStorageFull(error) ? 'STORAGE_FULL' : 'STORAGE_FAILED');
    }
    this.forget(ended);
    this.remember(session);
    if (ended.length) this.onEnded(ended);
    return { token, session, account, ended };
  }

  /** The live display link a key opens, if any. */
  displayLinkOf(key: string): DisplayLink | undefined {
    const hash = hashSecret(key);
    return Object.values(this.catalogue.data.displayLinks).find((l) => l.keyHash === hash && !l.revokedAt);
  }

  /** Open the big screen from its display link key, or null when the key is unknown or revoked. */
  async openDisplayLink(key: string): Promise<OpenedSession | null> {
    const link = this.displayLinkOf(key);
    const account = link && this.catalogue.findAccount(link.accountId);
    if (!link || !account || account.disabled) return null;
    return this.open(account, DISPLAY_SESSION_DAYS * 86_400_000, link.id);
  }

  /**
   * The live session and account behind a cookie token, from memory only; finding it counts as a
   * use (idle timeout). A session whose account must change its password first is found only with
   * `pendingChange` (the login, logout and change-password routes): everything else refuses it.
   */
  sessionFor(token: string | undefined, { pendingChange = false }: { pendingChange?: boolean } = {}): { session: Session; account: Account } | null {
    if (!token) return null;
    const id = this.byToken.get(hashSecret(token));
    const session = id ? this.byId.get(id) : undefined;
    if (!session || !this.isSessionLive(session.id)) return null;
    const account = this.catalogue.findAccount(session.accountId)!;
    if (account.mustChangePassword && !pendingChange && !session.displayLinkId) return null;
    this.touch(session.id);
    return { session, account };
  }

  /** True when the token is a live session whose account must change its password before anything else. */
  awaitsPasswordChange(token: string | undefined): boolean {
    const found = this.sessionFor(token, { pendingChange: true });
    return Boolean(found && !found.session.displayLinkId && found.account.mustChangePassword);
  }

  /** Why the session behind this token (or with this id) ended, when it ended for a reason worth telling. */
  endReasonOf(token: string | undefined): string | undefined {
    if (!token) return undefined;
    const hash = hashSecret(token);
    const id = this.byToken.get(hash);
    const session = id ? this.byId.get(id) : undefined;
    if (session && this.isIdle(session)) return SESSION_END_REASONS.idle;
    return this.endedBecause.get(hash);
  }

  /** Why a session a socket belongs to is no longer live, if it is a reason worth telling. */
  endReason(sessionId: string): string | undefined {
    const session = this.byId.get(sessionId);
    if (session && this.isIdle(session)) return SESSION_END_REASONS.idle;
    return this.endedBecause.get(sessionId);
  }

  private noteEnded(ids: string[], reason: string): void {
    for (const id of ids) {
      const session = this.byId.get(id);
      this.endedBecause.set(id, reason);
      if (session) this.endedBecause.set(session.tokenHash, reason);
    }
    if (this.endedBecause.size > MAX_ENDED_REASONS) for (const key of [...this.endedBecause.keys()].slice(0, this.endedBecause.size - MAX_ENDED_REASONS)) this.endedBecause.delete(key);
  }

  /** Minutes this session may go unused (Infinity: never), by its account's role; display-link sessions never idle out. */
  private idleLimitMs(session: Session): number {
    if (session.displayLinkId) return Infinity;
    const role = this.catalogue.findAccount(session.accountId)?.role;
    const minutes = role ? (this.options.idleMinutes ?? NO_IDLE_TIMEOUT)[role] : 0;
    return minutes > 0 ? minutes * 60_000 : Infinity;
  }

  private isIdle(session: Session): boolean {
    const limit = this.idleLimitMs(session);
    if (limit === Infinity) return false;
    return this.clock.now().getTime() - (this.lastUsed.get(session.id) ?? Date.parse(session.createdAt)) > limit;
  }

  /**
   * A session was used (an HTTP request with its cookie, a socket command): remember when, in
   * memory. The times are written to the store at most once per touchPersistMs, never per command.
   */
  touch(sessionId: string): void {
    const session = this.byId.get(sessionId);
    if (!session || this.isIdle(session)) return;
    const now = this.clock.now().getTime();
    this.lastUsed.set(sessionId, now);
    this.touched.add(sessionId);
    if (now - this.lastTouchWrite >= (this.options.touchPersistMs ?? DEFAULT_TOUCH_PERSIST_MS)) void this.writeTouches();
  }

  /** Write the last-used times gathered since the last write (one append); a failure only costs precision. */
  private writeTouches(): Promise<void> {
    if (this.touchWriting) return this.touchWriting;
    this.lastTouchWrite = this.clock.now().getTime();
    const used: Record<string, string> = {};
    for (const id of this.touched) {
      const at = this.lastUsed.get(id);
      if (at !== undefined && this.byId.has(id)) used[id] = new Date(at).toISOString();
    }
    this.touched.clear();
    if (!Object.keys(used).length || !this.store.touch) return Promise.resolve();
    this.touchWriting = this.store
      .touch(used)
      .catch(() => undefined)
      .finally(() => (this.touchWriting = null));
    return this.touchWriting;
  }

  /**
   * Like sessionFor, but on a shared store a token unknown here is looked up in the store: the
   * login may have happened on another node a moment ago. Lookups are batched, one query at a
   * time, so guessed tokens cannot hammer the database.
   */
  async findSession(token: string | undefined, options: { pendingChange?: boolean } = {}): Promise<{ session: Session; account: Account } | null> {
    const found = this.sessionFor(token, options);
    if (found || !token || !this.options.shared || !this.store.findByTokenHashes) return found;
    const hash = hashSecret(token);
    if (!this.byToken.has(hash)) {
      await new Promise<void>((resolve) => {
        const waiting = this.lookups.get(hash) ?? [];
        waiting.push(resolve);
        this.lookups.set(hash, waiting);
        this.lookupTimer ??= setTimeout(() => void this.runLookups(), LOOKUP_WINDOW_MS);
      });
    }
    let result = this.sessionFor(token, options);
    // The account or display link may be newer than this node's catalogue: read it again (at most twice a second).
    if (!result && this.byToken.has(hash)) {
      await this.catalogue.reloadForLookup().catch(() => undefined);
      result = this.sessionFor(token, options);
    }
    return result;
  }

  private async runLookups(): Promise<void> {
    this.lookupTimer = null;
    if (this.lookupRunning) return;
    this.lookupRunning = true;
    const batch = [...this.lookups.entries()].slice(0, LOOKUP_BATCH);
    for (const [hash] of batch) this.lookups.delete(hash);
    try {
      for (const session of await this.store.findByTokenHashes!(batch.map(([hash]) => hash), this.now())) this.remember(session);
    } catch {
      // The database is away: the token counts as unknown; the client tries again later.
    } finally {
      this.lookupRunning = false;
      for (const [, waiters] of batch) for (const resolve of waiters) resolve();
      if (this.lookups.size) this.lookupTimer ??= setTimeout(() => void this.runLookups(), LOOKUP_WINDOW_MS);
    }
  }

  /** True while a session may keep its live connection (not ended, not expired, account and link still valid). */
  isSessionLive(sessionId: string): boolean {
    const session = this.byId.get(sessionId);
    if (!session || session.expiresAt < this.now() || this.isIdle(session)) return false;
    const account = this.catalogue.findAccount(session.accountId);
    if (!account || account.disabled) return false;
    return !(session.displayLinkId && this.catalogue.data.displayLinks[session.displayLinkId]?.revokedAt);
  }

  /** End one session (logout). It is dead in memory at once, even when its durable record cannot be written. */
  async endSession(sessionId: string): Promise<void> {
    this.forget([sessionId]);
    this.onEnded([sessionId]);
    try {
      await this.store.end([sessionId]);
    } catch (error) {
      throw refuse(isStorageFull(error) ? 'STORAGE_FULL' : 'STORAGE_FAILED');
    }
  }

  /** End every session of an account or display link (disable, revoke), on every node; resolves with their ids. */
  async endSessionsOf(match: SessionMatch): Promise<string[]> {
    const known = this.sessionIdsOf(match);
    // Dropped from memory first: even if the write fails they are dead here, and a disabled account
    // or revoked link makes them dead everywhere; re-enabling an account ends its sessions again.
    this.forget(known);
    const stored = await this.store.endMatching(match).catch(() => [] as string[]);
    const ids = [...new Set([...known, ...stored])];
    this.onEnded(ids);
    return ids;
  }

  /**
   * After a password change: end every other session of the account (a stolen cookie dies with the
   * old password). Ended in memory at once; resolves with their ids.
   */
  async endOtherSessions(accountId: string, keepSessionId: string): Promise<string[]> {
    const ids = this.sessionIdsOf({ accountId }).filter((id) => id !== keepSessionId);
    if (!ids.length) return [];
    this.noteEnded(ids, SESSION_END_REASONS.passwordChanged);
    this.forget(ids);
    this.onEnded(ids);
    try {
      await this.store.end(ids);
    } catch (error) {
      throw refuse(isStorageFull(error) ? 'STORAGE_FULL' : 'STORAGE_FAILED');
    }
    return ids;
  }

  /** Sessions that belong to an account or came from a display link: what a disable or revoke must end. */
  sessionIdsOf(match: SessionMatch): string[] {
    return [...this.byId.values()].filter((s) => ('accountId' in match ? s.accountId === match.accountId : s.displayLinkId === match.displayLinkId)).map((s) => s.id);
  }

  /** Forget expired sessions here and in the store; on a shared store also those other nodes ended. */
  async sweep(): Promise<void> {
    const now = this.now();
    this.forget([...this.byId.values()].filter((s) => s.expiresAt < now).map((s) => s.id));
    // Unused past their role's limit: told why, then ended here and in the store.
    const idle = [...this.byId.values()].filter((s) => this.isIdle(s)).map((s) => s.id);
    if (idle.length) {
      this.noteEnded(idle, SESSION_END_REASONS.idle);
      this.onIdleEnded(idle);
      // On a shared store another node may have seen uses this one has not (last-used times are per
      // node until the store keeps them): idle here is refused here, but not ended for every node.
      if (!this.options.shared) {
        this.forget(idle);
        this.onEnded(idle);
        await this.store.end(idle).catch(() => undefined);
      }
    }
    await this.writeTouches();
    await this.store.prune(now);
    if (this.options.shared && this.store.stillOpen) {
      const ids = [...this.byId.keys()];
      const open = await this.store.stillOpen(ids);
      this.forget(ids.filter((id) => !open.has(id)));
    }
  }

  /** How many sessions are live, and the bytes (lowdb) or table size (PostgreSQL) they take. */
  footprint(): Promise<{ sessions: number; bytes: number | null }> {
    return this.store.footprint();
  }

  async close(): Promise<void> {
    if (this.lookupTimer) clearTimeout(this.lookupTimer);
    await this.writeTouches();
    return this.store.close();
  }
}
