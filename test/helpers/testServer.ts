import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ack, ClientToServerEvents } from '../../shared/protocol/events';
import type { Role } from '../../shared/domain/types';
import { createApp, type App, type AppConfig } from '../../server/app';
import type { Clock } from '../../server/services/clock';
import { LowdbStore } from '../../server/store/lowdbStore';
import type { FileSystem } from '../../server/store/durableJsonFile';
import { connectWithCookie, login, phonedInAppeal, type ClientSocket } from './clientSession';

export type { ClientSocket } from './clientSession';

export const ADMIN_PASSWORD = 'admin-test-password';

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  store: LowdbStore;
  /** Stop this server (keeping its data folder). */
  stop(): Promise<void>;
  /** Stop and start a fresh server on the same data folder and port. */
  restart(): Promise<TestServer>;
}

/** A real server on a free port with its own temporary data folder (or a given one). */
export async function startServer(
  options: { dataDir?: string; clock?: Clock; port?: number; fs?: FileSystem; clientDir?: string; /** Settings over the test defaults (throttles, TRUST_PROXY…). */ config?: Partial<AppConfig> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'zfrx-test-')));
  const store = new LowdbStore(dataDir, options.fs);
  const app = await createApp({
    store,
    clock: options.clock,
    config: { adminPassword: ADMIN_PASSWORD, loginAttemptsPer15Min: 1000, clientDir: options.clientDir ?? join(dataDir, 'no-client'), ...options.config },
  });
  const url = await app.listen(options.port ?? 0, '127.0.0.1');
  const port = Number(new URL(url).port);
  const server: TestServer = {
    app,
    url,
    dataDir,
    store,
    stop: () => app.close(),
    async restart() {
      await app.close();
      return startServer({ ...options, dataDir, port });
    },
  };
  return server;
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

export { connectWithCookie, login };

let commandCounter = 0;
/** A fresh client-made command id. */
export function commandId(): string {
  commandCounter += 1;
  return `test-${process.pid}-${Date.now()}-${commandCounter}`;
}

/** Send a command and wait for its ack. */
export function send<E extends keyof ClientToServerEvents>(socket: ClientSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<Ack<any>> {
  return (socket.timeout(10_000) as any).emitWithAck(event, payload);
}

/** Send a command that must succeed; returns its data. */
export async function ok<E extends keyof ClientToServerEvents>(socket: ClientSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<any> {
  const response = await send(socket, event, payload);
  if (!response.ok) throw new Error(`${String(event)} failed: ${response.error.code} ${response.error.message}`);
  return response.data;
}

/** Collect every `episode:event` a socket receives. */
export function recordEvents(socket: ClientSocket) {
  const events: any[] = [];
  socket.on('episode:event', (event) => events.push(event));
  return events;
}

/** Wait until a condition holds (polling), for events that arrive after an ack. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Studio {
  server: TestServer;
  admin: ClientSocket;
  operator: ClientSocket;
  leader: ClientSocket;
  screen: ClientSocket;
  unitId: string;
  leaderId: string;
  episodeId: string;
  close(): Promise<void>;
}

const PASSWORD = 'password-1234';

/** Create an account of a role through the admin's socket and connect as it. */
export async function connectAs(server: TestServer, admin: ClientSocket, role: Role, unitId: string | null = null): Promise<ClientSocket> {
  const username = `${role}${commandCounter + 1}x${Math.floor(Math.random() * 1e6)}`;
  await ok(admin, 'account:create', { commandId: commandId(), username, displayName: `测试${role}`, role, unitId, password: PASSWORD });
  return connectWithCookie(server.url, await login(server.url, username, PASSWORD));
}

/** A server with a unit, a leader, a planned episode and one client of each studio role. */
export async function buildStudio(options: { server?: TestServer; clock?: Clock } = {}): Promise<Studio> {
  const server = options.server ?? (await startServer({ clock: options.clock }));
  const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
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
  const operator = await connectAs(server, admin, 'operator');
  const leader = await connectAs(server, admin, 'leader');
  const screen = await connectAs(server, admin, 'screen');
  return {
    server,
    admin,
    operator,
    leader,
    screen,
    unitId: unit.id,
    leaderId: person.id,
    episodeId: episode.id,
    async close() {
      for (const s of [admin, operator, leader, screen]) s.disconnect();
      await server.stop();
      await removeDataDir(server.dataDir);
    },
  };
}

/** A typical phoned-in appeal. */
export function appealInput(episodeId: string, overrides: Record<string, unknown> = {}) {
  return { ...phonedInAppeal(episodeId, commandId(), '小区电梯长期故障，物业不维修'), ...overrides };
}
