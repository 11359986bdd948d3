import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../shared/domain/errors';
import { appealInput, buildStudio, commandId, ok, send, type ClientSocket, type Studio } from '../../helpers/testServer';
import {
  account,
  addUnit,
  CALLER_PHONE,
  collect,
  episodeSnapshot,
  expectEpisodeUnchanged,
  expectRefused,
  getJson,
  handOver,
  itemOf,
  MASKED_PHONE,
  settle,
} from './helpers';

/*
 * A unit's liaison sees and works only its own unit's supervised items, over Socket.IO and HTTP
 * alike, and never a caller's full name or number. Follow-up staff see everything, in full.
 */

interface World {
  studio: Studio;
  unitA: string;
  unitB: string;
  liaisonA: { socket: ClientSocket; cookie: string };
  liaisonB: { socket: ClientSocket; cookie: string };
  followup: { socket: ClientSocket; cookie: string };
  a1: any;
  a2: any;
  b1: any;
}

/** Unit A (the episode's unit) with two items, unit B with one; a liaison for each and a follow-up desk. */
async function world(): Promise<World> {
  const studio = await buildStudio();
  const { admin } = studio;
  const unitA = studio.unitId;
  const unitB = await addUnit(admin, '市城市管理局');
  const liaisonA = await account(studio.server, admin, 'unit', unitA);
  const liaisonB = await account(studio.server, admin, 'unit', unitB);
  const followup = await account(studio.server, admin, 'followup');
  const a1 = await handOver(studio, { summary: 'A单位事项一' });
  const a2 = await handOver(studio, { summary: 'A单位事项二', complexity: 'simple' });
  const b1 = await handOver(studio, { summary: 'B单位事项', unitId: unitB });
  return { studio, unitA, unitB, liaisonA, liaisonB, followup, a1, a2, b1 };
}

const ids = (items: any[]) => items.map((i) => i.appeal.id).sort();

describe('unit isolation', () => {
  let w: World | undefined;
  afterEach(async () => {
    if (!w) return;
    for (const s of [w.liaisonA.socket, w.liaisonB.socket, w.followup.socket]) s.disconnect();
    await w.studio.close();
    w = undefined;
  });

  it("over Socket.IO a liaison lists, reads and works only its own unit's items; unit B's item is FORBIDDEN and nothing changes", async () => {
    w = await world();
    const { studio, liaisonA, unitA, unitB, a1, a2, b1 } = w;
    const l = liaisonA.socket;

    const own = await ok(l, 'supervision:list', {});
    expect(ids(own.items)).toEqual([a1.id, a2.id].sort());
    expect(own.counts).toMatchObject({ total: 2, withUnit: 2 });
    expect(ids((await ok(l, 'supervision:list', { unitId: unitA })).items)).toEqual([a1.id, a2.id].sort());
    expect(ids((await ok(l, 'supervision:list', { episodeId: studio.episodeId })).items)).toEqual([a1.id, a2.id].sort());
    expect(await send(l, 'supervision:list', { unitId: unitB })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });

    const detailB = expectRefused(await send(l, 'supervision:detail', { episodeId: studio.episodeId, appealId: b1.id }), 'FORBIDDEN', 'detail of B');
    expect(JSON.stringify(detailB)).not.toContain('B单位事项');
    expect((await ok(l, 'supervision:detail', { episodeId: studio.episodeId, appealId: a1.id })).item.appeal.id).toBe(a1.id);

    const b = itemOf(() => studio.server, studio.episodeId, b1.id);
    const before = await episodeSnapshot(studio.server, studio.episodeId);
    for (const [command, extra] of [
      ['supervision:reply', { text: '已处理' }],
      ['supervision:requestExtension', { workdays: 3, reason: '需要时间' }],
    ] as const) {
      const error = expectRefused(await send(l, command, { ...b.ref(), ...extra } as any), 'FORBIDDEN', command);
      expect(JSON.stringify(error)).not.toContain('B单位事项');
    }
    await expectEpisodeUnchanged(studio.server, studio.episodeId, before, 'liaison A on B');

    // Unit B's own liaison may do exactly what A was refused.
    await b.step(w.liaisonB.socket, 'supervision:requestExtension', { workdays: 3, reason: '需要时间' });
    await b.step(w.liaisonB.socket, 'supervision:reply', { text: '已处理' });
  });

  it('over HTTP the same rules hold: the list holds only the liaison’s items, unit B’s item and a unit B filter are 403 FORBIDDEN', async () => {
    w = await world();
    const { studio, liaisonA, followup, unitB, a1, a2, b1 } = w;
    const { server, episodeId } = studio;

    const list = await getJson(server, '/api/supervision', liaisonA.cookie);
    expect(list.status).toBe(200);
    expect(list.body.ok).toBe(true);
    expect(ids(list.body.data.items)).toEqual([a1.id, a2.id].sort());
    expect(list.text).not.toContain('B单位事项');
    expect(list.text).not.toContain(CALLER_PHONE);
    expect(list.text).toContain(MASKED_PHONE);

    const filtered = await getJson(server, `/api/supervision?unitId=${unitB}`, liaisonA.cookie);
    expect(filtered.status).toBe(403);
    expect(filtered.body).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });

    const other = await getJson(server, `/api/supervision/${episodeId}/${b1.id}`, liaisonA.cookie);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');
    expect(other.text).not.toContain('B单位事项');

    const mine = await getJson(server, `/api/supervision/${episodeId}/${a1.id}`, liaisonA.cookie);
    expect(mine.status).toBe(200);
    expect(mine.body.data.item.appeal.id).toBe(a1.id);
    expect(mine.body.data.item.appeal.caller.phone).toBe(MASKED_PHONE);

    // Follow-up staff read everything, unmasked.
    const all = await getJson(server, '/api/supervision', followup.cookie);
    expect(ids(all.body.data.items)).toEqual([a1.id, a2.id, b1.id].sort());
    expect(all.text).toContain(CALLER_PHONE);
    expect((await getJson(server, `/api/supervision?unitId=${unitB}`, followup.cookie)).body.data.items.map((i: any) => i.appeal.id)).toEqual([b1.id]);
    expect((await getJson(server, `/api/supervision?status=with_unit&due=due_soon`, followup.cookie)).status).toBe(200);

    // No session, a role without the command, a bad filter, an unknown item.
    const anonymous = await getJson(server, '/api/supervision');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
    expect((await getJson(server, `/api/supervision/${episodeId}/${a1.id}`)).status).toBe(401);
    const screen = await account(server, studio.admin, 'screen');
    const leader = await account(server, studio.admin, 'leader');
    for (const who of [screen, leader]) {
      const refused = await getJson(server, '/api/supervision', who.cookie);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN } });
      expect((await getJson(server, `/api/supervision/${episodeId}/${a1.id}`, who.cookie)).status).toBe(403);
      who.socket.disconnect();
    }
    const bad = await getJson(server, '/api/supervision?due=tomorrow', followup.cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect((await getJson(server, '/api/supervision?isAdmin=1', followup.cookie)).status).toBe(400);
    const missing = await getJson(server, `/api/supervision/${episodeId}/no-such-appeal`, followup.cookie);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('APPEAL_NOT_FOUND');
    expect((await getJson(server, `/api/supervision/no-such-episode/${a1.id}`, followup.cookie)).status).toBe(404);
  });

  it("liaisons receive supervision:changed only for their own unit's items, caller masked; follow-up staff receive every change in full", async () => {
    w = await world();
    const { studio, liaisonA, liaisonB, followup, unitA, unitB } = w;
    // Listing subscribes a desk to live changes.
    for (const s of [liaisonA.socket, liaisonB.socket, followup.socket]) await ok(s, 'supervision:list', {});
    const seenA = collect(liaisonA.socket, 'supervision:changed');
    const seenB = collect(liaisonB.socket, 'supervision:changed');
    const seenF = collect(followup.socket, 'supervision:changed');
    const seenScreen = collect(studio.screen, 'supervision:changed');
    const seenLeader = collect(studio.leader, 'supervision:changed');

    const forA = await handOver(studio, { summary: '新交办A' });
    const forB = await handOver(studio, { summary: '新交办B', unitId: unitB });
    const a = itemOf(() => studio.server, studio.episodeId, forA.id);
    const b = itemOf(() => studio.server, studio.episodeId, forB.id);
    await a.step(followup.socket, 'supervision:remind', { note: '请尽快' });
    await b.step(liaisonB.socket, 'supervision:reply', { text: '已处理' });
    await expect.poll(() => seenF.length).toBe(4);
    await expect.poll(() => seenA.length).toBe(2);
    await expect.poll(() => seenB.length).toBe(2);
    await settle();

    expect(seenA.map((i) => i.appeal.id)).toEqual([forA.id, forA.id]);
    expect(seenB.map((i) => i.appeal.id)).toEqual([forB.id, forB.id]);
    expect(seenF.map((i) => i.appeal.id)).toEqual([forA.id, forB.id, forA.id, forB.id]);
    for (const item of [...seenA, ...seenB]) {
      expect(item.appeal.caller).toMatchObject({ name: '王先生', phone: MASKED_PHONE });
    }
    expect(JSON.stringify([...seenA, ...seenB])).not.toContain(CALLER_PHONE);
    expect(JSON.stringify([...seenA, ...seenB])).not.toContain('王建华');
    for (const item of seenF) expect(item.appeal.caller).toMatchObject({ name: '王建华', phone: CALLER_PHONE });
    expect(seenA[1].appeal.supervision.reminders).toHaveLength(1);
    expect(seenB[1].appeal.supervision.status).toBe('replied');
    // The studio screen and the leader panel hear nothing of supervision.
    expect(seenScreen).toEqual([]);
    expect(seenLeader).toEqual([]);

    // Reassigned from A to B: from then on the change goes to B, not to A.
    await a.step(followup.socket, 'supervision:assign', { unitId: unitB, reason: '属城管职责' });
    await expect.poll(() => seenB.length).toBe(3);
    await settle();
    expect(seenB[2].appeal).toMatchObject({ id: forA.id, supervision: { unitId: unitB } });
    expect(seenA).toHaveLength(2);
    expect(seenF).toHaveLength(5);
    expect(unitA).not.toBe(unitB);
  });

  it("a liaison's detail of its own item (history included) carries no caller number or full name, over Socket.IO and HTTP", async () => {
    w = await world();
    const { studio, liaisonA, a1 } = w;
    // A correction of the number during the call: the audit trail holds the old and the new number.
    const { operator, episodeId } = studio;
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone: CALLER_PHONE } }));
    const updated = await ok(operator, 'appeal:update', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version, patch: { caller: { anonymous: false, name: '王建华', title: '先生', phone: '13987654321' } } });
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: updated.appeal.version });
    await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version, reason: '会后办理' });

    const leaks: string[] = [];
    for (const [which, appealId] of [['plain item', a1.id], ['item whose number was corrected', appeal.id]]) {
      const detail = await ok(liaisonA.socket, 'supervision:detail', { episodeId, appealId });
      expect(detail.history.length).toBeGreaterThan(0);
      expect(detail.item.appeal.caller.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      const overHttp = await getJson(studio.server, `/api/supervision/${episodeId}/${appealId}`, liaisonA.cookie);
      expect(overHttp.status).toBe(200);
      for (const [how, text] of [['socket', JSON.stringify(detail)], ['http', overHttp.text]]) {
        expect(text).toMatch(/1\d{2}\*{4}\d{4}/);
        for (const secret of [CALLER_PHONE, '13987654321', '王建华']) if (text.includes(secret)) leaks.push(`${how} / ${which}: ${secret}`);
      }
    }
    expect(leaks, 'caller details in what a unit liaison received').toEqual([]);
  });

  it("a liaison cannot obtain another unit's item by replaying the commandId of a command someone else ran on it", async () => {
    w = await world();
    const { studio, liaisonA, followup, b1 } = w;
    const b = itemOf(() => studio.server, studio.episodeId, b1.id);
    // Follow-up staff record unit B's reply on its behalf.
    const payload = { ...b.ref(), text: 'B单位电话答复：已处理' };
    await ok(followup.socket, 'supervision:reply', payload);
    const before = await episodeSnapshot(studio.server, studio.episodeId);
    // Liaison A sends the very same command (same id, same content): it is still unit B's item.
    const response = await send(liaisonA.socket, 'supervision:reply', payload);
    expect(JSON.stringify(response).includes('B单位事项'), 'unit B’s item was returned to unit A’s liaison').toBe(false);
    expectRefused(response, 'FORBIDDEN', 'replayed command on B');
    await expectEpisodeUnchanged(studio.server, studio.episodeId, before, 'replay');
  });
});
