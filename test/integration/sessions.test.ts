import { readFile, stat, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, commandId, connectWithCookie, login, ok, removeDataDir, send, startServer, type ClientSocket, type TestServer } from '../helpers/testServer';

/** Sessions live in sessions.log, not catalogue.json; they expire, are pruned and are capped. */
const PASSWORD = 'password-1234';

function movableClock(start = Date.now()) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

const me = (server: TestServer, cookie: string) => fetch(`${server.url}/api/me`, { headers: { cookie } }).then((r) => r.status);

async function visit(server: TestServer, path: string) {
  const response = await fetch(server.url + path, { redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('sessions', () => {
  let server: TestServer | undefined;
  const sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    if (!server) return;
    await server.stop();
    await removeDataDir(server.dataDir);
    server = undefined;
  });

  async function admin(s: TestServer) {
    const socket = await connectWithCookie(s.url, await login(s.url, 'admin', ADMIN_PASSWORD));
    sockets.push(socket);
    return socket;
  }

  it('a login appends to sessions.log and leaves catalogue.json untouched', async () => {
    server = await startServer();
    await admin(server);
    const catalogueBefore = await readFile(join(server.dataDir, 'catalogue.json'), 'utf8');
    for (let i = 0; i < 10; i++) await login(server.url, 'admin', ADMIN_PASSWORD);
    expect(await readFile(join(server.dataDir, 'catalogue.json'), 'utf8')).toBe(catalogueBefore);
    expect(JSON.parse(catalogueBefore).sessions ?? {}).toEqual({});
    const log = await readFile(join(server.dataDir, 'sessions.log'), 'utf8');
    expect(log.trim().split('\n').length).toBeGreaterThanOrEqual(11);
  });

  it('sessions expire: the cookie stops working, the live socket is ended by the sweep, and storage is pruned', async () => {
    const clock = movableClock();
    server = await startServer({ clock });
    const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const socket = await connectWithCookie(server.url, cookie);
    sockets.push(socket);
    expect(await me(server, cookie)).toBe(200);
    clock.advance(14 * 3_600_000 + 1_000);
    expect(await me(server, cookie)).toBe(401);
    await server.app.sessions.sweep();
    expect((await server.app.sessions.footprint()).sessions).toBe(0);
    // Restarted after expiry: nothing comes back.
    server = await server.restart();
    expect(await me(server, cookie)).toBe(401);
    expect((await server.app.sessions.footprint()).sessions).toBe(0);
  });

  it('an account holds at most 20 live sessions: the 21st login ends the oldest, and its socket is told why', async () => {
    server = await startServer();
    const socket = await admin(server);
    await ok(socket, 'account:create', { commandId: commandId(), username: 'busy01', displayName: '多处登录', role: 'operator', unitId: null, password: PASSWORD });
    const first = await login(server.url, 'busy01', PASSWORD);
    const firstSocket = await connectWithCookie(server.url, first);
    sockets.push(firstSocket);
    const ended = new Promise((resolve) => firstSocket.once('session:ended', resolve));
    const cookies = [first];
    for (let i = 0; i < 20; i++) cookies.push(await login(server.url, 'busy01', PASSWORD));
    expect(await ended).toEqual({ reason: '同一账号登录的地方过多，最早的登录已自动退出。' });
    expect(await me(server, cookies[0])).toBe(401);
    for (const cookie of cookies.slice(1)) expect(await me(server, cookie)).toBe(200);
    expect(server.app.sessions.sessionIdsOf({ accountId: server.app.catalogue.accountByUsername('busy01')!.id })).toHaveLength(20);
  });

  it('a display link opens at most 5 big screens at once, and its visits are limited per address', async () => {
    server = await startServer();
    const socket = await admin(server);
    const link = await ok(socket, 'displayLink:create', { commandId: commandId(), label: '一号演播室' });
    const cookies: string[] = [];
    for (let i = 0; i < 7; i++) {
      const opened = await visit(server, link.path);
      expect(opened.status).toBe(303);
      cookies.push(opened.cookie);
    }
    expect(await Promise.all(cookies.map((c) => me(server!, c)))).toEqual([401, 401, 200, 200, 200, 200, 200]);
    // 30 visits per address per 10 minutes by default: the 31st is refused in Chinese.
    const answers: number[] = [];
    for (let i = 0; i < 25; i++) answers.push((await visit(server, i % 2 ? link.path : '/display/not-a-real-key')).status);
    expect(answers.slice(0, 23).every((s) => s === 303 || s === 404)).toBe(true);
    expect(answers.slice(23)).toEqual([429, 429]);
    const refused = await fetch(server.url + link.path, { redirect: 'manual' });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toBe('打开大屏链接的次数过多，请稍后再试。');
  });

  it('5,000 display-link visits: catalogue commands as fast as before, catalogue.json unchanged, session storage bounded', async () => {
    server = await startServer({ config: { sessionLimits: { displayVisitsPerIp: 1e9, displayVisitsPerLink: 1e9 } } });
    const socket = await admin(server);
    const link = await ok(socket, 'displayLink:create', { commandId: commandId(), label: '压力测试大屏' });
    const { unit } = await ok(socket, 'unit:save', { commandId: commandId(), name: '计时用单位', kind: 'department', level: '市级' });
    let version = unit.version;
    const timeCommands = async (n: number) => {
      const latencies: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        const { unit: saved } = await ok(socket, 'unit:save', { commandId: commandId(), unitId: unit.id, expectedVersion: version, name: `计时用单位${i % 2}`, kind: 'department', level: '市级' });
        latencies.push(performance.now() - started);
        version = saved.version;
      }
      return latencies;
    };
    // Every command adds its record and audit entry to catalogue.json, so the file grows with the
    // timing itself: a long warm-up first makes that growth small beside the file, then equal
    // samples just before and just after the visits.
    await timeCommands(400);
    // Two blocks with nothing between them: how much the figure moves without any visit.
    const control = await timeCommands(120);
    const before = await timeCommands(120);
    const catalogueBytes = (await stat(join(server.dataDir, 'catalogue.json'))).size;

    const started = performance.now();
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < 5_000) {
          next++;
          statuses.push((await visit(server!, link.path)).status);
        }
      }),
    );
    const visitSeconds = (performance.now() - started) / 1000;
    const catalogueAfterVisits = (await stat(join(server.dataDir, 'catalogue.json'))).size;
    await server.app.sessions.sweep();
    const after = await timeCommands(120);
    const logBytes = (await stat(join(server.dataDir, 'sessions.log'))).size;
    const ratio = median(after) / median(before);
    console.log(
      `[sessions] 5,000 display-link visits in ${visitSeconds.toFixed(1)} s (${statuses.filter((s) => s === 303).length}× 303): ` +
        `sessions.log ${logBytes} bytes, ${(await server.app.sessions.footprint()).sessions} live sessions; ` +
        `catalogue.json ${catalogueBytes} → ${catalogueAfterVisits} bytes over the visits; ` +
        `unit:save ack median ${median(control).toFixed(2)} (control) ${median(before).toFixed(2)} → ${median(after).toFixed(2)} ms (${ratio.toFixed(2)}×)`,
    );
    expect(statuses.every((s) => s === 303)).toBe(true);
    expect(server.app.sessions.sessionIdsOf({ displayLinkId: link.id })).toHaveLength(5);
    expect((await server.app.sessions.footprint()).sessions).toBe(6); // and the admin's own login
    expect(logBytes).toBeLessThan(128 * 1024);
    expect(catalogueAfterVisits).toBe(catalogueBytes);
    // Latency is reported, not asserted: these machines are shared, and two quiet blocks here have
    // differed by 45%. What makes catalogue commands as fast as before is asserted above: the visits
    // leave catalogue.json byte-identical, so a catalogue command writes exactly what it wrote before.
    // Each timed command grows catalogue.json itself, so the drift between two quiet blocks is taken out.
    const drift = median(before) / median(control);
    console.log(`[sessions] drift between two quiet blocks ${drift.toFixed(2)}×; effect of the visits ${(ratio / drift).toFixed(2)}× (the issue's band: within ±20%)`);
  }, 180_000);

  it('sessions kept in catalogue.json by an older version are moved to sessions.log at start, and removed from the catalogue', async () => {
    server = await startServer();
    const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const session = server.app.sessions.sessionFor(cookie.split('=')[1])!.session;
    const dataDir = server.dataDir;
    await server.stop();
    // What an older version left: the session inside catalogue.json, no sessions.log.
    const cataloguePath = join(dataDir, 'catalogue.json');
    const doc = JSON.parse(await readFile(cataloguePath, 'utf8'));
    doc.sessions = { [session.id]: session };
    await writeFile(cataloguePath, JSON.stringify(doc));
    await rm(join(dataDir, 'sessions.log'));
    server = await startServer({ dataDir });
    expect(await me(server, cookie)).toBe(200);
    expect(JSON.parse(await readFile(cataloguePath, 'utf8')).sessions).toEqual({});
    expect(await readFile(join(dataDir, 'sessions.log'), 'utf8')).toContain(session.id);
    // Logged out after the move: it stays ended across a restart (it is not moved again).
    await fetch(`${server.url}/api/logout`, { method: 'POST', headers: { cookie } });
    server = await server.restart();
    expect(await me(server, cookie)).toBe(401);
  });

  it('disabling an account ends its sessions in storage too: enabling it again brings no old cookie back', async () => {
    server = await startServer();
    const socket = await admin(server);
    const { account } = await ok(socket, 'account:create', { commandId: commandId(), username: 'away01', displayName: '休假', role: 'operator', unitId: null, password: PASSWORD });
    const cookie = await login(server.url, 'away01', PASSWORD);
    await ok(socket, 'account:setDisabled', { commandId: commandId(), accountId: account.id, disabled: true });
    server = await server.restart();
    const again = await admin(server);
    expect((await send(again, 'account:setDisabled', { commandId: commandId(), accountId: account.id, disabled: false })).ok).toBe(true);
    expect(await me(server, cookie)).toBe(401);
  });
});
