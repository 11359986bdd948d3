import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { BenchProcess, stopAll } from '../lib/benchProcess';
import { scratchCopy } from '../lib/files';
import { row, type Row } from '../lib/results';
import { eventLoopRows, lastYear, runClient, startServer, workDir, type ScenarioContext, type ScenarioResult } from './common';

/**
 * 4. Reports at scale. Cold start: from spawning the server process on the data folder until it
 * listens, and until the first annual report (login included) is answered over HTTP. Floor: a process
 * that only reads and JSON.parses the *.json files a store reads at start (second reference: every
 * file, logs as JSON lines), timed the same way from spawn. Warm: the reports screen's two requests,
 * annual table of the last year and a summary over the whole range, as ratios to the in-process
 * read+parse time.
 */
const SCENARIO = '4 reports';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Poll until the annual report of `year` is answered over HTTP; the runner's time when it was. */
async function firstReport(url: string, year: number): Promise<number> {
  const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  if (!login.ok) throw new Error(`admin login failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const response = await fetch(`${url}/api/reports/annual?year=${year}`, { headers: { cookie } });
  const body = (await response.json()) as { ok: boolean };
  if (!response.ok || !body.ok) throw new Error(`annual report failed: ${response.status}`);
  return performance.now();
}

async function readParse(dir: string, all: boolean) {
  const proc = new BenchProcess('read+parse floor', 'floors/readParse.ts', ['--dir', dir, ...(all ? ['--all'] : [])]);
  try {
    const { message, at } = await proc.line('parsed', 10 * 60_000);
    return { spawnToDoneSeconds: (at - proc.spawnedAt) / 1000, inProcessMs: message.ms, files: message.files, bytes: message.bytes, records: message.records };
  } finally {
    await stopAll(proc);
  }
}

export async function reports(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { data: spec, warmup, repeats } = ctx.settings.reports;
  const starts = ctx.settings.quick ? 1 : 3;
  const data = await ctx.data(spec);
  const dataDir = join(workDir('reports'), 'data');
  await scratchCopy(data.dir, dataDir);
  const year = lastYear(spec);
  ctx.log(`  ${data.episodes} episodes, ${data.appeals} appeals, ${(data.bytes / 1e6).toFixed(0)} MB; ${starts} cold start(s), then ${warmup} + ${repeats} of each report`);

  // Product and floors take turns, so a busy moment of a shared machine does not fall on one side only.
  const cold: Array<{ listeningSeconds: number; firstReportSeconds: number; createAppMs: number; modulesLoadedMs: number }> = [];
  const jsonFloor: Array<Awaited<ReturnType<typeof readParse>>> = [];
  const allFloor: Array<Awaited<ReturnType<typeof readParse>>> = [];
  let warm: Record<string, any> | undefined;
  let loop: Row[] = [];
  for (let i = 0; i < starts; i++) {
    const server = await startServer('product server', 'processes/productServer.ts', ['--data', dataDir]);
    try {
      const reportAt = await firstReport(server.url, year);
      cold.push({ listeningSeconds: server.seconds, firstReportSeconds: (reportAt - server.proc.spawnedAt) / 1000, createAppMs: server.listening.createAppMs, modulesLoadedMs: server.listening.modulesLoadedMs });
      if (i === starts - 1) {
        warm = await runClient('reports client', 'processes/reportsClient.ts', [
          '--url', server.url, '--year', String(year), '--from', `${spec.years[0]}-01-01`, '--to', `${year}-12-31`, '--warmup', String(warmup), '--repeats', String(repeats),
        ]);
        loop = await eventLoopRows(SCENARIO, server);
      }
    } finally {
      await stopAll(server.proc);
    }
    jsonFloor.push(await readParse(dataDir, false));
    allFloor.push(await readParse(dataDir, true));
  }

  const listening = median(cold.map((c) => c.listeningSeconds));
  const toReport = median(cold.map((c) => c.firstReportSeconds));
  const createApp = median(cold.map((c) => c.createAppMs));
  const floorSpawn = median(jsonFloor.map((f) => f.spawnToDoneSeconds));
  const floorAllSpawn = median(allFloor.map((f) => f.spawnToDoneSeconds));
  const floorMs = median(jsonFloor.map((f) => f.inProcessMs));
  const span = spec.years.length === 1 ? `${year}` : `${spec.years[0]}–${year}`;
  const rows: Row[] = [
    row(SCENARIO, `cold start to listening (${span} data)`, 's', listening, floorSpawn, '≤ 3 s', { floorName: 'read+parse *.json' }),
    row(SCENARIO, 'cold start to first annual report (login incl.)', 's', toReport, floorSpawn, '≤ 3 s', { floorName: 'read+parse *.json' }),
    row(SCENARIO, 'cold start to listening vs reading every file', 's', listening, floorAllSpawn, '', { floorName: 'read+parse all files' }),
    row(SCENARIO, 'data load inside the process (createApp)', 'ms', createApp, floorMs, '', { floorName: 'read+parse in-process' }),
    row(SCENARIO, `warm annual table ${year} p50`, 'ms', warm!.annual.latency.p50, floorMs, '≤ 100 ms', { floorName: 'read+parse in-process' }),
    row(SCENARIO, `warm annual table ${year} p99`, 'ms', warm!.annual.latency.p99, floorMs, '≤ 100 ms', { floorName: 'read+parse in-process' }),
    row(SCENARIO, `warm summary ${span} p50`, 'ms', warm!.range.latency.p50, floorMs, '≤ 100 ms', { floorName: 'read+parse in-process' }),
    row(SCENARIO, `warm summary ${span} p99`, 'ms', warm!.range.latency.p99, floorMs, '≤ 100 ms', { floorName: 'read+parse in-process' }),
    ...loop,
  ];
  return {
    rows,
    details: { data: { ...data.spec, episodes: data.episodes, appeals: data.appeals, bytes: data.bytes, files: data.files }, coldStarts: cold, warm, floorReadParseJson: jsonFloor, floorReadParseAll: allFloor },
  };
}
