import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { BENCH_DIR, REPO_ROOT } from './benchConfig';

/**
 * One child process of the bench (a server, a floor or a measuring client), run as
 * `node --expose-gc --import tsx <file>` so that the server can report its heap after a full gc and
 * no wrapper process sits between us and the pid we kill. Children talk back in JSON lines on stdout
 * that carry a `bench` key (anything else, such as a pino log line, is ignored) and over IPC.
 */
export interface BenchMessage {
  bench: string;
  [key: string]: any;
}

const alive = new Set<BenchProcess>();

export class BenchProcess {
  readonly child: ChildProcess;
  /** performance.now() of the runner when the process was spawned: cold starts are timed from here. */
  readonly spawnedAt = performance.now();
  readonly exited: Promise<number | null>;
  private readonly lines: Array<{ message: BenchMessage; at: number }> = [];
  private readonly ipc: any[] = [];
  private waiters: Array<() => void> = [];
  private stderrTail: string[] = [];
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    file: string,
    args: string[] = [],
    env: Record<string, string> = {},
    nodeArgs: string[] = [],
  ) {
    this.child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, '--import', 'tsx', join(BENCH_DIR, file), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    alive.add(this);
    let buffer = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith('{')) continue;
        try {
          const message = JSON.parse(line);
          if (typeof message?.bench === 'string') this.push(() => this.lines.push({ message, at: performance.now() }));
        } catch {
          // not one of ours
        }
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
      this.stderrTail = [...this.stderrTail, ...chunk.split('\n')].slice(-40);
    });
    this.child.on('message', (message) => this.push(() => this.ipc.push(message)));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        alive.delete(this);
        this.exitCode = code ?? (signal ? null : 0);
        this.push(() => undefined);
        resolve(code);
      }),
    );
  }

  private push(store: () => void): void {
    store();
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  private describeExit(): string {
    return `${this.name} exited (code ${this.exitCode}) before answering.\n${this.stderrTail.join('\n')}`;
  }

  /** Wait for the next stdout line `{ bench: kind, ... }` (and the runner's time when it arrived). */
  async line(kind: string, timeoutMs = 120_000): Promise<{ message: BenchMessage; at: number }> {
    return this.waitFor(() => {
      const index = this.lines.findIndex((l) => l.message.bench === kind || l.message.bench === 'error');
      if (index < 0) return undefined;
      const [found] = this.lines.splice(index, 1);
      if (found.message.bench === 'error' && kind !== 'error') throw new Error(`${this.name}: ${found.message.error}\n${this.stderrTail.join('\n')}`);
      return found;
    }, timeoutMs, `"${kind}" line`);
  }

  /** Send an IPC message and wait for the reply whose `type` matches. */
  async request(message: { type: string; [key: string]: unknown }, timeoutMs = 60_000): Promise<any> {
    this.child.send(message);
    return this.waitFor(() => {
      const index = this.ipc.findIndex((m) => m?.type === message.type);
      return index < 0 ? undefined : this.ipc.splice(index, 1)[0];
    }, timeoutMs, `IPC reply "${message.type}"`);
  }

  send(message: object): void {
    this.child.send(message);
  }

  private waitFor<T>(take: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms\n${this.stderrTail.join('\n')}`)), timeoutMs);
      const check = () => {
        try {
          const value = take();
          if (value !== undefined) {
            clearTimeout(timer);
            return resolve(value);
          }
        } catch (error) {
          clearTimeout(timer);
          return reject(error);
        }
        if (this.exitCode !== undefined) {
          clearTimeout(timer);
          return reject(new Error(this.describeExit()));
        }
        this.waiters.push(check);
      };
      check();
    });
  }

  /** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Gone at once, as in a crash: nothing is flushed that was not already durable. */
  async kill(): Promise<void> {
    if (this.exitCode !== undefined) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** Kill every child still running (on error, Ctrl-C or the end of the run). Only our own pids. */
export function killAll(): void {
  for (const proc of alive) {
    try {
      proc.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Stop these processes, whatever happened to each. */
export async function stopAll(...procs: Array<BenchProcess | undefined>): Promise<void> {
  await Promise.all(procs.map((p) => p?.stop().catch(() => undefined)));
}
