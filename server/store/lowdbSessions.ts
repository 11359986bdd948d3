import { constants, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, truncate, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Session } from './store';
import type { SessionCaps, SessionMatch, SessionStore } from './sessionStore';

/** The log is rewritten with only the live sessions once it is this big and mostly dead records. */
const COMPACT_MIN_BYTES = 64 * 1024;
const COMPACT_FACTOR = 4;

/** `used`: last-used times (idle timeout), written at most about once a minute. */
type Line = { open: Session } | { end: string[] } | { used: Record<string, string> };
type Op = (draft: Map<string, Session>) => { lines: Line[]; result: unknown };

/**
 * Sessions of the lowdb store: `sessions.log` in the data folder, one JSON line per opened or
 * ended session, appended and fdatasynced. A login costs one append of ~300 bytes instead of a
 * rewrite of the catalogue. Several opens waiting together share one append (group commit). When
 * the log is mostly ended or expired sessions it is rewritten (temporary file → fsync → rename →
 * fsync of the folder) with the live ones only, so its size stays bounded by the caps.
 */
export class LowdbSessions implements SessionStore {
  readonly path: string;
  private live = new Map<string, Session>();
  private readonly lineBytes = new Map<string, number>();
  private liveBytes = 0;
  /** Bytes of the log that are whole, durable lines; anything past them is cut before the next append. */
  private goodBytes = 0;
  private dirty = false;
  private handle: FileHandle | null = null;
  private pending: Array<{ op: Op; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(readonly dataDir: string) {
    this.path = join(dataDir, 'sessions.log');
  }

  async load(now: string): Promise<Session[]> {
    await mkdir(this.dataDir, { recursive: true });
    const text = await readFile(this.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    // Only whole lines count: a line torn by a crash mid-append was never acknowledged.
    const whole = text.slice(0, text.lastIndexOf('\n') + 1);
    this.goodBytes = Buffer.byteLength(whole);
    this.dirty = whole.length !== text.length;
    this.live.clear();
    this.lineBytes.clear();
    this.liveBytes = 0;
    for (const line of whole.split('\n')) {
      if (!line) continue;
      let parsed: Line;
      try {
        parsed = JSON.parse(line) as Line;
      } catch {
        continue; // A damaged line loses one session at most: its owner logs in again.
      }
      if ('open' in parsed) this.add(this.live, parsed.open, Buffer.byteLength(line) + 1);
      else if ('used' in parsed) withLastUsed(this.live, parsed.used);
      else for (const id of parsed.end) this.remove(this.live, id);
    }
    for (const session of [...this.live.values()]) if (session.expiresAt < now) this.remove(this.live, session.id);
    await this.enqueue(() => ({ lines: [], result: null })).catch(() => undefined);
    return [...this.live.values()];
  }

  private add(map: Map<string, Session>, session: Session, bytes: number): void {
    map.set(session.id, session);
    if (map === this.live) {
      this.lineBytes.set(session.id, bytes);
      this.liveBytes += bytes;
    }
  }

  private remove(map: Map<string, Session>, id: string): void {
    if (!map.delete(id) || map !== this.live) return;
    this.liveBytes -= this.lineBytes.get(id) ?? 0;
    this.lineBytes.delete(id);
  }

  open(session: Session, caps: SessionCaps): Promise<string[]> {
    return this.enqueue((draft) => {
      const ended = [
        ...oldestBeyond(draft, (s) => s.accountId === session.accountId, caps.perAccount - 1),
        ...(session.displayLinkId ? oldestBeyond(draft, (s) => s.displayLinkId === session.displayLinkId, caps.perDisplayLink - 1) : []),
      ];
      const unique = [...new Set(ended)];
      for (const id of unique) draft.delete(id);
      draft.set(session.id, session);
      return { lines: unique.length ? [{ end: unique }, { open: session }] : [{ open: session }], result: unique };
    }) as Promise<string[]>;
  }

  async end(ids: string[]): Promise<void> {
    await this.enqueue((draft) => {
      const known = ids.filter((id) => draft.delete(id));
      return { lines: known.length ? [{ end: known }] : [], result: null };
    });
  }

  endMatching(match: SessionMatch): Promise<string[]> {
    return this.enqueue((draft) => {
      const ids = [...draft.values()].filter((s) => ('accountId' in match ? s.accountId === match.accountId : s.displayLinkId === match.displayLinkId)).map((s) => s.id);
      for (const id of ids) draft.delete(id);
      return { lines: ids.length ? [{ end: ids }] : [], result: ids };
    }) as Promise<string[]>;
  }

  /** One line for many sessions' last-used times; compaction folds them into the sessions' own lines. */
  async touch(used: Record<string, string>): Promise<void> {
    await this.enqueue((draft) => {
      const known = Object.fromEntries(Object.entries(used).filter(([id]) => draft.has(id)));
      withLastUsed(draft, known);
      return { lines: Object.keys(known).length ? [{ used: known }] : [], result: null };
    });
  }

  /** Expired sessions need no record: load and compaction drop them by their expiry. */
  prune(now: string): Promise<number> {
    return this.enqueue((draft) => {
      let count = 0;
      for (const session of [...draft.values()]) if (session.expiresAt < now && draft.delete(session.id)) count++;
      return { lines: [], result: count };
    }) as Promise<number>;
  }

  async footprint(): Promise<{ sessions: number; bytes: number | null }> {
    const size = await stat(this.path).then((s) => s.size, () => 0);
    return { sessions: this.live.size, bytes: size };
  }

  private enqueue(op: Op): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ op, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** Every op waiting now is decided on a copy, written in one append, and applied once durable. */
  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      const draft = new Map(this.live);
      const decided: Array<{ lines: Line[]; result: unknown; error?: unknown }> = batch.map(({ op }) => {
        try {
          return op(draft);
        } catch (error) {
          return { lines: [], result: null, error };
        }
      });
      const text = decided.flatMap((d) => d.lines.map((line) => JSON.stringify(line) + '\n')).join('');
      try {
        if (text) await this.append(text);
        this.apply(draft, decided);
        await this.compactIfWorthIt();
        batch.forEach((waiter, i) => (decided[i].error ? waiter.reject(decided[i].error) : waiter.resolve(decided[i].result)));
      } catch (error) {
        for (const waiter of batch) waiter.reject(error);
      }
    }
    this.flushing = false;
  }

  /** Memory follows the disk: the draft becomes the live set only after its lines are durable. */
  private apply(draft: Map<string, Session>, decided: Array<{ lines: Line[] }>): void {
    const opened = new Map<string, number>();
    for (const d of decided) for (const line of d.lines) if ('open' in line) opened.set(line.open.id, Buffer.byteLength(JSON.stringify(line)) + 1);
    for (const id of [...this.live.keys()]) if (!draft.has(id)) this.remove(this.live, id);
    for (const [id, session] of draft) {
      if (!this.live.has(id)) this.add(this.live, session, opened.get(id) ?? 300);
      else if (this.live.get(id) !== session) this.live.set(id, session); // a newer last-used time
    }
  }

  private async append(text: string): Promise<void> {
    try {
      this.handle ??= await open(this.path, 'a', 0o600);
      if (this.dirty) {
        await this.handle.truncate(this.goodBytes);
        this.dirty = false;
      }
      const bytes = Buffer.from(text, 'utf8');
      // Copying a few hundred bytes into the page cache does not wait on the disk; only the flush is awaited.
      for (let done = 0; done < bytes.length; ) done += writeSync(this.handle.fd, bytes, done, bytes.length - done);
      await this.handle.datasync();
      this.goodBytes += bytes.length;
    } catch (error) {
      // Part of the text may be in the file (the disk filled up mid-write): cut it now, or before the next append.
      this.dirty = true;
      await truncate(this.path, this.goodBytes).then(
        () => (this.dirty = false),
        () => undefined,
      );
      await this.handle?.close().catch(() => undefined);
      this.handle = null;
      throw error;
    }
  }

  private async compactIfWorthIt(): Promise<void> {
    if (this.goodBytes < COMPACT_MIN_BYTES || this.goodBytes < COMPACT_FACTOR * this.liveBytes) return;
    const text = [...this.live.values()].map((session) => JSON.stringify({ open: session }) + '\n').join('');
    try {
      await replaceFileDurably(this.path, text);
    } catch {
      // Not needed for correctness: the long log still says the same. Try again after the next write.
      return;
    }
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
    this.goodBytes = Buffer.byteLength(text);
    this.dirty = false;
  }

  async close(): Promise<void> {
    while (this.flushing || this.pending.length) await new Promise((r) => setTimeout(r, 5));
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
  }
}

/** Give sessions their last-used times (new objects: the live map changes only once the line is durable). */
function withLastUsed(map: Map<string, Session>, used: Record<string, string>): void {
  for (const [id, at] of Object.entries(used)) {
    const session = map.get(id);
    if (session && (!session.lastUsedAt || session.lastUsedAt < at)) map.set(id, { ...session, lastUsedAt: at });
  }
}

/** Ids of the oldest sessions matching `filter` beyond the newest `keep`. */
function oldestBeyond(map: Map<string, Session>, filter: (s: Session) => boolean, keep: number): string[] {
  const matching = [...map.values()].filter(filter).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return matching.slice(Math.max(0, keep)).map((s) => s.id);
}

/** temporary file → fsync → rename → fsync of the folder: the log is either the old one or the new one, whole. */
async function replaceFileDurably(path: string, text: string): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  const dir = await open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
