import { writeFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { tableToCsv } from '../../shared/domain/annualTable';
import { SATISFACTION_BASES, SATISFACTION_BASIS_NAMES } from '../../shared/domain/resolution';
import { readEnv } from '../config';
import { annualWorkbook } from '../reports/annualXlsx';
import { annualReportFromDisk, inspectDataDir } from './annualFromDisk';
import { FOLDER_COMMAND_OPTIONS, parseChoice, parseCliArgs, parseYear, runCli, UsageError } from './cliSupport';
import { ProgressBar } from './progress';
import { renderAnnualReport, type Layout } from './terminalTable';

/**
 * `npm run report -- --year 2025 [--format table|json|csv|xlsx] [--out FILE] [--data DIR] [--layout xuzhou|suqian]`
 *
 * The annual "政风热线"管理运行 table of a data folder, computed by the server's own ReportsService
 * from the files (the server need not run), with 同比 against the year before.
 */
const SHORT_USAGE = '用法 usage: npm run -s report -- --year 2025 [--format table|json|csv|xlsx] [--out FILE] [--data DIR] [--layout xuzhou|suqian] [--satisfaction callback|resolved] [--quiet]';

const USAGE = [
  SHORT_USAGE,
  '  --year    年份 (2000–2100)                         the report year (required)',
  '  --format  table 终端表格(默认) | json | csv(UTF-8 BOM) | xlsx(须配 --out)   output format',
  '  --out     写入文件而非标准输出                      write to FILE instead of stdout',
  '  --data    数据目录，默认 DATA_DIR 或 ./data         data folder (default: DATA_DIR or ./data)',
  '  --layout  xuzhou(徐州，九列，含同比) | suqian(宿迁，六列)；table 不指定时两种都印，json 不指定时输出两种，csv 默认 xuzhou；xlsx 总是两张表',
  '            which published layout; table prints both and json gives both when none is chosen, csv defaults to xuzhou, xlsx always holds both sheets',
  '  --satisfaction  满意率口径 which satisfaction rate the table and the paragraph print:',
  `            callback(默认) ${SATISFACTION_BASIS_NAMES.callback}`,
  `            resolved ${SATISFACTION_BASIS_NAMES.resolved}（徐州2025年报口径）`,
  '  --quiet   不显示读取进度                            no progress on stderr',
].join('\n');

const FORMATS = ['table', 'json', 'csv', 'xlsx'] as const;
const LAYOUTS = ['xuzhou', 'suqian'] as const;

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), {
    ...FOLDER_COMMAND_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string' },
    layout: { type: 'string' },
    satisfaction: { type: 'string' },
  });
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const year = parseYear(args.year);
  const format = parseChoice(args.format, 'format', FORMATS, 'table');
  const basis = parseChoice(args.satisfaction, 'satisfaction', SATISFACTION_BASES, 'callback');
  const layout: Layout | undefined = args.layout === undefined ? undefined : parseChoice(args.layout, 'layout', LAYOUTS, 'xuzhou');
  if (format === 'xlsx' && !args.out) throw new UsageError('xlsx 是二进制文件，须用 --out 指定输出文件，例如 --out 2025.xlsx', 'xlsx is binary: give an output file with --out, e.g. --out 2025.xlsx.');
  const out = args.out ? resolve(args.out) : null;
  if (out) {
    const folder = await stat(dirname(out)).catch(() => null);
    if (!folder?.isDirectory()) throw new UsageError(`输出文件所在的目录不存在：${dirname(out)}`, `The folder of --out does not exist: ${dirname(out)}`);
  }
  const dataDir = args.data ? resolve(args.data) : readEnv(process.env).dataDir;

  const { episodeFiles } = await inspectDataDir(dataDir);
  const progress = args.quiet ? null : new ProgressBar(`读取节目文件 loading ${episodeFiles} episode files`, episodeFiles);
  let read = 0;
  progress?.update(0, '', true);
  const { report } = await annualReportFromDisk(dataDir, year, () => progress?.update(++read), basis);
  progress?.finish(read, `${progress.elapsed.toFixed(1)} s`);

  let output: string | Buffer;
  switch (format) {
    case 'json':
      output = `${JSON.stringify(layout ? report[layout] : report, null, 2)}\n`;
      break;
    case 'csv':
      output = tableToCsv(report[layout ?? 'xuzhou']);
      break;
    case 'xlsx':
      // The same workbook the server's export route sends: both layouts, Xuzhou first.
      output = await annualWorkbook([report.xuzhou, report.suqian]);
      break;
    default:
      output = renderAnnualReport(report, layout);
  }
  if (out) {
    await writeFile(out, output);
    if (!args.quiet) process.stderr.write(`已写入 written: ${out}\n`);
  } else {
    process.stdout.write(output);
  }
}

runCli(main, SHORT_USAGE);
