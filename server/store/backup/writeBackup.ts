import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { checkpointProblem, isLegacy, replayOnto, scanLog, type Checkpoint, type LegacyEpisodeFile } from '../episodeFiles';
import { CATALOGUE_FILE, classifyEpisodeEntries, LAST_GOOD_FILE } from '../folderCheck';
import { QUARANTINE_DIR } from '../quarantine';
import { ARCHIVE_FORMAT, DATA_PREFIX, FORMAT_VERSION, MANIFEST_PATH, MANIFEST_SUM_PATH, productVersion, unsafePathReason, type Manifest, type ManifestEpisode, type ManifestFile } from './manifest';
import { TarWriter } from './tar';

/**
 * A consistent copy of a lowdb data folder, taken from the outside while the server keeps running
 * (or from a stopped folder: the same code, with no races to lose).
 *
 * Why it is consistent without stopping the server. The store changes its folder in only two ways:
 *  (a) it APPENDS to logs (`episodes/<id>.log`, `sessions.log`), each record one line, fdatasynced
 *      before the command is acknowledged; bytes once acknowledged are never changed while the
 *      server runs (it only cuts bytes past its last acknowledged record: a failed append);
 *  (b) it REPLACES whole files by rename (checkpoints `episodes/<id>.json`, `catalogue.json`, its
 *      last good copy, a compacted `sessions.log`): a reader that opened the name holds either the
 *      old file or the new one, whole, never a mix.
 * So:
 *  1. Episodes. The listing of episodes/ is taken once, after the backup began: every episode that
 *     existed when it began is in it (files are never removed from a live folder; only start-up and
 *     the doctor move damaged ones aside). For each, the CHECKPOINT is read first, whole, then the
 *     LOG is opened and its size taken. The checkpoint says how many log bytes it covers
 *     (`logBytes`), and a log only grows, so the log read after it is at least that long: the pair
 *     is always a checkpoint plus the log it came from, or a later one. (Read the other way round, a
 *     checkpoint written in between could cover log bytes the copy does not have.)
 *  2. The log's bytes the checkpoint covers are acknowledged and never touched again: streamed from
 *     the open handle. The bytes after them (the tail, at most a few MB: the store folds a longer
 *     tail into a new checkpoint) are read into memory at once and checked record by record
 *     (scanLog, as start-up does): a line still being appended, torn at the end, is left out; so is
 *     anything after the last whole record. Reading the tail once, before the archive entry is
 *     written, means a tail the store cuts back (a failed append) cannot change under the copy.
 *     A record whose fdatasync had not returned yet may be in the copy: whole, never acknowledged,
 *     harmless (its command id makes a retry of it idempotent). Every record acknowledged before
 *     the backup began was fdatasynced before its ack, hence in the file before the size was taken.
 *  3. An episode being created: the store writes its log, then its checkpoint, then acknowledges.
 *     An episode whose checkpoint is not there when it is read was not acknowledged when the backup
 *     began, and is left out whole (noted in the manifest): never half an episode. One created after
 *     the listing is not in it at all.
 *  4. A single-file (legacy) episode: the checkpoint alone holds it; a log beside it is an unfinished
 *     conversion the store ignores, so it is not copied. If the conversion finishes during the copy,
 *     the legacy checkpoint read first is still a whole, acknowledged state.
 *  5. sessions.log: opened once (a compaction renames a new file in; the handle keeps the old one,
 *     which is whole up to its last newline), cut at its last newline.
 *  6. catalogue.json and its last good copy are read LAST, whole (replaced by rename only). The
 *     catalogue does not list episodes; episodes refer to catalogue entries (units, people,
 *     categories), which a catalogue read later still holds, so references in the copy resolve.
 *  7. quarantine/ and other plain files at the top (DEMO-ACCOUNTS.txt…) are copied as they are:
 *     quarantine files are written once and never changed. Temporary files of a write in progress
 *     (`.x.tmp`) are never acknowledged data and are left out.
 * The archive is written to `<out>.partial`, fsynced, and renamed to `<out>` only when complete.
 */

const CHUNK = 1024 * 1024;

export interface BackupResult {
  manifest: Manifest;
  archiveBytes: number;
  out: string;
}

async function readWhole(handle: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.alloc(size);
  let read = 0;
  while (read < size) {
    const { bytesRead } = await handle.read(buffer, read, size - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

/** Bytes [from, to) of an open file, in chunks: bounded memory whatever the file's size. */
async function* range(handle: FileHandle, from: number, to: number): AsyncGenerator<Buffer> {
  for (let at = from; at < to; ) {
    const length = Math.min(CHUNK, to - at);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, at);
    if (bytesRead === 0) throw new Error(`文件在读取时变短了（字节 ${at}）/ the file shrank while being read`);
    at += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Where the last whole line ends (the byte after its newline) at or before `size`: searched backwards, a chunk at a time. */
async function lastLineEnd(handle: FileHandle, size: number): Promise<number> {
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - 64 * 1024);
    const buffer = Buffer.alloc(end - start);
    await handle.read(buffer, 0, buffer.length, start);
    const nl = buffer.lastIndexOf(0x0a);
    if (nl !== -1) return start + nl + 1;
    end = start;
  }
  return 0;
}

async function openIfThere(path: string): Promise<FileHandle | null> {
  return open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
}

/** Every regular file under a folder, relative paths, sorted; other kinds go to `skipped`. */
async function walk(root: string, rel: string, skipped: string[]): Promise<string[]> {
  const entries = await readdir(join(root, rel), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await walk(root, path, skipped)));
    else if (entry.isFile()) files.push(path);
    else skipped.push(path);
  }
  return files;
}

export interface BackupOptions {
  dataDir: string;
  out: string;
  source?: Manifest['source'];
  /** Told after each episode (progress). */
  onEpisode?: (done: number, total: number) => void;
  /** gzip level (default 6). */
  level?: number;
  /** When the copy began, if earlier than this call (a PostgreSQL copy made first). */
  createdAt?: Date;
  /** Notes the caller adds to the manifest (what a PostgreSQL backup leaves out). */
  notes?: string[];
}

export async function writeBackup(options: BackupOptions): Promise<BackupResult> {
  const { dataDir, out } = options;
  const createdAt = options.createdAt ?? new Date();
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  const gzip = createGzip({ level: options.level ?? 6 });
  const written = pipeline(gzip, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
  // An error writing the file (disk full) is thrown by `written`; meanwhile a write into gzip must not wait forever.
  written.catch(() => gzip.destroy());
  const tar = new TarWriter(gzip, createdAt);
  const files: ManifestFile[] = [];
  const episodes: ManifestEpisode[] = [];
  const notes: string[] = [...(options.notes ?? [])];
  let appeals = 0;

  const add = async (path: string, size: number, chunks: Iterable<Buffer> | AsyncIterable<Buffer>) => {
    const sha256 = await tar.addFile(DATA_PREFIX + path, size, chunks);
    files.push({ path, size, sha256 });
  };
  /** A file replaced only by rename, or written once: one open, its size then, its bytes. */
  const addWhole = async (path: string, cutAtLastLine = false) => {
    const handle = await openIfThere(join(dataDir, path));
    if (!handle) return false;
    try {
      const { size } = await handle.stat();
      const end = cutAtLastLine ? await lastLineEnd(handle, size) : size;
      await add(path, end, range(handle, 0, end));
      return true;
    } finally {
      await handle.close();
    }
  };

  try {
    // 1–4: the episodes, each checkpoint before its log.
    const entries = await readdir(join(dataDir, 'episodes'), { withFileTypes: true });
    const { ids, stray } = classifyEpisodeEntries(entries);
    for (const name of stray) notes.push(`未备份 episodes/${name}：不是节目文件 / left out episodes/${name}: not an episode file`);
    for (const [index, id] of ids.entries()) {
      const episode = await copyEpisode(dataDir, id, add, notes);
      if (episode) {
        episodes.push(episode);
        appeals += episode.appeals;
      }
      options.onEpisode?.(index + 1, ids.length);
    }
    // 5: sessions.
    await addWhole('sessions.log', true);
    // 7: quarantine/ and plain files at the top (before the catalogue, so that it is the last read).
    const skipped: string[] = [];
    for (const path of await walk(dataDir, QUARANTINE_DIR, skipped).then((paths) => paths.map((p) => p.replace(/^\//, '')))) {
      const why = unsafePathReason(path);
      if (why) notes.push(`未备份 ${path}：文件名${why}`);
      else await addWhole(path);
    }
    for (const entry of (await readdir(dataDir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (['episodes', QUARANTINE_DIR, CATALOGUE_FILE, LAST_GOOD_FILE, 'sessions.log'].includes(entry.name)) continue;
      if (entry.name.startsWith('.') || entry.name.endsWith('.tmp')) continue; // a write in progress, never acknowledged
      if (!entry.isFile()) {
        skipped.push(entry.name);
        continue;
      }
      const why = unsafePathReason(entry.name);
      if (why) notes.push(`未备份 ${entry.name}：文件名${why}`);
      else await addWhole(entry.name);
    }
    for (const path of skipped) notes.push(`未备份 ${path}：不是普通文件或不是本系统的目录 / left out ${path}: not a regular file the store writes`);
    // 6: the catalogue last.
    if (!(await addWhole(CATALOGUE_FILE))) notes.push('数据目录里没有 catalogue.json（从未启动过的目录）/ no catalogue.json in the folder');
    await addWhole(LAST_GOOD_FILE);

    const { product, version } = productVersion();
    const manifest: Manifest = {
      format: ARCHIVE_FORMAT,
      formatVersion: FORMAT_VERSION,
      product,
      productVersion: version,
      createdAt: createdAt.toISOString(),
      finishedAt: new Date().toISOString(),
      source: options.source ?? { kind: 'lowdb', folder: dataDir },
      files,
      episodes,
      totals: { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0), episodes: episodes.length, appeals },
      notes,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`);
    await tar.addFile(MANIFEST_PATH, manifestBytes.length, [manifestBytes]);
    const sum = Buffer.from(`${createHash('sha256').update(manifestBytes).digest('hex')}  ${MANIFEST_PATH}\n`);
    await tar.addFile(MANIFEST_SUM_PATH, sum.length, [sum]);
    await tar.finish();
    gzip.end();
    await written;

    const handle = await open(partial, 'r');
    let archiveBytes: number;
    try {
      archiveBytes = (await handle.stat()).size;
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, out);
    const dir = await open(dirname(out), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return { manifest, archiveBytes, out };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}

type Add = (path: string, size: number, chunks: Iterable<Buffer> | AsyncIterable<Buffer>) => Promise<void>;

/** One episode: its checkpoint, then its log up to the last whole record (see 1–4 above). */
async function copyEpisode(dataDir: string, id: string, add: Add, notes: string[]): Promise<ManifestEpisode | null> {
  const checkpointPath = `episodes/${id}.json`;
  const logPath = `episodes/${id}.log`;
  const checkpointHandle = await openIfThere(join(dataDir, checkpointPath));
  if (!checkpointHandle) {
    notes.push(`未备份节目 ${id}：只有日志、没有检查点（备份时正在创建，尚未确认；或源目录损坏，请对源目录运行 npm run doctor）/ left out episode ${id}: a log without a checkpoint (being created, not acknowledged)`);
    return null;
  }
  let checkpointBytes: Buffer;
  try {
    checkpointBytes = await readWhole(checkpointHandle, (await checkpointHandle.stat()).size);
  } finally {
    await checkpointHandle.close();
  }
  let doc: Checkpoint | LegacyEpisodeFile | null = null;
  try {
    doc = JSON.parse(checkpointBytes.toString('utf8').replace(/^\uFEFF/, '')) as Checkpoint | LegacyEpisodeFile;
    if (checkpointProblem(doc, id)) doc = null;
  } catch {
    doc = null;
  }
  await add(checkpointPath, checkpointBytes.length, [checkpointBytes]);
  if (doc && isLegacy(doc)) return { id, seq: doc.state.seq, appeals: Object.keys(doc.state.appeals ?? {}).length, legacy: true };

  // The log, opened only now: at least as new as the checkpoint just read.
  const log = await openIfThere(join(dataDir, logPath));
  if (!log) {
    if (doc && doc.logBytes > 0) notes.push(`节目 ${id} 的日志缺失（源目录损坏，请运行 npm run doctor）/ episode ${id}: its log is missing`);
    return doc ? { id, seq: doc.seq, appeals: Object.keys(doc.state.appeals).length, legacy: false } : null;
  }
  try {
    const size = (await log.stat()).size;
    if (!doc || size < doc.logBytes) {
      // The source is damaged (the store would not serve it as is): keep its whole lines for the doctor.
      notes.push(`节目 ${id} 的文件在源目录里已损坏，按原样备份（恢复后请运行 npm run doctor）/ episode ${id} is damaged in the source; copied as it is`);
      const end = await lastLineEnd(log, size);
      await add(logPath, end, range(log, 0, end));
      return { id, seq: doc?.seq ?? 0, appeals: doc ? Object.keys(doc.state.appeals).length : 0, legacy: false };
    }
    const covered = doc.logBytes;
    const tail = await readTail(log, covered, size);
    const scan = scanLog(tail, covered, doc.seq, id);
    let end = scan.goodEnd;
    if (scan.damage) {
      notes.push(`节目 ${id} 的日志在字节 ${scan.damage.offset} 处损坏，按原样备份完整的行（恢复后请运行 npm run doctor）/ episode ${id}: damaged log record, copied as it is`);
      end = covered + tail.lastIndexOf(0x0a) + 1;
    }
    const state = replayOnto(doc.state, scan.records);
    await add(logPath, end, concat(range(log, 0, covered), tail.subarray(0, end - covered)));
    return { id, seq: scan.seq, appeals: Object.keys(state.appeals).length, legacy: false };
  } finally {
    await log.close();
  }
}

async function readTail(handle: FileHandle, from: number, to: number): Promise<Buffer> {
  const buffer = Buffer.alloc(to - from);
  let read = 0;
  while (read < buffer.length) {
    const { bytesRead } = await handle.read(buffer, read, buffer.length - read, from + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

async function* concat(head: AsyncIterable<Buffer>, tail: Buffer): AsyncGenerator<Buffer> {
  yield* head;
  if (tail.length) yield tail;
}
