import { mkdir, rm, writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ensureDataSet, labelOf, type DataSet } from './data/dataCache';
import { OUTPUT_DIR, RESULTS_FILE, RESULTS_MARKDOWN, WORK_DIR, settingsFor, type DataSpec } from './lib/benchConfig';
import { killAll } from './lib/benchProcess';
import { describeMachine, machine, renderMarkdown, renderTable, row, type Row } from './lib/results';
import { burst } from './scenarios/burst';
import type { ScenarioContext, ScenarioResult } from './scenarios/common';
import { fanOut } from './scenarios/fanOut';
import { memory } from './scenarios/memory';
import { messages } from './scenarios/messages';
import { MissingServiceError } from './lib/pgBench';
import { pgNode } from './scenarios/pg';
import { pgCluster } from './scenarios/pgCluster';
import { pgLarge } from './scenarios/pgLarge';
import { reports } from './scenarios/reports';
import { roundTrip } from './scenarios/roundTrip';

/**
 * `npm run bench [-- --quick] [-- --only roundTrip,fanOut,burst,reports,memory,messages,pg,pg-cluster,pg-large]`
 *
 * Measures the product against the best this machine does the same job, in the same run: every
 * scenario starts the real server in its own process and its clients in another, then a floor or
 * baseline process the same way. Prints one table and writes bench-output/bench-results.json (and a
 * Markdown copy of the table for the README). No thresholds: targets are printed, never asserted.
 */
const SCENARIOS: Record<string, (ctx: ScenarioContext) => Promise<ScenarioResult>> = {
  roundTrip,
  fanOut,
  burst,
  reports,
  memory,
  messages,
  // PostgreSQL (DATABASE_URL) and, for the two nodes, Redis (REDIS_URL): skipped without them.
  pg: pgNode,
  'pg-cluster': pgCluster,
  'pg-large': pgLarge,
};

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const at = argv.indexOf('--only');
  const only = at >= 0 ? (argv[at + 1] ?? '').split(',').filter(Boolean) : Object.keys(SCENARIOS);
  const unknown = only.filter((name) => !SCENARIOS[name]);
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`);
  return { quick, only };
}

async function main(): Promise<number> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const settings = settingsFor(quick);
  const started = performance.now();
  const host = machine();
  // Each line carries the run's elapsed seconds: where the time goes is part of the report.
  const log = (line: string) => process.stdout.write(line.startsWith('  ') ? `${line}  [${((performance.now() - started) / 1000).toFixed(1)} s]\n` : `${line}\n`);
  log(`政风热线直播台 bench${quick ? ' (quick)' : ''}: ${only.join(', ')}`);
  log(`machine: ${describeMachine(host)}`);
  await mkdir(OUTPUT_DIR, { recursive: true });

  const dataSets = new Map<string, DataSet>();
  const generation: Array<{ data: string; episodes: number; appeals: number; bytes: number; seconds: number | null; cachedGenerationSeconds: number }> = [];
  const data = async (spec: DataSpec) => {
    const label = labelOf(spec);
    let set = dataSets.get(label);
    if (!set) {
      const t0 = performance.now();
      log(`  data ${label}: looking in the cache…`);
      set = await ensureDataSet(spec, log);
      dataSets.set(label, set);
      generation.push({ data: label, episodes: set.episodes, appeals: set.appeals, bytes: set.bytes, seconds: set.generatedSeconds, cachedGenerationSeconds: set.cachedGenerationSeconds });
      log(set.generatedSeconds === null ? `  data ${label}: cached (${set.episodes} episodes, ${set.appeals} appeals; generated once in ${set.cachedGenerationSeconds.toFixed(1)} s)` : `  data ${label}: generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (not a measured figure)`);
    }
    return set;
  };

  const rows: Row[] = [];
  const scenarios: Record<string, unknown> = {};
  let failures = 0;
  for (const name of only) {
    const t0 = performance.now();
    log(`\n▶ ${name}`);
    try {
      const result = await SCENARIOS[name]({ settings, log, data });
      rows.push(...result.rows);
      scenarios[name] = { ...result.details, scenarioSeconds: (performance.now() - t0) / 1000 };
      log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      if (error instanceof MissingServiceError) {
        log(`  skipped: ${error.message}`);
        rows.push(row(name, 'skipped', '', null, null, '', { note: error.message }));
        scenarios[name] = { skipped: error.message };
        continue;
      }
      failures += 1;
      const message = error instanceof Error ? error.message : String(error);
      log(`  FAILED: ${message}`);
      rows.push(row(name, 'scenario failed (see bench-results.json)', '', null, null, '', { note: message.split('\n')[0] }));
      scenarios[name] = { error: message, scenarioSeconds: (performance.now() - t0) / 1000 };
    } finally {
      killAll();
      await rm(WORK_DIR, { recursive: true, force: true });
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const generated = generation.filter((g) => g.seconds !== null).reduce((s, g) => s + g.seconds!, 0);
  log(`\n${renderTable(rows)}\n`);
  log(`ratio = product ÷ floor (for 3: product ÷ baseline; for 6: with the phones ÷ the same run without them; for 7's burst and 9: PostgreSQL ÷ lowdb; for 8: both nodes ÷ node A alone). ${quick ? 'Quick mode: smaller data and fewer clients than the issue asks for. ' : ''}`);
  log(`run: ${seconds.toFixed(1)} s in all, of which data generation ${generated.toFixed(1)} s (not measured).`);
  const results = { quick, only, machine: host, seconds, generationSeconds: generated, settings, generation, rows, scenarios };
  await writeFile(RESULTS_FILE, JSON.stringify(results, null, 2));
  await writeFile(RESULTS_MARKDOWN, `${renderMarkdown(rows, describeMachine(host), quick)}\n`);
  log(`results: ${RESULTS_FILE}\ntable for the README: ${RESULTS_MARKDOWN}`);
  return failures ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
process.on('exit', killAll);

main().then(
  (code) => process.exit(code),
  (error) => {
    killAll();
    console.error(error);
    process.exit(1);
  },
);
