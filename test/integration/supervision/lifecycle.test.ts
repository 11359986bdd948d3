import { afterEach, describe, expect, it } from 'vitest';
import { appealInput, buildStudio, commandId, connectAs, eventually, ok, send, type Studio } from '../../helpers/testServer';

describe('the life of one appeal after the broadcast', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('goes from live call to hand-over, unit reply, a 不满意 callback that reopens it, a second reply, a 满意 callback and closure', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId, unitId, server } = studio;
    const followup = await connectAs(server, admin, 'followup');
    const liaison = await connectAs(server, admin, 'unit', unitId);
    const desk = await ok(followup, 'supervision:list', {});
    expect(desk.items).toEqual([]);
    const unitFeed: any[] = [];
    await ok(liaison, 'supervision:list', {});
    liaison.on('supervision:changed', (item) => unitFeed.push(item));

    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: 1 });
    const aired = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version });
    const handed = await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: aired.appeal.version, reason: '需现场核实', complexity: 'simple' });
    expect(handed.appeal.supervision).toMatchObject({ unitId, complexity: 'simple', status: 'with_unit' });
    await eventually(() => unitFeed.length === 1);
    expect(unitFeed[0].appeal.caller.phone).toBe('138****1234');

    let v = handed.appeal.version;
    const ref = () => ({ commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: v });
    const step = async (socket: any, command: any, extra: object) => {
      const result = await ok(socket, command, { ...ref(), ...extra });
      v = result.appeal.version;
      return result.appeal;
    };
    const early = await send(followup, 'supervision:close', { ...ref(), note: '' });
    expect(early).toMatchObject({ ok: false, error: { code: 'ILLEGAL_TRANSITION' } });
    await step(liaison, 'supervision:reply', { text: '已安排维修' });
    let item = await step(followup, 'supervision:callBack', { outcome: 'reached', rating: 'unsatisfied', note: '电梯仍时好时坏' });
    expect(item.supervision).toMatchObject({ status: 'with_unit', reopenings: 1 });
    await step(liaison, 'supervision:reply', { text: '已更换主板' });
    await step(followup, 'supervision:callBack', { outcome: 'reached', rating: 'satisfied', note: '' });
    item = await step(followup, 'supervision:close', { note: '' });
    expect(item.supervision.status).toBe('closed');

    const detail = await ok(followup, 'supervision:detail', { episodeId, appealId: appeal.id });
    expect(detail.history.map((e: any) => e.type)).toEqual([
      'appeal.received', 'appeal.screened', 'appeal.wentOnAir', 'appeal.handedOver',
      'supervision.replied', 'supervision.reopened', 'supervision.replied', 'supervision.calledBack', 'supervision.closed',
    ]);
    expect(detail.item.rating).toBe('satisfied');
    const list = await ok(followup, 'supervision:list', {});
    expect(list.satisfaction).toMatchObject({ rated: 1, satisfied: 1, rate: 1 });
    followup.disconnect();
    liaison.disconnect();
  });
});
