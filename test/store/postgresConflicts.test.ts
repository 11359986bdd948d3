import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adapter } from 'socket.io-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent, newEpisodeState, type EpisodeState } from '../../shared/domain/episodeState';
import { createApp, type App } from '../../server/app';
import { createLogger } from '../../server/logger';
import { migrate } from '../../server/store/postgres/migrate';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import { StaleEpisodeError } from '../../server/store/store';
import { appealInput, commandId, connectWithCookie, login, ok, send, type ClientSocket } from '../helpers/testServer';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from './pgTestDatabase';

/**
 * Two nodes (two whole servers in this process, each with its own PostgresStore and pool) taking
 * appeals into one episode at once. They collide all the time: the loser of each race is refused
 * as stale, catches up from the database and decides again. Whatever was acknowledged must be in
 * the log exactly once, the seq gap-free, the checkpoints true, and both nodes' memory what the
 * database holds.
 */
const url = testDatabaseUrl('postgresConflicts.test.ts');
const ADMIN_PASSWORD = 'conflict-admin-password';
const PASSWORD = 'password-1234';
/** Per operator: rounds of commands sent together, each round waiting for all its acks. */
const ROUNDS = 10;
const BURST = 6;

/**
 * Carries the nodes' notes to each other (what the Redis Streams adapter does between processes),
 * so each node also catches up when told, racing its own writes as in production. Broadcasts to
 * clients stay on their node: no client is checked here.
 */
class InProcessBus extends Adapter {
  static readonly members = new Set<InProcessBus>();
  constructor(nsp: ConstructorParameters<typeof Adapter>[0]) {
    super(nsp);
    InProcessBus.members.add(this);
  }
  override serverSideEmit(packet: [string, ...unknown[]]): void {
    for (const other of InProcessBus.members) {
      if (other !== this && other.nsp.name === this.nsp.name) setImmediate(() => other.nsp._onServerSideEmit(packet));
    }
  }
  override close(): void {
    InProcessBus.members.delete(this);
  }
}

/** The state the first `seq` events make, replayed here independently of the store. */
function replay(events: Parameters<typeof applyEvent>[1][], seq: number): EpisodeState {
  const state = newEpisodeState(events[0].episode!);
  for (const event of events.slice(0, seq)) expect(applyEvent(state, event)).toBe(true);
  return state;
}

if (!url) {
  describeSkippedWithoutDatabase('two nodes writing one episode on PostgreSQL (DATABASE_URL not set)');
} else {
  describe('two nodes writing one episode at once on PostgreSQL', () => {
    const schema = new TestSchema(url);
    const apps: App[] = [];
    const sockets: ClientSocket[] = [];
    let stale = 0;

    async function startNode(): Promise<{ app: App; url: string }> {
      // A checkpoint every 20 events, so that checkpoints are written while the nodes collide.
      const store = await PostgresStore.open({ connectionString: url!, schema: schema.name, checkpointEvery: 20 });
      const commit = store.commitEpisode.bind(store);
      store.commitEpisode = (step) =>
        commit(step).catch((error: unknown) => {
          if (error instanceof StaleEpisodeError) stale += 1;
          throw error;
        });
      const app = await createApp({
        store,
        logger: createLogger('silent'),
        config: { adminPassword: ADMIN_PASSWORD, loginAttemptsPer15Min: 1000, clientDir: join(tmpdir(), 'no-client'), cluster: { adapter: InProcessBus, sweepMs: 300 } },
      });
      apps.push(app);
      return { app, url: await app.listen(0, '127.0.0.1') };
    }

    beforeAll(async () => {
      await schema.create();
      await migrate(schema.pool, schema.name);
    });
    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await Promise.all(apps.map((app) => app.close()));
      await schema.drop();
    }, 30_000);

    it('every acknowledged command is in the log exactly once, the seq is gap-free, and both nodes hold what the database holds', async () => {
      const nodeA = await startNode();
      const admin = await connectWithCookie(nodeA.url, await login(nodeA.url, 'admin', ADMIN_PASSWORD));
      sockets.push(admin);
      const { unit } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市住房和城乡建设局', kind: 'department', level: '市级' });
      const { person } = await ok(admin, 'person:save', { commandId: commandId(), name: '张建国', title: '局长', unitId: unit.id, principal: true });
      const { episode } = await ok(admin, 'episode:plan', {
        commandId: commandId(),
        date: '2026-11-29',
        slot: { start: '09:00', end: '10:00' },
        theme: '两个节点同时写入',
        host: '李主持',
        unitIds: [unit.id],
        leaderIds: [person.id],
      });
      await ok(admin, 'episode:start', { commandId: commandId(), episodeId: episode.id });
      const operators = ['op-a1', 'op-a2', 'op-b1', 'op-b2'];
      for (const username of operators) {
        await ok(admin, 'account:create', { commandId: commandId(), username, displayName: `测试${username}`, role: 'operator', unitId: null, password: PASSWORD });
      }
      // B starts on a running cluster: it reads the catalogue and the episode from the database.
      const nodeB = await startNode();
      const connect = async (nodeUrl: string, username: string) => {
        const socket = await connectWithCookie(nodeUrl, await login(nodeUrl, username, PASSWORD));
        sockets.push(socket);
        return socket;
      };
      const [a1, a2, b1, b2] = [await connect(nodeA.url, 'op-a1'), await connect(nodeA.url, 'op-a2'), await connect(nodeB.url, 'op-b1'), await connect(nodeB.url, 'op-b2')];

      const acked: Array<{ commandId: string; appealId: string }> = [];
      const refused: string[] = [];
      const intake = async (socket: ClientSocket, by: string) => {
        for (let round = 0; round < ROUNDS; round++) {
          await Promise.all(
            Array.from({ length: BURST }, async (_, i) => {
              const payload = appealInput(episode.id, { summary: `${by} 第${round}轮 第${i}件` });
              // As the operator screen does: a refused command is sent again under the same id.
              for (let attempt = 0; attempt < 5; attempt++) {
                const answer = await send(socket, 'appeal:create', payload);
                if (answer.ok) return void acked.push({ commandId: payload.commandId, appealId: answer.data.appeal.id });
                refused.push(answer.error.code);
              }
              throw new Error(`${payload.commandId} never acknowledged: ${refused.join(', ')}`);
            }),
          );
        }
      };
      await Promise.all([intake(a1, 'A1'), intake(b1, 'B1'), intake(a2, 'A2'), intake(b2, 'B2')]);

      expect(acked).toHaveLength(operators.length * ROUNDS * BURST);
      expect(stale, 'the nodes did collide').toBeGreaterThan(0);
      expect(refused, 'no operator saw a write refused: stale steps were decided again').toEqual([]);

      // The database is the truth: read it with a store of its own.
      const reader = await PostgresStore.open({ connectionString: url!, schema: schema.name });
      try {
        const state = (await reader.loadEpisodeState(episode.id))!;
        const history = await reader.loadEpisodeHistory(episode.id);
        expect(history.events.map((e) => e.seq), 'gap-free').toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
        const received = history.events.filter((e) => e.type === 'appeal.received');
        expect(received).toHaveLength(acked.length);
        for (const { commandId: id, appealId } of acked) {
          expect(received.filter((e) => e.commandId === id), `${id} in the log once`).toHaveLength(1);
          expect(received.find((e) => e.commandId === id)!.appeal!.id).toBe(appealId);
          expect(history.commands[id]?.command).toBe('appeal:create');
          expect(state.appeals[appealId]).toBeDefined();
        }
        expect(Object.keys(state.appeals).sort()).toEqual(acked.map((a) => a.appealId).sort());
        expect(state).toEqual(replay(history.events, state.seq));

        // The checkpoint the row holds is the episode at its checkpoint_seq, whoever wrote it.
        await Promise.all(apps.map((app) => app.studio.catchUpWithStore()));
        const { rows } = await schema.pool.query<{ seq: number; checkpoint_seq: number; state: EpisodeState }>(`SELECT seq, checkpoint_seq, state FROM ${schema.name}.episodes WHERE id = $1`, [episode.id]);
        expect(rows[0].seq).toBe(state.seq);
        expect(rows[0].checkpoint_seq).toBeGreaterThan(1);
        expect(rows[0].state).toEqual(replay(history.events, rows[0].checkpoint_seq));

        // Both nodes' memory is what the database holds.
        for (const [name, app] of [['A', nodeA.app], ['B', nodeB.app]] as const) {
          expect(app.studio.state(episode.id), `node ${name}`).toEqual(state);
        }
      } finally {
        await reader.close();
      }
    }, 120_000);
  });
}
