import { afterEach, describe, expect, it } from 'vitest';
import { faultyFileSystem } from '../../helpers/faultyFileSystem';
import { ADMIN_PASSWORD, buildStudio, connectWithCookie, login, ok, send, startServer, type ClientSocket, type Studio } from '../../helpers/testServer';
import { account, collect, expectRefused, handOver, itemOf, settle } from './helpers';
import { episodeBytes, episodeOnDisk } from '../../helpers/onDisk';

/*
 * Follow-up work is as durable as the live show: an ack means the episode file on disk already
 * holds the change, a restart loses nothing, and a failed write changes nothing and tells no one.
 */

const readEpisodeFile = (studio: Studio) => episodeOnDisk(studio.server.dataDir, studio.episodeId);
const episodeFiles = (studio: Studio) => episodeBytes(studio.server.dataDir, studio.episodeId);

/** Send a command and read the episode file synchronously inside the ack callback: what the disk held when the ack arrived. */
function sendAndReadDisk(studio: Studio, socket: ClientSocket, command: string, payload: object): Promise<{ response: any; doc: any }> {
  return new Promise((resolve) => {
    (socket as any).emit(command, payload, (response: any) => resolve({ response, doc: readEpisodeFile(studio) }));
  });
}

describe('durable follow-up work', () => {
  let studio: Studio;
  let sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    await studio?.close();
  });

  it("each follow-up command's ack arrives only once the episode file on disk holds the change", async () => {
    studio = await buildStudio();
    const followup = await account(studio.server, studio.admin, 'followup');
    const liaison = await account(studio.server, studio.admin, 'unit', studio.unitId);
    sockets = [followup.socket, liaison.socket];
    const handed = await handOver(studio);
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);

    // The reply the issue names first.
    const replied = await sendAndReadDisk(studio, liaison.socket, 'supervision:reply', { ...item.ref(), text: '落盘后才回执' });
    expect(replied.response.ok).toBe(true);
    const onDisk = replied.doc.state.appeals[handed.id];
    expect(onDisk.supervision.status).toBe('replied');
    expect(onDisk.supervision.replies.map((r: any) => r.text)).toEqual(['落盘后才回执']);
    expect(onDisk.version).toBe(replied.response.data.appeal.version);
    expect(replied.doc.state.seq).toBeGreaterThanOrEqual(replied.response.data.seq);
    expect(replied.doc.events.at(-1)).toMatchObject({ type: 'supervision.replied', seq: replied.response.data.seq });

    // And the rest of the item's life, step by step.
    const steps: Array<[ClientSocket, string, object, (s: any) => void]> = [
      [followup.socket, 'supervision:callBack', { outcome: 'reached', rating: 'unsatisfied', note: '不满意' }, (s) => expect(s).toMatchObject({ status: 'with_unit', reopenings: 1 })],
      [liaison.socket, 'supervision:requestExtension', { workdays: 2, reason: '再给两天' }, (s) => expect(s.extensionRequests).toHaveLength(1)],
      [followup.socket, 'supervision:remind', { note: '催办' }, (s) => expect(s.reminders).toHaveLength(1)],
      [liaison.socket, 'supervision:reply', { text: '第二次答复' }, (s) => expect(s.replies).toHaveLength(2)],
      [followup.socket, 'supervision:callBack', { outcome: 'reached', rating: 'satisfied' }, (s) => expect(s.callbacks).toHaveLength(2)],
      [followup.socket, 'supervision:close', { note: '办结' }, (s) => expect(s.status).toBe('closed')],
    ];
    for (const [socket, command, extra, check] of steps) {
      await new Promise((r) => setTimeout(r, 5)); // distinct timestamps
      const { response, doc } = await sendAndReadDisk(studio, socket, command, { ...item.ref(), ...extra });
      expect(response.ok, `${command}: ${JSON.stringify(response).slice(0, 200)}`).toBe(true);
      check(doc.state.appeals[handed.id].supervision);
      expect(doc.state.seq, command).toBeGreaterThanOrEqual(response.data.seq);
    }
  });

  it('a restart keeps every item and its history; the liaison reconnects with its session and carries on; a retry after the restart returns the first result', async () => {
    studio = await buildStudio();
    const followup = await account(studio.server, studio.admin, 'followup');
    const liaison = await account(studio.server, studio.admin, 'unit', studio.unitId);
    const first = await handOver(studio, { summary: '重启前交办一' });
    const second = await handOver(studio, { summary: '重启前交办二', complexity: 'complex' });
    const one = itemOf(() => studio.server, studio.episodeId, first.id);
    const extensionPayload = { ...one.ref(), workdays: 2, reason: '需要两天' };
    const asked = await ok(liaison.socket, 'supervision:requestExtension', extensionPayload);
    const listBefore = await ok(followup.socket, 'supervision:list', {});
    const detailBefore = await ok(followup.socket, 'supervision:detail', { episodeId: studio.episodeId, appealId: first.id });
    followup.socket.disconnect();
    liaison.socket.disconnect();

    studio.server = await studio.server.restart();
    const { server } = studio;
    const liaisonAgain = await connectWithCookie(server.url, liaison.cookie);
    const followupAgain = await connectWithCookie(server.url, followup.cookie);
    const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
    sockets = [liaisonAgain, followupAgain, admin];

    expect(await ok(followupAgain, 'supervision:list', {})).toEqual(listBefore);
    expect(await ok(followupAgain, 'supervision:detail', { episodeId: studio.episodeId, appealId: first.id })).toEqual(detailBefore);
    const own = await ok(liaisonAgain, 'supervision:list', {});
    expect(own.items.map((i: any) => i.appeal.id).sort()).toEqual([first.id, second.id].sort());

    // The retry of the command sent before the restart returns its first result, and adds nothing.
    expect(await send(liaisonAgain, 'supervision:requestExtension', extensionPayload)).toEqual({ ok: true, data: asked });
    expect(one.current().supervision.extensionRequests).toHaveLength(1);

    // Carry on: the desk grants, the unit replies, the desk calls back and closes.
    const changes = collect(liaisonAgain, 'supervision:changed');
    const requestId = one.current().supervision.extensionRequests[0].id;
    await one.step(followupAgain, 'supervision:decideExtension', { requestId, granted: true, note: '同意' });
    await one.step(liaisonAgain, 'supervision:reply', { text: '重启后答复' });
    await one.step(followupAgain, 'supervision:callBack', { outcome: 'reached', rating: 'satisfied' });
    expect((await one.step(followupAgain, 'supervision:close', {})).supervision.status).toBe('closed');
    await expect.poll(() => changes.length).toBe(4);
    expect(changes.map((c) => c.appeal.supervision.status)).toEqual(['with_unit', 'replied', 'replied', 'closed']);

    // And all of it survives one more restart.
    studio.server = await studio.server.restart();
    const reread = await connectWithCookie(studio.server.url, followup.cookie);
    sockets.push(reread);
    const detail = await ok(reread, 'supervision:detail', { episodeId: studio.episodeId, appealId: first.id });
    expect(detail.item.appeal.supervision).toMatchObject({ status: 'closed', replies: [{ text: '重启后答复', onBehalf: false }] });
    expect(detail.history.map((e: any) => e.type).slice(-5)).toEqual(['supervision.extensionRequested', 'supervision.extensionDecided', 'supervision.replied', 'supervision.calledBack', 'supervision.closed']);
  });

  it('a failed write changes nothing, answers STORAGE_FAILED and tells no desk that the item changed; once the disk is back the same step succeeds', async () => {
    const { fs, state: disk } = faultyFileSystem();
    const server = await startServer({ fs });
    studio = await buildStudio({ server });
    const followup = await account(server, studio.admin, 'followup');
    const liaison = await account(server, studio.admin, 'unit', studio.unitId);
    sockets = [followup.socket, liaison.socket];
    for (const s of sockets) await ok(s, 'supervision:list', {});
    const handed = await handOver(studio);
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);
    await settle();
    const seenDesk = collect(followup.socket, 'supervision:changed');
    const seenUnit = collect(liaison.socket, 'supervision:changed');
    const fileBefore = episodeFiles(studio);
    const seqBefore = server.app.studio.state(studio.episodeId).seq;

    disk.failWrites = 'ENOSPC';
    const payload = { ...item.ref(), text: '磁盘满时的答复' };
    expectRefused(await send(liaison.socket, 'supervision:reply', payload), 'STORAGE_FAILED');
    await settle();
    expect(server.app.studio.state(studio.episodeId).seq).toBe(seqBefore);
    expect(item.current().supervision).toMatchObject({ status: 'with_unit', replies: [] });
    expect(episodeFiles(studio)).toBe(fileBefore);
    expect(seenDesk).toEqual([]);
    expect(seenUnit).toEqual([]);
    expect((await ok(followup.socket, 'supervision:list', {})).counts).toMatchObject({ withUnit: 1, replied: 0 });

    disk.failWrites = null;
    const replied = await item.step(liaison.socket, 'supervision:reply', { text: '磁盘恢复后的答复' });
    expect(replied.supervision.replies.map((r: any) => r.text)).toEqual(['磁盘恢复后的答复']);
    await expect.poll(() => seenDesk.length).toBe(1);
    expect(readEpisodeFile(studio).state.appeals[handed.id].supervision!.status).toBe('replied');
  });
});
