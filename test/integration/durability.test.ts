import { afterEach, describe, expect, it } from 'vitest';
import { faultyFileSystem } from '../helpers/faultyFileSystem';
import { episodeBytes, episodeOnDisk } from '../helpers/onDisk';
import {
  ADMIN_PASSWORD,
  appealInput,
  buildStudio,
  commandId,
  connectAs,
  connectWithCookie,
  eventually,
  login,
  ok,
  send,
  startServer,
  type ClientSocket,
  type Studio,
} from '../helpers/testServer';

const readEpisodeFile = (studio: Studio) => episodeOnDisk(studio.server.dataDir, studio.episodeId);
const episodeFiles = (studio: Studio) => episodeBytes(studio.server.dataDir, studio.episodeId);

describe('nothing acknowledged is ever lost', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('sends the ack only once the episode file on disk holds the change', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    const onDiskAtAck = await new Promise<any>((resolve) => {
      operator.emit('appeal:create', appealInput(episodeId, { summary: '落盘后才回执' }) as any, (response: any) => {
        // Read the real file synchronously in the ack callback: what the disk held when the ack arrived.
        const doc = readEpisodeFile(studio);
        resolve({ response, doc });
      });
    });
    expect(onDiskAtAck.response.ok).toBe(true);
    const id = onDiskAtAck.response.data.appeal.id;
    expect(onDiskAtAck.doc.state.appeals[id].summary).toBe('落盘后才回执');
    expect(onDiskAtAck.doc.state.seq).toBeGreaterThanOrEqual(onDiskAtAck.response.data.seq);
  });

  it('gives a retried command its first result and changes nothing twice, concurrently and in sequence', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    const payload = appealInput(episodeId);
    const [a, b] = await Promise.all([send(operator, 'appeal:create', payload), send(operator, 'appeal:create', payload)]);
    const c = await send(operator, 'appeal:create', payload);
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    const state = studio.server.app.studio.state(episodeId);
    expect(Object.keys(state.appeals)).toHaveLength(1);
    expect(readEpisodeFile(studio).events.filter((e: any) => e.type === 'appeal.received')).toHaveLength(1);
  });

  it('refuses the same commandId with other content', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    const payload = appealInput(episodeId);
    await ok(operator, 'appeal:create', payload);
    const reused = await send(operator, 'appeal:create', { ...payload, summary: '另一件事' });
    expect(reused).toMatchObject({ ok: false, error: { code: 'COMMAND_ID_REUSED' } });
    expect(Object.keys(studio.server.app.studio.state(episodeId).appeals)).toHaveLength(1);
  });

  it('loses nothing across a restart, and a retry after the restart still returns the first result', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const payload = appealInput(episodeId);
    const first = await ok(operator, 'appeal:create', payload);
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: first.appeal.id, expectedVersion: first.appeal.version });
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: first.appeal.id, expectedVersion: queued.appeal.version });
    const before = structuredClone(studio.server.app.studio.state(episodeId));

    studio.server = await studio.server.restart();
    const admin = await connectWithCookie(studio.server.url, await login(studio.server.url, 'admin', ADMIN_PASSWORD));
    const again = await connectAs(studio.server, admin, 'operator');
    const sync = await ok(again, 'episode:sync', { episodeId, sinceSeq: null });
    expect(sync.mode).toBe('snapshot');
    expect(sync.snapshot).toEqual(before);
    expect(sync.snapshot.episode.onAirAppealId).toBe(first.appeal.id);
    const retried = await send(again, 'appeal:create', payload);
    expect(retried).toEqual({ ok: true, data: first });
    expect(Object.keys(studio.server.app.studio.state(episodeId).appeals)).toHaveLength(1);
    for (const s of [admin, again]) s.disconnect();
  });

  it('keeps the session of a logged-in screen across a restart', async () => {
    studio = await buildStudio();
    const cookie = await login(studio.server.url, 'admin', ADMIN_PASSWORD);
    studio.server = await studio.server.restart();
    const socket = await connectWithCookie(studio.server.url, cookie);
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });

  it('commits a burst from five operators in far fewer writes than commands, every appeal on disk once', async () => {
    const { fs, state: disk } = faultyFileSystem();
    const server = await startServer({ fs });
    studio = await buildStudio({ server });
    const operators: ClientSocket[] = [studio.operator];
    for (let i = 0; i < 4; i++) operators.push(await connectAs(server, studio.admin, 'operator'));
    const writesBefore = disk.writes;
    const acks = await Promise.all(Array.from({ length: 100 }, (_, i) => ok(operators[i % 5], 'appeal:create', appealInput(studio.episodeId, { summary: `第${i}件` }))));
    const writes = disk.writes - writesBefore;
    const doc = readEpisodeFile(studio);
    expect(new Set(acks.map((a) => a.appeal.id)).size).toBe(100);
    for (const ack of acks) expect(doc.state.appeals[ack.appeal.id]).toBeDefined();
    expect(writes).toBeLessThan(100);
    console.log(`burst: 100 appeals from 5 operators committed in ${writes} writes`);
    for (const s of operators.slice(1)) s.disconnect();
  });
});

describe('a failing disk', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('sends no success, keeps memory level with the disk, tells screens to resync, and works again once the fault is gone', async () => {
    const { fs, state: disk } = faultyFileSystem();
    const server = await startServer({ fs });
    studio = await buildStudio({ server });
    const { operator, screen, episodeId } = studio;
    await ok(screen, 'episode:sync', { episodeId, sinceSeq: null });
    const resyncs: any[] = [];
    screen.on('episode:resyncRequired', (info) => resyncs.push(info));
    const fileBefore = episodeFiles(studio);
    const seqBefore = server.app.studio.state(episodeId).seq;

    disk.failWrites = 'ENOSPC';
    const refused = await send(operator, 'appeal:create', appealInput(episodeId));
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED', message: expect.stringContaining('磁盘') } });
    expect(server.app.studio.state(episodeId).seq).toBe(seqBefore);
    expect(Object.keys(server.app.studio.state(episodeId).appeals)).toHaveLength(0);
    expect(episodeFiles(studio)).toBe(fileBefore);
    await eventually(() => resyncs.length === 1);
    expect(resyncs[0].episodeId).toBe(episodeId);

    disk.failWrites = null;
    const accepted = await ok(operator, 'appeal:create', appealInput(episodeId));
    expect(server.app.studio.state(episodeId).seq).toBe(seqBefore + 1);
    expect(readEpisodeFile(studio).state.appeals[accepted.appeal.id]).toBeDefined();
  });
});

describe('retries answered from the event log', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('keeps no second copy of the appeal in the file, and a retry after later changes still returns the first result', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    const payload = appealInput(episodeId);
    const first = await ok(operator, 'appeal:create', payload);
    await ok(operator, 'appeal:update', { commandId: commandId(), episodeId, appealId: first.appeal.id, expectedVersion: 1, patch: { summary: '后来改过的摘要' } });
    const record = readEpisodeFile(studio).commands[payload.commandId];
    expect(record.result).toBeUndefined();
    expect(record.events).toEqual([first.seq, first.seq]);
    // The retry answers with the appeal as it was created, not as it is now.
    expect(await send(operator, 'appeal:create', payload)).toEqual({ ok: true, data: first });
  });
});

describe('a failing disk while planning', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('refuses the plan, lists no half-made episode, and keeps no report record of it', async () => {
    const { fs, state: disk } = faultyFileSystem();
    const server = await startServer({ fs });
    studio = await buildStudio({ server });
    const { admin, unitId } = studio;
    disk.failWrites = 'ENOSPC';
    const refused = await send(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-02', slot: { start: '09:00', end: '10:00' }, theme: '写不进磁盘的一期', host: '', unitIds: [unitId], leaderIds: [] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'STORAGE_FAILED' } });
    disk.failWrites = null;
    const catalogue = await ok(admin, 'catalogue:get', {});
    expect(catalogue.episodes.map((e: any) => e.theme)).toEqual(['老旧小区改造与物业服务']);
    const summary = await ok(admin, 'reports:summary', { from: '2025-01-01', to: '2025-12-31' });
    expect(summary.episodes).toEqual([]);
    const annual = await ok(admin, 'reports:annual', { year: 2025 });
    expect(annual.xuzhou.columns[0].value).toBe(0);
    // Nothing the server keeps about episodes still knows the one that was never written.
    const known = new Set(server.app.studio.summaries().map((e) => e.id));
    expect(server.app.reports.all().filter((r) => !known.has(r.episodeId))).toEqual([]);
  });
});
