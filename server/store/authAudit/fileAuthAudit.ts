import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuthEvent } from '../../../shared/domain/auditSources';
import type { AuthAuditLog, AuthAuditQuery } from './authAuditLog';

/** The log is turned over at this size: the current file and one older one are kept (64 MB, some 300,000 sign-ins). */
export const ROTATE_BYTES = 32 * 1024 * 1024;

/**
 * `auth-audit.log` in the data folder: one JSON line per sign-in event, appended and fdatasynced;
 * events arriving together share one append (a burst of failed logins costs one fsync, not one
 * each). Bounded: at ROTATE_BYTES the file becomes `auth-audit.1.log` (replacing the older one).
 */
export class FileAuthAudit implements AuthAuditLog {
  readonly path: string;
  readonly olderPath: string;
  private handle: FileHandle | null = null;
  private bytes = -1;
  private pending: Array<{ line: string; resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(
    readonly dataDir: string,
    private readonly rotateBytes = ROTATE_BYTES,
  ) {
    this.path = join(dataDir, 'auth-audit.log');
    this.olderPath = join(dataDir, 'auth-audit.1.log');
  }

  append(event: AuthEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(event)}\n`, resolve, reject });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0);
        try {
          const text = batch.map((entry) => entry.line).join('');
          const handle = await this.file();
          await handle.appendFile(text, 'utf8');
          await handle.datasync();
          this.bytes += Buffer.byteLength(text);
          if (this.bytes >= this.rotateBytes) await this.rotate();
          for (const entry of batch) entry.resolve();
        } catch (error) {
          // The handle may be broken (a full disk): open afresh next time.
          await this.handle?.close().catch(() => undefined);
          this.handle = null;
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async file(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    await mkdir(this.dataDir, { recursive: true });
    this.handle = await open(this.path, 'a');
    this.bytes = (await stat(this.path)).size;
    return this.handle;
  }

  private async rotate(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    await rename(this.path, this.olderPath);
    const folder = await open(this.dataDir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }

  async read(query: AuthAuditQuery): Promise<AuthEvent[]> {
    const out: AuthEvent[] = [];
    for (const path of [this.path, this.olderPath]) {
      const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : Promise.reject(error)));
      const lines = text.split('\n');
      for (let i = lines.length - 1; i >= 0 && out.length < query.limit; i--) {
        const line = lines[i];
        if (!line) continue;
        let event: AuthEvent;
        try {
          event = JSON.parse(line) as AuthEvent;
        } catch {
          continue; // a line torn by a crash was never acknowledged
        }
        if (query.fromInstant && event.at < query.fromInstant) continue;
        if (query.toInstant && event.at > query.toInstant) continue;
        out.push(event);
      }
    }
    return out;
  }

  async close(): Promise<void> {
    while (this.flushing || this.pending.length) await new Promise((resolve) => setTimeout(resolve, 5));
    await this.handle?.close();
    this.handle = null;
  }
}
