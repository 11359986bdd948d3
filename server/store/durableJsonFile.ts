import { constants, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename, stat, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * The file operations a durable write needs. Injectable so fault tests can make the disk fail
 * (full, read-only, rename refused) without touching the real file system.
 */
export interface FileSystem {
  readFile(path: string): Promise<string>;
  /** A file's size in bytes, or null when it does not exist. */
  fileSize(path: string): Promise<number | null>;
  /** The bytes of a file from `offset` to its end (a log's tail past its checkpoint). */
  readBytes(path: string, offset: number): Promise<Buffer>;
  /** Text, or exact bytes (a damaged file's copy kept in quarantine). */
  writeFileSynced(path: string, text: string | Uint8Array): Promise<void>;
  /** Append to a file (creating it) and flush the data before resolving: one log record made durable. */
  appendSynced(path: string, text: string): Promise<void>;
  /** Cut a file back to `length` bytes: a half-written log record is removed before the next one. */
  truncate(path: string, length: number): Promise<void>;
  /** Close what appends keep open: one file (replaced by a rename), or all (the store closes). */
  closeAppends?(path?: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDirectory(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeFileSystem: FileSystem = {
  readFile: (path) => readFile(path, 'utf8'),
  async fileSize(path) {
    try {
      return (await stat(path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  async readBytes(path, offset) {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.max(0, size - offset));
      let read = 0;
      while (read < buffer.length) {
        const { bytesRead } = await handle.read(buffer, read, buffer.length - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return buffer.subarray(0, read);
    } finally {
      await handle.close();
    }
  },
  async appendSynced(path, text) {
    const handle = await openLogs.get(path);
    try {
      // Copying a few kilobytes into the page cache does not wait on the disk: done here, it saves the
      // acknowledgement one trip through the thread pool. Only the flush is waited for.
      const bytes = Buffer.from(text, 'utf8');
      // A short write (the disk filling up) is continued, so it either completes or throws.
      for (let done = 0; done < bytes.length; ) done += writeSync(handle.fd, bytes, done, bytes.length - done);
      // fdatasync: the bytes and the new length, without waiting for the timestamps.
      await handle.datasync();
    } catch (error) {
      openLogs.forget(path);
      throw error;
    }
  },
  truncate: (path, length) => truncate(path, length),
  closeAppends: (path) => openLogs.close(path),
  async writeFileSynced(path, text) {
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename,
  async syncDirectory(path) {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  unlink,
  async mkdir(path) {
    await mkdir(path, { recursive: true });
  },
};

/**
 * Log files stay open between appends while their episode is busy: opening and closing around every
 * record would double the trips through the thread pool that an acknowledgement waits for. A file
 * quiet for a few seconds is closed again, so old episodes hold no descriptors.
 */
class OpenLogs {
  private readonly handles = new Map<string, { handle: Promise<FileHandle>; timer: NodeJS.Timeout }>();

  get(path: string): Promise<FileHandle> {
    const known = this.handles.get(path);
    const handle = known?.handle ?? open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
    if (known) clearTimeout(known.timer);
    const timer = setTimeout(() => this.forget(path), 3_000);
    timer.unref();
    this.handles.set(path, { handle, timer });
    handle.catch(() => this.forget(path));
    return handle;
  }

  async close(path?: string): Promise<void> {
    const paths = path === undefined ? [...this.handles.keys()] : [path];
    const closing = paths.map((p) => this.handles.get(p)?.handle.then((h) => h.close()).catch(() => undefined));
    for (const p of paths) {
      clearTimeout(this.handles.get(p)?.timer);
      this.handles.delete(p);
    }
    await Promise.all(closing);
  }

  forget(path: string): void {
    const known = this.handles.get(path);
    if (!known) return;
    this.handles.delete(path);
    clearTimeout(known.timer);
    void known.handle.then((h) => h.close()).catch(() => undefined);
  }
}

const openLogs = new OpenLogs();

/**
 * lowdb adapter that survives a crash: lowdb's own JSONFile does not fsync, so an acknowledged
 * change could vanish with the page cache. Here a write goes to a temporary file, is flushed, renamed
 * over the old file and the folder entry is flushed too; a reader sees the old file or the new one,
 * never half of either. A missing file reads as null (an empty store), not as a crash.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly tempPath: string;
  /** The text the file holds for certain: what was last read or durably written. */
  private durableText: string | null = null;
  /** Length of the text last read or written. */
  textLength = 0;

  constructor(
    readonly path: string,
    private readonly fs: FileSystem = nodeFileSystem,
    /** Keep the durable text for `lastDurable()`; off for files never put back that way (episode checkpoints), to save memory. */
    private readonly remember = true,
    /**
     * Keep a second copy here after every good read and durable write (the catalogue's last good
     * copy): damage to the file in place (a half copy, an editor, a bad block) leaves this one whole.
     */
    private readonly lastGoodPath: string | null = null,
  ) {
    this.tempPath = join(dirname(path), `.${basename(path)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // A leading BOM (an editor saved the file) is not damage.
    text = text.replace(/^\uFEFF/, '');
    let data: T;
    try {
      data = JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`DurableJsonFile: ${this.path} is not valid JSON (${(error as Error).message})`);
    }
    if (this.remember) this.durableText = text;
    this.textLength = text.length;
    if (this.lastGoodPath) await this.keepLastGood(text, true);
    return data;
  }

  write(data: T): Promise<void> {
    // Serialise before the first await: the caller's state may change while the disk works, and
    // what is written must be exactly the state at the moment of the call.
    const text = JSON.stringify(data);
    return this.writeText(text);
  }

  /** Write text that is already JSON (made by the caller at the moment that counts). */
  async writeText(text: string): Promise<void> {
    try {
      await this.fs.writeFileSynced(this.tempPath, text);
      await this.fs.rename(this.tempPath, this.path);
    } catch (error) {
      await this.fs.unlink(this.tempPath).catch(() => undefined);
      throw error;
    }
    await this.fs.syncDirectory(dirname(this.path));
    if (this.remember) this.durableText = text;
    this.textLength = text.length;
    if (this.lastGoodPath) await this.keepLastGood(text, false);
  }

  /**
   * Copy text known to be good next to the file. Awaited (not left running) so that nothing writes
   * to the folder after the caller's write has returned. A failure is swallowed: the file itself is
   * durable, and the copy is only a spare; the previous copy stays until the next write.
   */
  private async keepLastGood(text: string, onlyIfDifferent: boolean): Promise<void> {
    const path = this.lastGoodPath!;
    const temp = join(dirname(path), `.${basename(path)}.tmp`);
    try {
      if (onlyIfDifferent && (await this.fs.readFile(path).catch(() => null)) === text) return;
      await this.fs.writeFileSynced(temp, text);
      await this.fs.rename(temp, path);
    } catch {
      // A read-only folder (the report tool) or a full disk: the spare waits for a later write.
      await this.fs.unlink(temp).catch(() => undefined);
    }
  }

  /**
   * What the disk holds, without asking the disk: after a failed write memory is put back to this,
   * which works even when the fault (disk full, permission gone) would also make a read fail.
   */
  lastDurable(): T | null {
    return this.durableText === null ? null : (JSON.parse(this.durableText) as T);
  }
}
