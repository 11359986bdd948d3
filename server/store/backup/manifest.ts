import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The backup archive (`.tar.gz`, a plain gzip'd POSIX ustar archive that `tar -tzvf` lists):
 *
 *   data/catalogue.json, data/catalogue.last-good.json, data/sessions.log,
 *   data/episodes/<id>.json, data/episodes/<id>.log, data/quarantine/…, other files at the top
 *                                  the data folder's files, paths relative to it under data/
 *   manifest.json                  what follows, written after every file (its checksums are known then)
 *   manifest.sha256                `<sha256 of manifest.json>  manifest.json`, as `sha256sum -c` reads it
 *
 * Restore refuses an archive unless every data file is listed in the manifest with its exact size and
 * sha256, nothing else is in it, every path is a safe relative one, and the manifest's own checksum
 * matches. gzip adds its CRC-32 over the whole stream on top.
 */

export const ARCHIVE_FORMAT = 'zhengfeng-hotline-backup';
export const FORMAT_VERSION = 1;
export const DATA_PREFIX = 'data/';
export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_SUM_PATH = 'manifest.sha256';

export interface ManifestFile {
  /** Relative to the data folder, `/`-separated. */
  path: string;
  size: number;
  sha256: string;
}

export interface ManifestEpisode {
  id: string;
  /** The seq the archived checkpoint plus log reach: what a server loading the restored folder serves. */
  seq: number;
  appeals: number;
  /** The episode is still in the single-file layout (no log). */
  legacy: boolean;
}

export interface Manifest {
  format: typeof ARCHIVE_FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  product: string;
  productVersion: string;
  /** When the copy began: everything acknowledged before this instant is in the archive. */
  createdAt: string;
  finishedAt: string;
  source: { kind: 'lowdb'; folder: string } | { kind: 'postgres'; database: string; schema: string };
  files: ManifestFile[];
  episodes: ManifestEpisode[];
  totals: { files: number; bytes: number; episodes: number; appeals: number };
  /** What was left out and why (an episode being created, a stray file…), in Chinese and English. */
  notes: string[];
}

export function productVersion(): { product: string; version: string } {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { name?: string; version?: string };
    return { product: pkg.name ?? 'zhengfeng-hotline-live', version: pkg.version ?? 'unknown' };
  } catch {
    return { product: 'zhengfeng-hotline-live', version: 'unknown' };
  }
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Why a path (relative to the data folder) may not be written, or null when it may: no absolute
 * path, no `..` or `.`, no backslash, empty or odd segment; only the plain names the store itself
 * makes. The backup leaves out any file whose name fails this, so a good archive never does.
 */
export function unsafePathReason(path: string): string | null {
  if (!path) return '路径为空 empty path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return '是绝对路径 absolute path';
  if (path.includes('\\') || path.includes('\0')) return '含反斜杠或空字符 backslash or NUL';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return '含 .. 跳出目录 contains ..';
  if (segments.some((s) => !SEGMENT.test(s))) return '含不允许的名字（只允许字母、数字、. _ -） a segment with characters the store never uses';
  if (segments.length > 8) return '层级过深 too deep';
  return null;
}

/** The manifest as parsed from the archive: its shape checked, or why not. */
export function manifestProblem(doc: unknown): string | null {
  const m = doc as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || Array.isArray(m)) return 'manifest.json 不是 JSON 对象';
  if (m.format !== ARCHIVE_FORMAT) return `manifest.json 的 format 不是 ${ARCHIVE_FORMAT}（这不是本系统的备份）`;
  if (m.formatVersion !== FORMAT_VERSION) return `备份格式版本 ${String(m.formatVersion)} 本程序不认识（只认 ${FORMAT_VERSION}），请用生成它的版本恢复`;
  if (!Array.isArray(m.files) || !Array.isArray(m.episodes)) return 'manifest.json 缺少 files 或 episodes';
  for (const f of m.files) {
    if (!f || typeof f.path !== 'string' || !Number.isInteger(f.size) || f.size < 0 || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) return 'manifest.json 的 files 里有不完整的条目（path、size、sha256）';
  }
  return null;
}
