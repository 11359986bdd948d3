import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { followConnection, type ConnectionState } from '../../client/src/api/socket';
import { appealOnAir } from '../../shared/domain/episodeState';
import { CONNECTION_BUDGET } from '../../server/realtime/connectionBudget';
import { snapshotEncodings } from '../../server/realtime/snapshotCache';
import { nodeFileSystem, type FileSystem } from '../../server/store/durableJsonFile';
import { EpisodeClient, reconnectingSocket } from '../helpers/episodeClient';
import { appealInput, buildStudio, commandId, connectAs, eventually, ok, send, startServer, type ClientSocket, type Studio } from '../helpers/testServer';
import { stopReading } from './budgetHelpers';

/**
 * Budgets per connection (server/realtime/connectionBudget.ts) against the real server: commands in
 * flight per socket, the sync rate, one snapshot for many identical syncs, and a screen cut off for
 * falling behind that comes back by itself, with the client's own reconnect logic.
 */

const defaults = { ...CONNECTION_BUDGET };
let studio: Studio | null = null;
const extra: ClientSocket[] = [];
const paused: Array<{ resume(): void }> = [];
afterEach(async () => {
  for (const socket of paused.splice(0)) socket.resume();
  Object.assign(CONNECTION_BUDGET, defaults);
  for (const socket of extra.splice(0)) socket.disconnect();
  await studio?.close();
  studio = null;
});

/** The file system with episode-log appends held back while `slow` is set: commands stay in flight. */
function slowAppends() {
  const state = { slow: false };
  const fs: FileSystem = {
    ...nodeFileSystem,
    async appendSynced(path, text) {
      if (state.slow) await new Promise((r) => setTimeout(r, 400));
      await nodeFileSystem.appendSynced(path, text);
    },
  };
  return { fs, state };
}

describe('budgets per connection', () => {
  it('answers commands over the in-flight cap at once with TOO_MANY_PENDING, and they change nothing', async () => {
    const disk = slowAppends();
    studio = await buildStudio({ server: await startServer({ fs: disk.fs }) });
    const { operator, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    disk.state.slow = true;
    const inputs = Array.from({ length: CONNECTION_BUDGET.maxCommandsInFlight + 8 }, (_, i) => appealInput(episodeId, { summary: `第${i}条` }));
    const answers = await Promise.all(inputs.map((input) => send(operator, 'appeal:create', input)));
    disk.state.slow = false;
    const refused = answers.filter((a) => !a.ok);
    expect(answers.filter((a) => a.ok)).toHaveLength(CONNECTION_BUDGET.maxCommandsInFlight);
    expect(refused).toHaveLength(8);
    for (const answer of refused) expect(answer.error).toEqual({ code: 'TOO_MANY_PENDING', message: '您的操作太多，服务器还在处理之前的请求，本次操作未执行，请稍后再试。' });
    const state = server.app.studio.state(episodeId);
    const summaries = new Set(Object.values(state.appeals).map((a) => a.summary));
    inputs.forEach((input, i) => expect(summaries.has(input.summary)).toBe(answers[i].ok));
    // Refused, so not remembered: the same command sent again now runs.
    const again = inputs[answers.findIndex((a) => !a.ok)];
    expect((await send(operator, 'appeal:create', again)).ok).toBe(true);
    expect(operator.connected).toBe(true);
  });

  it('refuses syncs over the rate with a Chinese sentence and a wait, without disconnecting', async () => {
    studio = await buildStudio();
    const { screen, episodeId } = studio;
    const answers = await Promise.all(Array.from({ length: 12 }, () => send(screen, 'episode:sync', { episodeId, sinceSeq: 1 })));
    const refused = answers.filter((a) => !a.ok);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(CONNECTION_BUDGET.syncBurst);
    expect(refused.length).toBeGreaterThanOrEqual(12 - CONNECTION_BUDGET.syncBurst - 1);
    for (const answer of refused) {
      expect(answer.error.code).toBe('SYNC_TOO_FREQUENT');
      expect(answer.error.message).toMatch(/^同步请求过于频繁，本次未执行，请 \d+ 秒后再试。$/);
    }
    expect(screen.connected).toBe(true);
    await new Promise((r) => setTimeout(r, 1000 / CONNECTION_BUDGET.syncPerSecond + 50));
    expect((await send(screen, 'episode:sync', { episodeId, sinceSeq: 1 })).ok).toBe(true);
  });

  it('builds one snapshot for many identical syncs, projected and encoded once per audience', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    for (let i = 0; i < 20; i++) await ok(operator, 'appeal:create', appealInput(episodeId, { summary: `第${i}条诉求` }));
    const sockets: Array<[ClientSocket, 'full' | 'masked']> = [];
    for (let i = 0; i < 6; i++) sockets.push([await connectAs(server, admin, 'screen'), 'masked'], [await connectAs(server, admin, 'leader'), 'masked'], [await connectAs(server, admin, 'operator'), 'full']);
    // HTTP long-polling (a network that blocks WebSocket) gets the shared text, not the shared frame.
    const polling = connect(server.url, { transports: ['polling'], extraHeaders: { cookie: screenCookieOf(sockets[0][0]) }, reconnection: false, forceNew: true }) as ClientSocket;
    await new Promise((resolve) => polling.once('connect', () => resolve(null)));
    sockets.push([polling, 'masked']);
    extra.push(...sockets.map(([s]) => s));
    const builds = server.app.studio.snapshots.builds;
    const encodings = snapshotEncodings.count;
    const answers = await Promise.all(sockets.map(([s]) => ok(s, 'episode:sync', { episodeId, sinceSeq: null })));
    // And once more, one after another, at the same seq.
    for (const [s] of sockets.slice(0, 3)) answers.push(await ok(s, 'episode:sync', { episodeId, sinceSeq: null }));
    expect(server.app.studio.snapshots.builds - builds).toBe(1);
    expect(snapshotEncodings.count - encodings).toBe(2);
    expect(polling.io.engine.transport.name).toBe('polling');
    const seq = server.app.studio.state(episodeId).seq;
    answers.forEach((answer, i) => {
      const audience = sockets[i % sockets.length][1];
      expect(answer).toMatchObject({ mode: 'snapshot', seq });
      const phones = Object.values(answer.snapshot.appeals).map((a: any) => a.caller.phone);
      expect(phones).toHaveLength(20);
      expect(JSON.stringify(answer)).toBe(JSON.stringify(answers[sockets.findIndex(([, a]) => a === audience)]));
      for (const phone of phones) expect(phone).toBe(audience === 'full' ? '13812341234' : '138****1234');
    });
    // A commit makes the kept snapshot stale: the next sync reads a new one.
    await ok(operator, 'appeal:create', appealInput(episodeId));
    expect((await ok(sockets[0][0], 'episode:sync', { episodeId, sinceSeq: null })).seq).toBe(seq + 1);
    expect(server.app.studio.snapshots.builds - builds).toBe(2);
  });

  for (const resumeAfterMs of [500, CONNECTION_BUDGET.closeGraceMs + 1500]) {
    it(`a screen that falls behind is cut off, and comes back by itself at the right seq and call (reads again after ${resumeAfterMs} ms)`, async () => {
      // Tighter than the defaults so a few hundred appeals are enough to fall behind.
      Object.assign(CONNECTION_BUDGET, { maxHeldBytes: 512 * 1024, maxStalledMs: 3000 });
      studio = await buildStudio();
      const { admin, operator, episodeId, server } = studio;
      await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
      const first = (await ok(operator, 'appeal:create', appealInput(episodeId))).appeal;
      await putOnAir(operator, episodeId, first);
      const cookie = await screenCookie(server.url, admin);
      const socket = reconnectingSocket(server.url, cookie);
      extra.push(socket);
      const states: ConnectionState[] = [];
      followConnection(socket as never, (state) => states.push(state), () => states.push('disconnected'));
      const screen = new EpisodeClient('slow-screen', 'screen', socket, episodeId);
      await eventually(() => screen.state?.seq === server.app.studio.state(episodeId).seq, 10_000);

      // The screen stops reading while the operator keeps rewriting a long appeal: each event is
      // large (the appeal and its diff) but the episode stays small, so catching up is quick.
      const last = (await ok(operator, 'appeal:create', appealInput(episodeId))).appeal;
      paused.push(stopReading(socket));
      const long = '居民反映小区供暖温度不达标，多次联系物业未果，'.repeat(86);
      let version = last.version;
      const cutAt = Date.now();
      for (let i = 0; i < 2000 && server.app.io.of('/').sockets.has(socket.id!); i++) {
        const patch = { summary: `${i % 2 ? '甲' : '乙'}${long}`.slice(0, 2000) };
        version = (await ok(operator, 'appeal:update', { commandId: commandId(), episodeId, appealId: last.id, expectedVersion: version, patch })).appeal.version;
      }
      await eventually(() => !server.app.io.of('/').sockets.has(socket.id!), 10_000);
      const cutAfterMs = Date.now() - cutAt;
      await ok(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: first.id, expectedVersion: server.app.studio.state(episodeId).appeals[first.id].version, points: '已协调供暖公司' });
      await putOnAir(operator, episodeId, { id: last.id, version });
      await new Promise((r) => setTimeout(r, resumeAfterMs));
      paused.pop()!.resume();
      const resumedAt = Date.now();

      const final = server.app.studio.state(episodeId);
      await eventually(() => socket.connected && screen.state?.seq === final.seq, 20_000);
      expect(appealOnAir(screen.state!)?.id).toBe(last.id);
      expect(appealOnAir(final)?.id).toBe(last.id);
      expect(screen.connects).toBeGreaterThanOrEqual(2);
      // Told why when the reason could get through before the connection was closed hard.
      if (resumeAfterMs < CONNECTION_BUDGET.closeGraceMs) expect(states).toContain('tooSlow');
      expect(states.at(-1)).toBe('connected');
      console.log(`[slow screen] cut ${cutAfterMs} ms after it stopped reading; read again after ${resumeAfterMs} ms; back at seq ${final.seq} with the right call ${Date.now() - resumedAt} ms later; states ${[...new Set(states)].join(' → ')}`);
    }, 60_000);
  }

  it('a screen that only stalls for a moment (weak Wi-Fi) is not cut, and one whose session ends is not brought back', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '三号演播室' });
    const cookie = (await fetch(server.url + link.path, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0];
    const socket = reconnectingSocket(server.url, cookie);
    extra.push(socket);
    const states: ConnectionState[] = [];
    let ended = 0;
    followConnection(socket as never, (state) => states.push(state), () => (ended += 1));
    const screen = new EpisodeClient('hiccup-screen', 'screen', socket, episodeId);
    await eventually(() => screen.state !== null, 10_000);
    const reading = stopReading(socket);
    paused.push(reading);
    for (let i = 0; i < 20; i++) await ok(operator, 'appeal:create', appealInput(episodeId, { summary: `第${i}条` }));
    await new Promise((r) => setTimeout(r, 2500));
    reading.resume();
    await eventually(() => screen.state?.seq === server.app.studio.state(episodeId).seq, 10_000);
    expect(screen.connects).toBe(1);
    expect(states).not.toContain('tooSlow');

    await ok(admin, 'displayLink:revoke', { commandId: commandId(), displayLinkId: link.id });
    await eventually(() => ended === 1 && !socket.connected, 5000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(socket.connected).toBe(false);
    expect(states).not.toContain('tooSlow');
  });
});

async function putOnAir(operator: ClientSocket, episodeId: string, appeal: { id: string; version: number }) {
  const screened = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: screened.appeal.version });
}

/** The cookie a test socket was opened with. */
function screenCookieOf(socket: ClientSocket): string {
  return (socket.io.opts.extraHeaders as Record<string, string>).cookie;
}

/** A big-screen session opened from a display link, as the studio opens it. */
async function screenCookie(url: string, admin: ClientSocket): Promise<string> {
  const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '二号演播室' });
  const opened = await fetch(url + link.path, { redirect: 'manual' });
  return opened.headers.get('set-cookie')!.split(';')[0];
}
