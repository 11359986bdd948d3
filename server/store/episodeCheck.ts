import { join } from 'node:path';
import type { EpisodeState } from '../../shared/domain/episodeState';
import type { FileSystem } from './durableJsonFile';
import { checkpointProblem, isLegacy, replayOnto, scanLog, stateFromLog, type Checkpoint, type LegacyEpisodeFile, type LogScan } from './episodeFiles';
import { jsonErrorOffset } from './jsonOffset';

/**
 * One episode's files judged on their own, reading only (episodeHealing.ts acts on the verdict).
 * Start-up asks the quick question (the checkpoint, and the log only past what it covers); the doctor
 * asks the deep one (every log byte). Both get the same answers for the same damage.
 */

/** What the store needs to serve an episode: its state and where its files stand. */
export interface EpisodeReading {
  state: EpisodeState;
  /** Log bytes that are whole, valid records. */
  logBytes: number;
  /** Log bytes the checkpoint covers, and its size (0 when there is none yet). */
  checkpointLogBytes: number;
  checkpointBytes: number;
  /** Bytes past `logBytes` a crash mid-append left: cut before the next append. */
  torn: boolean;
  legacy: LegacyEpisodeFile | null;
}

/** One damaged file: path relative to the data folder, the true byte offset, what is wrong (Chinese). */
export interface Finding {
  file: string;
  offset: number;
  problem: string;
}

export type Verdict =
  | { kind: 'absent' }
  | { kind: 'sound'; reading: EpisodeReading }
  /** Served from what is consistent; `moveCheckpoint`: the damaged one goes to quarantine; `cutLog`: copy the log aside, then cut it at `reading.logBytes`. */
  | { kind: 'repair'; reading: EpisodeReading; findings: Finding[]; moveCheckpoint: boolean; cutLog: boolean; rebuilt: boolean }
  /** Nothing consistent can be served: every file of the episode goes to quarantine. */
  | { kind: 'setAside'; findings: Finding[]; files: string[]; why: string };

export function episodePaths(id: string) {
  return { checkpoint: `episodes/${id}.json`, log: `episodes/${id}.log` };
}

export async function examineEpisode(fs: FileSystem, dataDir: string, id: string, deep: boolean): Promise<Verdict> {
  const rel = episodePaths(id);
  const text = await fs.readFile(join(dataDir, rel.checkpoint)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  const logSize = await fs.fileSize(join(dataDir, rel.log));
  if (text === null && logSize === null) return { kind: 'absent' };
  // The log first: moved in this order, a crash in between leaves a checkpoint without its log,
  // which is set aside again, never a log without its end that would be rebuilt into less.
  const files = [...(logSize === null ? [] : [rel.log]), ...(text === null ? [] : [rel.checkpoint])];
  let damagedCheckpoint: Finding | null = null;
  if (text !== null) {
    let doc: unknown;
    let problem: string | null;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
      problem = checkpointProblem(doc, id);
    } catch {
      const bytes = await fs.readBytes(join(dataDir, rel.checkpoint), 0);
      const offset = Math.max(0, jsonErrorOffset(bytes));
      damagedCheckpoint = { file: rel.checkpoint, offset, problem: offset >= bytes.length ? `检查点不完整（只写了 ${bytes.length} 字节，在字节 ${offset} 处中断）` : `检查点在字节 ${offset} 处不是合法的 JSON` };
      problem = null;
    }
    if (problem) damagedCheckpoint = { file: rel.checkpoint, offset: 0, problem };
    if (!damagedCheckpoint) {
      if (isLegacy(doc as Checkpoint | LegacyEpisodeFile)) {
        // The single-file layout: any log beside it is an unfinished conversion, ignored as before.
        const legacy = doc as LegacyEpisodeFile;
        return { kind: 'sound', reading: { state: legacy.state, logBytes: 0, checkpointLogBytes: 0, checkpointBytes: 0, torn: true, legacy } };
      }
      return withCheckpoint(fs, dataDir, id, doc as Checkpoint, text.length, logSize, files, deep);
    }
  }
  return fromLogAlone(fs, dataDir, id, damagedCheckpoint, logSize, files);
}

async function withCheckpoint(fs: FileSystem, dataDir: string, id: string, doc: Checkpoint, checkpointBytes: number, logSize: number | null, files: string[], deep: boolean): Promise<Verdict> {
  const rel = episodePaths(id);
  const covered = doc.logBytes;
  const size = logSize ?? 0;
  if (size < covered) {
    const problem = logSize === null ? `日志缺失，检查点却记着它已有 ${covered} 字节` : `日志被截短：只有 ${size} 字节，检查点记着已包含 ${covered} 字节`;
    return { kind: 'setAside', findings: [{ file: rel.log, offset: size, problem }], files, why: `检查点之前的历史（审计记录、重试用的命令记录）已不完整，节目不能继续写入` };
  }
  const reading = (state: EpisodeState, scan: LogScan | null): EpisodeReading => ({ state, logBytes: scan?.goodEnd ?? covered, checkpointLogBytes: covered, checkpointBytes, torn: scan?.torn ?? false, legacy: null });
  // After a clean stop the checkpoint covers the whole log: one stat, no read (start-up stays fast).
  if (size === covered && !deep) return { kind: 'sound', reading: reading(doc.state, null) };
  const bytes = await fs.readBytes(join(dataDir, rel.log), deep ? 0 : covered);
  if (deep) {
    const head = scanLog(bytes.subarray(0, covered), 0, 0, id);
    if (head.damage || head.torn || head.seq !== doc.seq) {
      const offset = head.damage?.offset ?? head.goodEnd;
      const problem = `检查点已包含的日志部分损坏（字节 ${offset} 处）：${head.damage?.reason ?? `到字节 ${covered} 应是第 ${doc.seq} 个事件，实为第 ${head.seq} 个`}`;
      return { kind: 'setAside', findings: [{ file: rel.log, offset, problem }], files, why: `历史不完整，节目不能继续写入` };
    }
  }
  const tail = scanLog(deep ? bytes.subarray(covered) : bytes, covered, doc.seq, id);
  const state = replayOnto(doc.state, tail.records);
  if (!tail.damage) return { kind: 'sound', reading: reading(state, tail) };
  return judgeDamage(tail, { file: rel.log, offset: tail.damage.offset, problem: damageSentence(tail) }, files, { kind: 'repair', reading: { ...reading(state, tail), torn: false }, findings: [], moveCheckpoint: false, cutLog: true, rebuilt: false });
}

/** No usable checkpoint: the log rebuilds the episode when it holds the whole history from seq 1. */
async function fromLogAlone(fs: FileSystem, dataDir: string, id: string, damagedCheckpoint: Finding | null, logSize: number | null, files: string[]): Promise<Verdict> {
  const rel = episodePaths(id);
  const missing = damagedCheckpoint ?? { file: rel.checkpoint, offset: 0, problem: '检查点缺失，只剩日志' };
  if (logSize === null) return { kind: 'setAside', findings: [missing], files, why: '没有日志可据以重建' };
  const scan = scanLog(await fs.readBytes(join(dataDir, rel.log), 0), 0, 0, id);
  const state = stateFromLog(scan.records);
  if (!state) {
    const problem = scan.damage && !scan.records.length ? `日志不含完整历史：${damageSentence(scan)}` : scan.records.length ? '日志不是从节目计划（第 1 个事件）开始' : '日志里没有一条完整的记录';
    return { kind: 'setAside', findings: [missing, { file: rel.log, offset: scan.damage?.offset ?? 0, problem }], files, why: '日志不含从第 1 个事件起的完整历史，无法重建' };
  }
  const repair: Verdict = {
    kind: 'repair',
    reading: { state, logBytes: scan.goodEnd, checkpointLogBytes: 0, checkpointBytes: 0, torn: scan.torn && !scan.damage, legacy: null },
    findings: [missing],
    moveCheckpoint: damagedCheckpoint !== null,
    cutLog: scan.damage !== null,
    rebuilt: true,
  };
  if (!scan.damage) return repair;
  return judgeDamage(scan, { file: rel.log, offset: scan.damage.offset, problem: damageSentence(scan) }, files, repair);
}

/**
 * A damaged record with whole records after it: those were acknowledged, and serving the part before
 * the damage would contradict them (their seqs would be handed out again), so the episode is set
 * aside whole. With nothing whole after it, the part before is all that was ever acknowledged.
 */
function judgeDamage(scan: LogScan, finding: Finding, files: string[], repair: Extract<Verdict, { kind: 'repair' }>): Verdict {
  if (scan.damage!.wholeAfter > 0) {
    return { kind: 'setAside', findings: [...repair.findings.filter((f) => f.file !== finding.file), finding], files, why: `损坏处之后还有 ${scan.damage!.wholeAfter} 条完整的记录（已确认的操作），只用损坏处之前的部分会与它们矛盾，需人工核对` };
  }
  return { ...repair, findings: [...repair.findings, finding] };
}

function damageSentence(scan: LogScan): string {
  const { offset, reason, wholeAfter } = scan.damage!;
  return `字节 ${offset} 起的记录损坏：${reason}${wholeAfter ? `；其后还有 ${wholeAfter} 条完整记录` : ''}`;
}
