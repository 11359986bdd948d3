import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/** What CI's PostgreSQL service answers to (trust auth, database `test`). */
export const CI_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The database for PostgreSQL tests: DATABASE_URL, or under CI=true the CI service (there a
 * database that cannot be reached fails the tests, it never skips them). Null when neither: the
 * tests are skipped, and say so once.
 */
export function testDatabaseUrl(file: string): string | null {
  const url = process.env.DATABASE_URL || (process.env.CI === 'true' ? CI_DATABASE_URL : null);
  if (!url) {
    console.warn(
      `[${file}] PostgreSQL tests skipped: DATABASE_URL is not set.\n` +
        `  Run them with e.g. DATABASE_URL=${CI_DATABASE_URL} npx vitest run test/store\n` +
        '  (CI=true uses that address by default and fails when it cannot connect).',
    );
  }
  return url;
}

/** Stands in for a file's PostgreSQL tests when there is no database: one skipped test, so the count shows it. */
export function describeSkippedWithoutDatabase(title: string): void {
  describe.skip(title, () => {
    it('needs a PostgreSQL database: set DATABASE_URL (see the warning printed above)', () => undefined);
  });
}

/**
 * A schema of its own for one test file, so files running in parallel never see each other's rows.
 * Dropped with everything in it at the end.
 */
export class TestSchema {
  readonly name = `bench_${randomBytes(6).toString('hex')}`;
  readonly pool: pg.Pool;

  constructor(readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', () => undefined);
  }

  async create(): Promise<void> {
    await this.pool.query(`CREATE SCHEMA ${this.name}`);
  }

  /** Empty every table the store made (migrations stay applied). */
  async truncate(): Promise<void> {
    await this.pool.query(`TRUNCATE ${['catalogue', 'episodes', 'episode_events', 'episode_commands'].map((t) => `${this.name}.${t}`).join(', ')}`);
  }

  async drop(): Promise<void> {
    try {
      await this.pool.query(`DROP SCHEMA IF EXISTS ${this.name} CASCADE`);
    } finally {
      await this.pool.end();
    }
  }
}
