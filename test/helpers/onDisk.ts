import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EpisodeEvent, EpisodeState } from '../../shared/domain/episodeState';
import { historyAfter, parseLog, replayOnto } from '../../server/store/episodeFiles';
import type { CommandRecord } from '../../server/store/store';

export interface EpisodeOnDisk {
  state: EpisodeState;
  events: EpisodeEvent[];
  commands: Record<string, CommandRecord>;
}

const paths = (dataDir: string, episodeId: string) => ({
  checkpoint: join(dataDir, 'episodes', `${episodeId}.json`),
  log: join(dataDir, 'episodes', `${episodeId}.log`),
});

/**
 * What an episode's files hold right now, read straight from the disk (synchronously, so a test
 * can look at the very moment an ack arrives): the checkpoint, brought up to date with the log's
 * whole records after it, and the history in the log. Only the store's own format code is used.
 */
export function episodeOnDisk(dataDir: string, episodeId: string): EpisodeOnDisk {
  const { checkpoint, log } = paths(dataDir, episodeId);
  const doc = JSON.parse(readFileSync(checkpoint, 'utf8'));
  if (Array.isArray(doc.events)) return doc as EpisodeOnDisk;
  const bytes = existsSync(log) ? readFileSync(log) : Buffer.alloc(0);
  const state = replayOnto(doc.state as EpisodeState, parseLog(bytes.subarray(doc.logBytes), log).records);
  const { events, commands } = historyAfter(parseLog(bytes, log).records, 0);
  return { state, events, commands };
}

/**
 * Every byte of an episode's log and the state its files add up to, to prove that nothing on disk
 * changed. (The checkpoint's own bytes may change when a quiet episode's log is folded into it;
 * what it says may not.)
 */
export function episodeBytes(dataDir: string, episodeId: string): string {
  const { log } = paths(dataDir, episodeId);
  return `${existsSync(log) ? readFileSync(log, 'utf8') : ''}\n--state--\n${JSON.stringify(episodeOnDisk(dataDir, episodeId).state)}`;
}
