import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DurableJsonFile, nodeFileSystem, type FileSystem } from './durableJsonFile';
import type { Finding } from './episodeCheck';
import { healEpisode } from './episodeHealing';
import { jsonErrorOffset } from './jsonOffset';
import { damageReport, doctorCommand, Quarantine } from './quarantine';
import type { DamagedFileReport } from './store';

/**
 * The data folder as a whole: which names in episodes/ are episodes, the catalogue and its last good
 * copy, and the doctor's full check. Start-up (LowdbStore) and `npm run doctor` share these.
 */

export const CATALOGUE_FILE = 'catalogue.json';
export const LAST_GOOD_FILE = 'catalogue.last-good.json';

const EPISODE_FILE = /^([A-Za-z0-9_-]+)\.(?:json|log)$/;
/** Temporary files of an interrupted write (DurableJsonFile's `.x.json.tmp`, a legacy conversion's `x.log.tmp`): never acknowledged, overwritten by the next write. */
const OUR_TEMP = /^(?:\.[A-Za-z0-9_-]+\.json\.tmp|[A-Za-z0-9_-]+\.log\.tmp)$/;

interface Entry {
  name: string;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

/** Episode ids (from checkpoints and logs alike: a log alone is an episode too) and names that are nobody's. */
export function classifyEpisodeEntries(entries: Entry[]): { ids: string[]; stray: string[] } {
  const ids = new Set<string>();
  const stray: string[] = [];
  for (const entry of entries) {
    const id = EPISODE_FILE.exec(entry.name)?.[1];
    if (id && (entry.isFile() || entry.isSymbolicLink())) ids.add(id);
    else if (!OUR_TEMP.test(entry.name)) stray.push(entry.name);
  }
  return { ids: [...ids].sort(), stray: stray.sort() };
}

export function listEpisodeEntries(dataDir: string) {
  return readdir(join(dataDir, 'episodes'), { withFileTypes: true });
}

/** A file in episodes/ that is no episode's: moved aside (or, failing that, ignored), reported, never a reason not to start. */
export async function setAsideStray(dataDir: string, name: string, quarantine: Quarantine | null): Promise<{ report: DamagedFileReport; unresolved: boolean }> {
  const file = `episodes/${name}`;
  const problem = 'episodes/ 里有不认识的文件（不是节目检查点或日志）';
  if (!quarantine) return { report: damageReport(file, null, 0, problem, '将移至 quarantine/（不删除）', null), unresolved: true };
  try {
    const target = await quarantine.moveAside(file);
    return { report: damageReport(file, null, 0, problem, `已移至 ${target}（未删除），不影响启动`, target), unresolved: false };
  } catch (error) {
    return { report: damageReport(file, null, 0, problem, `未能移走（${(error as Error).message}），留在原处并已忽略，不影响启动`, null), unresolved: true };
  }
}

/** The catalogue as the disk holds it: what is wrong with it, and the last good copy's text when that one is whole. */
export async function examineCatalogue(fs: FileSystem, dataDir: string): Promise<{ finding: Finding | null; lastGood: string | null }> {
  const read = async (name: string) => {
    const text = await fs.readFile(join(dataDir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text === null) return { text, problem: null, offset: 0 };
    try {
      const doc = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
      return { text, problem: doc && typeof doc === 'object' && !Array.isArray(doc) ? null : '内容不是 JSON 对象', offset: 0 };
    } catch {
      const bytes = await fs.readBytes(join(dataDir, name), 0);
      const offset = Math.max(0, jsonErrorOffset(bytes));
      return { text, problem: offset >= bytes.length ? `文件不完整（只有 ${bytes.length} 字节，在字节 ${offset} 处中断）` : `在字节 ${offset} 处不是合法的 JSON`, offset };
    }
  };
  const [catalogue, lastGood] = [await read(CATALOGUE_FILE), await read(LAST_GOOD_FILE)];
  const spare = lastGood.text !== null && !lastGood.problem ? lastGood.text : null;
  if (catalogue.problem) return { finding: { file: CATALOGUE_FILE, offset: catalogue.offset, problem: `catalogue.json 已损坏：${catalogue.problem}` }, lastGood: spare };
  // Missing while its spare exists: it was there and is gone, which is not a fresh folder.
  if (catalogue.text === null && lastGood.text !== null) return { finding: { file: CATALOGUE_FILE, offset: 0, problem: 'catalogue.json 不见了（但有上一份完好副本，说明它曾经存在）' }, lastGood: spare };
  return { finding: null, lastGood: spare };
}

/** Start refuses a damaged catalogue: an empty one would create a new admin and hide every account. */
export class DamagedCatalogueError extends Error {
  constructor(
    readonly dataDir: string,
    readonly finding: Finding,
    readonly hasLastGood: boolean,
  ) {
    const what = hasLastGood
      ? `请先运行：${doctorCommand(dataDir)}（从 ${LAST_GOOD_FILE} 恢复，损坏的文件移至 quarantine/）。`
      : `没有可用的上一份完好副本（${LAST_GOOD_FILE}）：请从备份恢复 catalogue.json；运行 ${doctorCommand(dataDir, false)} 可查看详情。`;
    super(
      `${finding.problem}（${join(dataDir, finding.file)}，字节 ${finding.offset}）。为免以空目录启动（那会新建管理员、丢掉所有账号），服务器不启动。${what}\n` +
        `The catalogue is damaged at byte ${finding.offset}; the server will not start with an empty one. ${hasLastGood ? `Run: ${doctorCommand(dataDir)}` : 'No last good copy: restore catalogue.json from a backup.'}`,
    );
    this.name = 'DamagedCatalogueError';
  }
}

/** Put the last good copy back in place of a damaged or missing catalogue, the damaged one moved aside. */
async function restoreCatalogue(fs: FileSystem, dataDir: string, quarantine: Quarantine, lastGood: string): Promise<string | null> {
  const damaged = (await fs.fileSize(join(dataDir, CATALOGUE_FILE))) === null ? null : await quarantine.moveAside(CATALOGUE_FILE);
  await new DurableJsonFile(join(dataDir, CATALOGUE_FILE), fs, false).writeText(lastGood);
  return damaged;
}

export interface FolderCheck {
  reports: DamagedFileReport[];
  /** Problems still there after this run (all of them when only checking). */
  unresolved: number;
  episodes: number;
}

/** The doctor: every file checked to the last byte; with `repair`, the same healing start-up does, plus the catalogue restored. */
export async function checkDataFolder(dataDir: string, options: { repair: boolean; fs?: FileSystem; now?: Date }): Promise<FolderCheck> {
  const fs = options.fs ?? nodeFileSystem;
  const quarantine = options.repair ? new Quarantine(dataDir, fs, options.now) : null;
  const result: FolderCheck = { reports: [], unresolved: 0, episodes: 0 };
  const note = (report: DamagedFileReport, unresolved: boolean) => {
    result.reports.push(report);
    if (unresolved) result.unresolved++;
  };

  const catalogue = await examineCatalogue(fs, dataDir);
  if (catalogue.finding) {
    const { file, offset, problem } = catalogue.finding;
    if (!catalogue.lastGood) note(damageReport(file, null, offset, problem, `没有可用的上一份完好副本（${LAST_GOOD_FILE}），无法自动修复：请从备份恢复 catalogue.json`, null), true);
    else if (!quarantine) note(damageReport(file, null, offset, problem, `将从 ${LAST_GOOD_FILE} 恢复，损坏的文件移至 quarantine/（不删除）`, null), true);
    else {
      const aside = await restoreCatalogue(fs, dataDir, quarantine, catalogue.lastGood);
      note(damageReport(file, null, offset, problem, `已从 ${LAST_GOOD_FILE} 恢复${aside ? `，损坏的文件已移至 ${aside}（未删除）` : ''}`, aside), false);
    }
  }

  const { ids, stray } = classifyEpisodeEntries(await listEpisodeEntries(dataDir));
  result.episodes = ids.length;
  for (const name of stray) {
    const { report, unresolved } = await setAsideStray(dataDir, name, quarantine);
    note(report, unresolved);
  }
  for (const id of ids) {
    const healing = await healEpisode(fs, dataDir, id, { deep: true, quarantine });
    for (const report of healing.reports) note(report, healing.unresolved);
  }
  return result;
}
