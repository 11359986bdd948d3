import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeCommit } from '../../server/store/store';
import { StaleEpisodeError } from '../../server/store/store';
import { encodeStep } from '../../server/store/postgres/episodeStep';
import { migrate, readMigrations, type Migration } from '../../server/store/postgres/migrate';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import { runTsx } from '../cli/cliHelpers';
import { EpisodeScript } from './episodeScript';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';

/**
 * A database written before migration 003: only 001 and 002 applied, and every episode row holding
 * its whole state at its seq, as the store then wrote it on every step. Migrating it forward must
 * lose nothing, and the new store must write on from where the old one stopped.
 */
const url = testDatabaseUrl('postgresMigrationForward.test.ts');

/** The pre-003 store's commitEpisode, as it was: the whole state into episodes.state at every step. */
async function commitTheOldWay(schema: TestSchema, commit: EpisodeCommit): Promise<void> {
  const step = encodeStep(commit);
  const s = schema.name;
  const client = await schema.pool.connect();
  try {
    await client.query('BEGIN');
    const moved =
      step.baseSeq === 0
        ? await client.query(`INSERT INTO ${s}.episodes (id, seq, state) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING`, [step.episodeId, step.seq, step.state])
        : await client.query(`UPDATE ${s}.episodes SET seq = $2, state = $3::jsonb, updated_at = now() WHERE id = $1 AND seq = $4`, [step.episodeId, step.seq, step.state, step.baseSeq]);
    if (moved.rowCount !== 1) throw new Error(`old-style step of ${step.episodeId} from ${step.baseSeq} did not apply`);
    if (step.events.length) {
      await client.query(`INSERT INTO ${s}.episode_events (episode_id, seq, event) SELECT $1, seq, event::jsonb FROM unnest($2::int[], $3::text[]) AS step(seq, event)`, [step.episodeId, step.eventSeqs, step.events]);
    }
    if (step.commandIds.length) {
      await client.query(
        `INSERT INTO ${s}.episode_commands (episode_id, command_id, record, at_seq, eventless)
         SELECT $1, command_id, record::jsonb, at_seq, eventless FROM unnest($2::text[], $3::text[], $4::int[], $5::boolean[]) AS step(command_id, record, at_seq, eventless)
         ON CONFLICT (episode_id, command_id) DO UPDATE SET record = EXCLUDED.record, at_seq = EXCLUDED.at_seq, eventless = EXCLUDED.eventless`,
        [step.episodeId, step.commandIds, step.records, step.atSeqs, step.eventless],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

if (!url) {
  describeSkippedWithoutDatabase('PostgreSQL migration 003 over a database the old store wrote (DATABASE_URL not set)');
} else {
  describe('PostgreSQL migration 003 over a database the old store wrote', () => {
    const schemas: TestSchema[] = [];
    const stores: PostgresStore[] = [];
    let shipped: Migration[];
    beforeAll(async () => {
      shipped = await readMigrations();
    });
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await Promise.all(schemas.map((s) => s.drop()));
    });

    /** A schema at migration 002 with three episodes written the old way (one of them long, one with an event-less command). */
    async function oldDatabase() {
      const schema = new TestSchema(url!);
      schemas.push(schema);
      expect(await migrate(schema.pool, schema.name, shipped.filter((m) => m.id <= 2))).toEqual(['001_initial', '002_sessions']);
      const long = new EpisodeScript('ep-old-long', '2025-03-05');
      const mixed = new EpisodeScript('ep-old-mixed', '2025-04-02');
      const planned = new EpisodeScript('ep-old-planned', '2025-05-07');
      await commitTheOldWay(schema, long.plan());
      for (let i = 0; i < 40; i++) await commitTheOldWay(schema, long.step(1, 2));
      await commitTheOldWay(schema, mixed.plan());
      await commitTheOldWay(schema, mixed.step(2, 0, 1));
      await commitTheOldWay(schema, mixed.step(0));
      await commitTheOldWay(schema, planned.plan());
      const columns = await schema.pool.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'episodes'`, [schema.name]);
      expect(columns.rows.map((r) => r.column_name)).not.toContain('checkpoint_seq');
      return { schema, scripts: [long, mixed, planned] };
    }

    const open = async (schema: TestSchema, checkpointEvery?: number) => {
      const store = await PostgresStore.open({ connectionString: url!, schema: schema.name, checkpointEvery });
      stores.push(store);
      return store;
    };

    async function expectLoadsAsWritten(store: PostgresStore, scripts: EpisodeScript[]) {
      const states = await store.loadEpisodeStates();
      expect(states.sort((a, b) => a.episode.id.localeCompare(b.episode.id))).toEqual(scripts.map((s) => s.snapshot()).sort((a, b) => a.episode.id.localeCompare(b.episode.id)));
      for (const script of scripts) {
        expect(await store.loadEpisodeState(script.id)).toEqual(script.snapshot());
        expect(await store.loadEpisodeHistory(script.id)).toEqual({ events: script.events, commands: script.commands });
      }
      expect(await store.loadEpisodeSeqs()).toEqual(new Map(scripts.map((s) => [s.id, s.state.seq])));
    }

    it('migrate() applies 003 (and 004, the sign-in log, which touches no episode); each old row becomes its own checkpoint; every episode loads as written, history intact; new steps commit on top', async () => {
      const { schema, scripts } = await oldDatabase();
      const [long, mixed, planned] = scripts;
      expect(await migrate(schema.pool, schema.name)).toEqual(['003_episode_checkpoints', '004_auth_audit']);
      const rows = await schema.pool.query<{ id: string; seq: number; checkpoint_seq: number; state_seq: number }>(
        `SELECT id, seq, checkpoint_seq, (state->>'seq')::int AS state_seq FROM ${schema.name}.episodes ORDER BY id`,
      );
      expect(rows.rows).toEqual([
        { id: 'ep-old-long', seq: 121, checkpoint_seq: 121, state_seq: 121 },
        { id: 'ep-old-mixed', seq: 4, checkpoint_seq: 4, state_seq: 4 },
        { id: 'ep-old-planned', seq: 1, checkpoint_seq: 1, state_seq: 1 },
      ]);

      const store = await open(schema, 10);
      await expectLoadsAsWritten(store, scripts);

      // A node still holding the pre-migration seq of an episode is refused as before.
      const behind = long.fork('behind');
      for (let i = 0; i < 8; i++) await store.commitEpisode(long.step(1, 1));
      await expect(store.commitEpisode(behind.step(1))).rejects.toBeInstanceOf(StaleEpisodeError);
      await store.commitEpisode(mixed.step(1, 0));
      await store.commitEpisode(planned.step(3));
      await store.checkpointsWritten();
      // More than 10 past the migrated checkpoint at 121 (at seq 133) a new one came; the rows' state moved only then.
      const after = await schema.pool.query<{ id: string; seq: number; checkpoint_seq: number }>(`SELECT id, seq, checkpoint_seq FROM ${schema.name}.episodes ORDER BY id`);
      expect(after.rows).toEqual([
        { id: 'ep-old-long', seq: 137, checkpoint_seq: 133 },
        { id: 'ep-old-mixed', seq: 5, checkpoint_seq: 4 },
        { id: 'ep-old-planned', seq: 4, checkpoint_seq: 1 },
      ]);
      await expectLoadsAsWritten(await open(schema), scripts);
    });

    it('npm run migrate prints the applied 003, then nothing left; the server\'s store opens on it and reads every episode', async () => {
      const { schema, scripts } = await oldDatabase();
      const env = { DATABASE_URL: url!, DATABASE_SCHEMA: schema.name };
      const first = await runTsx('server/cli/migrate.ts', [], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout.toString('utf8')).toContain('applied 2 migration(s)');
      expect(first.stdout.toString('utf8')).toMatch(/^ {2}003_episode_checkpoints$/m);
      const second = await runTsx('server/cli/migrate.ts', [], env);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout.toString('utf8')).toContain(`is up to date (${shipped.length} migrations)`);

      const store = await open(schema);
      await expectLoadsAsWritten(store, scripts);
      await store.commitEpisode(scripts[0].step(2));
      await expectLoadsAsWritten(await open(schema), scripts);
    }, 60_000);
  });
}
