import { resolve } from 'node:path';
import { readEnv } from '../config';
import { checkDataFolder } from '../store/folderCheck';
import { doctorCommand } from '../store/quarantine';
import { inspectDataDir } from './annualFromDisk';
import { parseCliArgs, runCli } from './cliSupport';

/**
 * `npm run doctor -- --data DIR [--repair]`
 *
 * Checks a lowdb data folder offline (the server must not be running): the catalogue, every byte of
 * every episode's log and checkpoint, stray files. Says in Chinese what is wrong and what it would
 * do; `--repair` does it, through the very code start-up heals with (server/store/episodeHealing.ts),
 * plus restoring a damaged catalogue from its last good copy, which start-up never does on its own.
 * Nothing is deleted: whatever is set aside is moved under DIR/quarantine/.
 * Exit code 0: nothing wrong (or everything repaired); 1: something is wrong; 2: bad arguments.
 */
const SHORT_USAGE = '用法 usage: npm run doctor -- [--data DIR] [--repair]';

const USAGE = [
  SHORT_USAGE,
  '  --data    数据目录，默认 DATA_DIR 或 ./data            data folder (default: DATA_DIR or ./data)',
  '  --repair  执行修复：损坏的文件移至 quarantine/（不删除），',
  '            能重建的节目重建，catalogue.json 从上一份完好副本恢复   do the repairs (nothing is deleted)',
  '  请先停止服务器。Stop the server first.',
].join('\n');

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), { data: { type: 'string' }, repair: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const dataDir = args.data ? resolve(args.data) : readEnv(process.env).dataDir;
  await inspectDataDir(dataDir);
  const repair = Boolean(args.repair);
  const { reports, unresolved, episodes } = await checkDataFolder(dataDir, { repair });

  const out: string[] = [`政风热线数据目录检查 data folder check: ${dataDir}`, `已检查 catalogue.json 与 ${episodes} 个节目的全部文件（checked the catalogue and ${episodes} episodes, every byte）`, ''];
  if (!reports.length) out.push('一切完好，无需处理。All files are sound.');
  else {
    out.push(`发现 ${reports.length} 处问题 (${reports.length} problems found):`, '');
    reports.forEach((report, i) => {
      out.push(`${i + 1}. ${report.file}（字节 ${report.offset} / byte ${report.offset}）`);
      out.push(`   问题：${report.problem}`);
      out.push(`   ${repair ? '处理' : '将要'}：${report.action}`, '');
    });
    if (!repair) out.push('未做任何修改。要执行上述处理，请先停止服务器，再运行：', `  ${doctorCommand(dataDir)}`);
    else out.push(unresolved ? `还有 ${unresolved} 处问题未能自动处理，见上。` : `已全部处理；移走的文件都在 ${resolve(dataDir, 'quarantine')}/ 下（未删除）。`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  // Non-zero when something is (still) wrong, so scripts and CI can tell.
  if (unresolved) throw new Error(`数据目录有 ${unresolved} 处问题${repair ? '未能处理' : '（加 --repair 处理）'} (${unresolved} problem(s) ${repair ? 'left' : 'found'})`);
}

runCli(main, SHORT_USAGE);
