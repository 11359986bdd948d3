import { afterEach, describe, expect, it } from 'vitest';
import { countAppeals } from '../../shared/domain/episodeState';
import { appealInput, buildStudio, commandId, eventually, ok, recordEvents, type Studio } from '../helpers/testServer';

describe('a live episode through operator, leader and big screen', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('runs intake to end: the screen sees the masked caller, the leader sees the call go on air, the end reconciles the counts', async () => {
    studio = await buildStudio();
    const { operator, leader, screen, episodeId } = studio;
    for (const socket of [operator, leader, screen]) await ok(socket, 'episode:sync', { episodeId, sinceSeq: null });
    const screenEvents = recordEvents(screen);
    const leaderEvents = recordEvents(leader);
    const operatorEvents = recordEvents(operator);

    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const first = (await ok(operator, 'appeal:create', appealInput(episodeId))).appeal;
    const second = (await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' }, summary: '学校门口道路拥堵' }))).appeal;
    const third = (await ok(operator, 'appeal:create', appealInput(episodeId, { summary: '夜间施工噪音扰民' }))).appeal;
    const prank = (await ok(operator, 'appeal:create', appealInput(episodeId, { summary: '与节目无关的来电' }))).appeal;
    expect(first.caller.phone).toBe('13812341234');

    const a = (await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: first.id, expectedVersion: first.version })).appeal;
    const b = (await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: second.id, expectedVersion: second.version })).appeal;
    await ok(operator, 'appeal:markInvalid', { commandId: commandId(), episodeId, appealId: prank.id, expectedVersion: prank.version, reason: '与节目主题无关' });
    const { queue } = await ok(operator, 'queue:reorder', { commandId: commandId(), episodeId, order: [second.id, first.id] });
    expect(queue).toEqual([second.id, first.id]);

    const onAir = (await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: b.id, expectedVersion: b.version })).appeal;
    await eventually(() => screenEvents.some((e) => e.type === 'appeal.wentOnAir') && leaderEvents.some((e) => e.type === 'appeal.wentOnAir'));
    const seenOnScreen = screenEvents.find((e) => e.type === 'appeal.wentOnAir');
    expect(seenOnScreen.appeal.caller).toEqual({ anonymous: false, name: '欧阳女士', title: '女士', phone: '139****1111' });
    expect(leaderEvents.find((e) => e.type === 'appeal.wentOnAir').appeal.caller.phone).toBe('139****1111');
    expect(operatorEvents.find((e) => e.type === 'appeal.wentOnAir').appeal.caller.phone).toBe('13900001111');

    // The leader answers on air from the panel (the panel's ack is masked as well).
    const answered = await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: onAir.id, expectedVersion: onAir.version, points: '本周内派人检修', commitment: '两周内答复' });
    expect(answered.appeal.status).toBe('answered_on_air');
    expect(answered.appeal.caller.phone).toBe('139****1111');

    const next = (await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a.version })).appeal;
    await ok(leader, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: next.id, expectedVersion: next.version, reason: '需要现场核实', commitment: '五个工作日内答复' });

    // `third` was never screened: ending the episode hands it over by itself.
    const ended = await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    expect(ended.episode.status).toBe('ended');
    const state = studio.server.app.studio.state(episodeId);
    expect(state.appeals[third.id].status).toBe('supervised');
    expect(state.appeals[third.id].handOver).toEqual({ reason: expect.stringContaining('自动转直播后督办'), automatic: true });
    const counters = countAppeals(state);
    expect(counters).toMatchObject({ received: 3, answeredOnAir: 1, supervised: 2, invalid: 1 });
    expect(counters.received).toBe(counters.answeredOnAir + counters.supervised);

    // Every client saw the same gap-free sequence, and no masked event carries a full number.
    await eventually(() => screenEvents.at(-1)?.type === 'episode.ended');
    const seqs = screenEvents.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
    expect(JSON.stringify(screenEvents)).not.toMatch(/13900001111|13812341234|王建华/);
    expect(JSON.stringify(leaderEvents)).not.toMatch(/13900001111|13812341234/);
  });
});
