import { applyEvent, type EpisodeEvent, type EpisodeState } from '../../shared/domain/episodeState';
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
export function parseLog(bytes: Buffer, path: string): ParsedLog {
  const records: LogRecord[] = [];
  let start = 0;
  while (start < bytes.length) {
    const end = bytes.indexOf(0x0a, start);
    if (end === -1) return { records, goodBytes: start, torn: true };
    try {
      records.push(JSON.parse(bytes.toString('utf8', start, end)) as LogRecord);
    } catch (error) {
      if (end === bytes.length - 1) return { records, goodBytes: start, torn: true };
      throw new Error(`${path}: damaged log record at byte ${start} (${(error as Error).message})`);
    }
    start = end + 1;
  }
  return { records, goodBytes: start, torn: false };
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
