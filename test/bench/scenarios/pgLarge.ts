import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../lib/benchConfig';
import { stopAll } from '../lib/benchProcess';
import { emptyFolder, folderBytes } from '../lib/files';
import { BenchSchemas, privateWorkDir, requireDatabaseUrl } from '../lib/pgBench';
import { row, type Row } from '../lib/results';
import { runClient, startServer, type ScenarioContext, type ScenarioResult } from './common';

/**
 * 9. A 10,000-appeal episode on PostgreSQL vs lowdb (`pg-large`). The episode is made once through
 * the product on a lowdb folder (20 operators, appeal:create) and moved into a schema of its own with
 * the product's import (`npm run import`), so both stores hold the same data. Then, the two stores
 * taking turns: start the server (createApp's load, and spawn → listening), sync a client from 0 (a
 * snapshot: the first time after the start, then warm), and answer the reports screen's
 * reports:annual and reports:summary. Ratio PostgreSQL ÷ lowdb, target ≤ 2×. Schema dropped at the end.
 */
const SCENARIO = '9 large episode, PostgreSQL vs lowdb';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function importInto(url: string, schema: string, from: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/importLowdb.ts', '--from', from, '--quiet'], {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: url, DATABASE_SCHEMA: schema, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`import exited with ${code}:\n${output.slice(-2000)}`))));
  });
}

export async function pgLarge(ctx: ScenarioContext): Promise<ScenarioResult> {
  const url = requireDatabaseUrl();
  const { appeals, starts, warmup, repeats } = ctx.settings.pgLarge;
  const year = new Date().getFullYear();
  const schemas = new BenchSchemas(url);
  const work = await privateWorkDir('pg-large');
  const dataDir = join(work.dir, 'data');
  try {
    const schema = await schemas.create('pglarge');
    await emptyFolder(dataDir);
    const t0 = performance.now();
    const maker = await startServer('product server (lowdb, filling)', 'processes/productServer.ts', ['--data', dataDir]);
    let filled: Record<string, any>;
    try {
      filled = await runClient('fill client', 'processes/fillEpisode.ts', ['--url', maker.url, '--count', String(appeals), '--operators', '20', '--year', String(year)]);
    } finally {
      await stopAll(maker.proc);
    }
    const t1 = performance.now();
    await importInto(url, schema, dataDir);
    const sizes = await schemas.query<{ n: string }>(`SELECT pg_total_relation_size('${schema}.episodes') + pg_total_relation_size('${schema}.episode_events') + pg_total_relation_size('${schema}.episode_commands') AS n`);
    ctx.log(`  made one episode of ${appeals} appeals on lowdb in ${((t1 - t0) / 1000).toFixed(1)} s, imported into ${schema} in ${((performance.now() - t1) / 1000).toFixed(1)} s (not measured); lowdb folder ${(await folderBytes(dataDir) / 1e6).toFixed(1)} MB, PostgreSQL tables ${(Number(sizes.rows[0].n) / 1e6).toFixed(1)} MB`);

    const runs: Record<'lowdb' | 'postgres', Array<Record<string, any>>> = { lowdb: [], postgres: [] };
    for (let i = 0; i < starts; i++) {
      // The two stores take turns, first one then the other, so a busy moment does not fall on one side only.
      const order: Array<'lowdb' | 'postgres'> = i % 2 === 0 ? ['postgres', 'lowdb'] : ['lowdb', 'postgres'];
      for (const kind of order) {
        const server = await startServer(`product server (${kind})`, 'processes/productServer.ts', kind === 'lowdb' ? ['--data', dataDir] : ['--database-url', url, '--schema', schema]);
        try {
          const result = await runClient(`large-episode client (${kind})`, 'processes/largeEpisodeClient.ts', [
            '--url', server.url, '--episode', filled.episodeId, '--year', String(year), '--warmup', String(warmup), '--repeats', String(repeats),
          ]);
          if (result.appeals !== appeals) throw new Error(`${kind}: the snapshot holds ${result.appeals} appeals, expected ${appeals}`);
          runs[kind].push({ listeningSeconds: server.seconds, createAppMs: server.listening.createAppMs, ...result });
        } finally {
          await stopAll(server.proc);
        }
      }
    }
    const figure = (kind: 'lowdb' | 'postgres', pick: (r: Record<string, any>) => number) => median(runs[kind].map(pick));
    const both = (pick: (r: Record<string, any>) => number) => [figure('postgres', pick), figure('lowdb', pick)] as const;
    const lowdbName = 'lowdb, same data, same run';
    const rows: Row[] = [
      row(SCENARIO, `load at start (createApp), ${appeals} appeals`, 'ms', ...both((r) => r.createAppMs), '≤ 2×', { floorName: lowdbName }),
      row(SCENARIO, 'spawn → listening', 's', ...both((r) => r.listeningSeconds), '', { floorName: lowdbName }),
      row(SCENARIO, 'sync a client from 0 (snapshot), first after start', 'ms', ...both((r) => r.sync.firstMs), '≤ 2×', { floorName: lowdbName }),
      row(SCENARIO, 'sync from 0, warm p50', 'ms', ...both((r) => r.sync.latency.p50), '', { floorName: lowdbName }),
      row(SCENARIO, `reports:annual ${year}, first after start`, 'ms', ...both((r) => r.annual.firstMs), '', { floorName: lowdbName }),
      row(SCENARIO, `reports:annual ${year}, warm p50`, 'ms', ...both((r) => r.annual.latency.p50), '≤ 2×', { floorName: lowdbName }),
      row(SCENARIO, `reports:summary ${year}, first after start`, 'ms', ...both((r) => r.summary.firstMs), '', { floorName: lowdbName }),
      row(SCENARIO, `reports:summary ${year}, warm p50`, 'ms', ...both((r) => r.summary.latency.p50), '≤ 2×', { floorName: lowdbName }),
    ];
    return { rows, details: { appeals, starts, episodeId: filled.episodeId, fillSeconds: filled.seconds, runs } };
  } finally {
    await schemas.dropAll();
    await work.remove();
  }
}
