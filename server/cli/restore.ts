import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { EpisodeState } from '../../shared/domain/episodeState';
import { DamagedArchiveError, extractArchive, targetProblem, verifyArchive } from '../store/backup/readBackup';
import { nodeFileSystem, type FileSystem } from '../store/durableJsonFile';
import { checkDataFolder } from '../store/folderCheck';
import { LowdbStore } from '../store/lowdbStore';
import { doctorCommand } from '../store/quarantine';
import { parseCliArgs, runCli, UsageError } from './cliSupport';

/**
 * `npm run restore -- --from FILE --data DIR`
 *
 * Verifies the whole archive first (gzip CRC, tar headers, safe paths, manifest checksum, every
 * file's size and sha256) and writes nothing when any of it is wrong. DIR must not exist or be
 * empty: a restore never overwrites or merges. The files go to a temporary folder beside DIR, are
 * fsynced, and the folder is renamed to DIR at the end. Then DIR gets the doctor's full check and is
 * loaded the way the server loads it (read-only), and its episodes and seqs are compared with the
 * manifest. For PostgreSQL: restore into a folder, then `npm run import -- --from DIR`.
 * Exit code 0: restored and sound; 1: archive refused (nothing written) or the restored folder has
 * problems (named, with the doctor command); 2: bad arguments or a non-empty target.
 */
const SHORT_USAGE = '用法 usage: npm run restore -- --from FILE --data DIR';
const USAGE = [
  SHORT_USAGE,
  '  --from   备份文件（npm run backup 生成的 .tar.gz）               the archive made by npm run backup',
  '  --data   恢复到的数据目录：须不存在或为空                         the folder to restore into: must not exist, or be empty',
  '  先完整校验归档（每个文件的 SHA-256），有任何损坏就拒绝，不写入任何文件。',
  '  The whole archive is verified first; a damaged one is refused and nothing is written.',
  '  恢复到 PostgreSQL：先恢复到一个目录，再 DATABASE_URL=… npm run import -- --from DIR',
].join('\n');

/** The restored folder read exactly as the server reads it, writing nothing. */
function readOnlyFs(): FileSystem {
  const refuse = async () => {
    throw new Error('read-only');
  };
  return { ...nodeFileSystem, writeFileSynced: refuse, appendSynced: refuse, truncate: refuse, rename: refuse, syncDirectory: refuse, unlink: refuse, mkdir: async () => undefined };
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), { from: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!args.from) throw new UsageError('缺少 --from（备份文件）', 'Missing --from (the archive).');
  if (!args.data) throw new UsageError('缺少 --data（恢复到的新目录，须不存在或为空）', 'Missing --data (a new or empty folder to restore into).');
  const archive = resolve(args.from);
  const target = resolve(args.data);
  const info = await stat(archive).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`备份文件不存在：${archive}`, `Archive not found: ${archive}`);
  const parent = await stat(resolve(target, '..')).catch(() => null);
  if (!parent?.isDirectory()) throw new UsageError(`目标的上级目录不存在：${resolve(target, '..')}`, `The parent of ${target} does not exist.`);
  const refused = await targetProblem(target);
  if (refused) throw new UsageError(`${refused.zh}未写入任何文件。`, `${refused.en} Nothing was written.`);

  const started = Date.now();
  let manifest;
  try {
    manifest = await verifyArchive(archive);
  } catch (error) {
    if (error instanceof DamagedArchiveError) {
      throw new Error(`备份文件 ${archive} 校验未通过，拒绝恢复，未写入任何文件。\n  原因：${error.zh}\nThe archive failed verification and was refused; nothing was written: ${error.en}`);
    }
    throw error;
  }
  const verified = ((Date.now() - started) / 1000).toFixed(1);
  // Checked again: the folder could have been filled while the archive was verified.
  const refusedNow = await targetProblem(target);
  if (refusedNow) throw new UsageError(`${refusedNow.zh}未写入任何文件。`, `${refusedNow.en} Nothing was written.`);
  try {
    await extractArchive(archive, manifest, target);
  } catch (error) {
    if (error instanceof DamagedArchiveError) throw new Error(`恢复中止，目标目录未写入：${error.zh}\nRestore stopped; the target was not written: ${error.en}`);
    throw error;
  }

  // The restored folder: the doctor's every-byte check, then loaded as the server loads it.
  const check = await checkDataFolder(target, { repair: false });
  const store = new LowdbStore(target, readOnlyFs());
  let states: EpisodeState[] = [];
  try {
    await store.loadCatalogue();
    states = await store.loadEpisodeStates();
  } finally {
    await store.close();
  }
  const bySeq = new Map(states.map((s) => [s.episode.id, s.seq]));
  const differ = manifest.episodes.filter((e) => bySeq.get(e.id) !== e.seq);
  const appeals = states.reduce((sum, s) => sum + Object.keys(s.appeals).length, 0);
  const source = manifest.source.kind === 'lowdb' ? manifest.source.folder : `PostgreSQL ${manifest.source.database}（schema ${manifest.source.schema}）`;
  const lines = [
    `已恢复 restored: ${archive}`,
    `  → ${target}`,
    `备份来源 source ${source}，备份开始于 taken at ${manifest.createdAt}（版本 version ${manifest.productVersion}）`,
    `校验 verified ${manifest.totals.files} 个文件的 SHA-256（${verified} s），用时共 took ${((Date.now() - started) / 1000).toFixed(1)} s`,
    `载入检查 loads: 节目 episodes ${states.length}/${manifest.totals.episodes}，诉求 appeals ${appeals}/${manifest.totals.appeals}`,
  ];
  const problems = check.reports.length + differ.length;
  if (!problems) lines.push('数据目录检查：一切完好。Folder check: all files are sound.');
  else {
    lines.push('', `恢复出的目录有 ${problems} 处问题 (${problems} problems):`);
    for (const r of check.reports) lines.push(`  - ${r.file}（字节 ${r.offset}）：${r.problem}`);
    for (const e of differ) lines.push(`  - 节目 ${e.id}：清单记 seq ${e.seq}，载入得到 ${bySeq.get(e.id) ?? '（未载入）'}`);
    lines.push(`请运行 ${doctorCommand(target, false)} 查看详情 / run the doctor for details.`);
  }
  if (manifest.notes.length) lines.push('', '备份时的说明 notes from the backup:', ...manifest.notes.map((n) => `  - ${n}`));
  lines.push('', manifest.source.kind === 'postgres' || process.env.DATABASE_URL ? `导入 PostgreSQL（空库）import into an empty database: DATABASE_URL=… npm run import -- --from ${target}` : `启动 start: DATA_DIR=${target} npm run serve`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (problems) throw new Error(`恢复出的目录有 ${problems} 处问题（见上）/ the restored folder has ${problems} problem(s), see above`);
}

runCli(main, SHORT_USAGE);
