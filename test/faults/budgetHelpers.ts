import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectWithCookie, login, phonedInAppeal, type ClientSocket } from '../helpers/clientSession';

/**
 * Helpers of the hostile-client tests (hostileClients.test.ts): the server in its own process
 * (budgetServer.ts) so its memory is its own, a client that stops reading, and ack timings.
 */
export const ADMIN_PASSWORD = 'admin-budget-password';
const PASSWORD = 'password-1234';
let counter = 0;
export const newCommandId = () => `budget-${process.pid}-${Date.now()}-${++counter}`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChildServer {
  url: string;
  call<T = any>(type: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startChildServer(): Promise<ChildServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'zfrx-budget-'));
  // BUDGET_CPU_PROF=<dir> writes the server's CPU profile there (to see what blocks it during an attack).
  const child: ChildProcess = fork(fileURLToPath(new URL('./budgetServer.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...(process.env.BUDGET_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BUDGET_CPU_PROF}`] : [])],
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (data: unknown) => void>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`budget server exited with ${code}`)));
    child.on('message', (message: any) => {
      if (message.ready) return resolve(message.ready);
      pending.get(message.id)?.(message.data);
      pending.delete(message.id);
    });
  });
  return {
    url,
    call(type, args = {}) {
      const id = ++nextId;
      return new Promise((resolve) => {
        pending.set(id, resolve as (data: unknown) => void);
        child.send({ id, type, ...args });
      });
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      // A profiled run must exit by itself to write its profile.
      if (process.env.BUDGET_CPU_PROF) child.send({ id: 0, type: 'exit' });
      else child.kill('SIGKILL');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function ok(socket: ClientSocket, event: string, payload: Record<string, unknown>): Promise<any> {
  const response = await (socket.timeout(30_000) as any).emitWithAck(event, payload);
  if (!response.ok) throw new Error(`${event}: ${response.error.code} ${response.error.message}`);
  return response.data;
}

/** A live episode, an operator, and a big-screen display link opened the way the studio opens it (no password). */
export async function liveStudio(url: string) {
  const admin = await connectWithCookie(url, await login(url, 'admin', ADMIN_PASSWORD));
  const { unit } = await ok(admin, 'unit:save', { commandId: newCommandId(), name: '市住房和城乡建设局', kind: 'department', level: '市级' });
  const { person } = await ok(admin, 'person:save', { commandId: newCommandId(), name: '张建国', title: '局长', unitId: unit.id, principal: true });
  const { episode } = await ok(admin, 'episode:plan', {
    commandId: newCommandId(),
    date: '2025-11-25',
    slot: { start: '09:00', end: '10:00' },
    theme: '老旧小区改造与物业服务',
    host: '李主持',
    unitIds: [unit.id],
    leaderIds: [person.id],
  });
  await ok(admin, 'episode:start', { commandId: newCommandId(), episodeId: episode.id });
  const username = `operator${++counter}`;
  await ok(admin, 'account:create', { commandId: newCommandId(), username, displayName: '导播', role: 'operator', unitId: null, password: PASSWORD });
  const operator = await connectWithCookie(url, await login(url, username, PASSWORD));
  const link = await ok(admin, 'displayLink:create', { commandId: newCommandId(), label: '一号演播室' });
  const opened = await fetch(url + link.path, { redirect: 'manual' });
  if (opened.status !== 303) throw new Error(`display link answered ${opened.status}`);
  const screenCookie = opened.headers.get('set-cookie')!.split(';')[0];
  return { admin, operator, episodeId: episode.id as string, screenCookie };
}

/** Stop reading from the server: the socket's bytes pile up in the kernel, then in the server's buffers. */
export function stopReading(socket: ClientSocket): { resume(): void } {
  const raw = (socket.io.engine.transport as any).ws?._socket;
  if (!raw) throw new Error('no underlying TCP socket to pause');
  raw.pause();
  return { resume: () => raw.resume() };
}

/** `appeal:create` acks one after another for `ms`: every latency in milliseconds. */
export async function ackTimes(operator: ClientSocket, episodeId: string, ms: number): Promise<number[]> {
  const times: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const started = performance.now();
    await ok(operator, 'appeal:create', phonedInAppeal(episodeId, newCommandId(), '小区电梯长期故障，物业不维修'));
    times.push(performance.now() - started);
  }
  return times;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, stepMs = 50): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
  return performance.now() - started;
}

export const MB = 1024 * 1024;
