import { mkdtemp, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { readEnv } from '../config';
import { copyLiveStore } from '../store/backup/fromStore';
import { writeBackup, type BackupResult } from '../store/backup/writeBackup';
import { LowdbStore } from '../store/lowdbStore';
import { databaseLabel } from '../store/postgres/databaseLabel';
import { PostgresStore } from '../store/postgres/postgresStore';
import { inspectDataDir } from './annualFromDisk';
import { parseCliArgs, runCli, UsageError } from './cliSupport';
import { ProgressBar } from './progress';

/**
 * `npm run backup -- --out FILE [--data DIR] [--quiet]`
 *
 * One archive (gzip'd tar: data/…, manifest.json, manifest.sha256) holding a consistent copy of a
 * lowdb data folder, taken while the server keeps running (see server/store/backup/writeBackup.ts
 * for why the copy is consistent); everything acknowledged before the command started is in it.
 * With DATABASE_URL set (and no --data), the PostgreSQL database is copied through the store
 * interface (fromStore.ts: storeCopy's way, as `npm run import` goes the other way, made safe
 * while nodes keep writing) into a temporary lowdb folder
 * beside FILE, which is archived the same way and removed: one archive format for both stores.
 * Exit code 0: written; 1: failed (nothing left at FILE); 2: bad arguments.
 */
const SHORT_USAGE = '用法 usage: npm run backup -- --out FILE [--data DIR] [--quiet]';
const USAGE = [
  SHORT_USAGE,
  '  --out    备份文件（.tar.gz），须尚不存在                        the archive to write (must not exist yet)',
  '  --data   数据目录，默认 DATA_DIR 或 ./data；服务器可以照常运行    data folder (default DATA_DIR or ./data); the server may keep running',
  '  --quiet  不显示进度条                                          no progress bar on stderr',
  '  设置了 DATABASE_URL 且未给 --data 时，备份 PostgreSQL 库（DATABASE_SCHEMA）。',
  '  With DATABASE_URL set and no --data, backs up the PostgreSQL database (schema DATABASE_SCHEMA).',
  '  恢复 restore: npm run restore -- --from FILE --data NEW_DIR',
].join('\n');

const PG_SESSIONS_NOTE = 'PostgreSQL 的登录会话（sessions 表）不在备份里：恢复后各账号重新登录即可 / login sessions are not backed up: everyone logs in again';

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function checkOut(out: string, dataDir: string | null): Promise<void> {
  if (await stat(out).then(() => true, () => false)) throw new UsageError(`备份文件已存在：${out}（不覆盖，请换一个文件名）`, `${out} already exists (never overwritten: choose another name).`);
  const parent = await stat(dirname(out)).catch(() => null);
  if (!parent?.isDirectory()) throw new UsageError(`备份文件所在目录不存在：${dirname(out)}`, `The folder for ${out} does not exist.`);
  if (dataDir && !relative(dataDir, out).startsWith('..') && !relative(dataDir, out).startsWith(sep)) {
    throw new UsageError(`备份文件不能放在数据目录里面（${dataDir}）：请放到别处，最好是另一块磁盘`, `The archive must not be inside the data folder ${dataDir}: put it elsewhere, ideally another disk.`);
  }
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), { out: { type: 'string' }, data: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!args.out) throw new UsageError('缺少 --out（例如 --out ./backup-2025-11-25.tar.gz）', 'Missing --out (e.g. --out ./backup-2025-11-25.tar.gz).');
  const out = resolve(args.out);
  const env = readEnv(process.env);
  const started = Date.now();
  const bar = (total: number) => (args.quiet ? null : new ProgressBar('备份 backing up', total));
  let result: BackupResult;
  let from: string;

  if (!args.data && env.databaseUrl) {
    await checkOut(out, null);
    const label = `${databaseLabel(env.databaseUrl)}（schema ${env.databaseSchema}）`;
    from = `PostgreSQL ${label}`;
    // The temporary lowdb copy lies beside the archive (same disk, removed at the end).
    const temp = await mkdtemp(join(dirname(out), `.${basename(out)}.pg-copy-`));
    try {
      const source = await PostgresStore.open({ connectionString: env.databaseUrl, schema: env.databaseSchema });
      const copy = new LowdbStore(temp);
      let startedAt: Date;
      try {
        const copying = args.quiet ? null : new ProgressBar('读取数据库 reading the database', 0);
        const copied = await copyLiveStore(source, copy, (done, total) => (copying?.setTotal(total), copying?.update(done)));
        startedAt = copied.startedAt;
        copying?.finish(copied.episodes);
      } finally {
        await Promise.all([source.close(), copy.close()]);
      }
      const progress = bar(0);
      result = await writeBackup({ dataDir: temp, out, source: { kind: 'postgres', database: databaseLabel(env.databaseUrl), schema: env.databaseSchema }, notes: [PG_SESSIONS_NOTE], createdAt: startedAt, onEpisode: (done, total) => (progress?.setTotal(total), progress?.update(done)) });
      progress?.finish(result.manifest.episodes.length);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  } else {
    const dataDir = args.data ? resolve(args.data) : env.dataDir;
    await inspectDataDir(dataDir);
    await checkOut(out, dataDir);
    from = dataDir;
    const progress = bar(0);
    result = await writeBackup({ dataDir, out, onEpisode: (done, total) => (progress?.setTotal(total), progress?.update(done)) });
    progress?.finish(result.manifest.episodes.length);
  }

  const { manifest, archiveBytes } = result;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const lines = [
    `已备份 backed up: ${from}`,
    `  → ${out}`,
    `开始时间 started at ${manifest.createdAt}（此前确认的一切都在备份里 / everything acknowledged before this is in it）`,
    `节目 episodes ${manifest.totals.episodes}，诉求 appeals ${manifest.totals.appeals}，文件 files ${manifest.totals.files}（${mb(manifest.totals.bytes)}），归档 archive ${mb(archiveBytes)}，用时 took ${seconds} s`,
    `每个文件的 SHA-256 都记在归档的 manifest.json 里 / every file's sha256 is in manifest.json`,
  ];
  if (manifest.notes.length) lines.push('', '说明 notes:', ...manifest.notes.map((note) => `  - ${note}`));
  lines.push('', `恢复 restore: npm run restore -- --from ${out} --data NEW_DIR`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

runCli(main, SHORT_USAGE);
