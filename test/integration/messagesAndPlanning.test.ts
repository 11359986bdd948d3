import { afterEach, describe, expect, it } from 'vitest';
import { buildStudio, commandId, eventually, ok, recordEvents, send, type Studio } from '../helpers/testServer';

describe('operator messages to the leader panel', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('delivers a message to the leader and returns the read receipt to the operator', async () => {
    studio = await buildStudio();
    const { operator, leader, episodeId } = studio;
    await ok(operator, 'episode:sync', { episodeId, sinceSeq: null });
    await ok(leader, 'episode:sync', { episodeId, sinceSeq: null });
    const toOperator = recordEvents(operator);
    const toLeader = recordEvents(leader);

    const { message } = await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: '下一位来电反映电梯问题，请准备维修资金政策' });
    await eventually(() => toLeader.some((e) => e.type === 'message.sent'));
    expect(toLeader.find((e) => e.type === 'message.sent').message).toMatchObject({ id: message.id, readAt: null, text: '下一位来电反映电梯问题，请准备维修资金政策' });

    const read = await ok(leader, 'message:markRead', { commandId: commandId(), episodeId, messageId: message.id });
    expect(read.message.readBy).toBe('测试leader');
    await eventually(() => toOperator.some((e) => e.type === 'message.read'));
    expect(toOperator.find((e) => e.type === 'message.read').message.readAt).toEqual(read.message.readAt);

    // Reading again is harmless: no second receipt, the first time stays.
    const seqAfterRead = studio.server.app.studio.state(episodeId).seq;
    const again = await ok(leader, 'message:markRead', { commandId: commandId(), episodeId, messageId: message.id });
    expect(again.message.readAt).toBe(read.message.readAt);
    expect(studio.server.app.studio.state(episodeId).seq).toBe(seqAfterRead);
  });

  it('refuses a message from the leader side and to an unknown episode', async () => {
    studio = await buildStudio();
    const fromLeader = await send(studio.leader, 'message:send', { commandId: commandId(), episodeId: studio.episodeId, text: '你好' });
    expect(fromLeader).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const nowhere = await send(studio.operator, 'message:send', { commandId: commandId(), episodeId: 'no-such-episode', text: '你好' });
    expect(nowhere).toMatchObject({ ok: false, error: { code: 'EPISODE_NOT_FOUND' } });
  });
});

describe('planning an episode', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('records a leader on leave and the substitute before air, and locks the line-up once live', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId, unitId } = studio;
    const { person: deputy } = await ok(admin, 'person:save', { commandId: commandId(), name: '李红梅', title: '副局长', unitId, principal: false });
    const planned = studio.server.app.studio.state(episodeId).episode;
    const substituted = await ok(admin, 'episode:update', { commandId: commandId(), episodeId, expectedVersion: planned.version, patch: { leaderIds: [deputy.id] } });
    expect(substituted.episode.leaders).toEqual([{ personId: deputy.id, name: '李红梅', title: '副局长', unitId, principal: false }]);

    const live = await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const locked = await send(admin, 'episode:update', { commandId: commandId(), episodeId, expectedVersion: live.episode.version, patch: { leaderIds: [studio.leaderId] } });
    expect(locked).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION', field: 'patch.leaderIds' } });
    const retitled = await ok(admin, 'episode:update', { commandId: commandId(), episodeId, expectedVersion: live.episode.version, patch: { theme: '老旧小区加装电梯' } });
    expect(retitled.episode.theme).toBe('老旧小区加装电梯');
  });

  it('numbers episodes within their year and refuses a number already taken', async () => {
    studio = await buildStudio();
    const { admin, unitId } = studio;
    const base = { date: '2025-12-02', slot: { start: '09:00', end: '10:00' }, theme: '供水保障', host: '李主持', unitIds: [unitId], leaderIds: [] };
    const second = await ok(admin, 'episode:plan', { commandId: commandId(), ...base });
    expect([second.episode.year, second.episode.number]).toEqual([2025, 2]);
    const nextYear = await ok(admin, 'episode:plan', { commandId: commandId(), ...base, date: '2026-01-06' });
    expect([nextYear.episode.year, nextYear.episode.number]).toEqual([2026, 1]);
    const taken = await send(admin, 'episode:plan', { commandId: commandId(), ...base, number: 2 });
    expect(taken).toMatchObject({ ok: false, error: { code: 'DUPLICATE', message: '2025年第2期已存在，请换一个期号。' } });
  });
});
