import { afterEach, describe, expect, it } from 'vitest';
import { AUTOMATIC_HANDOVER_REASON } from '../../../shared/domain/appealRules';
import { appealInput, buildStudio, commandId, ok, send, type ClientSocket, type Studio } from '../../helpers/testServer';
import { account, addUnit, episodeSnapshot, expectEpisodeUnchanged, expectRefused, handOver, itemOf, raw, TestClock } from './helpers';

/*
 * Every transition of a supervised item, over the real server: who may do it, what it records, and
 * that every refusal (illegal transition, bad payload, wrong role, stale version) leaves the episode
 * exactly as it was: same seq, same state, same bytes on disk.
 */

interface Desk {
  clock: TestClock;
  followup: { socket: ClientSocket; displayName: string };
  liaison: { socket: ClientSocket; displayName: string };
  sockets: ClientSocket[];
}

/** A studio on Monday 27 January 2025 (simple items are due 6 February), a follow-up desk and unit A's liaison. */
async function desk(): Promise<{ studio: Studio } & Desk> {
  const clock = new TestClock('2025-01-27T02:00:00Z');
  const studio = await buildStudio({ clock });
  const followup = await account(studio.server, studio.admin, 'followup');
  const liaison = await account(studio.server, studio.admin, 'unit', studio.unitId);
  return { studio, clock, followup, liaison, sockets: [followup.socket, liaison.socket] };
}

describe('supervised item transitions', () => {
  let studio: Studio;
  let sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    await studio?.close();
  });

  /** Send a command that must be refused with `code` and must change nothing. */
  async function refusedUnchanged(socket: ClientSocket, command: string, payload: object, code: string, what = command) {
    const before = await episodeSnapshot(studio.server, studio.episodeId);
    const error = expectRefused(await raw(socket, command, payload), code, what);
    await expectEpisodeUnchanged(studio.server, studio.episodeId, before, what);
    return error;
  }

  it("reassigning (supervision:assign) hands the item to unit B: B's liaison works it, A's liaison is refused from then on", async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const unitB = await addUnit(studio.admin, '市城市管理局');
    const liaisonB = await account(studio.server, studio.admin, 'unit', unitB);
    sockets.push(liaisonB.socket);
    const handed = await handOver(studio, { complexity: 'simple' });
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);
    await ok(d.liaison.socket, 'supervision:detail', { episodeId: studio.episodeId, appealId: handed.id });

    // Bad reassignments change nothing.
    await refusedUnchanged(d.followup.socket, 'supervision:assign', { ...item.ref(), unitId: studio.unitId, reason: '仍由原单位办理' }, 'ILLEGAL_TRANSITION', 'same unit');
    const unknown = await refusedUnchanged(d.followup.socket, 'supervision:assign', { ...item.ref(), unitId: 'no-such-unit', reason: '改派' }, 'NOT_FOUND', 'unknown unit');
    expect(unknown.field).toBe('unitId');
    await refusedUnchanged(d.followup.socket, 'supervision:assign', { ...item.ref(), unitId: unitB, reason: '   ' }, 'VALIDATION_FAILED', 'blank reason');
    await refusedUnchanged(d.liaison.socket, 'supervision:assign', { ...item.ref(), unitId: unitB, reason: '不归我们管' }, 'FORBIDDEN', 'liaison reassigns');

    const moved = await item.step(d.followup.socket, 'supervision:assign', { unitId: unitB, reason: '属城管职责' });
    expect(moved.supervision).toMatchObject({ unitId: unitB, status: 'with_unit', deadline: '2025-02-06' });

    // Unit A's liaison has lost the item: every read and every action is refused and changes nothing.
    expectRefused(await send(d.liaison.socket, 'supervision:detail', { episodeId: studio.episodeId, appealId: handed.id }), 'FORBIDDEN', 'A detail');
    await refusedUnchanged(d.liaison.socket, 'supervision:reply', { ...item.ref(), text: '已处理' }, 'FORBIDDEN', 'A reply');
    await refusedUnchanged(d.liaison.socket, 'supervision:requestExtension', { ...item.ref(), workdays: 2, reason: '需要时间' }, 'FORBIDDEN', 'A extension');
    expect((await ok(d.liaison.socket, 'supervision:list', {})).items).toEqual([]);

    // Unit B's liaison has it.
    const listB = await ok(liaisonB.socket, 'supervision:list', {});
    expect(listB.items.map((i: any) => i.appeal.id)).toEqual([handed.id]);
    const replied = await item.step(liaisonB.socket, 'supervision:reply', { text: '已派执法队员现场处理' });
    expect(replied.supervision.replies).toEqual([{ at: d.clock.iso(), by: liaisonB.displayName, text: '已派执法队员现场处理', onBehalf: false }]);

    // The audit trail says who moved it, from which unit to which.
    const detail = await ok(d.followup.socket, 'supervision:detail', { episodeId: studio.episodeId, appealId: handed.id });
    const assigned = detail.history.find((e: any) => e.type === 'supervision.assigned');
    expect(assigned.actor).toMatchObject({ name: d.followup.displayName, role: 'followup' });
    expect(assigned.changes).toContainEqual({ path: 'supervision.unitId', from: studio.unitId, to: unitB });
  });

  it('the reason given for a reassignment is kept in the audit trail (it is a required field)', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const unitB = await addUnit(studio.admin, '市城市管理局');
    const handed = await handOver(studio);
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);
    await item.step(d.followup.socket, 'supervision:assign', { unitId: unitB, reason: '经核实属城管执法职责' });
    const detail = await ok(d.followup.socket, 'supervision:detail', { episodeId: studio.episodeId, appealId: handed.id });
    // Whatever the shape, the reason must be somewhere in the item or its history: a required reason that is thrown away is no audit trail.
    expect(JSON.stringify(detail).includes('经核实属城管执法职责'), 'the reassignment reason is neither in the item nor in its history').toBe(true);
  });

  it('setDeadline needs a reason and a real change; remind records a reminder; neither is open to the liaison', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const handed = await handOver(studio, { complexity: 'simple' });
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);
    const f = d.followup.socket;

    await refusedUnchanged(f, 'supervision:setDeadline', { ...item.ref(), deadline: '2025-02-12' }, 'VALIDATION_FAILED', 'no reason');
    await refusedUnchanged(f, 'supervision:setDeadline', { ...item.ref(), reason: '调整' }, 'VALIDATION_FAILED', 'neither date nor complexity');
    await refusedUnchanged(f, 'supervision:setDeadline', { ...item.ref(), deadline: '2025-02-30', reason: '调整' }, 'VALIDATION_FAILED', 'impossible date');
    await refusedUnchanged(f, 'supervision:setDeadline', { ...item.ref(), complexity: 'urgent', reason: '调整' }, 'VALIDATION_FAILED', 'unknown complexity');
    await refusedUnchanged(f, 'supervision:setDeadline', { ...item.ref(), deadline: '2025-02-06', reason: '调整' }, 'ILLEGAL_TRANSITION', 'same deadline');
    await refusedUnchanged(f, 'supervision:setDeadline', { ...item.ref(), complexity: 'simple', reason: '调整' }, 'ILLEGAL_TRANSITION', 'same complexity');
    await refusedUnchanged(d.liaison.socket, 'supervision:setDeadline', { ...item.ref(), deadline: '2025-03-31', reason: '想晚点' }, 'FORBIDDEN', 'liaison');

    d.clock.tick();
    let appeal = await item.step(f, 'supervision:setDeadline', { deadline: '2025-02-12', reason: '需协调供电公司' });
    expect(appeal.supervision.deadline).toBe('2025-02-12');
    expect(appeal.supervision.deadlineChanges).toEqual([{ at: d.clock.iso(), by: d.followup.displayName, from: '2025-02-06', to: '2025-02-12', reason: '需协调供电公司' }]);

    await refusedUnchanged(d.liaison.socket, 'supervision:remind', { ...item.ref(), note: '快点' }, 'FORBIDDEN', 'liaison reminds');
    d.clock.tick();
    appeal = await item.step(f, 'supervision:remind', { note: '市民再次来电催问' });
    d.clock.tick();
    appeal = await item.step(f, 'supervision:remind', {});
    expect(appeal.supervision.reminders).toEqual([
      { at: new Date(Date.parse(d.clock.iso()) - 1000).toISOString(), by: d.followup.displayName, note: '市民再次来电催问' },
      { at: d.clock.iso(), by: d.followup.displayName, note: '' },
    ]);
    // Once the unit has replied there is nothing to remind it of.
    await item.step(d.liaison.socket, 'supervision:reply', { text: '已修复' });
    await refusedUnchanged(f, 'supervision:remind', { ...item.ref(), note: '催办' }, 'ILLEGAL_TRANSITION', 'remind after reply');
  });

  it('extensions: the liaison asks, a second open request is refused, a grant moves the deadline by that many working days, a refusal keeps it', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const handed = await handOver(studio, { complexity: 'simple' });
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);
    const f = d.followup.socket;
    const l = d.liaison.socket;

    await refusedUnchanged(f, 'supervision:requestExtension', { ...item.ref(), workdays: 3, reason: '代申请' }, 'FORBIDDEN', 'followup asks');
    await refusedUnchanged(l, 'supervision:requestExtension', { ...item.ref(), workdays: 0, reason: '需要时间' }, 'VALIDATION_FAILED', 'zero days');
    await refusedUnchanged(l, 'supervision:requestExtension', { ...item.ref(), workdays: 31, reason: '需要时间' }, 'VALIDATION_FAILED', '31 days');
    await refusedUnchanged(l, 'supervision:requestExtension', { ...item.ref(), workdays: 1.5, reason: '需要时间' }, 'VALIDATION_FAILED', 'half a day');
    await refusedUnchanged(l, 'supervision:requestExtension', { ...item.ref(), workdays: 3 }, 'VALIDATION_FAILED', 'no reason');

    d.clock.tick();
    let appeal = await item.step(l, 'supervision:requestExtension', { workdays: 3, reason: '需等待配件到货' });
    const [request] = appeal.supervision.extensionRequests;
    expect(request).toEqual({ id: expect.any(String), at: d.clock.iso(), by: d.liaison.displayName, workdays: 3, reason: '需等待配件到货', decision: null });
    expect(appeal.supervision.deadline).toBe('2025-02-06');

    await refusedUnchanged(l, 'supervision:requestExtension', { ...item.ref(), workdays: 5, reason: '再多给几天' }, 'ILLEGAL_TRANSITION', 'second open request');
    await refusedUnchanged(l, 'supervision:decideExtension', { ...item.ref(), requestId: request.id, granted: true }, 'FORBIDDEN', 'liaison decides');
    const missing = await refusedUnchanged(f, 'supervision:decideExtension', { ...item.ref(), requestId: 'no-such-request', granted: true }, 'NOT_FOUND', 'unknown request');
    expect(missing.field).toBe('requestId');

    // Granted: 6 Feb + 3 working days = 7 Feb, 8 Feb (make-up Saturday), 10 Feb.
    d.clock.tick();
    appeal = await item.step(f, 'supervision:decideExtension', { requestId: request.id, granted: true, note: '同意' });
    expect(appeal.supervision.deadline).toBe('2025-02-10');
    expect(appeal.supervision.extensionRequests[0].decision).toEqual({ granted: true, at: d.clock.iso(), by: d.followup.displayName, note: '同意' });
    expect(appeal.supervision.deadlineChanges).toEqual([
      { at: d.clock.iso(), by: d.followup.displayName, from: '2025-02-06', to: '2025-02-10', reason: expect.stringContaining('需等待配件到货') },
    ]);
    await refusedUnchanged(f, 'supervision:decideExtension', { ...item.ref(), requestId: request.id, granted: false }, 'ILLEGAL_TRANSITION', 'decided twice');

    // A new request may follow; refused, the deadline stays.
    appeal = await item.step(l, 'supervision:requestExtension', { workdays: 5, reason: '还需要时间' });
    const second = appeal.supervision.extensionRequests[1];
    appeal = await item.step(f, 'supervision:decideExtension', { requestId: second.id, granted: false, note: '理由不充分' });
    expect(appeal.supervision.deadline).toBe('2025-02-10');
    expect(appeal.supervision.extensionRequests[1].decision).toMatchObject({ granted: false, note: '理由不充分' });
    expect(appeal.supervision.deadlineChanges).toHaveLength(1);
  });

  it('an extension cannot be decided once the item is closed: the closed item keeps its deadline', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const handed = await handOver(studio, { complexity: 'simple' });
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);
    const appeal = await item.step(d.liaison.socket, 'supervision:requestExtension', { workdays: 3, reason: '需等待配件' });
    const requestId = appeal.supervision.extensionRequests[0].id;
    d.clock.tick();
    await item.step(d.liaison.socket, 'supervision:reply', { text: '配件提前到货，已修复' });
    d.clock.tick();
    await item.step(d.followup.socket, 'supervision:callBack', { outcome: 'reached', rating: 'satisfied' });
    d.clock.tick();
    const closed = await item.step(d.followup.socket, 'supervision:close', { note: '' });
    expect(closed.supervision.status).toBe('closed');
    await refusedUnchanged(d.followup.socket, 'supervision:decideExtension', { ...item.ref(), requestId, granted: true, note: '同意' }, 'ILLEGAL_TRANSITION', 'decide on a closed item');
    expect(item.current().supervision.deadline).toBe('2025-02-06');
  });

  it("a reply recorded by follow-up staff is marked on the unit's behalf; the liaison's own reply is not; a second reply waits for the callback", async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const first = itemOf(() => studio.server, studio.episodeId, (await handOver(studio)).id);
    const second = itemOf(() => studio.server, studio.episodeId, (await handOver(studio)).id);

    await refusedUnchanged(d.followup.socket, 'supervision:reply', { ...first.ref(), text: '  ' }, 'VALIDATION_FAILED', 'blank reply');
    await refusedUnchanged(d.followup.socket, 'supervision:reply', { ...first.ref(), text: '已处理', onBehalf: false }, 'VALIDATION_FAILED', 'onBehalf is not the sender’s to choose');
    await refusedUnchanged(studio.operator, 'supervision:reply', { ...first.ref(), text: '已处理' }, 'FORBIDDEN', 'operator replies');

    const byDesk = await first.step(d.followup.socket, 'supervision:reply', { text: '单位电话答复：已安排维修' });
    expect(byDesk.supervision.status).toBe('replied');
    expect(byDesk.supervision.replies).toEqual([{ at: d.clock.iso(), by: d.followup.displayName, text: '单位电话答复：已安排维修', onBehalf: true }]);
    const byUnit = await second.step(d.liaison.socket, 'supervision:reply', { text: '已安排维修' });
    expect(byUnit.supervision.replies[0]).toMatchObject({ by: d.liaison.displayName, onBehalf: false });

    await refusedUnchanged(d.liaison.socket, 'supervision:reply', { ...second.ref(), text: '补充答复' }, 'ILLEGAL_TRANSITION', 'reply twice');
    await refusedUnchanged(d.liaison.socket, 'supervision:requestExtension', { ...second.ref(), workdays: 2, reason: '补充' }, 'ILLEGAL_TRANSITION', 'extension after reply');
  });

  it('close is refused before a reply and before a callback; 3 unreachable callbacks allow closing, but only with a note; then the item is shut', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const item = itemOf(() => studio.server, studio.episodeId, (await handOver(studio)).id);
    const f = d.followup.socket;

    await refusedUnchanged(f, 'supervision:close', { ...item.ref(), note: '结案' }, 'ILLEGAL_TRANSITION', 'close before reply');
    await refusedUnchanged(f, 'supervision:callBack', { ...item.ref(), outcome: 'reached', rating: 'satisfied' }, 'ILLEGAL_TRANSITION', 'callback before reply');
    d.clock.tick();
    await item.step(d.liaison.socket, 'supervision:reply', { text: '已修复' });
    await refusedUnchanged(f, 'supervision:close', { ...item.ref(), note: '结案' }, 'ILLEGAL_TRANSITION', 'close before callback');
    await refusedUnchanged(f, 'supervision:callBack', { ...item.ref(), outcome: 'reached' }, 'VALIDATION_FAILED', 'reached without rating');
    await refusedUnchanged(f, 'supervision:callBack', { ...item.ref(), outcome: 'unreachable', rating: 'satisfied' }, 'VALIDATION_FAILED', 'unreachable with rating');
    await refusedUnchanged(f, 'supervision:callBack', { ...item.ref(), outcome: 'reached', rating: '满意' }, 'VALIDATION_FAILED', 'rating in Chinese');
    await refusedUnchanged(d.liaison.socket, 'supervision:callBack', { ...item.ref(), outcome: 'reached', rating: 'satisfied' }, 'FORBIDDEN', 'liaison calls back');
    await refusedUnchanged(d.liaison.socket, 'supervision:close', { ...item.ref(), note: '' }, 'FORBIDDEN', 'liaison closes');

    for (let attempt = 1; attempt <= 3; attempt++) {
      d.clock.tick();
      const appeal = await item.step(f, 'supervision:callBack', { outcome: 'unreachable', note: `第${attempt}次无人接听` });
      expect(appeal.supervision.callbacks).toHaveLength(attempt);
      expect(appeal.supervision.callbacks[attempt - 1]).toEqual({ at: d.clock.iso(), by: d.followup.displayName, outcome: 'unreachable', rating: null, note: `第${attempt}次无人接听`, afterReplies: 1 });
      if (attempt < 3) await refusedUnchanged(f, 'supervision:close', { ...item.ref(), note: '联系不上' }, 'ILLEGAL_TRANSITION', `close after ${attempt} unreachable`);
    }
    const noNote = await refusedUnchanged(f, 'supervision:close', { ...item.ref(), note: '   ' }, 'VALIDATION_FAILED', 'close unreached without a note');
    expect(noNote.field).toBe('note');
    d.clock.tick();
    const closed = await item.step(f, 'supervision:close', { note: '三次回访均无人接听，按规定办结' });
    expect(closed.supervision).toMatchObject({ status: 'closed', closedAt: d.clock.iso(), closeNote: '三次回访均无人接听，按规定办结' });

    // Closed is closed: nothing moves it any more.
    const unitB = await addUnit(studio.admin, '市水务局');
    const attempts: Array<[ClientSocket, string, object]> = [
      [f, 'supervision:close', { note: '再次办结' }],
      [f, 'supervision:callBack', { outcome: 'reached', rating: 'satisfied' }],
      [f, 'supervision:remind', { note: '催办' }],
      [f, 'supervision:assign', { unitId: unitB, reason: '改派' }],
      [f, 'supervision:setDeadline', { deadline: '2025-03-03', reason: '延后' }],
      [f, 'supervision:reply', { text: '补充答复' }],
      [d.liaison.socket, 'supervision:reply', { text: '补充答复' }],
      [d.liaison.socket, 'supervision:requestExtension', { workdays: 2, reason: '延期' }],
    ];
    for (const [socket, command, extra] of attempts) await refusedUnchanged(socket, command, { ...item.ref(), ...extra }, 'ILLEGAL_TRANSITION', `${command} on a closed item`);
  });

  it('a 不满意 callback reopens the item to the unit with a fresh deadline; it closes only after a new reply and a new rated callback', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const item = itemOf(() => studio.server, studio.episodeId, (await handOver(studio, { complexity: 'simple' })).id);
    const f = d.followup.socket;
    await item.step(d.liaison.socket, 'supervision:reply', { text: '已修复' });
    // The citizen is called back a week later and is not satisfied.
    d.clock.set('2025-02-07T03:00:00Z');
    const reopened = await item.step(f, 'supervision:callBack', { outcome: 'reached', rating: 'unsatisfied', note: '仍然坏' });
    // Counted again (simple, 2 working days) from Friday 7 Feb: 8 Feb make-up Saturday (1), 10 Feb (2).
    expect(reopened.supervision).toMatchObject({ status: 'with_unit', reopenings: 1, deadline: '2025-02-10' });
    expect(reopened.supervision.deadlineChanges.at(-1)).toMatchObject({ from: '2025-02-06', to: '2025-02-10' });
    await refusedUnchanged(f, 'supervision:close', { ...item.ref(), note: '' }, 'ILLEGAL_TRANSITION', 'close a reopened item');
    d.clock.set('2025-02-10T03:00:00Z');
    await item.step(d.liaison.socket, 'supervision:reply', { text: '已更换主板' });
    await refusedUnchanged(f, 'supervision:close', { ...item.ref(), note: '' }, 'ILLEGAL_TRANSITION', 'close after the new reply without a new callback');
    d.clock.tick();
    await item.step(f, 'supervision:callBack', { outcome: 'reached', rating: 'basically_satisfied' });
    const closed = await item.step(f, 'supervision:close', { note: '' });
    expect(closed.supervision.status).toBe('closed');
  });

  it('after a reopening, closing still needs a callback after the new reply even when all steps share one timestamp (the clock did not move)', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const item = itemOf(() => studio.server, studio.episodeId, (await handOver(studio)).id);
    const f = d.followup.socket;
    // The test clock stands still: reply, 不满意 callback and the second reply carry the same time.
    await item.step(d.liaison.socket, 'supervision:reply', { text: '已修复' });
    await item.step(f, 'supervision:callBack', { outcome: 'reached', rating: 'unsatisfied', note: '仍然坏' });
    await item.step(d.liaison.socket, 'supervision:reply', { text: '已更换主板' });
    // The only rated callback is the 不满意 one from before the new reply: closing must wait for a new callback.
    await refusedUnchanged(f, 'supervision:close', { ...item.ref(), note: '' }, 'ILLEGAL_TRANSITION', 'close without a callback after the new reply');
  });

  it('a stale expectedVersion is refused with CONFLICT and the fresh item; a retried command returns its first result and changes nothing twice', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const item = itemOf(() => studio.server, studio.episodeId, (await handOver(studio)).id);
    const stale = item.ref();
    await item.step(d.followup.socket, 'supervision:remind', { note: '第一次催办' });
    const conflict = await refusedUnchanged(d.liaison.socket, 'supervision:reply', { ...stale, text: '已处理' }, 'CONFLICT', 'stale version');
    expect(conflict.fresh.id).toBe(item.appealId);
    expect(conflict.fresh.version).toBe(item.version());
    expect(conflict.fresh.supervision.reminders).toHaveLength(1);

    const payload = { ...item.ref(), text: '已处理' };
    const [a, b] = await Promise.all([send(d.liaison.socket, 'supervision:reply', payload), send(d.liaison.socket, 'supervision:reply', payload)]);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
    const before = await episodeSnapshot(studio.server, studio.episodeId);
    expect(await send(d.liaison.socket, 'supervision:reply', payload)).toEqual(a);
    await expectEpisodeUnchanged(studio.server, studio.episodeId, before, 'retry');
    expect(item.current().supervision.replies).toHaveLength(1);
    // The same id with other content is not a retry.
    expectRefused(await send(d.liaison.socket, 'supervision:reply', { ...payload, text: '另一个答复' }), 'COMMAND_ID_REUSED');
  });

  it('unknown episodes and appeals, and appeals not in supervision, are refused without a change', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const supervised = await handOver(studio);
    const { appeal: received } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId));
    const f = d.followup.socket;
    const ghostEpisode = await refusedUnchanged(f, 'supervision:remind', { commandId: commandId(), episodeId: 'no-such-episode', appealId: supervised.id, expectedVersion: supervised.version }, 'EPISODE_NOT_FOUND');
    expect(ghostEpisode.field).toBe('episodeId');
    const ghostAppeal = await refusedUnchanged(f, 'supervision:remind', { commandId: commandId(), episodeId: studio.episodeId, appealId: 'no-such-appeal', expectedVersion: 1 }, 'APPEAL_NOT_FOUND');
    expect(ghostAppeal.field).toBe('appealId');
    expectRefused(await send(f, 'supervision:detail', { episodeId: studio.episodeId, appealId: 'no-such-appeal' }), 'APPEAL_NOT_FOUND');
    // An appeal still in the studio is not a supervised item.
    await refusedUnchanged(f, 'supervision:remind', { commandId: commandId(), episodeId: studio.episodeId, appealId: received.id, expectedVersion: received.version }, 'ILLEGAL_TRANSITION', 'remind a received appeal');
    await refusedUnchanged(f, 'supervision:reply', { commandId: commandId(), episodeId: studio.episodeId, appealId: received.id, expectedVersion: received.version, text: '答复' }, 'ILLEGAL_TRANSITION', 'reply to a received appeal');
    expectRefused(await send(f, 'supervision:detail', { episodeId: studio.episodeId, appealId: received.id }), 'ILLEGAL_TRANSITION');
    // Malformed payloads.
    for (const payload of [null, 'x', [], { episodeId: studio.episodeId }, { ...itemOf(() => studio.server, studio.episodeId, supervised.id).ref(), note: '催办', isAdmin: true }]) {
      await refusedUnchanged(f, 'supervision:remind', payload as object, 'VALIDATION_FAILED', `remind ${JSON.stringify(payload)?.slice(0, 40)}`);
    }
  });

  it('a hand-over to a unit that does not exist is refused (NOT_FOUND) instead of creating an item nobody can see', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const { operator, episodeId } = studio;
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
    const error = await refusedUnchanged(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version, reason: '转办', unitId: 'no-such-unit' }, 'NOT_FOUND', 'hand over to a ghost unit');
    expect(error.field).toBe('unitId');
  });

  it('after the broadcast: ending the episode hands every unsettled appeal over (normal, the target unit or the first unit) and follow-up work goes on on the ended episode', async () => {
    const d = await desk();
    studio = d.studio;
    sockets = d.sockets;
    const { operator, episodeId, admin } = studio;
    const unitB = await addUnit(admin, '市城市管理局');
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const { appeal: untouched } = await ok(operator, 'appeal:create', appealInput(episodeId));
    const { appeal: forB } = await ok(operator, 'appeal:create', appealInput(episodeId, { targetUnitId: unitB, summary: '占道经营' }));
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    const state = studio.server.app.studio.state(episodeId);
    expect(state.appeals[untouched.id].supervision).toMatchObject({ unitId: studio.unitId, complexity: 'normal', deadline: '2025-02-10', status: 'with_unit' });
    expect(state.appeals[untouched.id].handOver).toEqual({ reason: AUTOMATIC_HANDOVER_REASON, automatic: true });
    expect(state.appeals[forB.id].supervision).toMatchObject({ unitId: unitB, complexity: 'normal' });

    const list = await ok(d.followup.socket, 'supervision:list', { episodeId });
    expect(list.items.map((i: any) => i.appeal.id).sort()).toEqual([untouched.id, forB.id].sort());
    const item = itemOf(() => studio.server, episodeId, untouched.id);
    await item.step(d.liaison.socket, 'supervision:reply', { text: '已处理' });
    await item.step(d.followup.socket, 'supervision:callBack', { outcome: 'reached', rating: 'satisfied' });
    expect((await item.step(d.followup.socket, 'supervision:close', {})).supervision.status).toBe('closed');
    expect(studio.server.app.studio.state(episodeId).episode.status).toBe('ended');
  });
});
