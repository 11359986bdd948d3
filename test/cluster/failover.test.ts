import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../server/store/postgres/postgresStore';
import { EpisodeClient, reconnectingSocket, sendCommand } from '../helpers/episodeClient';
import { failoverProxy } from '../helpers/failoverProxy';
import { appealInput, commandId, login, ok, type ClientSocket } from '../helpers/testServer';
import { describeSkippedWithoutDatabase, testDatabaseUrl, TestSchema } from '../store/pgTestDatabase';
import { describeSkippedWithoutServices, startNode, testRedisUrl, type NodeProcess } from './clusterNodes';

/**
 * Two nodes of the production server on one PostgreSQL schema and one Redis stream. The studio's
 * clients reach them through a failover proxy (as behind a load balancer) or straight at node B.
 * Events made on one node reach clients on the other; node A is killed with SIGKILL in the middle
 * of the intake; every client carries on through B, resyncs by seq, and every acknowledged appeal
 * is in the database exactly once.
 */
const databaseUrl = testDatabaseUrl('failover.test.ts');
const redisUrl = testRedisUrl('failover.test.ts');
const ADMIN_PASSWORD = 'cluster-admin-password';
const PASSWORD = 'password-1234';
const APPEALS_EACH = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(25);
  }
}

interface Acked {
  commandId: string;
  appealId: string;
  by: string;
}

/** Every refusal an operator saw, by code: a lost connection shows as INTERNAL, a refused write as STORAGE_FAILED. */
const refusals: string[] = [];

/**
 * What the operator screen does with a command: send it, and when the answer is lost with the
 * connection, send it again under the same commandId until an answer comes: never a second appeal.
 */
async function createUntilAcked(socket: ClientSocket, payload: ReturnType<typeof appealInput>, by: string): Promise<Acked> {
  for (let attempt = 1; attempt <= 200; attempt++) {
    if (!socket.connected) await until(`${by} reconnected`, () => socket.connected, 30_000);
    const answer = await sendCommand(socket, 'appeal:create', payload);
    if (answer.ok) return { commandId: payload.commandId, appealId: answer.data.appeal.id, by };
    refusals.push(answer.error.code);
    await sleep(100);
  }
  throw new Error(`${by}: ${payload.commandId} never acknowledged`);
}

if (!databaseUrl || !redisUrl) {
  if (!databaseUrl) describeSkippedWithoutDatabase('two nodes on one PostgreSQL (DATABASE_URL not set)');
  else describeSkippedWithoutServices('two nodes on one PostgreSQL (REDIS_URL not set)');
} else {
  describe('two nodes on one PostgreSQL and one Redis stream', () => {
    const schema = new TestSchema(databaseUrl);
    let nodeA: NodeProcess;
    let nodeB: NodeProcess;
    let proxy: Awaited<ReturnType<typeof failoverProxy>>;
    const sockets: ClientSocket[] = [];

    beforeAll(async () => {
      await schema.create();
      const env = { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema.name, REDIS_URL: redisUrl, REDIS_STREAM: `zf-test:${schema.name}`, ADMIN_PASSWORD, CLUSTER_SWEEP_MS: '1000' };
      // A first, so that it alone creates the admin account and runs the migrations; B joins a running cluster.
      nodeA = await startNode('node A', env);
      nodeB = await startNode('node B', env);
      proxy = await failoverProxy(() => [nodeA.url, nodeB.url]);
    }, 90_000);

    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await proxy?.close();
      await Promise.all([nodeA?.stop(), nodeB?.stop()]);
      await schema.drop();
    }, 30_000);

    /** Accounts, an episode on air, and the studio's clients: op1, the leader and an operator view through the proxy; op2 and the screen on B. */
    async function setUpStudio(tag: string) {
      const adminCookie = await login(proxy.url, 'admin', ADMIN_PASSWORD);
      const admin = reconnectingSocket(proxy.url, adminCookie);
      sockets.push(admin);
      await until('admin connected', () => admin.connected);
      const { unit } = await ok(admin, 'unit:save', { commandId: commandId(), name: `市住房和城乡建设局（${tag}）`, kind: 'department', level: '市级' });
      const { person } = await ok(admin, 'person:save', { commandId: commandId(), name: '张建国', title: '局长', unitId: unit.id, principal: true });
      for (const [username, role] of [['op1', 'operator'], ['op2', 'operator'], ['leader1', 'leader'], ['screen1', 'screen'], ['desk1', 'followup']] as const) {
        await ok(admin, 'account:create', { commandId: commandId(), username: `${username}-${tag}`, displayName: `测试${username}`, role, unitId: null, password: PASSWORD });
      }
      const { episode } = await ok(admin, 'episode:plan', {
        commandId: commandId(),
        date: '2026-11-29',
        slot: { start: '09:00', end: '10:00' },
        theme: `两个节点上的一期节目（${tag}）`,
        host: '李主持',
        unitIds: [unit.id],
        leaderIds: [person.id],
      });
      await ok(admin, 'episode:start', { commandId: commandId(), episodeId: episode.id });

      // The sessions are opened on A (through the proxy); B knows them from the shared database.
      const connectVia = async (url: string, username: string) => {
        const socket = reconnectingSocket(url, await login(proxy.url, `${username}-${tag}`, PASSWORD));
        sockets.push(socket);
        let refused = '';
        socket.on('connect_error', (error) => (refused = error.message));
        await until(`${username} connected`, () => socket.connected).catch((error) => {
          throw new Error(`${(error as Error).message} (last refusal: ${refused || 'none'})\n--- node B:\n${nodeB.output().slice(-3000)}\n--- node A:\n${nodeA.output().slice(-3000)}`);
        });
        return socket;
      };
      const op1 = await connectVia(proxy.url, 'op1');
      const op2 = await connectVia(nodeB.url, 'op2');
      const leader = new EpisodeClient('leader via proxy', 'leader', await connectVia(proxy.url, 'leader1'), episode.id);
      const screen = new EpisodeClient('screen on B', 'screen', await connectVia(nodeB.url, 'screen1'), episode.id);
      const operatorView = new EpisodeClient('operator via proxy', 'operator', op1, episode.id);
      const clients = [leader, screen, operatorView];
      await until('every client has the episode', () => clients.every((c) => c.state !== null));

      const desk = await connectVia(nodeB.url, 'desk1');
      return { episode, op1, op2, leader, screen, operatorView, clients, desk };
    }

    it('a Redis pause does not stop the studio: commands are still acknowledged, and the clients on the other node catch up once Redis is back', async () => {
      const { episode, op1, screen } = await setUpStudio('blip');
      const redis = createClient({ url: redisUrl });
      await redis.connect();
      try {
        // Redis answers no client for two seconds: the adapter cannot carry anything between nodes.
        await redis.sendCommand(['CLIENT', 'PAUSE', '2000', 'ALL']);
        const started = Date.now();
        const during = await createUntilAcked(op1, appealInput(episode.id, { summary: 'Redis 暂停期间接入的诉求' }), 'op1');
        expect(Date.now() - started, 'acknowledged while Redis was paused').toBeLessThan(2_000);
        await until('the screen on B gets the appeal once Redis is back', () => Boolean(screen.state?.appeals[during.appealId]), 15_000);
      } finally {
        await redis.close();
      }
    }, 60_000);

    it('a follow-up desk on B hears of an item handed over on A exactly once (no node repeats another node\'s news)', async () => {
      const { episode, op1, desk } = await setUpStudio('desk');
      await ok(desk, 'supervision:list', {});
      const heard: string[] = [];
      desk.on('supervision:changed', (item) => heard.push(item.appeal.id));
      const { appeal } = await ok(op1, 'appeal:create', appealInput(episode.id, { summary: '节点A上转督办的诉求' }));
      const queued = await ok(op1, 'appeal:screen', { commandId: commandId(), episodeId: episode.id, appealId: appeal.id, expectedVersion: appeal.version });
      await ok(op1, 'appeal:handOver', { commandId: commandId(), episodeId: episode.id, appealId: appeal.id, expectedVersion: queued.appeal.version, reason: '需会后核实办理' });
      await until('the desk on B heard of the item', () => heard.includes(appeal.id));
      // B has caught up with A by now (a note, a sweep every second): a second copy would have come.
      await sleep(2_000);
      expect(heard.filter((id) => id === appeal.id)).toHaveLength(1);
    }, 60_000);

    it('an event a node made durable but died before announcing reaches the screens anyway, within a sweep', async () => {
      const { episode, op1, screen } = await setUpStudio('silent');
      const { appeal } = await ok(op1, 'appeal:create', appealInput(episode.id, { summary: '已宣布的诉求' }));
      await until('the screen has the announced appeal', () => Boolean(screen.state?.appeals[appeal.id]));
      // A third writer commits straight to PostgreSQL and never broadcasts: a node killed between COMMIT and emit.
      const silent = await PostgresStore.open({ connectionString: databaseUrl, schema: schema.name });
      try {
        const state = (await silent.loadEpisodeState(episode.id))!;
        const last = (await silent.loadEpisodeHistory(episode.id)).events.at(-1)!;
        const event = { ...last, seq: state.seq + 1, commandId: commandId(), appeal: { ...last.appeal!, id: 'silent-appeal-1', no: last.appeal!.no + 1, summary: '节点宕机前写入的诉求' } };
        await silent.commitEpisode({ episodeId: episode.id, baseSeq: state.seq, state: { ...state, seq: state.seq + 1 }, events: [event], commands: {} });
      } finally {
        await silent.close();
      }
      await until('the screen on B shows the unannounced appeal', () => Boolean(screen.state?.appeals['silent-appeal-1']), 10_000);
      expect(screen.gapResyncs, 'it came as an event, not by a later gap').toBe(0);
    }, 60_000);

    it('events cross nodes; node A killed mid-episode; every client carries on through B with the same state; each acknowledged appeal is stored exactly once', async () => {
      const { episode, op1, op2, leader, screen, operatorView, clients } = await setUpStudio('kill');

      // Across nodes: an appeal taken on A reaches the screen on B, and one taken on B the leader on A.
      const fromA = await createUntilAcked(op1, appealInput(episode.id, { summary: '节点A接入的诉求' }), 'op1');
      await until('the screen on B sees the appeal made on A', () => Boolean(screen.state?.appeals[fromA.appealId]));
      const fromB = await createUntilAcked(op2, appealInput(episode.id, { summary: '节点B接入的诉求' }), 'op2');
      await until('the leader on A sees the appeal made on B', () => Boolean(leader.state?.appeals[fromB.appealId]));

      // Both operators take calls as fast as acks return; A dies part-way through.
      const acked: Acked[] = [fromA, fromB];
      const intake = (socket: ClientSocket, by: string) =>
        (async () => {
          for (let i = 0; i < APPEALS_EACH; i++) acked.push(await createUntilAcked(socket, appealInput(episode.id, { summary: `${by} 第${i}件` }), by));
        })();
      const running = [intake(op1, 'op1'), intake(op2, 'op2')];
      await until('a third of the intake acknowledged', () => acked.length >= (2 * APPEALS_EACH) / 3 + 2);
      await nodeA.kill();
      await Promise.all(running);

      // Everything now runs on B. What PostgreSQL holds is the truth.
      const store = await PostgresStore.open({ connectionString: databaseUrl, schema: schema.name });
      try {
        const state = (await store.loadEpisodeState(episode.id))!;
        const history = await store.loadEpisodeHistory(episode.id);
        expect(history.events.map((e) => e.seq)).toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
        expect(acked).toHaveLength(2 * APPEALS_EACH + 2);
        // Two nodes writing one episode collide all the time; the loser catches up and decides again,
        // so no operator ever saw a write refused (only answers lost with node A).
        expect(refusals.filter((code) => code !== 'INTERNAL')).toEqual([]);
        for (const { commandId: id, appealId } of acked) {
          expect(state.appeals[appealId], `acked appeal ${appealId} is stored`).toBeDefined();
          expect(history.events.filter((e) => e.type === 'appeal.received' && e.commandId === id), `${id} received once`).toHaveLength(1);
        }
        expect(Object.keys(state.appeals).sort()).toEqual(acked.map((a) => a.appealId).sort());

        // Every client caught up through B: the same seq and the same appeals, having applied each seq once.
        await until('every client reached the final seq', () => clients.every((c) => c.state?.seq === state.seq), 30_000);
        for (const client of clients) {
          const mine = Object.keys(client.state!.appeals).sort();
          const stored = Object.keys(state.appeals).sort();
          if (JSON.stringify(mine) !== JSON.stringify(stored)) {
            const onlyClient = mine.filter((id) => !state.appeals[id]);
            const onlyStored = stored.filter((id) => !client.state!.appeals[id]);
            const seqOf = (id: string) => history.events.find((e) => e.appeal?.id === id && e.type === 'appeal.received')?.seq;
            console.log(JSON.stringify({ client: client.name, onlyClient: onlyClient.map((id) => ({ id, summary: client.state!.appeals[id].summary })), onlyStored: onlyStored.map((id) => ({ id, seq: seqOf(id), summary: state.appeals[id].summary })), eventIds: history.events.filter((e) => e.type === 'appeal.received').length, storedCount: stored.length, applied: client.applied.slice(-80) }));
          }
          expect(mine, client.name).toEqual(stored);
          const seqs = client.applied.filter((a) => a.via !== 'snapshot').map((a) => a.seq);
          expect(new Set(seqs).size, `${client.name} applied no seq twice`).toBe(seqs.length);
        }
        // The screen's copy is masked: B projected it for the screen's audience, as A did.
        expect(screen.state!.appeals[fromA.appealId].caller.phone).toMatch(/\*{4}/);
        // Counted from after the first connect: each client behind the proxy came back once, on B.
        expect(leader.connects, 'the leader reconnected through the proxy after A died').toBeGreaterThanOrEqual(1);
        expect(operatorView.connects, 'the operator reconnected through the proxy after A died').toBeGreaterThanOrEqual(1);
        expect(screen.connects, 'the screen on B never lost its connection').toBe(0);
      } finally {
        await store.close();
      }
    }, 120_000);
  });
}
