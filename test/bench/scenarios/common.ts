import { join } from 'node:path';
import { BenchProcess } from '../lib/benchProcess';
import { OUTPUT_DIR, WORK_DIR, type BenchSettings, type DataSpec } from '../lib/benchConfig';
import type { DataSet } from '../data/dataCache';
import { row, type Row } from '../lib/results';

/** What a scenario gets from the runner, and what it gives back. */
export interface ScenarioContext {
  settings: BenchSettings;
  log: (line: string) => void;
  /** The cached data set for a spec (generated first when missing). */
  data: (spec: DataSpec) => Promise<DataSet>;
}

export interface ScenarioResult {
  rows: Row[];
  /** Everything measured, for bench-results.json. */
  details: Record<string, unknown>;
}

/** A scenario's scratch folder (removed after the scenario). */
export function workDir(name: string): string {
  return join(WORK_DIR, name);
}

export interface Started {
  proc: BenchProcess;
  url: string;
  /** The server's `listening` line. */
  listening: Record<string, any>;
  /** From spawn to that line, seen by the runner. */
  seconds: number;
}

/**
 * `BENCH_CPU_PROF=1`: the product servers run under `node --cpu-prof`, and each one stopped cleanly
 * (SIGTERM; not the SIGKILL of the burst's crash) leaves a `.cpuprofile` in bench-output/profiles/
 * (open it in Chrome DevTools, or `tsx test/bench/profileSummary.ts FILE`). The figures of such a run
 * are not comparable with others: the profiler costs the product time that the floors do not pay.
 */
export const PROFILE_DIR = join(OUTPUT_DIR, 'profiles');

function nodeArgsFor(file: string): string[] {
  return process.env.BENCH_CPU_PROF && file === 'processes/productServer.ts' ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
}

/** Start a server process (with `env` over the runner's) and wait for its `listening` line. */
export async function startServer(name: string, file: string, args: string[], timeoutMs = 10 * 60_000, env: Record<string, string> = {}): Promise<Started> {
  const proc = new BenchProcess(name, file, args, env, nodeArgsFor(file));
  try {
    const { message, at } = await proc.line('listening', timeoutMs);
    return { proc, url: message.url, listening: message, seconds: (at - proc.spawnedAt) / 1000 };
  } catch (error) {
    await proc.kill();
    throw error;
  }
}

/** Run a client process to its `result` line, and make sure it is gone afterwards. */
export async function runClient(name: string, file: string, args: string[], timeoutMs = 10 * 60_000): Promise<Record<string, any>> {
  const proc = new BenchProcess(name, file, args);
  try {
    const { bench: _, ...result } = (await proc.line('result', timeoutMs)).message;
    return result;
  } finally {
    await proc.stop();
  }
}

/** The year the scenario's own live episode is planned in: the data's last year. */
export function lastYear(spec: DataSpec): number {
  return spec.years[spec.years.length - 1];
}

export const kB = (bytes: number) => bytes / 1000;

/**
 * The product server's event-loop delay while it served the scenario (asked before it is stopped):
 * the rule is that nothing blocks the loop for more than ~50 ms under any scenario.
 */
export async function eventLoopRows(scenario: string, server: Started | undefined, floor?: Started): Promise<Row[]> {
  if (!server) return [];
  const ask = async (started: Started | undefined) => {
    const figures = started ? await started.proc.request({ type: 'eventLoop' }, 10_000).catch(() => null) : null;
    return figures && !figures.error ? (figures as { maxMs: number; p99Ms: number }) : null;
  };
  const [product, bare] = [await ask(server), await ask(floor)];
  if (!product) return [];
  // The floor's own loop in the same run shows how much of a stall is the machine, not the product.
  const floorName = bare ? 'the floor server, same run' : undefined;
  return [
    row(scenario, 'event-loop delay max while serving', 'ms', product.maxMs, bare?.maxMs ?? null, '≤ 50 ms', { floorName }),
    row(scenario, 'event-loop delay p99 while serving', 'ms', product.p99Ms, bare?.p99Ms ?? null, '', { floorName }),
  ];
}
