import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every regular file under a folder, with its size. The bench never assumes which files a store writes. */
export async function listFiles(dir: string): Promise<Array<{ path: string; size: number }>> {
  const out: Array<{ path: string; size: number }> = [];
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push({ path: full, size: (await stat(full).catch(() => ({ size: 0 }))).size });
    }
  };
  await walk(dir);
  return out;
}

export async function folderBytes(dir: string): Promise<number> {
  return (await listFiles(dir)).reduce((sum, f) => sum + f.size, 0);
}

/** A fresh scratch copy of a cached data folder: scenarios write to their folder, the cache stays as generated. */
export async function scratchCopy(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  await cp(from, to, { recursive: true });
}

export async function emptyFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
