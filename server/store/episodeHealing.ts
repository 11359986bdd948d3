import { join } from 'node:path';
import { DurableJsonFile, type FileSystem } from './durableJsonFile';
import { episodePaths, examineEpisode, type EpisodeReading, type Finding, type Verdict } from './episodeCheck';
import { checkpointText } from './episodeFiles';
import { damageReport, doctorCommand, type Quarantine } from './quarantine';
import type { DamagedFileReport } from './store';

/** What was found and done for one episode; `reading` is null when it is not served. */
export interface Healing {
  reading: EpisodeReading | null;
  reports: DamagedFileReport[];
  /** Something is still wrong (a step failed, or only a check was asked for). */
  unresolved: boolean;
}

/**
 * Judge one episode's files and act on the verdict: the one path both start-up and the doctor take.
 * With `quarantine` null nothing is written and the reports say what would be done.
 * Every step leaves the files so that a crash part way is judged the same way at the next start.
 */
export async function healEpisode(fs: FileSystem, dataDir: string, id: string, options: { deep: boolean; quarantine: Quarantine | null }): Promise<Healing> {
  let verdict: Verdict;
  try {
    verdict = await examineEpisode(fs, dataDir, id, options.deep);
  } catch (error) {
    // Unreadable (permissions, a folder where a file should be): one episode's trouble, not the programme's.
    const action = `无法读取（${(error as Error).message}）：文件留在原处，本次未载入该节目`;
    return { reading: null, reports: [damageReport(episodePaths(id).checkpoint, id, 0, '节目文件无法读取', action, null)], unresolved: true };
  }
  if (verdict.kind === 'absent') return { reading: null, reports: [], unresolved: false };
  if (verdict.kind === 'sound') return { reading: verdict.reading, reports: [], unresolved: false };
  const q = options.quarantine;
  if (!q) return { reading: null, reports: verdict.findings.map((f) => damageReport(f.file, id, f.offset, f.problem, planOf(verdict), null)), unresolved: true };
  const moved = new Map<string, string>();
  try {
    if (verdict.kind === 'setAside') {
      for (const file of verdict.files) moved.set(file, await q.moveAside(file));
      const action = `已把该节目的文件移至 ${[...moved.values()].join('、')}（未删除），本次未载入该节目；${verdict.why}`;
      return { reading: null, reports: reportsOf(id, verdict.findings, action, moved), unresolved: false };
    }
    const reading = await repair(fs, dataDir, id, verdict, q, moved);
    return { reading, reports: reportsOf(id, verdict.findings, repairSentence(verdict, moved), moved), unresolved: false };
  } catch (error) {
    const kept = moved.size ? `已移至 ${[...moved.values()].join('、')}，` : '';
    const action = `未能处理（${(error as Error).message}）：${kept}其余文件留在原处，本次未载入该节目。请停止服务器后运行 ${doctorCommand(dataDir)}`;
    return { reading: null, reports: reportsOf(id, verdict.findings, action, moved), unresolved: true };
  }
}

/** Damaged checkpoint aside, the log copied aside and cut at the damage, then a fresh checkpoint. */
async function repair(fs: FileSystem, dataDir: string, id: string, verdict: Extract<Verdict, { kind: 'repair' }>, q: Quarantine, moved: Map<string, string>): Promise<EpisodeReading> {
  const rel = episodePaths(id);
  const { reading } = verdict;
  if (verdict.moveCheckpoint) moved.set(rel.checkpoint, await q.moveAside(rel.checkpoint));
  if (verdict.cutLog) {
    const log = join(dataDir, rel.log);
    moved.set(rel.log, await q.copyAside(rel.log, await fs.readBytes(log, 0)));
    await fs.truncate(log, reading.logBytes);
  }
  // The checkpoint covers what is kept: the next start reads it and no log byte.
  const stateText = JSON.stringify(reading.state);
  await new DurableJsonFile(join(dataDir, rel.checkpoint), fs, false).writeText(checkpointText(reading.state.seq, reading.logBytes, stateText));
  return { ...reading, checkpointLogBytes: reading.logBytes, checkpointBytes: stateText.length };
}

function reportsOf(id: string, findings: Finding[], action: string, moved: Map<string, string>): DamagedFileReport[] {
  return findings.map((f) => damageReport(f.file, id, f.offset, f.problem, action, moved.get(f.file) ?? null));
}

function planOf(verdict: Exclude<Verdict, { kind: 'absent' | 'sound' }>): string {
  if (verdict.kind === 'setAside') return `将把该节目的文件（${verdict.files.join('、')}）移至 quarantine/（不删除），不载入该节目；${verdict.why}`;
  return repairSentence(verdict, null);
}

/** What a repair does (future tense when `moved` is null: the doctor without --repair). */
function repairSentence(verdict: Extract<Verdict, { kind: 'repair' }>, moved: Map<string, string> | null): string {
  const rel = episodePaths(verdict.reading.state.episode.id);
  const done = moved !== null;
  const where = (file: string) => (done ? moved.get(file) : 'quarantine/');
  const seq = verdict.reading.state.seq;
  const parts: string[] = [];
  if (verdict.moveCheckpoint) parts.push(`损坏的检查点${done ? '已' : '将'}移至 ${where(rel.checkpoint)}`);
  if (verdict.cutLog) parts.push(`原日志${done ? '已' : '将'}完整复制到 ${where(rel.log)}，保留损坏处之前的记录（到第 ${seq} 个事件），截去损坏处起的其余部分（其中没有完整的记录）`);
  parts.push(verdict.rebuilt ? `${done ? '已' : '将'}用日志中的完整历史（第 1–${seq} 个事件）重建检查点` : `${done ? '已' : '将'}重写检查点`);
  return `${parts.join('；')}；节目照常载入`;
}
