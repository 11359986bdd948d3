import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { tablesIn } from './tables';

export interface Migration {
  id: number;
  /** `001_initial`: what the migrate command prints and schema_migrations keeps. */
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');
const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Any constant: the first half of the advisory lock key, so our lock cannot meet another program's. */
const LOCK_CLASS = 0x7a_66_72;

/** The migrations shipped with the code, oldest first. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => MIGRATION_FILE.test(name)).sort();
  return Promise.all(
    names.map(async (file) => {
      const [, id, name] = MIGRATION_FILE.exec(file)!;
      return { id: Number(id), name: `${id}_${name}`, sql: await readFile(join(dir, file), 'utf8') };
    }),
  );
}

/**
 * Bring a schema up to date and return the names of the migrations applied now (empty when it
 * already was). Nodes starting together each call this: a session advisory lock per schema makes
 * them take turns, and the second finds nothing left to do. Each migration commits with its row in
 * schema_migrations, so a crash in between leaves either both or neither. A connection lost while
 * holding the lock releases it, since the lock belongs to the session.
 */
export async function migrate(pool: Pool, schema = 'public', migrations?: Migration[]): Promise<string[]> {
  const pending = migrations ?? (await readMigrations());
  const t = tablesIn(schema);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${t.migrations} (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ id: number }>(`SELECT id FROM ${t.migrations}`);
      const done = new Set(rows.map((row) => row.id));
      const applied: string[] = [];
      for (const migration of pending) {
        if (done.has(migration.id)) continue;
        await client.query('BEGIN');
        try {
          await client.query(`SET LOCAL search_path TO ${t.schema}`);
          await client.query(migration.sql);
          await client.query(`INSERT INTO ${t.migrations} (id, name) VALUES ($1, $2)`, [migration.id, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.name);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, schema]).catch((error: Error) => {
        broken = error;
      });
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    // A connection that failed mid-way is closed rather than reused: that also drops its lock.
    client.release(broken);
  }
}
