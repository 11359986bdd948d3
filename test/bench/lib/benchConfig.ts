import { join, resolve } from 'node:path';

/** Where things are, and the fixed credentials every bench data folder and server share. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const BENCH_DIR = join(REPO_ROOT, 'test/bench');
/** Ignored by git: cached generated data, scratch copies of it, and the results. */
export const OUTPUT_DIR = join(REPO_ROOT, 'bench-output');
export const DATA_CACHE_DIR = join(OUTPUT_DIR, 'data');
export const WORK_DIR = join(OUTPUT_DIR, 'work');
export const RESULTS_FILE = join(OUTPUT_DIR, 'bench-results.json');
export const RESULTS_MARKDOWN = join(OUTPUT_DIR, 'bench-results.md');

/** The admin password of every generated folder and of every product server the bench starts. */
export const ADMIN_PASSWORD = 'bench-admin-password';
/** Password of the accounts the bench clients create for themselves (operator, screen, leader). */
export const STAFF_PASSWORD = 'bench-staff-password';

export interface DataSpec {
  years: number[];
  scale: number;
}

/** What each scenario does, in full and in quick mode. Quick mode trades size for a run under a minute. */
export interface BenchSettings {
  quick: boolean;
  roundTrip: { data: DataSpec; warmup: number; count: number };
  fanOut: { clients: number[]; warmup: number; commands: number };
  burst: { operators: number; seconds: number };
  reports: { data: DataSpec; warmup: number; repeats: number };
  memory: { data: DataSpec; clients: number };
  /** 市长上线: `phones` messages spread over `seconds` while `operators` work the console (scenarios/messages.ts). */
  messages: { phones: number; seconds: number; operators: number; tailSeconds: number; altchaMaxCounter: number };
  /** One node on PostgreSQL (scenarios/pg.ts): sequential acks vs the PG floor, growth over `growth` commands, burst vs lowdb. */
  pg: { warmup: number; count: number; growth: number; window: number; operators: number; seconds: number };
  /** Two nodes on PostgreSQL + Redis (scenarios/pgCluster.ts): `count` sequential commands per node, burst of `operators` split over both. */
  pgCluster: { warmup: number; count: number; operators: number; seconds: number };
  /** One episode of `appeals` appeals on PostgreSQL vs lowdb (scenarios/pgLarge.ts): load, sync from 0, reports. */
  pgLarge: { appeals: number; starts: number; warmup: number; repeats: number };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function settingsFor(quick: boolean): BenchSettings {
  // One year at the generator's scale 1 is the Xuzhou 2025 volume (247 episodes, 12,551 appeals).
  const oneYear: DataSpec = { years: [2025], scale: 1 };
  const tenYears: DataSpec = { years: range(2016, 2025), scale: 1 };
  return quick
    ? {
        quick,
        roundTrip: { data: { years: [2025], scale: 0.1 }, warmup: 20, count: 400 },
        fanOut: { clients: [200], warmup: 5, commands: 60 },
        burst: { operators: 20, seconds: 3 },
        reports: { data: oneYear, warmup: 3, repeats: 20 },
        memory: { data: oneYear, clients: 200 },
        // The same arrival rate as the full run (2,000 a minute), over a quarter of the time.
        messages: { phones: 500, seconds: 15, operators: 5, tailSeconds: 2, altchaMaxCounter: 12 },
        pg: { warmup: 20, count: 300, growth: 600, window: 100, operators: 20, seconds: 3 },
        pgCluster: { warmup: 20, count: 200, operators: 20, seconds: 3 },
        pgLarge: { appeals: 10_000, starts: 1, warmup: 2, repeats: 10 },
      }
    : {
        quick,
        roundTrip: { data: oneYear, warmup: 50, count: 500 },
        fanOut: { clients: [200, 1000], warmup: 10, commands: 300 },
        burst: { operators: 20, seconds: 10 },
        reports: { data: tenYears, warmup: 3, repeats: 20 },
        memory: { data: tenYears, clients: 1000 },
        messages: { phones: 2000, seconds: 60, operators: 5, tailSeconds: 2, altchaMaxCounter: 12 },
        pg: { warmup: 50, count: 2000, growth: 3000, window: 500, operators: 20, seconds: 10 },
        pgCluster: { warmup: 50, count: 1000, operators: 20, seconds: 10 },
        pgLarge: { appeals: 10_000, starts: 3, warmup: 3, repeats: 20 },
      };
}
