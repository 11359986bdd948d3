import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFileSystem, type FileSystem } from '../../server/store/durableJsonFile';
import { LowdbStore } from '../../server/store/lowdbStore';
import { ADMIN_PASSWORD, appealInput, buildStudio, connectWithCookie, login, ok, removeDataDir, startServer, type Studio } from '../helpers/testServer';
import { episodeOnDisk } from '../helpers/onDisk';
import { CatalogueService } from '../../server/services/catalogueService';
import { systemClock } from '../../server/services/clock';
import { StudioService } from '../../server/services/studioService';
import { AppealCreate } from '../../shared/protocol/commands';

/** The ledger's quiet delay in these tests (1 s in production): long enough to see the checkpoint wait. */
const QUIET_MS_IN_TEST = 200;

/**
 * The lowdb store's own file format (checkpoint + append-only log), on episodes made by the real
 * server: what a crash, an old data folder or a long broadcast leaves behind must load right.
 */
describe('LowdbStore: checkpoint and append-only log', () => {
  let studio: Studio | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await studio?.close();
    studio = undefined;
    for (const dir of dirs.splice(0)) await removeDataDir(dir);
  });

  /** An episode with `appeals` appeals, made through the server, which is then stopped. */
  async function recordedEpisode(appeals: number) {
    studio = await buildStudio();
    const { server, operator, episodeId } = studio;
    const ids: string[] = [];
    for (let i = 0; i < appeals; i++) ids.push((await ok(operator, 'appeal:create', appealInput(episodeId))).appeal.id);
    const dataDir = server.dataDir;
    dirs.push(dataDir);
    for (const socket of [studio.admin, studio.operator, studio.leader, studio.screen]) socket.disconnect();
    await server.stop();
    studio = undefined;
    const paths = { checkpoint: `${dataDir}/episodes/${episodeId}.json`, log: `${dataDir}/episodes/${episodeId}.log` };
    return { dataDir, episodeId, ids, paths };
  }

  it('a command appends one record to the log and leaves the checkpoint alone until the episode goes quiet', async () => {
    const { paths, ids } = await recordedEpisode(3);
    const lines = readFileSync(paths.log, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    const received = lines.flatMap((line) => line.events).filter((e: { type: string }) => e.type === 'appeal.received');
    expect(received.map((e: { appeal: { id: string } }) => e.appeal.id)).toEqual(ids);
    // Stopping the server folded the quiet episode's log into its checkpoint.
    const checkpoint = JSON.parse(readFileSync(paths.checkpoint, 'utf8'));
    expect(checkpoint.logBytes).toBe(statSync(paths.log).size);
    expect(Object.keys(checkpoint.state.appeals)).toEqual(ids);
  });

  it('start-up reads the checkpoints and no log byte it already covers', async () => {
    const { dataDir, episodeId, ids } = await recordedEpisode(2);
    const reads: Array<{ path: string; offset: number; bytes: number }> = [];
    const counting: FileSystem = {
      ...nodeFileSystem,
      async readBytes(path, offset) {
        const bytes = await nodeFileSystem.readBytes(path, offset);
        reads.push({ path, offset, bytes: bytes.length });
        return bytes;
      },
    };
    const store = new LowdbStore(dataDir, counting);
    const [state] = await store.loadEpisodeStates();
    expect(Object.keys(state.appeals)).toEqual(ids);
    expect(reads.filter((r) => r.path.endsWith('.log'))).toEqual([]);
    // The history is read only when asked for.
    const history = await store.loadEpisodeHistory(episodeId);
    expect(history.events.map((e) => e.seq)).toEqual(Array.from({ length: state.seq }, (_, i) => i + 1));
  });

  it('a command is in the log when it is acknowledged, while the checkpoint waits until the episode has been quiet for the quiet delay', async () => {
    const { dataDir, episodeId, paths } = await recordedEpisode(0);
    // The service the socket handlers call (an ack is sent when its promise resolves), with the
    // ledger's quiet delay shortened so the checkpoint can be watched without sleeping a second.
    const store = new LowdbStore(dataDir);
    const catalogue = new CatalogueService(await store.loadCatalogue(), store, systemClock);
    const studioService = new StudioService(store, catalogue, systemClock, false, { quietMs: QUIET_MS_IN_TEST });
    await studioService.load();
    try {
      const before = readFileSync(paths.checkpoint, 'utf8');
      const input = AppealCreate.parse(appealInput(episodeId));
      const meta = { command: 'appeal:create', commandId: input.commandId, fingerprint: 'quiet-test', actor: { accountId: 'operator-1', name: '导播', role: 'operator' as const }, at: new Date().toISOString() };
      const { appeal } = await studioService.createAppeal(input, meta);
      const acked = Date.now();
      expect(episodeOnDisk(dataDir, episodeId).state.appeals[appeal.id]).toBeDefined();
      expect(readFileSync(paths.checkpoint, 'utf8')).toBe(before);
      expect(JSON.parse(before).logBytes).toBeLessThan(statSync(paths.log).size);
      await expect.poll(() => JSON.parse(readFileSync(paths.checkpoint, 'utf8')).logBytes, { timeout: 5_000, interval: 20 }).toBe(statSync(paths.log).size);
      // Not earlier than the delay (the timer starts just before the command resolves).
      expect(Date.now() - acked).toBeGreaterThanOrEqual(QUIET_MS_IN_TEST - 50);
    } finally {
      studioService.close();
      await store.close();
    }
  });

  it('after a crash the checkpoint lags its log: start-up reads the log from the checkpoint on and replays exactly that tail', async () => {
    const { dataDir, episodeId, ids } = await recordedEpisode(1);
    const crashed = new LowdbStore(dataDir);
    const [state] = await crashed.loadEpisodeStates();
    const last = (await crashed.loadEpisodeHistory(episodeId)).events.at(-1)!;
    for (const n of [1, 2]) {
      const event = { ...last, seq: state.seq + n, appeal: { ...last.appeal!, id: `tail-appeal-${n}` } };
      await crashed.commitEpisode({ episodeId, baseSeq: state.seq + n - 1, state: { ...state, seq: state.seq + n }, events: [event], commands: {} });
    }
    // No close, no quiet moment: the checkpoint still covers only what was there before.
    const covered = JSON.parse(readFileSync(`${dataDir}/episodes/${episodeId}.json`, 'utf8')).logBytes;
    const reads: Array<{ path: string; offset: number }> = [];
    const store = new LowdbStore(dataDir, { ...nodeFileSystem, readBytes: (path, offset) => (reads.push({ path, offset }), nodeFileSystem.readBytes(path, offset)) });
    const [restarted] = await store.loadEpisodeStates();
    expect(reads.filter((r) => r.path.endsWith('.log'))).toEqual([{ path: `${dataDir}/episodes/${episodeId}.log`, offset: covered }]);
    expect(restarted.seq).toBe(state.seq + 2);
    expect(Object.keys(restarted.appeals)).toEqual([...ids, 'tail-appeal-1', 'tail-appeal-2']);
  });

  it('a record torn by a crash mid-append is not history, and is cut off before the next append', async () => {
    const { dataDir, episodeId, paths } = await recordedEpisode(2);
    const whole = statSync(paths.log).size;
    appendFileSync(paths.log, '{"from":99,"to":99,"commands":{},"events":[{"type":"appeal.rec');
    const store = new LowdbStore(dataDir);
    const [state] = await store.loadEpisodeStates();
    expect(state.seq).toBe(episodeOnDisk(dataDir, episodeId).events.length);
    const next = { ...state, seq: state.seq + 1 };
    await store.commitEpisode({ episodeId, baseSeq: state.seq, state: next, events: [{ ...(await store.loadEpisodeHistory(episodeId)).events.at(-1)!, seq: next.seq }], commands: {} });
    const text = readFileSync(paths.log, 'utf8');
    expect(text.includes('appeal.rec"')).toBe(false);
    expect(text.endsWith('\n')).toBe(true);
    expect(statSync(paths.log).size).toBeGreaterThan(whole);
    expect((await new LowdbStore(dataDir).loadEpisodeState(episodeId))!.seq).toBe(next.seq);
  });

  it('a damaged record in the middle of a log sets the episode aside with the file and true byte named, instead of stopping the load', async () => {
    const { dataDir, episodeId, paths } = await recordedEpisode(1);
    const text = readFileSync(paths.log, 'utf8');
    writeFileSync(paths.log, `${text}{not json}\n${text.split('\n')[0]}\n`);
    // The checkpoint covers the old log only: the damage sits in the tail start-up must replay.
    const store = new LowdbStore(dataDir);
    expect(await store.loadEpisodeStates()).toEqual([]);
    expect(store.damaged()).toContainEqual(expect.objectContaining({ file: `episodes/${episodeId}.log`, episodeId, offset: Buffer.byteLength(text) }));
  });

  it('an episode file from before the log loads as it is, and its first command turns it into a log with the whole history', async () => {
    const { dataDir, episodeId, paths, ids } = await recordedEpisode(2);
    const old = episodeOnDisk(dataDir, episodeId);
    writeFileSync(paths.checkpoint, JSON.stringify(old));
    writeFileSync(paths.log, 'left over from an earlier attempt, to be ignored\n');

    const server = await startServer({ dataDir });
    try {
      expect(Object.keys(server.app.studio.state(episodeId).appeals)).toEqual(ids);
      expect((await server.app.studio.ledger(episodeId).events()).length).toBe(old.events.length);
      const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
      await ok(admin, 'episode:start', { commandId: `legacy-start-${episodeId}`, episodeId });
      admin.disconnect();
    } finally {
      await server.stop();
    }
    const now = episodeOnDisk(dataDir, episodeId);
    expect(now.events.slice(0, old.events.length)).toEqual(old.events);
    expect(now.events.at(-1)!.type).toBe('episode.started');
    expect(now.state.seq).toBe(old.state.seq + 1);
    expect(Object.keys(now.commands)).toEqual(expect.arrayContaining(Object.keys(old.commands)));
    expect(JSON.parse(readFileSync(paths.checkpoint, 'utf8')).format).toBe(2);
  });
});
