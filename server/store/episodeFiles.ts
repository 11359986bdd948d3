import { applyEvent, newEpisodeState, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
import type { CommandRecord, EpisodeCommit, EpisodeHistory } from './store';

/**
 * One episode on disk, in two files:
 *  - `<id>.log`: the history, one JSON line per group commit (its events and command records),
 *    only ever appended: a command costs one small append and one fdatasync, whatever the size of
 *    the episode;
 *  - `<id>.json`: a checkpoint, the state at some seq and how many log bytes it covers, rewritten
 *    now and then (atomically) so that start-up reads states and not whole histories.
 * A file written before the log existed holds `{state, events, commands}` in the .json alone; it is
 * read as it is and turned into the two files by its first commit.
 */

export interface LogRecord {
  /** The seqs this record's events cover; to < from when its commands produced no event. */
  from: number;
  to: number;
  commands: Record<string, CommandRecord>;
  events: EpisodeEvent[];
}

export interface Checkpoint {
  format: 2;
  seq: number;
  /** Log bytes the state already includes: start-up replays only what follows. */
  logBytes: number;
  state: EpisodeState;
}

/** The single-file layout that came before the log. */
export interface LegacyEpisodeFile {
  state: EpisodeState;
  events: EpisodeEvent[];
  commands: Record<string, CommandRecord>;
}

export function isLegacy(doc: Checkpoint | LegacyEpisodeFile): doc is LegacyEpisodeFile {
  return Array.isArray((doc as LegacyEpisodeFile).events);
}

export function logRecordOf(commit: EpisodeCommit): LogRecord {
  return { from: commit.baseSeq + 1, to: commit.state.seq, commands: commit.commands, events: commit.events };
}

export function encodeRecord(record: LogRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export interface ParsedLog {
  records: LogRecord[];
  /** Bytes up to the end of the last whole record: anything after it is a write that never finished. */
  goodBytes: number;
  /** True when bytes after the last whole record were found (a crash mid-append). */
  torn: boolean;
}

/**
 * Parse log bytes. A record is whole when its line ends in a newline and parses; only the last line
 * may be broken (the append a crash interrupted, never acknowledged). A broken line in the middle
 * is damage this store did not make, and stops the load loudly.
 */
export function parseLog(bytes: Buffer, path: string, base = 0): ParsedLog {
  const records: LogRecord[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) return { records, goodBytes: start, torn: true };
    try {
      records.push(JSON.parse(bytes.toString('utf8', start, end)) as LogRecord);
    } catch (error) {
      if (end === bytes.length - 1) return { records, goodBytes: start, torn: true };
      // `base`: where `bytes` start in the file, so the offset named is the file's own.
      throw new Error(`${path}: damaged log record at byte ${base + start} (${(error as Error).message})`);
    }
    start = end + 1;
  }
  return { records, goodBytes: start, torn: false };
}

/** What a check of log bytes found: the whole, valid records, where they end, and the first damage. */
export interface LogScan {
  records: LogRecord[];
  /** Offset in the file where the whole, valid records end. */
  goodEnd: number;
  /** The seq those records reach. */
  seq: number;
  /** Bytes after them that a crash mid-append left (the last line, never acknowledged): not damage. */
  torn: boolean;
  /** A record that is not what this store writes, with more lines after it: damage it did not make. */
  damage: { offset: number; reason: string; wholeAfter: number } | null;
}

/**
 * Check log bytes record by record: each must parse and continue the seq exactly where the one before
 * stopped (the store never writes anything else). `base` is where the bytes start in the file and
 * `seqBefore` the seq the state holds there, so every offset reported is the file's true one.
 */
export function scanLog(bytes: Buffer, base: number, seqBefore: number, episodeId: string): LogScan {
  const records: LogRecord[] = [];
  let start = 0;
  let seq = seqBefore;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) return { records, goodEnd: base + start, seq, torn: true, damage: null };
    let reason: string | null;
    let record: unknown;
    try {
      record = JSON.parse(bytes.toString('utf8', start, end));
      reason = recordProblem(record, seq, episodeId);
    } catch (error) {
      if (end === bytes.length - 1) return { records, goodEnd: base + start, seq, torn: true, damage: null };
      reason = `不是完整的 JSON（${(error as Error).message}）`;
    }
    if (reason) return { records, goodEnd: base + start, seq, torn: false, damage: { offset: base + start, reason, wholeAfter: wholeLinesAfter(bytes, end + 1) } };
    records.push(record as LogRecord);
    seq = (record as LogRecord).to;
    start = end + 1;
  }
  return { records, goodEnd: base + start, seq, torn: false, damage: null };
}

/** Why a parsed line is not the record that follows `seq`, or null when it is. */
function recordProblem(value: unknown, seq: number, episodeId: string): string | null {
  const r = value as Partial<LogRecord> | null;
  if (!r || typeof r !== 'object' || !Number.isInteger(r.from) || !Number.isInteger(r.to) || !Array.isArray(r.events) || !r.commands || typeof r.commands !== 'object') {
    return '不是日志记录（缺少 from、to、events 或 commands）';
  }
  if (r.from !== seq + 1) return `事件序号不接续：应从第 ${seq + 1} 个事件开始，这条记录从第 ${r.from} 个开始`;
  if (r.to !== r.from! + r.events.length - 1) return `记录写明第 ${r.from}–${r.to} 个事件，实际有 ${r.events.length} 个`;
  for (const [k, event] of r.events.entries()) {
    if (!event || event.seq !== r.from! + k) return `第 ${r.from! + k} 个事件的序号不对`;
    if (event.episodeId !== episodeId) return `事件属于另一个节目（${String(event.episodeId)}）`;
  }
  return null;
}

/** Whole lines after a damaged one that still look like records: acknowledged work past the damage. */
function wholeLinesAfter(bytes: Buffer, from: number): number {
  let count = 0;
  for (let start = from, end = bytes.indexOf(0x0a, start); end !== -1; start = end + 1, end = bytes.indexOf(0x0a, start)) {
    try {
      if (Number.isInteger((JSON.parse(bytes.toString('utf8', start, end)) as LogRecord).from)) count++;
    } catch {
      // Not a record either: part of the damage.
    }
  }
  return count;
}

/** The whole history replayed from the planning event: what an episode whose checkpoint is gone is rebuilt from. */
export function stateFromLog(records: LogRecord[]): EpisodeState | null {
  const planned = records[0]?.events[0];
  if (records[0]?.from !== 1 || planned?.type !== 'episode.planned' || !planned.episode) return null;
  return replayOnto(newEpisodeState(planned.episode), records);
}

/** Is this parsed checkpoint text one this store wrote for `episodeId`? */
export function checkpointProblem(doc: unknown, episodeId: string): string | null {
  const c = doc as Partial<Checkpoint> | null;
  if (!c || typeof c !== 'object' || Array.isArray(c)) return '不是节目检查点（内容不是 JSON 对象）';
  if (isLegacy(c as LegacyEpisodeFile)) return c.state && Number.isInteger(c.state.seq) ? null : '旧格式节目文件缺少 state';
  if (c.format !== 2 || !Number.isInteger(c.seq) || !Number.isInteger(c.logBytes) || c.logBytes! < 0 || !c.state || c.state.seq !== c.seq) {
    return '不是节目检查点（缺少 format、seq、logBytes 或 state，或彼此不符）';
  }
  if (c.state.episode?.id !== episodeId) return `检查点属于另一个节目（${String(c.state.episode?.id)}）`;
  return null;
}

/** The checkpoint as the store writes it, from text made at the moment that counts. */
export function checkpointText(seq: number, logBytes: number, stateText: string): string {
  return `{"format":2,"seq":${seq},"logBytes":${logBytes},"state":${stateText}}`;
}

/** Bring a checkpoint's state up to date with the log records after it. */
export function replayOnto(state: EpisodeState, records: LogRecord[]): EpisodeState {
  for (const record of records) for (const event of record.events) if (event.seq > state.seq) applyEvent(state, event);
  return state;
}

/** The part of a history after `afterSeq`: its events, and the records of the commands since. */
export function historyAfter(records: LogRecord[], afterSeq: number): EpisodeHistory {
  const history: EpisodeHistory = { events: [], commands: {} };
  for (const record of records) {
    const reaches = record.to >= record.from ? record.to > afterSeq : record.from > afterSeq;
    if (!reaches) continue;
    Object.assign(history.commands, record.commands);
    for (const event of record.events) if (event.seq > afterSeq) history.events.push(event);
  }
  return history;
}

/** A legacy file's history as one log record: what its first commit writes before its own record. */
export function legacyAsRecord(doc: LegacyEpisodeFile): LogRecord {
  return { from: 1, to: doc.state.seq, commands: doc.commands, events: doc.events };
}
