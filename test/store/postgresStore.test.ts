import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import { migrate } from '../../server/store/postgres/migrate';
import { emptyCatalogue, StaleCatalogueError, StaleEpisodeError } from '../../server/store/store';
import { sampleCatalogue } from './contractCatalogue';
import { EpisodeScript } from './episodeScript';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';
import { describeStoreContract } from './storeContract';

const url = testDatabaseUrl('postgresStore.test.ts');

if (!url) {
  describeSkippedWithoutDatabase('PostgresStore (DATABASE_URL not set)');
} else {
  const schema = new TestSchema(url);
  const open = () => PostgresStore.open({ connectionString: url, schema: schema.name });

  describeStoreContract('postgres', {
    sharedWriters: true,
    async setUp() {
      await schema.create();
      await migrate(schema.pool, schema.name);
    },
    async freshPlace() {
      await schema.truncate();
      // Each store owns its pool, as each node of a cluster does.
      return { open };
    },
  });

  describe('PostgresStore', () => {
    const stores: PostgresStore[] = [];
    const node = async () => {
      const store = await open();
      stores.push(store);
      return store;
    };
    beforeAll(() => migrate(schema.pool, schema.name));
    beforeEach(() => schema.truncate());
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()));
      await schema.drop();
    });

    it('of two nodes writing the same step at the same moment, exactly one wins, round after round, and the log stays gap-free', async () => {
      const [a, b] = [await node(), await node()];
      let script = new EpisodeScript('ep-race');
      await a.commitEpisode(script.plan());
      for (let round = 0; round < 20; round++) {
        const rival = script.fork(`r${round}`);
        const outcomes = await Promise.allSettled([a.commitEpisode(script.step(1, 1)), b.commitEpisode(rival.step(2))]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StaleEpisodeError);
        // Whoever won is what the next round builds on, as the losing node would after reloading.
        if (outcomes[0].status === 'rejected') script = rival;
      }
      const history = await b.loadEpisodeHistory('ep-race');
      expect(history.events.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      expect((await a.loadEpisodeState('ep-race'))!.seq).toBe(41);
    });

    it('of two nodes planning the same episode at the same moment, exactly one wins', async () => {
      const [a, b] = [await node(), await node()];
      const outcomes = await Promise.allSettled([a.commitEpisode(new EpisodeScript('ep-plan-race', '2025-03-05', 'a').plan()), b.commitEpisode(new EpisodeScript('ep-plan-race', '2025-03-05', 'b').plan())]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StaleEpisodeError);
      expect(Object.keys((await a.loadEpisodeHistory('ep-plan-race')).commands)).toHaveLength(1);
    });

    it('of two nodes writing the catalogue from the same version at the same moment, exactly one wins', async () => {
      const [a, b] = [await node(), await node()];
      await a.loadCatalogue();
      await b.loadCatalogue();
      const outcomes = await Promise.allSettled([a.commitCatalogue(sampleCatalogue()), b.commitCatalogue(emptyCatalogue())]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(StaleCatalogueError);
    });

    it('a catalogue read the caller threw away does not vouch for its memory: writing the older copy is refused as stale, not allowed to erase the other node\'s change', async () => {
      const [a, b] = [await node(), await node()];
      await a.commitCatalogue(sampleCatalogue());
      const held = await a.loadCatalogue();
      const other = await b.loadCatalogue();
      other.units['unit-from-b'] = { id: 'unit-from-b', name: '市交通运输局', kind: 'department', level: '市级', version: 1 } as never;
      await b.commitCatalogue(other);
      // Node A reads again but, a change of its own having started meanwhile, keeps the copy it held.
      await a.loadCatalogue();
      held.units['unit-on-a'] = { id: 'unit-on-a' } as never;
      await expect(a.commitCatalogue(held)).rejects.toBeInstanceOf(StaleCatalogueError);
      expect(Object.keys((await b.loadCatalogue()).units)).toContain('unit-from-b');
    });

    it('refuses a step that would break the gap-free seq, and writes none of it', async () => {
      const store = await node();
      const script = new EpisodeScript('ep-gap');
      await store.commitEpisode(script.plan());
      const good = script.step(2);
      await expect(store.commitEpisode({ ...good, events: good.events.slice(1) })).rejects.toThrow(/does not follow|expected seq 2/);
      await expect(store.commitEpisode({ ...good, state: { ...good.state, seq: 9 } })).rejects.toThrow(/does not follow/);
      expect((await store.loadEpisodeState('ep-gap'))!.seq).toBe(1);
      await store.commitEpisode(good);
      expect((await store.loadEpisodeState('ep-gap'))!.seq).toBe(3);
    });

    it('a step the database refuses half-way is rolled back whole (jsonb cannot hold U+0000)', async () => {
      const store = await node();
      const script = new EpisodeScript('ep-atomic');
      await store.commitEpisode(script.plan());
      const step = script.step(1, 1);
      const [lastId] = Object.keys(step.commands).slice(-1);
      step.commands[lastId] = { ...step.commands[lastId], fingerprint: 'nul\u0000byte' };
      const error = await store.commitEpisode(step).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(StaleEpisodeError);
      expect((await store.loadEpisodeState('ep-atomic'))!.seq).toBe(1);
      expect((await store.loadEpisodeHistory('ep-atomic')).events).toHaveLength(1);
    });

    it('commitCatalogue writes the catalogue as it was when called', async () => {
      const store = await node();
      await store.loadCatalogue();
      const doc = sampleCatalogue();
      const writing = store.commitCatalogue(doc);
      doc.units = {};
      await writing;
      expect(await (await node()).loadCatalogue()).toEqual(sampleCatalogue());
    });

    it('reloadCatalogue answers from memory while the database is unreachable; writes and reads fail without a stale error', async () => {
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      const store = await PostgresStore.open({ pool, schema: schema.name });
      await store.loadCatalogue();
      await store.commitCatalogue(sampleCatalogue());
      await pool.end();
      expect(await store.reloadCatalogue()).toEqual(sampleCatalogue());
      const refused = await store.commitCatalogue(emptyCatalogue()).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(Error);
      expect(refused).not.toBeInstanceOf(StaleCatalogueError);
      await expect(store.loadEpisodeStates()).rejects.toThrow();
    });

    it('close() ends the pool the store made, and leaves a pool it was given open', async () => {
      const own = await open();
      await own.close();
      await expect(own.loadEpisodeStates()).rejects.toThrow();
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      const lent = await PostgresStore.open({ pool, schema: schema.name });
      await lent.close();
      expect((await pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await pool.end();
    });

    it('refuses a schema name that is not a plain identifier', () => {
      expect(() => new PostgresStore({ connectionString: url, schema: 'public; DROP TABLE x' })).toThrow(/invalid PostgreSQL schema name/);
    });
  });
}
