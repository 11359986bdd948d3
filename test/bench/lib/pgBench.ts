import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { OUTPUT_DIR } from './benchConfig';

/**
 * PostgreSQL and Redis for the `pg*` scenarios: BENCH_DATABASE_URL or DATABASE_URL (trust auth is
 * fine: `postgres://postgres@127.0.0.1:5432/test`), BENCH_REDIS_URL or REDIS_URL for the two-node
 * scenario. Each scenario works in schemas of its own, made here and dropped at its end, so a run
 * never touches the database's other data and two runs never see each other's rows.
 */
export function benchDatabaseUrl(): string | null {
  return process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || null;
}

export function benchRedisUrl(): string | null {
  return process.env.BENCH_REDIS_URL || process.env.REDIS_URL || null;
}

/** Thrown when a pg scenario has no database (or Redis) to run on: the runner prints it as skipped. */
export class MissingServiceError extends Error {}

export function requireDatabaseUrl(): string {
  const url = benchDatabaseUrl();
  if (!url) throw new MissingServiceError('set DATABASE_URL (or BENCH_DATABASE_URL), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench -- --only pg');
  return url;
}

export function requireRedisUrl(): string {
  const url = benchRedisUrl();
  if (!url) throw new MissingServiceError('set REDIS_URL (or BENCH_REDIS_URL), e.g. REDIS_URL=redis://127.0.0.1:6379');
  return url;
}

/** The schemas a scenario made, dropped together at its end (also when it failed). */
export class BenchSchemas {
  private readonly pool: pg.Pool;
  readonly names: string[] = [];

  constructor(readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', () => undefined);
  }

  /** A new, empty schema `bench_<prefix>_<random>`. */
  async create(prefix: string): Promise<string> {
    const name = `bench_${prefix}_${randomBytes(4).toString('hex')}`;
    await this.pool.query(`CREATE SCHEMA ${name}`);
    this.names.push(name);
    return name;
  }

  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]) {
    return this.pool.query<R>(text, values);
  }

  async dropAll(): Promise<void> {
    try {
      for (const name of this.names) await this.pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`).catch(() => undefined);
    } finally {
      await this.pool.end();
    }
  }
}

/** `synchronous_commit` as the product's pool sees it (its pool sets it on), printed with the figures. */
export async function serverSettings(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url, options: '-c synchronous_commit=on' });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    for (const name of ['server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers']) {
      out[name] = (await client.query(`SHOW ${name}`)).rows[0][name];
    }
    return out;
  } finally {
    await client.end();
  }
}

/**
 * A scratch folder of this run alone (bench-output/work-<name>-<pid>), not under the shared
 * work folder: another bench run on the same checkout clears that one when its scenario ends.
 */
export async function privateWorkDir(name: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = join(OUTPUT_DIR, `work-${name}-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
