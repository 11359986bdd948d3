import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * The file operations a durable write needs. Injectable so fault tests can make the disk fail
 * (full, read-only, rename refused) without touching the real file system.
 */
export interface FileSystem {
  readFile(path: string): Promise<string>;
  writeFileSynced(path: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  syncDirectory(path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
}

export const nodeFileSystem: FileSystem = {
  readFile: (path) => readFile(path, 'utf8'),
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
 * lowdb adapter that survives a crash: lowdb's own JSONFile does not fsync, so an acknowledged
 * change could vanish with the page cache. Here a write goes to a temporary file, is flushed, renamed
 * over the old file and the folder entry is flushed too; a reader sees the old file or the new one,
 * never half of either. A missing file reads as null (an empty store), not as a crash.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private readonly tempPath: string;
  /** The text the file holds for certain: what was last read or durably written. */
  private durableText: string | null = null;

  constructor(
    readonly path: string,
    private readonly fs: FileSystem = nodeFileSystem,
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
    try {
      const data = JSON.parse(text) as T;
      this.durableText = text;
      return data;
    } catch (error) {
      throw new Error(`DurableJsonFile: ${this.path} is not valid JSON (${(error as Error).message})`);
    }
  }

  write(data: T): Promise<void> {
    // Serialise before the first await: the caller's state may change while the disk works, and
    // what is written must be exactly the state at the moment of the call.
    const text = JSON.stringify(data);
    return this.writeText(text);
  }

  private async writeText(text: string): Promise<void> {
    try {
      await this.fs.writeFileSynced(this.tempPath, text);
      await this.fs.rename(this.tempPath, this.path);
    } catch (error) {
      await this.fs.unlink(this.tempPath).catch(() => undefined);
      throw error;
    }
    await this.fs.syncDirectory(dirname(this.path));
    this.durableText = text;
  }

  /**
   * What the disk holds, without asking the disk: after a failed write memory is put back to this,
   * which works even when the fault (disk full, permission gone) would also make a read fail.
   */
  lastDurable(): T | null {
    return this.durableText === null ? null : (JSON.parse(this.durableText) as T);
  }
}
