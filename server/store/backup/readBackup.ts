import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { DATA_PREFIX, MANIFEST_PATH, MANIFEST_SUM_PATH, manifestProblem, unsafePathReason, type Manifest } from './manifest';
import { readTar, TarFormatError, type EntrySink, type TarEntry } from './tar';

/**
 * Reading a backup archive: verify all of it, then (and only then) write it out.
 * Verification reads the whole archive once and writes nothing: gzip's CRC, every tar header's
 * checksum, regular files only, every path safe (relative, no `..`, no links), no path twice, the
 * manifest's own checksum (manifest.sha256), and every data file present in the manifest with its
 * exact size and sha256 and nothing more. Extraction reads it a second time into a temporary folder
 * beside the target, checking every sha256 again (the file could change between the two reads), and
 * renames that folder to the target only when all of it is written and fsynced.
 */

/** The archive cannot be restored; nothing has been written. */
export class DamagedArchiveError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = 'DamagedArchiveError';
  }
}

function archiveStream(path: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip();
  const input = createReadStream(path);
  input.on('error', (error) => gunzip.destroy(error));
  return input.pipe(gunzip);
}

/** Read every entry; `sinkFor` gets each data file's manifest path (or null for the manifest entries). */
async function readEntries(path: string, visit: (entry: TarEntry, dataPath: string | null) => Promise<EntrySink>): Promise<void> {
  const seen = new Set<string>();
  try {
    await readTar(archiveStream(path), async (entry) => {
      if (seen.has(entry.path)) throw new DamagedArchiveError(`归档里「${entry.path}」出现了两次`, `"${entry.path}" appears twice in the archive`);
      seen.add(entry.path);
      if (entry.path === MANIFEST_PATH || entry.path === MANIFEST_SUM_PATH) return visit(entry, null);
      if (!entry.path.startsWith(DATA_PREFIX)) throw new DamagedArchiveError(`归档里有不属于备份的条目「${entry.path}」`, `unexpected entry "${entry.path}" in the archive`);
      const dataPath = entry.path.slice(DATA_PREFIX.length);
      const why = unsafePathReason(dataPath);
      if (why) throw new DamagedArchiveError(`归档里的路径「${entry.path}」不安全（${why}），拒绝恢复`, `unsafe path "${entry.path}" in the archive`);
      return visit(entry, dataPath);
    });
  } catch (error) {
    if (error instanceof DamagedArchiveError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw error;
    if (error instanceof TarFormatError) throw new DamagedArchiveError(`归档已损坏：${error.message}`, 'the archive is damaged (tar structure)');
    if (code?.startsWith('Z_') || /unexpected end of file|incorrect header check|invalid|checksum/i.test((error as Error).message)) {
      throw new DamagedArchiveError(`归档已损坏或不完整（gzip：${(error as Error).message}）`, `the archive is damaged or cut short (gzip: ${(error as Error).message})`);
    }
    throw error;
  }
}

function hashingSink(onEnd: (sha256: string, size: number, bytes: Buffer | null) => void, keep = false): EntrySink {
  const hash = createHash('sha256');
  const kept: Buffer[] = [];
  let size = 0;
  return {
    write(chunk) {
      hash.update(chunk);
      size += chunk.length;
      if (keep) {
        if (size > 64 * 1024 * 1024) throw new DamagedArchiveError('manifest.json 大得不合理', 'manifest.json is unreasonably large');
        kept.push(Buffer.from(chunk));
      }
    },
    end() {
      onEnd(hash.digest('hex'), size, keep ? Buffer.concat(kept) : null);
    },
  };
}

/** Pass 1: the whole archive checked; returns its manifest. Writes nothing. */
export async function verifyArchive(path: string): Promise<Manifest> {
  const found = new Map<string, { sha256: string; size: number }>();
  let manifestBytes: Buffer | null = null;
  let sumText: string | null = null;
  await readEntries(path, async (entry, dataPath) => {
    if (dataPath !== null) return hashingSink((sha256, size) => found.set(dataPath, { sha256, size }));
    if (entry.path === MANIFEST_PATH) return hashingSink((_, __, bytes) => (manifestBytes = bytes), true);
    return hashingSink((_, __, bytes) => (sumText = bytes!.toString('utf8')), true);
  });
  if (!manifestBytes) throw new DamagedArchiveError('归档里没有 manifest.json（不是完整的备份）', 'no manifest.json in the archive');
  if (sumText === null) throw new DamagedArchiveError('归档里没有 manifest.sha256（不是完整的备份）', 'no manifest.sha256 in the archive');
  const expected = /^([0-9a-f]{64})  manifest\.json\n$/.exec(sumText)?.[1];
  const actual = createHash('sha256').update(manifestBytes).digest('hex');
  if (expected !== actual) throw new DamagedArchiveError('manifest.json 的校验和与 manifest.sha256 不符：清单被改动或损坏', 'manifest.json does not match manifest.sha256: the manifest was changed or damaged');
  let manifest: Manifest;
  try {
    manifest = JSON.parse((manifestBytes as Buffer).toString('utf8')) as Manifest;
  } catch (error) {
    throw new DamagedArchiveError(`manifest.json 不是合法的 JSON（${(error as Error).message}）`, 'manifest.json is not valid JSON');
  }
  const problem = manifestProblem(manifest);
  if (problem) throw new DamagedArchiveError(problem, 'the manifest is not a backup manifest this version reads');
  const listed = new Set<string>();
  for (const file of manifest.files) {
    const why = unsafePathReason(file.path);
    if (why) throw new DamagedArchiveError(`清单里的路径「${file.path}」不安全（${why}）`, `unsafe path "${file.path}" in the manifest`);
    if (listed.has(file.path)) throw new DamagedArchiveError(`清单里「${file.path}」出现了两次`, `"${file.path}" is listed twice`);
    listed.add(file.path);
    const got = found.get(file.path);
    if (!got) throw new DamagedArchiveError(`清单列出的文件「${file.path}」不在归档里`, `"${file.path}" is listed but missing from the archive`);
    if (got.size !== file.size) throw new DamagedArchiveError(`「${file.path}」大小不符：清单 ${file.size} 字节，归档里 ${got.size} 字节`, `"${file.path}": size ${got.size}, the manifest says ${file.size}`);
    if (got.sha256 !== file.sha256) throw new DamagedArchiveError(`「${file.path}」的 SHA-256 校验和不符：文件已损坏`, `"${file.path}": sha256 mismatch, the file is damaged`);
  }
  for (const path of found.keys()) if (!listed.has(path)) throw new DamagedArchiveError(`归档里的「${path}」不在清单里`, `"${path}" is in the archive but not in the manifest`);
  if (!listed.has('catalogue.json')) throw new DamagedArchiveError('备份里没有 catalogue.json：恢复出来的目录无法启动', 'the backup holds no catalogue.json');
  return manifest;
}

/** Refuse a target that holds anything; an absent or empty folder is fine. */
export async function targetProblem(target: string): Promise<{ zh: string; en: string } | null> {
  const info = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!info) return null;
  if (!info.isDirectory()) return { zh: `目标 ${target} 已存在且不是目录`, en: `${target} exists and is not a folder` };
  const names = await readdir(target);
  if (names.length) return { zh: `目标目录 ${target} 不是空的（有 ${names.length} 项）：恢复只写入新目录或空目录，不覆盖、不合并。请换一个目录，或先把它移走。`, en: `${target} is not empty (${names.length} entries): restore only writes into a new or empty folder; it never overwrites or merges.` };
  return null;
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Pass 2, after verifyArchive: write every data file into `<parent>/.<name>.restoring-<pid>`, each
 * checked against the manifest again and fsynced, the folders fsynced, then rename it to `target`
 * and fsync the parent. Any failure removes the temporary folder: the target is never half written.
 */
export async function extractArchive(path: string, manifest: Manifest, target: string): Promise<void> {
  const temp = join(dirname(target), `.${basename(target)}.restoring-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(join(temp, 'episodes'), { recursive: true });
  const expected = new Map(manifest.files.map((f) => [f.path, f]));
  const dirs = new Set<string>([temp, join(temp, 'episodes')]);
  try {
    await readEntries(path, async (_entry, dataPath) => {
      if (dataPath === null) return { write() {}, end() {} };
      const file = expected.get(dataPath);
      if (!file) throw new DamagedArchiveError(`「${dataPath}」不在清单里（归档在两次读取之间被改动）`, 'the archive changed while being restored');
      const full = join(temp, ...dataPath.split('/'));
      await mkdir(dirname(full), { recursive: true });
      dirs.add(dirname(full));
      // O_EXCL: never through anything already there.
      const handle: FileHandle = await open(full, 'wx', 0o600);
      const hash = createHash('sha256');
      let size = 0;
      return {
        async write(chunk) {
          hash.update(chunk);
          size += chunk.length;
          for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done, chunk.length - done)).bytesWritten;
        },
        async end() {
          try {
            await handle.sync();
          } finally {
            await handle.close();
          }
          if (size !== file.size || hash.digest('hex') !== file.sha256) throw new DamagedArchiveError(`「${dataPath}」第二次读取时校验和不符（归档在恢复过程中被改动或磁盘读错）`, `"${dataPath}" changed between the two reads`);
        },
      };
    });
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await syncPath(dir);
    // An empty target folder is replaced by the rename (POSIX allows renaming over an empty folder).
    await rename(temp, target);
    await syncPath(dirname(target));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
