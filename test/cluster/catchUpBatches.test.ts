import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../server/app';
import { redisStreamsAdapter } from '../../server/cluster/redisAdapter';
import { createLogger } from '../../server/logger';
import { CATCH_UP_EVERY_MS } from '../../server/services/episodeLedger';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import type { Store } from '../../server/store/store';
import { appealInput, commandId, connectWithCookie, login, ok, type ClientSocket } from '../helpers/testServer';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from '../store/pgTestDatabase';
import { describeSkippedWithoutServices, testRedisUrl } from './clusterNodes';

/**
 * Two nodes in this process on one PostgreSQL schema and one Redis stream. Node A takes a burst of
 * appeals; node B hears a note per commit of A's and catches up by reading the store. B's store is
 * a real PostgresStore behind a wrapper that only counts its calls: the reads of B's catch-ups must
 * come per burst of notes, not per note, and B must end level with A.
 */
const databaseUrl = testDatabaseUrl('catchUpBatches.test.ts');
const redisUrl = testRedisUrl('catchUpBatches.test.ts');
const ADMIN_PASSWORD = 'catch-up-batches-password';
const BURST = 200;
const OPERATORS = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The real store with every call passed through; `calls` counts them by method name. */
function counting(store: PostgresStore) {
  const calls: Record<string, number> = {};
  const inFlight = { now: 0, max: 0 };
  const proxy = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop !== 'loadEpisodeHistory' && prop !== 'loadEpisodeSeqs' && prop !== 'loadEpisodeState') return value.bind(target);
      return (...args: unknown[]) => {
        calls[prop] = (calls[prop] ?? 0) + 1;
        if (prop !== 'loadEpisodeHistory') return value.apply(target, args);
        inFlight.max = Math.max(inFlight.max, ++inFlight.now);
        return (value.apply(target, args) as Promise<unknown>).finally(() => (inFlight.now -= 1));
      };
    },
  });
  return { store: proxy as Store, calls, inFlight };
}

if (!databaseUrl || !redisUrl) {
  if (!databaseUrl) describeSkippedWithoutDatabase('catch-up in batches between two nodes (DATABASE_URL not set)');
  else describeSkippedWithoutServices('catch-up in batches between two nodes (REDIS_URL not set)');
} else {
  describe('catch-up in batches between two nodes', () => {
    const schema = new TestSchema(databaseUrl);
    const closers: Array<() => Promise<void>> = [];

    async function node(store: Store) {
      const redis = await redisStreamsAdapter(redisUrl!, `zf-test-batches:${schema.name}`, createLogger('silent'));
      const app = await createApp({
        store,
        logger: createLogger('silent'),
        // The sweep stays out of the way: what is measured are the notes' catch-ups.
        config: { adminPassword: ADMIN_PASSWORD, clientDir: join(tmpdir(), 'no-client'), cluster: { adapter: redis.adapter, sweepMs: 600_000, redisReady: redis.ready } },
      });
      const url = await app.listen(0, '127.0.0.1');
      closers.push(async () => (await app.close(), await redis.close()));
      return { app, url };
    }

    beforeAll(() => schema.create(), 30_000);
    afterAll(async () => {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await schema.drop();
    }, 30_000);

    it(`a burst of ${BURST} commands on node A costs node B far fewer store reads than notes, and B ends level with A`, async () => {
      const a = await node(await PostgresStore.open({ connectionString: databaseUrl!, schema: schema.name }));
      const counted = counting(await PostgresStore.open({ connectionString: databaseUrl!, schema: schema.name }));
      const b = await node(counted.store);
      const app: { a: App; b: App } = { a: a.app, b: b.app };

      const admin = await connectWithCookie(a.url, await login(a.url, 'admin', ADMIN_PASSWORD));
      const { unit } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市住房和城乡建设局', kind: 'department', level: '市级' });
      const { person } = await ok(admin, 'person:save', { commandId: commandId(), name: '张建国', title: '局长', unitId: unit.id, principal: true });
      const { episode } = await ok(admin, 'episode:plan', {
        commandId: commandId(),
        date: '2025-11-25',
        slot: { start: '09:00', end: '10:00' },
        theme: '老旧小区改造与物业服务',
        host: '李主持',
        unitIds: [unit.id],
        leaderIds: [person.id],
      });
      await ok(admin, 'episode:start', { commandId: commandId(), episodeId: episode.id });
      await ok(admin, 'account:create', { commandId: commandId(), username: 'op1', displayName: '接线员', role: 'operator', unitId: null, password: 'password-1234' });
      const cookie = await login(a.url, 'op1', 'password-1234');
      const operators: ClientSocket[] = await Promise.all(Array.from({ length: OPERATORS }, () => connectWithCookie(a.url, cookie)));

      // B holds the episode and is level before the burst; only the burst's reads are counted.
      const level = () => app.b.studio.has(episode.id) && app.b.studio.state(episode.id).seq === app.a.studio.state(episode.id).seq;
      for (let waited = 0; !level(); waited += 25) {
        if (waited > 10_000) throw new Error('node B never held the episode');
        await sleep(25);
      }
      await app.b.studio.ledger(episode.id).events(); // B's history is read once, before the burst
      let notes = 0;
      app.b.io.on('node:episodeCommitted', () => (notes += 1));
      const before = { ...counted.calls };
      const seqBefore = app.a.studio.state(episode.id).seq;

      // The burst: every operator sends its next appeal the moment its ack is back.
      let sent = 0;
      const burstStarted = performance.now();
      await Promise.all(
        operators.map(async (socket) => {
          while (sent < BURST) {
            sent += 1;
            await ok(socket, 'appeal:create', appealInput(episode.id));
          }
        }),
      );
      const burstMs = performance.now() - burstStarted;
      const target = app.a.studio.state(episode.id).seq;
      expect(target).toBe(seqBefore + BURST);
      for (let waited = 0; app.b.studio.state(episode.id).seq < target; waited += 10) {
        if (waited > 20_000) throw new Error(`node B stuck at seq ${app.b.studio.state(episode.id).seq} of ${target}`);
        await sleep(10);
      }
      // Notes still on their way are dropped on arrival (B holds their seq): no read for them.
      await sleep(300);

      const reads = (counted.calls.loadEpisodeHistory ?? 0) - (before.loadEpisodeHistory ?? 0);
      console.log(`[catchUpBatches] ${BURST} appeals on A in ${burstMs.toFixed(0)} ms: ${notes} notes reached B, B read the store ${reads} times (at most ${counted.inFlight.max} at once)`);
      expect(notes).toBeGreaterThan(BURST / 10);
      // Level: same seq, same appeals, same events.
      expect(app.b.studio.state(episode.id)).toEqual(app.a.studio.state(episode.id));
      expect((await app.b.studio.ledger(episode.id).events()).map((e) => e.seq)).toEqual((await app.a.studio.ledger(episode.id).events()).map((e) => e.seq));
      // Reads per burst of notes, not per note: never two at once for one episode, at most one per
      // CATCH_UP_EVERY_MS while the notes keep coming (and the one after the last), fewer than the notes.
      expect(counted.inFlight.max).toBe(1);
      expect(reads).toBeLessThanOrEqual(Math.ceil(burstMs / CATCH_UP_EVERY_MS) + 2);
      expect(reads).toBeLessThan(notes);
      expect(reads).toBeGreaterThan(0);
      // No adoption read: B already held the episode.
      expect((counted.calls.loadEpisodeState ?? 0) - (before.loadEpisodeState ?? 0)).toBe(0);

      // The sweep: one cheap query, no history read, when B is level.
      const seqsBefore = counted.calls.loadEpisodeSeqs ?? 0;
      const historyBefore = counted.calls.loadEpisodeHistory ?? 0;
      await app.b.studio.catchUpWithStore();
      expect(counted.calls.loadEpisodeSeqs).toBe(seqsBefore + 1);
      expect(counted.calls.loadEpisodeHistory).toBe(historyBefore);

      for (const socket of [admin, ...operators]) socket.disconnect();
    }, 60_000);

    it('notes arriving together become one read; notes for seqs already held read nothing', async () => {
      // In-process, without the adapter: node B's studio told 200 times at once that A moved on.
      const { StudioService } = await import('../../server/services/studioService');
      const { CatalogueService } = await import('../../server/services/catalogueService');
      const { systemClock } = await import('../../server/services/clock');
      const aStore = await PostgresStore.open({ connectionString: databaseUrl!, schema: schema.name });
      const counted = counting(await PostgresStore.open({ connectionString: databaseUrl!, schema: schema.name }));
      closers.push(() => aStore.close(), () => (counted.store as PostgresStore).close());
      const studioA = new StudioService(aStore, new CatalogueService(await aStore.loadCatalogue(), aStore, systemClock), systemClock, true);
      await studioA.load();
      const studioB = new StudioService(counted.store, new CatalogueService(await counted.store.loadCatalogue(), counted.store, systemClock), systemClock, true);
      await studioB.load();
      const episodeId = studioA.summaries()[0].id;
      const meta = () => ({ command: 'appeal:create', commandId: commandId(), fingerprint: 'f', actor: { accountId: 'u', name: '接线员', role: 'operator' as const }, at: new Date().toISOString() });
      const input = () => appealInput(episodeId) as Parameters<typeof studioA.createAppeal>[0];
      await studioB.ledger(episodeId).events();
      const start = studioB.state(episodeId).seq;
      expect(studioA.state(episodeId).seq).toBe(start);

      for (let i = 0; i < BURST; i++) await studioA.createAppeal(input(), meta());
      const reads0 = counted.calls.loadEpisodeHistory ?? 0;
      // Every note at once, as a batch from the adapter arrives: the first starts a catch-up, the rest join the next one.
      await Promise.all(Array.from({ length: BURST }, (_, i) => studioB.noteCommittedElsewhere(episodeId, start + i + 1)));
      expect(studioB.state(episodeId).seq).toBe(start + BURST);
      expect((counted.calls.loadEpisodeHistory ?? 0) - reads0).toBeLessThanOrEqual(2);
      expect(studioB.state(episodeId)).toEqual(studioA.state(episodeId));

      // Notes for what B already holds are dropped: no read at all.
      const reads1 = counted.calls.loadEpisodeHistory ?? 0;
      await Promise.all(Array.from({ length: 50 }, (_, i) => studioB.noteCommittedElsewhere(episodeId, start + i + 1)));
      expect(counted.calls.loadEpisodeHistory ?? 0).toBe(reads1);

      // A local write under way: a catch-up does not read (the write's stale refusal would bring the ledger back).
      await studioA.createAppeal(input(), meta());
      const reads2 = counted.calls.loadEpisodeHistory ?? 0;
      const mine = studioB.createAppeal(input(), meta());
      await studioB.noteCommittedElsewhere(episodeId, start + BURST + 1);
      await mine; // refused as stale, caught up through the rollback, decided again
      expect(studioB.state(episodeId).seq).toBe(start + BURST + 2);
      expect(counted.calls.loadEpisodeHistory ?? 0).toBe(reads2 + 1);
      await studioA.ledger(episodeId).catchUp();
      expect(studioA.state(episodeId)).toEqual(studioB.state(episodeId));
    }, 60_000);
  });
}
