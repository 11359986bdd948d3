import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readEnv } from '../config';
import { LowdbStore } from '../store/lowdbStore';
import { databaseLabel } from '../store/postgres/databaseLabel';
import { PostgresStore } from '../store/postgres/postgresStore';
import { catalogueEntries, copyStore, countStore, type StoreCounts } from '../store/postgres/storeCopy';
import type { Store } from '../store/store';
import { parseCliArgs, runCli, UsageError } from './cliSupport';
import { ProgressBar } from './progress';
import { displayWidth, padEnd, padStart } from './terminalTable';

/**
 * `npm run import -- --from ./data [--quiet]`
 *
 * Moves a lowdb data folder into the PostgreSQL database at DATABASE_URL (schema DATABASE_SCHEMA,
 * default public), through the Store interface on both sides. The target must be empty: an import
 * never merges into data a server has already written. Nothing is written unless every episode of
 * the source replays cleanly, and the end compares source and target counts.
 */
const SHORT_USAGE = '用法 usage: DATABASE_URL=postgres://… npm run import -- --from ./data [--quiet]';
const USAGE = [
  SHORT_USAGE,
  '  --from   要导入的 lowdb 数据目录（含 catalogue.json 与 episodes/）   the lowdb data folder to import (required)',
  '  --quiet  不显示进度条                                              no progress bar on stderr',
  '  目标库须为空：没有节目，目录也未写过（先导入，再启动服务）；要重来请换一个空库或 DATABASE_SCHEMA。',
  '  The target must be empty (no episodes, no catalogue yet: import before the first start); to redo it use an empty database or another DATABASE_SCHEMA.',
].join('\n');

const ROWS: Array<[keyof StoreCounts, string]> = [
  ['episodes', '节目 episodes'],
  ['events', '事件 events'],
  ['appeals', '诉求 appeals'],
  ['commandRecords', '命令记录 command records'],
  ['catalogueEntries', '目录条目 catalogue entries'],
];

async function assertDataFolder(dataDir: string): Promise<void> {
  const info = await stat(dataDir).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`数据目录不存在：${dataDir}`, `Data folder not found: ${dataDir}`);
  const catalogue = await stat(join(dataDir, 'catalogue.json')).catch(() => null);
  if (!catalogue?.isFile()) throw new UsageError(`${dataDir} 不是政风热线数据目录（缺少 catalogue.json）`, `${dataDir} is not a hotline data folder (no catalogue.json inside).`);
}

/** Refuse a target a server or an earlier import has written to. */
async function assertEmptyTarget(target: Store, label: string): Promise<void> {
  const catalogue = await target.loadCatalogue();
  const episodes = (await target.loadEpisodeStates()).length;
  if (episodes > 0 || catalogueEntries(catalogue) > 0) {
    throw new UsageError(
      `目标库 ${label} 不是空的（${episodes} 期节目，目录 ${catalogueEntries(catalogue)} 条）：导入只写入空库，不与已有数据合并。请换一个空库或 DATABASE_SCHEMA。`,
      `The target ${label} is not empty (${episodes} episodes, ${catalogueEntries(catalogue)} catalogue entries): an import only goes into an empty database. Use an empty database or another DATABASE_SCHEMA.`,
    );
  }
}

export function renderCounts(source: StoreCounts, target: StoreCounts): { table: string; matches: boolean } {
  const width = Math.max(...ROWS.map(([, label]) => displayWidth(label))) + 2;
  let matches = true;
  const lines = [`${padEnd('核对 check', width)}${padStart('源 lowdb', 14)}${padStart('目标 PostgreSQL', 18)}`];
  for (const [key, label] of ROWS) {
    const same = source[key] === target[key];
    matches &&= same;
    lines.push(`${padEnd(label, width)}${padStart(String(source[key]), 14)}${padStart(String(target[key]), 18)}${same ? '' : '  * 不一致 differs'}`);
  }
  return { table: lines.join('\n'), matches };
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), { from: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!args.from) throw new UsageError('缺少 --from（例如 --from ./data）', 'Missing --from (e.g. --from ./data).');
  const env = readEnv(process.env);
  if (!env.databaseUrl) throw new UsageError('未设置 DATABASE_URL（导入的目标库），例如 DATABASE_URL=postgres://user@127.0.0.1:5432/hotline', 'DATABASE_URL (the target database) is not set, e.g. DATABASE_URL=postgres://user@127.0.0.1:5432/hotline');
  const dataDir = resolve(args.from);
  await assertDataFolder(dataDir);
  const label = `${databaseLabel(env.databaseUrl)}（schema ${env.databaseSchema}）`;
  const bar = (title: string, total: number) => (args.quiet ? null : new ProgressBar(title, total));

  const source = new LowdbStore(dataDir);
  const target = await PostgresStore.open({ connectionString: env.databaseUrl, schema: env.databaseSchema });
  try {
    await assertEmptyTarget(target, label);
    const catalogue = await source.loadCatalogue();
    const states = await source.loadEpisodeStates();

    const checking = bar('检查源数据 checking', states.length);
    const sourceCounts = await countStore(source, catalogue, states, (done) => checking?.update(done));
    checking?.finish(states.length);

    const started = Date.now();
    const importing = bar('导入 importing', states.length);
    await copyStore(source, target, catalogue, states, (done) => importing?.update(done, `${Math.round(done / Math.max(0.001, (Date.now() - started) / 1000))}/s`));
    importing?.finish(states.length, `${((Date.now() - started) / 1000).toFixed(1)} s`);

    const verifying = bar('核对目标 verifying', states.length);
    const targetStates = await target.loadEpisodeStates();
    const targetCounts = await countStore(target, await target.loadCatalogue(), targetStates, (done) => verifying?.update(done));
    verifying?.finish(targetStates.length);

    const { table, matches } = renderCounts(sourceCounts, targetCounts);
    process.stdout.write(`已从 ${dataDir} 导入到 ${label}\nimported ${dataDir} into ${label}\n\n${table}\n`);
    if (!matches) throw new Error('导入后的数量与源数据不一致（见上表）/ the counts after the import differ from the source (see the table)');
  } finally {
    await Promise.all([source.close(), target.close()]);
  }
}

runCli(main, SHORT_USAGE);
