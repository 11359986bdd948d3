import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** What CI's Redis answers to. */
export const CI_REDIS_URL = 'redis://127.0.0.1:6379';

/** Redis for the cluster tests: REDIS_URL, or under CI=true the CI service (unreachable there = failed, never skipped). */
export function testRedisUrl(file: string): string | null {
  const url = process.env.REDIS_URL || (process.env.CI === 'true' ? CI_REDIS_URL : null);
  if (!url) console.warn(`[${file}] cluster tests skipped: REDIS_URL is not set (e.g. REDIS_URL=${CI_REDIS_URL} DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx vitest run test/cluster).`);
  return url;
}

export function describeSkippedWithoutServices(title: string): void {
  describe.skip(title, () => {
    it('needs PostgreSQL and Redis: set DATABASE_URL and REDIS_URL (see the warnings printed above)', () => undefined);
  });
}

export interface NodeProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: nothing is flushed, nothing is closed, as when a machine dies. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One node of the cluster: the production entry point (server/main.ts) in its own process, on the
 * shared PostgreSQL schema and Redis stream, on a free port. Resolves once it prints its address.
 */
export async function startNode(name: string, env: Record<string, string>): Promise<NodeProcess> {
  const clientDir = await mkdtemp(join(tmpdir(), 'zfrx-node-client-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CLIENT_DIR: clientDir, LOG_LEVEL: 'warn', FORCE_PASSWORD_CHANGE: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s:\n${output}`)), 30_000);
    const look = () => {
      const found = /已启动: (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolveUrl(found[1]);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before listening:\n${output}`));
    });
  });
  return {
    name,
    url,
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
