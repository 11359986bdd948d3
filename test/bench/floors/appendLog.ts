import { constants, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * What the append floors write: one JSON line per command, of exactly the byte size the product's
 * own log grows by per command, made from the command's payload (so JSON.stringify runs on the
 * same data the product serialises), padded up to that size. `bytes` includes the newline.
 */
export function lineOf(seq: number, payload: unknown, bytes: number): string {
  // `pad` is the last key, so the padding goes in before the closing `"}` without a second stringify.
  const base = JSON.stringify({ seq, at: new Date().toISOString(), payload, pad: '' });
  const pad = Math.max(0, bytes - 1 - Buffer.byteLength(base));
  return `${base.slice(0, -2)}${'x'.repeat(pad)}"}\n`;
}

/**
 * A log file kept open for appending (O_APPEND), written the way the fastest durable append in Node
 * goes: the bytes copied into the page cache synchronously (no wait on the disk, no trip through
 * the thread pool), then one fdatasync awaited. Nothing else: no checks, no state, no truncation.
 */
export class AppendLog {
  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<AppendLog> {
    return new AppendLog(await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600));
  }

  async appendSynced(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(this.handle.fd, bytes, done, bytes.length - done);
    await this.handle.datasync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
