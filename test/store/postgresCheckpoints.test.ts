import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyEvent, type EpisodeState } from '../../shared/domain/episodeState';
import { migrate } from '../../server/store/postgres/migrate';
import { PostgresStore, type PostgresStoreOptions } from '../../server/store/postgres/postgresStore';
import { EpisodeScript } from './episodeScript';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';

/**
 * Migration 003: a step writes its events, its records and the new seq; the row's state is a
 * checkpoint at checkpoint_seq, written when the episode goes quiet and every few hundred events.
 * Reading an episode is its checkpoint plus the events after it.
 */
const url = testDatabaseUrl('postgresCheckpoints.test.ts');

if (!url) {
  describeSkippedWithoutDatabase('PostgresStore checkpoints (DATABASE_URL not set)');
} else {
  describe('PostgresStore checkpoints', () => {
    const schema = new TestSchema(url);
    const stores: PostgresStore[] = [];
    const node = async (options: Partial<PostgresStoreOptions> = {}) => {
      const store = await PostgresStore.open({ connectionString: url, schema: schema.name, ...options });
      stores.push(store);
      return store;
    };
    /** The episode row as the database holds it. */
    const row = async (id: string) =>
      (await schema.pool.query<{ seq: number; checkpoint_seq: number; state: EpisodeState }>(`SELECT seq, checkpoint_seq, state FROM ${schema.name}.episodes WHERE id = $1`, [id])).rows[0];

    beforeAll(async () => {
      await schema.create();
      await migrate(schema.pool, schema.name);
    });
    beforeEach(() => schema.truncate());
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await schema.drop();
    });

    it('a step writes its events and records, not the episode: the row keeps its checkpoint, and every read replays the events past it', async () => {
      const store = await node();
      const script = new EpisodeScript('ep-tail');
      await store.commitEpisode(script.plan());
      for (let i = 0; i < 6; i++) await store.commitEpisode(script.step(1, 2, 0));
      expect(await row(script.id)).toMatchObject({ seq: 19, checkpoint_seq: 1 });
      expect((await row(script.id)).state.seq).toBe(1);
      expect(await store.loadEpisodeState(script.id)).toEqual(script.snapshot());
      const other = await node();
      expect(await other.loadEpisodeStates()).toEqual([script.snapshot()]);
      expect(await other.loadEpisodeHistory(script.id)).toEqual({ events: script.events, commands: script.commands });
    });

    it('a step taking the episode past checkpointEvery brings a checkpoint of the state as it was at the call, written after the ack', async () => {
      const store = await node({ checkpointEvery: 5 });
      const script = new EpisodeScript('ep-every');
      await store.commitEpisode(script.plan());
      await store.commitEpisode(script.step(2, 2)); // seq 5: 4 past the checkpoint at 1
      await store.checkpointsWritten();
      expect(await row(script.id)).toMatchObject({ seq: 5, checkpoint_seq: 1 });

      const step = script.step(1, 1); // seq 7: 6 past
      const atCall = script.snapshot();
      const writing = store.commitEpisode(step);
      // The ledger goes on changing its live state while the write is under way.
      const next = script.step(1);
      for (const event of next.events) applyEvent(step.state, event);
      step.state.episode.theme = '写入后才改的主题';
      await writing;
      await store.checkpointsWritten();
      const checkpointed = await row(script.id);
      expect(checkpointed).toMatchObject({ seq: 7, checkpoint_seq: 7 });
      expect(checkpointed.state).toEqual(atCall);

      // The next checkpoint comes only once the episode is again more than 5 events past this one.
      await store.commitEpisode(next);
      await store.commitEpisode(script.step(2, 2));
      await store.checkpointsWritten();
      expect(await row(script.id)).toMatchObject({ seq: 12, checkpoint_seq: 7 });
      await store.commitEpisode(script.step(1));
      await store.checkpointsWritten();
      expect(await row(script.id)).toMatchObject({ seq: 13, checkpoint_seq: 13 });
      expect(await (await node()).loadEpisodeState(script.id)).toEqual(script.snapshot());
    });

    it('the quiet hint folds the events into a checkpoint; closing the store waits for it', async () => {
      const store = await node({ quietCheckpointAfter: 1 });
      const script = new EpisodeScript('ep-quiet');
      await store.commitEpisode(script.plan());
      await store.commitEpisode(script.step(3, 1));
      store.checkpointEpisode(script.state);
      // Serialised at the hint: what the caller does to its state afterwards is not written.
      const atHint = script.snapshot();
      script.state.episode.theme = '提示之后才改的主题';
      await store.close();
      const checkpointed = await row(script.id);
      expect(checkpointed).toMatchObject({ seq: 5, checkpoint_seq: 5 });
      expect(checkpointed.state).toEqual(atHint);
    });

    it('a quiet moment a few events past the checkpoint writes nothing: at a live show’s pace that would rewrite the state after every appeal', async () => {
      const store = await node({ quietCheckpointAfter: 10 });
      const script = new EpisodeScript('ep-quiet-few');
      await store.commitEpisode(script.plan());
      const planned = (await row(script.id)).checkpoint_seq;
      await store.commitEpisode(script.step(3, 1));
      store.checkpointEpisode(script.state);
      await store.checkpointsWritten();
      expect(await row(script.id)).toMatchObject({ seq: 5, checkpoint_seq: planned });
      await store.commitEpisode(script.step(8, 1));
      store.checkpointEpisode(script.state);
      await store.checkpointsWritten();
      expect(await row(script.id)).toMatchObject({ seq: 14, checkpoint_seq: 14 });
      expect((await row(script.id)).state).toEqual(script.snapshot());
    });

    it('a checkpoint never moves backwards: an older one from another node is ignored', async () => {
      const [a, b] = [await node({ quietCheckpointAfter: 1 }), await node({ quietCheckpointAfter: 1 })];
      const script = new EpisodeScript('ep-backwards');
      await a.commitEpisode(script.plan());
      await a.commitEpisode(script.step(2));
      const older = script.snapshot(); // seq 3
      expect(await b.loadEpisodeState(script.id)).toEqual(older);
      await a.commitEpisode(script.step(2, 2)); // seq 7
      a.checkpointEpisode(script.state);
      await a.checkpointsWritten();
      expect(await row(script.id)).toMatchObject({ seq: 7, checkpoint_seq: 7 });
      // B, which last read the episode at seq 3, hints at its own quiet moment.
      b.checkpointEpisode(older);
      await b.checkpointsWritten();
      expect(await row(script.id)).toMatchObject({ seq: 7, checkpoint_seq: 7 });
      expect((await row(script.id)).state).toEqual(script.snapshot());
      expect(await b.loadEpisodeState(script.id)).toEqual(script.snapshot());
    });

    it('start-up reads every episode, each with its own checkpoint and tail, in one statement', async () => {
      const store = await node({ checkpointEvery: 4, quietCheckpointAfter: 1 });
      const scripts = ['ep-s1', 'ep-s2', 'ep-s3', 'ep-s4'].map((id) => new EpisodeScript(id));
      for (const script of scripts) await store.commitEpisode(script.plan());
      for (let i = 0; i < 3; i++) await store.commitEpisode(scripts[1].step(2));
      for (let i = 0; i < 5; i++) await store.commitEpisode(scripts[2].step(1, 1));
      await store.commitEpisode(scripts[3].step(1));
      store.checkpointEpisode(scripts[3].state);
      await store.checkpointsWritten();
      const fresh = await node();
      const statements: string[] = [];
      const pool = (fresh as unknown as { pool: { query: (...args: unknown[]) => unknown } }).pool;
      const query = pool.query.bind(pool);
      pool.query = (...args: unknown[]) => {
        statements.push(String(args[0]));
        return query(...args);
      };
      const states = await fresh.loadEpisodeStates();
      expect(statements).toHaveLength(1);
      expect(states).toEqual(scripts.map((s) => s.snapshot()));
      const rows = await Promise.all(scripts.map((s) => row(s.id)));
      expect(rows.map((r) => [r.seq, r.checkpoint_seq])).toEqual([
        [1, 1],
        // More than 4 past: seq 7 brings one; from there 9 and 11 are 2 and 4 past, not yet.
        [7, 7],
        [11, 7],
        [2, 2],
      ]);
    });

    it('an episode whose events do not reach its seq from the checkpoint is refused at load, naming it', async () => {
      const store = await node();
      const script = new EpisodeScript('ep-holed');
      await store.commitEpisode(script.plan());
      await store.commitEpisode(script.step(3));
      await schema.pool.query(`DELETE FROM ${schema.name}.episode_events WHERE episode_id = $1 AND seq = 3`, [script.id]);
      await expect(store.loadEpisodeState(script.id)).rejects.toThrow(/ep-holed.*seq 4/);
      await expect(store.loadEpisodeStates()).rejects.toThrow(/ep-holed/);
    });
  });
}
