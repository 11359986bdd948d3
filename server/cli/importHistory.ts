import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import pino from 'pino';
import { formatProblem, validateHistorySheet, type SheetCheck } from '../../shared/domain/historyImport';
import { createApp } from '../app';
import { generatePassword } from '../auth/passwords';
import { readEnv } from '../config';
import { LowdbStore } from '../store/lowdbStore';
import { annualReportFromDisk } from './annualFromDisk';
import { FOLDER_COMMAND_OPTIONS, parseCliArgs, parseYear, runCli, UsageError } from './cliSupport';
import { SimClock } from './demo/simulation';
import { sheetsFromFolder, writeSheets } from './history/exportSheet';
import { readFolder } from './history/folder';
import { readHistoryFile } from './history/readSheet';
import { HistoryReplay } from './history/replay';
import { ProgressBar } from './progress';
import { renderAnnualReport } from './terminalTable';

/**
 * `npm run import:history -- --from FILE.xlsx|csv [--data DIR] [--dry-run]`
 * `npm run import:history -- --export FILE.xlsx|csv --data DIR [--year 2025]`
 *
 * Past years from a centre's spreadsheet (format: shared/domain/historyImport.ts, docs/integration.md):
 * every row is checked first; a dry run lists every problem by row number and writes nothing. The
 * import refuses to start while any row is wrong, then replays the episodes in date order through the
 * domain commands at each row's own times, so 同比 and 按期办结 are right from the first day.
 */
const SHORT_USAGE = '用法 usage: npm run import:history -- --from FILE.xlsx|FILE.csv [--publications FILE.csv] [--data DIR] [--dry-run] [--quiet]';
const USAGE = [
  SHORT_USAGE,
  '       npm run import:history -- --export FILE.xlsx|FILE.csv --data DIR [--year 2025]',
  '  --from          历史数据表：.xlsx（工作表「诉求」，可选「发布」）或 .csv（UTF-8，可带 BOM）   the history sheet',
  '  --publications  CSV 时的发布表（民生热点、政策问答）                 the publications sheet, for a CSV import',
  '  --data          导入到的数据目录：新目录、空目录或已有的数据目录（须先停止服务），默认 DATA_DIR 或 ./data',
  '                  a new, empty or existing data folder (stop the server first); default DATA_DIR or ./data',
  '  --dry-run       只检查，逐行列出问题，不写入任何文件；有问题时退出码 1     check only, list every problem, write nothing',
  '  --export        把数据目录导出为同样格式的表（--year 只导出一年）         write a data folder out in the same format',
  '  --quiet         不显示进度条                                            no progress bar on stderr',
].join('\n');

/** Problems of the sheet and of the sheet against the folder it goes into. */
async function check(from: string, publicationsFile: string | undefined, dataDir: string): Promise<{ sheet: SheetCheck; lines: string[]; unknownColumns: string[]; existing: boolean }> {
  await stat(from).catch(() => {
    throw new UsageError(`找不到文件：${from}`, `File not found: ${from}`);
  });
  if (publicationsFile) await stat(publicationsFile).catch(() => {
    throw new UsageError(`找不到文件：${publicationsFile}`, `File not found: ${publicationsFile}`);
  });
  const existing = await folderState(dataDir);
  const known = existing ? await readFolder(dataDir) : null;
  const sheets = await readHistoryFile(from, publicationsFile);
  if (sheets.appeals.length === 0) throw new UsageError(`${from} 中没有诉求表（表头须有「诉求内容」列），或诉求表是空的`, `${from} has no appeals sheet (a header with 诉求内容), or it is empty.`);
  const knownUnits = new Set(Object.values(known?.catalogue.units ?? {}).map((u) => u.name));
  const sheet = validateHistorySheet(sheets.appeals, sheets.publications, knownUnits);
  const taken = new Set((known?.states ?? []).map((s) => `${s.episode.year}#${s.episode.number}`));
  const firstRow = new Map<string, number>();
  for (const row of sheet.rows) if (!firstRow.has(row.episode.key)) firstRow.set(row.episode.key, row.row);
  for (const episode of sheet.episodes) {
    if (taken.has(episode.key)) sheet.problems.push({ row: firstRow.get(episode.key)!, column: '期号', message: `数据目录中已有 ${episode.year}年第${episode.number}期（不能重复导入；换一个空目录，或从表中去掉这一期）`, sheet: 'appeals' });
  }
  sheet.problems.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === 'appeals' ? -1 : 1));
  const lines = sheet.problems.map((p) => formatProblem(p, p.sheet === 'appeals' ? '诉求表' : '发布表'));
  return { sheet, lines, unknownColumns: sheets.unknownColumns, existing };
}

/** False for a new or empty folder; true for a data folder; a usage error for anything else. */
async function folderState(dataDir: string): Promise<boolean> {
  const info = await stat(dataDir).catch(() => null);
  if (!info) return false;
  if (!info.isDirectory()) throw new UsageError(`--data 指向的不是目录：${dataDir}`, `--data is not a folder: ${dataDir}`);
  const entries = await readdir(dataDir);
  if (entries.length === 0) return false;
  if (!entries.includes('episodes')) throw new UsageError(`目录不为空，也不是政风热线数据目录：${dataDir}`, `Folder is neither empty nor a hotline data folder: ${dataDir}`);
  return true;
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), {
    ...FOLDER_COMMAND_OPTIONS,
    from: { type: 'string' },
    publications: { type: 'string' },
    export: { type: 'string' },
    'dry-run': { type: 'boolean' },
  });
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const env = readEnv(process.env);
  const dataDir = resolve(args.data ?? env.dataDir);
  if (args.export) {
    const year = args.year === undefined ? undefined : parseYear(args.year);
    if (!(await folderState(dataDir))) throw new UsageError(`数据目录不存在或为空：${dataDir}`, `No data folder at ${dataDir}`);
    const started = Date.now();
    const { catalogue, states } = await readFolder(dataDir);
    const sheets = sheetsFromFolder(catalogue, states, year);
    const files = await writeSheets(resolve(args.export), sheets);
    process.stdout.write(`已导出 exported: ${files.join('、')}：${sheets.episodes} 期，诉求 ${sheets.appeals.length - 1} 行，发布 ${sheets.publications.length - 1} 行，用时 ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return;
  }
  if (!args.from) throw new UsageError('缺少 --from（历史数据表 .xlsx 或 .csv）', 'Missing --from (the history sheet, .xlsx or .csv).');
  const started = Date.now();
  const { sheet, lines, unknownColumns, existing } = await check(resolve(args.from), args.publications && resolve(args.publications), dataDir);
  const checkedIn = (Date.now() - started) / 1000;
  const summary = `${sheet.rows.length} 行无误；${sheet.episodes.length} 期；发布 ${sheet.publications.length} 条`;
  if (unknownColumns.length) process.stderr.write(`提示：以下列不属于导入格式，已忽略 ignored columns: ${unknownColumns.join('、')}\n`);
  if (lines.length) {
    const report = [`检查发现 ${lines.length} 处问题 ${lines.length} problem(s) found (${summary})：`, ...lines, ''].join('\n');
    if (args['dry-run']) process.stdout.write(report);
    else process.stderr.write(report);
    throw new Error(args['dry-run'] ? `有 ${lines.length} 处问题，未写入任何数据 (nothing written)` : `有 ${lines.length} 处问题，未开始导入，未写入任何数据；请改正后重试，或先用 --dry-run 检查 (import not started, nothing written)`);
  }
  if (args['dry-run']) {
    process.stdout.write(`检查通过 all rows valid：${sheet.rows.length} 行诉求，${sheet.episodes.length} 期，发布 ${sheet.publications.length} 条，用时 ${checkedIn.toFixed(1)} s；未写入任何数据 (dry run, nothing written)\n`);
    return;
  }

  const clock = new SimClock(Date.now());
  const adminPassword = env.adminPassword ?? generatePassword(12);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn', base: undefined }, pino.destination(2));
  const app = await createApp({ store: new LowdbStore(dataDir), clock, logger, config: { adminPassword, clientDir: env.clientDir, dueCheckMs: 24 * 3_600_000 } });
  const bar = args.quiet ? null : new ProgressBar('导入历史节目 episodes', sheet.episodes.length);
  const replay = new HistoryReplay(app, clock, sheet, (p) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    bar?.update(p.episodesEnded, `诉求 appeals ${p.appeals}, ${Math.round(p.appeals / seconds)}/s, ${p.day}`);
  });
  try {
    await replay.run();
  } finally {
    await app.close();
  }
  const took = (Date.now() - started) / 1000;
  bar?.finish(sheet.episodes.length, `${took.toFixed(1)} s`);

  const years = [...new Set(sheet.episodes.map((e) => e.year))].sort();
  const out = [
    `已导入 imported into ${dataDir}: ${sheet.rows.length} 行诉求，${sheet.episodes.length} 期，发布 ${sheet.publications.length} 条，新建单位 ${replay.unitsCreated} 个、领导 ${replay.peopleCreated} 位，命令 commands ${replay.commandCount}`,
    `用时 import time ${took.toFixed(1)} s（检查 check ${checkedIn.toFixed(1)} s）`,
    ...(existing || env.adminPassword ? [] : [`新数据目录的管理员 admin password: admin / ${adminPassword}`]),
  ];
  for (const year of years) {
    const { report } = await annualReportFromDisk(dataDir, year);
    out.push('', renderAnnualReport(report));
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

runCli(main, SHORT_USAGE);
