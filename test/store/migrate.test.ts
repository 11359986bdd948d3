import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { migrate, readMigrations, type Migration } from '../../server/store/postgres/migrate';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';

const url = testDatabaseUrl('migrate.test.ts');

if (!url) {
  describeSkippedWithoutDatabase('PostgreSQL migrations (DATABASE_URL not set)');
} else {
  describe('PostgreSQL migrations', () => {
    // Schemas of this file: each test migrates its own, all dropped at the end.
    const schemas: TestSchema[] = [];
    const fresh = () => {
      const schema = new TestSchema(url);
      schemas.push(schema);
      return schema;
    };
    const tablesOf = async (schema: TestSchema) =>
      (await schema.pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema.name])).rows.map((r) => r.table_name);
    let shipped: Migration[];
    beforeAll(async () => {
      shipped = await readMigrations();
    });
    afterAll(async () => {
      await Promise.all(schemas.map((s) => s.drop()));
    });

    it('creates the schema, applies every shipped migration once, and a second run applies nothing', async () => {
      const schema = fresh();
      expect(shipped.map((m) => m.name)).toContain('001_initial');
      expect(await migrate(schema.pool, schema.name)).toEqual(shipped.map((m) => m.name));
      expect(await tablesOf(schema)).toEqual(['auth_audit', 'catalogue', 'episode_commands', 'episode_events', 'episodes', 'schema_migrations', 'sessions']);
      expect(await migrate(schema.pool, schema.name)).toEqual([]);
      const { rows } = await schema.pool.query(`SELECT id, name FROM ${schema.name}.schema_migrations ORDER BY id`);
      expect(rows).toEqual(shipped.map(({ id, name }) => ({ id, name })));
    });

    it('nodes starting together take turns: of four concurrent runs on separate connections one applies, the others find nothing to do', async () => {
      const schema = fresh();
      const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url, max: 1 }));
      try {
        const results = await Promise.all(pools.map((pool) => migrate(pool, schema.name)));
        expect(results.flat().sort()).toEqual(shipped.map((m) => m.name).sort());
        expect(results.filter((applied) => applied.length > 0)).toHaveLength(1);
      } finally {
        await Promise.all(pools.map((pool) => pool.end()));
      }
      expect(await tablesOf(schema)).toContain('episodes');
    });

    it('a migration that fails leaves neither its changes nor its record, and the next run tries it again', async () => {
      const schema = fresh();
      const broken: Migration[] = [
        { id: 1, name: '001_first', sql: 'CREATE TABLE first_table (id int)' },
        { id: 2, name: '002_broken', sql: 'CREATE TABLE half_made (id int); SELECT no_such_column FROM first_table' },
      ];
      await expect(migrate(schema.pool, schema.name, broken)).rejects.toThrow(/migration 002_broken failed/);
      expect(await tablesOf(schema)).toEqual(['first_table', 'schema_migrations']);
      const mended: Migration[] = [broken[0], { ...broken[1], sql: 'CREATE TABLE half_made (id int)' }];
      expect(await migrate(schema.pool, schema.name, mended)).toEqual(['002_broken']);
      expect(await tablesOf(schema)).toEqual(['first_table', 'half_made', 'schema_migrations']);
    });

    it('the lock is held per schema: a run on another schema is not held up by a schema being migrated', async () => {
      const [slow, other] = [fresh(), fresh()];
      const sleepy: Migration[] = [{ id: 1, name: '001_sleepy', sql: 'SELECT pg_sleep(1)' }];
      const started = Date.now();
      const slowRun = migrate(slow.pool, slow.name, sleepy);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await migrate(other.pool, other.name, [{ id: 1, name: '001_quick', sql: 'SELECT 1' }]);
      expect(Date.now() - started).toBeLessThan(900);
      await slowRun;
    });
  });
}
