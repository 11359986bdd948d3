import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchProcess } from '../lib/benchProcess';
import { DATA_CACHE_DIR, REPO_ROOT, type DataSpec } from '../lib/benchConfig';
import { listFiles, megabytes } from '../lib/files';

/**
 * Generated data, cached under bench-output/data/<label>-<key>. The key hashes the code that decides
 * what lands on disk (the store, the demo generator, this bench's generator step) and the spec, so
 * a change of the on-disk format regenerates instead of benchmarking stale files. Generation time is
 * reported on its own; it is never a measured figure.
 */
export interface DataSet {
  spec: DataSpec;
  /** The data folder to copy from (never run a server on it: scenarios work on a scratch copy). */
  dir: string;
  episodes: number;
  appeals: number;
  bytes: number;
  files: number;
  /** Seconds it took to generate, when it was generated in this run; null when it came from the cache. */
  generatedSeconds: number | null;
  cachedGenerationSeconds: number;
}

const KEYED_FOLDERS = ['server/store', 'server/cli/demo', 'test/bench/data'];

async function codeKey(spec: DataSpec): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(spec));
  for (const folder of KEYED_FOLDERS) {
    const names = (await readdir(join(REPO_ROOT, folder))).filter((n) => n.endsWith('.ts')).sort();
    for (const name of names) hash.update(`${folder}/${name}\0`).update(await readFile(join(REPO_ROOT, folder, name)));
  }
  return hash.digest('hex').slice(0, 12);
}

export function labelOf(spec: DataSpec): string {
  const years = spec.years.length === 1 ? `${spec.years[0]}` : `${spec.years[0]}-${spec.years.at(-1)}`;
  return `y${years}-s${spec.scale}`;
}

export async function ensureDataSet(spec: DataSpec, log: (line: string) => void): Promise<DataSet> {
  const label = labelOf(spec);
  const folder = join(DATA_CACHE_DIR, `${label}-${await codeKey(spec)}`);
  const metaFile = join(folder, 'meta.json');
  if (existsSync(metaFile)) {
    const meta = JSON.parse(await readFile(metaFile, 'utf8'));
    return { ...meta, spec, dir: join(folder, 'data'), generatedSeconds: null };
  }
  // Older generations of the same data set are stale (the code changed): free their disk space.
  await mkdir(DATA_CACHE_DIR, { recursive: true });
  for (const name of await readdir(DATA_CACHE_DIR)) if (name.startsWith(`${label}-`)) await rm(join(DATA_CACHE_DIR, name), { recursive: true, force: true });

  const dataDir = join(folder, 'data');
  await mkdir(dataDir, { recursive: true });
  const started = performance.now();
  let episodes = 0;
  let appeals = 0;
  for (const year of spec.years) {
    // Each year's process loads every earlier year first; generation is not measured, so it gets room.
    const proc = new BenchProcess(`generate ${year}`, 'data/generateYear.ts', ['--year', String(year), '--scale', String(spec.scale), '--data', dataDir], {}, ['--max-old-space-size=16384']);
    try {
      const { message } = await proc.line('generated', 30 * 60_000);
      episodes += message.episodes;
      appeals += message.appeals;
      log(`  generated ${year} (scale ${spec.scale}): ${message.episodes} episodes, ${message.appeals} appeals, ${message.commands} commands in ${message.seconds.toFixed(1)} s`);
    } finally {
      await proc.stop();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const files = await listFiles(dataDir);
  const meta = { episodes, appeals, bytes: files.reduce((s, f) => s + f.size, 0), files: files.length, cachedGenerationSeconds: seconds };
  await writeFile(metaFile, JSON.stringify(meta, null, 2));
  log(`  ${label}: ${episodes} episodes, ${appeals} appeals, ${megabytes(meta.bytes)} generated in ${seconds.toFixed(1)} s`);
  return { ...meta, spec, dir: dataDir, generatedSeconds: seconds };
}
