import { formatRate2, resolutionRate } from '../../shared/domain/resolution';
import { existsSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { formatRate } from '../../shared/domain/satisfaction';
import type { AnnualReport } from '../../shared/protocol/events';
import { createApp } from '../app';
import { generatePassword } from '../auth/passwords';
import { readEnv } from '../config';
import { LowdbStore } from '../store/lowdbStore';
import { annualReportFromDisk } from './annualFromDisk';
import { FOLDER_COMMAND_OPTIONS, parseCliArgs, parseYear, runCli, UsageError } from './cliSupport';
import { SimClock, Simulation } from './demo/simulation';
import { planYear, type Targets } from './demo/yearPlan';
import { ProgressBar } from './progress';
import { displayWidth, padEnd, padStart, renderAnnualReport } from './terminalTable';

/**
 * `npm run demo:year -- --year 2025 [--data DIR] [--scale 1|0.1] [--seed TEXT] [--quiet]`
 *
 * Fills an empty data folder with a whole year of the programme at the Xuzhou 2025 volumes (or a
 * fraction of them), played through the same service commands the screens send, on a simulated
 * clock; then reads the folder back and prints the annual table.
 */
const SHORT_USAGE = '用法 usage: npm run demo:year -- --year 2025 [--data DIR] [--scale 1|0.1] [--seed TEXT] [--quiet]';
const USAGE = [
  SHORT_USAGE,
  '  --year   要生成的年份 (2000–2100)                       the year to generate (required)',
  '  --data   数据目录，须为空或不存在，默认 ./demo-data-<年份>   an empty or new folder (default ./demo-data-<year>)',
  '  --scale  规模，0 < scale ≤ 1；1 = 徐州2025年实际量（247期、12551件诉求），0.1 = 十分之一',
  '           size: 1 = the Xuzhou 2025 volumes (247 episodes, 12,551 appeals), 0.1 = a tenth',
  '  --seed   随机种子，默认由年份和规模决定；同样的参数得到同样的数字   PRNG seed (default from year and scale)',
  '  --quiet  不显示进度条                                      no progress bar on stderr',
  '  启动服务查看: DATA_DIR=<目录> npm run serve（账号密码见目录中的 DEMO-ACCOUNTS.txt）',
].join('\n');

function parseScale(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const scale = /^\d*\.?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(scale > 0 && scale <= 1)) throw new UsageError(`--scale 须是大于 0、不超过 1 的数（如 1 或 0.1），收到「${raw}」`, `--scale must be a number above 0 and at most 1 (e.g. 1 or 0.1), got "${raw}".`);
  return scale;
}

/** The folder must be new or empty: a second run into the same folder would double the year. */
async function assertEmptyFolder(dataDir: string): Promise<void> {
  const info = await stat(dataDir).catch(() => null);
  if (!info) return;
  if (!info.isDirectory()) throw new UsageError(`--data 指向的不是目录：${dataDir}`, `--data is not a folder: ${dataDir}`);
  const entries = await readdir(dataDir);
  if (entries.length > 0) {
    throw new UsageError(`目录不为空：${dataDir}（演示数据只写入新目录或空目录，请换一个目录或先删除它）`, `Folder is not empty: ${dataDir} (demo data goes into a new or empty folder only).`);
  }
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), {
    ...FOLDER_COMMAND_OPTIONS,
    scale: { type: 'string' },
    seed: { type: 'string' },
  });
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const year = parseYear(args.year);
  const scale = parseScale(args.scale);
  const dataDir = resolve(args.data ?? `./demo-data-${year}`);
  await assertEmptyFolder(dataDir);

  const started = Date.now();
  const { plan, credentials, commands, adminPassword } = await generate(year, scale, dataDir, args.seed, !args.quiet, started);
  const generated = (Date.now() - started) / 1000;

  const accounts = [`admin      ${adminPassword}   （节目管理员）`, ...credentials.map((c) => `${c.username.padEnd(10)} ${c.password}   （${c.displayName}）`)];
  await writeFile(join(dataDir, 'DEMO-ACCOUNTS.txt'), `${accounts.join('\n')}\n`, { mode: 0o600 });

  // Read back from disk, as the report tool and a restarted server would.
  const { report } = await annualReportFromDisk(dataDir, year);
  const out = [
    `演示数据已生成 demo year written: ${dataDir}`,
    `规模 scale ${scale}，种子 seed ${plan.seed}，用时 ${generated.toFixed(1)} s，命令 commands ${commands}，数据 data ${await folderSize(dataDir)}`,
    `账号密码 accounts: ${join(dataDir, 'DEMO-ACCOUNTS.txt')}；查看 view: DATA_DIR=${dataDir} npm run serve`,
    '',
    renderTargets(plan.targets, report),
    '',
    renderAnnualReport(report),
  ];
  process.stdout.write(out.join('\n'));
}

/**
 * Run the simulation on a fresh app over the folder and close it. Kept apart from main so the
 * whole in-memory year can be collected before the folder is read back.
 */
async function generate(year: number, scale: number, dataDir: string, seed: string | undefined, showProgress: boolean, started: number) {
  const plan = planYear(year, scale, seed);
  const clock = new SimClock(plan.setupAt);
  const env = readEnv(process.env);
  const adminPassword = env.adminPassword ?? generatePassword(12);
  // Logs go to stderr: stdout carries the table only.
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn', base: undefined }, pino.destination(2));
  const app = await createApp({ store: new LowdbStore(dataDir), clock, logger, config: { adminPassword, clientDir: env.clientDir, dueCheckMs: 24 * 3_600_000 } });
  const bar = showProgress ? new ProgressBar(`生成 ${year} 年节目 episodes`, plan.episodes.length) : null;
  const simulation = new Simulation(app, clock, plan, (p) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    bar?.update(p.episodesEnded, `诉求 appeals ${p.appealsReceived}, ${Math.round(p.appealsReceived / seconds)}/s, ${p.day}`);
  });
  try {
    await simulation.run();
  } finally {
    await app.close();
  }
  bar?.finish(plan.episodes.length, `${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { plan: { seed: plan.seed, targets: plan.targets }, credentials: simulation.credentials, commands: simulation.commandCount, adminPassword };
}

function renderTargets(targets: Targets, report: AnnualReport): string {
  const value = (id: string) => report.xuzhou.columns.find((c) => c.id === id)?.value;
  const units = /（(\d+)家）/.exec(String(report.suqian.columns.find((c) => c.id === 'units')?.value ?? ''))?.[1] ?? '?';
  const rows: Array<[string, string | number, string | number | undefined]> = [
    ['期数 episodes', targets.episodes, value('episodes')],
    ['上线单位 units', targets.units, units],
    ['上线人数 leaders', targets.episodes, value('leaders')],
    ['其中主要负责人 principal', targets.principalLeaders, value('principalLeaders')],
    ['收到诉求 received', targets.received, value('received')],
    ['现场回应 answered on air', targets.answeredOnAir, value('answeredOnAir')],
    ['直播后督办 supervised', targets.supervised, value('supervised')],
    ['满意率 satisfaction', formatRate(targets.satisfaction), value('satisfaction')],
    ['民生热点 hotspots', targets.hotspots, value('hotspots')],
    ['政策问答 policy Q&A', targets.policyQa, value('policyQa')],
    ['着力解决 resolved', targets.resolved, report.paragraph.figures.resolved],
    ['解决÷受理 resolved ÷ accepted', formatRate2(targets.resolved / targets.received), formatRate2(resolutionRate(report.paragraph.figures.resolved, report.paragraph.figures.received))],
    ['电话 / 互联网 phone / internet', '—', `${report.paragraph.figures.phone} / ${report.paragraph.figures.internet}`],
  ];
  const width = Math.max(...rows.map(([label]) => displayWidth(label))) + 2;
  const rateMissed = String(rows[7][1]) !== String(rows[7][2]);
  return [
    `${padEnd('目标与结果 target vs result', width)}${padStart('目标', 10)}${padStart('结果', 12)}`,
    ...rows.map(([label, target, actual]) => `${padEnd(label, width)}${padStart(String(target), 10)}${padStart(String(actual ?? ''), 12)}${String(target) === String(actual) || target === '—' ? '' : '  *'}`),
    ...(rateMissed ? ['* 评价数少时，没有哪个不满意数能让满意率恰好印成目标值，取最接近的 (too few ratings to print the target rate exactly; nearest taken)'] : []),
  ].join('\n');
}

async function folderSize(dir: string): Promise<string> {
  let bytes = 0;
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) await walk(full);
      else bytes += (await stat(full)).size;
    }
  };
  if (existsSync(dir)) await walk(dir);
  return bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`;
}

runCli(main, SHORT_USAGE);
