/**
 * In-memory throttles for the login and display-link routes. Nothing here is durable on purpose: a
 * restart forgets them, which never locks anyone out, and counting must not cost a disk write.
 * Every map is bounded, so addresses or usernames made up by the thousand cannot grow memory.
 */

const MAX_KEYS = 20_000;

/** Drop the oldest entries (a Map iterates in insertion order) once a map passes its bound. */
function bound<K, V>(map: Map<K, V>, max = MAX_KEYS): void {
  if (map.size <= max) return;
  for (const key of map.keys()) {
    map.delete(key);
    if (map.size <= max * 0.9) break;
  }
}

/** At most `limit` hits per key in each fixed window of `windowMs`. */
export class WindowLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Count one hit; 0 when allowed, else how many ms until the key may try again. */
  take(key: string): number {
    const wait = this.blockedMs(key);
    if (!wait) this.hit(key);
    return wait;
  }

  /** 0 while the key is under its limit, else how many ms until its window ends. Counts nothing. */
  blockedMs(key: string): number {
    const entry = this.hits.get(key);
    const now = this.now();
    return entry && entry.resetAt > now && entry.count >= this.limit ? entry.resetAt - now : 0;
  }

  /** Whether `extra` more hits (requests still in progress) would reach the limit. */
  wouldReach(key: string, extra: number): boolean {
    const entry = this.hits.get(key);
    const count = entry && entry.resetAt > this.now() ? entry.count : 0;
    return count + extra >= this.limit;
  }

  /** Count one hit after the fact (a wrong password is known only once it was checked). */
  hit(key: string): void {
    const now = this.now();
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      this.hits.delete(key);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
      bound(this.hits);
    }
    entry.count += 1;
  }
}

export interface BackoffOptions {
  /** Wrong passwords allowed before any wait. */
  freeFailures: number;
  /** Wait after the first failure past them; doubled with each further one. */
  baseMs: number;
  maxMs: number;
  /** A username with no failure for this long starts afresh. */
  forgetMs: number;
}

// The wait stops growing at a minute: a guesser gets one try a minute at one account (far too few
// for a real password), while a crew member on a machine the account does not know yet (a restart
// forgets which addresses logged it in) waits at most a minute, never a quarter of an hour.
export const DEFAULT_BACKOFF: BackoffOptions = { freeFailures: 5, baseMs: 1_000, maxMs: 60_000, forgetMs: 15 * 60_000 };
const KNOWN_ADDRESS_MS = 30 * 86_400_000;

/**
 * Per-account backoff on wrong passwords, whatever address they come from: guesses spread over
 * rotating addresses meet the same growing wait. So that a guesser cannot lock the crew out of
 * their own account, an address that logged this account in before counts on its own: the studio's
 * machines keep their own (generous) allowance while a stranger's guesses wait.
 */
export class AccountBackoff {
  private readonly failures = new Map<string, { count: number; lastAt: number }>();
  private readonly knownAddresses = new Map<string, Map<string, number>>();

  constructor(
    private readonly now: () => number,
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  private key(username: string, ip: string): string {
    const seen = this.knownAddresses.get(username)?.get(ip);
    return seen !== undefined && this.now() - seen < KNOWN_ADDRESS_MS ? `${username}\n${ip}` : username;
  }

  /** ms this attempt must wait before a password is even checked (0: go ahead). */
  waitMs(username: string, ip: string): number {
    const entry = this.failures.get(this.key(username, ip));
    if (!entry) return 0;
    const now = this.now();
    if (now - entry.lastAt > this.options.forgetMs) return 0;
    const over = entry.count - this.options.freeFailures;
    if (over < 0) return 0;
    const wait = Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(over, 30));
    return Math.max(0, entry.lastAt + wait - now);
  }

  failed(username: string, ip: string): void {
    const key = this.key(username, ip);
    const now = this.now();
    const entry = this.failures.get(key);
    const count = entry && now - entry.lastAt <= this.options.forgetMs ? entry.count + 1 : 1;
    this.failures.delete(key);
    this.failures.set(key, { count, lastAt: now });
    bound(this.failures);
  }

  succeeded(username: string, ip: string): void {
    this.failures.delete(this.key(username, ip));
    const known = this.knownAddresses.get(username) ?? new Map<string, number>();
    known.delete(ip);
    known.set(ip, this.now());
    // A crew member's few machines, not every address a roaming laptop ever had.
    if (known.size > 50) known.delete(known.keys().next().value!);
    this.knownAddresses.delete(username);
    this.knownAddresses.set(username, known);
    bound(this.knownAddresses, 5_000);
  }
}

/** Requests in progress per key: guesses sent all at once must not slip past counts made only when they finish. */
export class InFlight {
  private readonly counts = new Map<string, number>();

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Count `keys` as in progress until the returned function is called. */
  enter(...keys: string[]): () => void {
    for (const key of keys) this.counts.set(key, this.get(key) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      for (const key of keys) {
        const count = this.get(key) - 1;
        if (count > 0) this.counts.set(key, count);
        else this.counts.delete(key);
      }
    };
  }
}
