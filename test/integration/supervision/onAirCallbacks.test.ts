import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../../shared/domain/errors';
import { ON_AIR_CALLBACK_MESSAGES } from '../../../shared/domain/supervisionRules';
import { appealInput, buildStudio, commandId, connectWithCookie, ok, type ClientSocket, type Studio, type TestServer } from '../../helpers/testServer';
import { account, expectRefused, handOver, raw } from './helpers';

/*
 * 现场回应回访 on the follow-up desk: `appeal:callBackList` lists the appeals answered on air that
 * still await a callback (or all of them), and `appeal:callBack` takes one off the awaiting list with
 * its rating. Real server, real sockets.
 */

const CHINESE = /[\u4e00-\u9fff]/;

/** Take a call, put it on air and let the leader answer it: the answered appeal from the leader's ack. */
async function answeredOnAir(studio: Studio, episodeId: string, input: Record<string, unknown>): Promise<any> {
  const { operator, leader } = studio;
  const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, input));
  const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  const onAir = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version });
  const answered = await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: onAir.appeal.version, points: '本周内派人检修', commitment: '两周内回复' });
  expect(answered.appeal.status).toBe('answered_on_air');
  return answered.appeal;
}

describe('现场回应回访: the desk lists appeals answered on air and calls them back', () => {
  let studio: Studio;
  let sockets: ClientSocket[] = [];
  /** A server started again on the same folder: studio.close() only knows the first one. */
  let restarted: TestServer | null = null;
  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    await restarted?.stop();
    restarted = null;
    await studio?.close();
  });

  it('lists an on-air answer with its episode and caller, keeps it after an unanswered call, drops it from 待回访 once rated, and refuses other roles and bad filters in Chinese', async () => {
    studio = await buildStudio();
    const { admin, operator, leader, screen, server, episodeId, unitId } = studio;
    const followup = await account(server, admin, 'followup');
    const liaison = await account(server, admin, 'unit', unitId);
    sockets = [followup.socket, liaison.socket];
    const desk = followup.socket;

    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const elevator = await answeredOnAir(studio, episodeId, {
      summary: '小区电梯长期故障，物业不维修',
      area: '云龙区',
      category: '物业管理',
      caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234' },
    });
    const parking = await answeredOnAir(studio, episodeId, { summary: '小区停车位被长期占用', caller: { anonymous: false, name: '李芳', title: '女士', phone: '13900001111' } });
    // Handed to supervision: called back through supervision:callBack, never on this list.
    const supervised = await handOver(studio, { summary: '会后督办的诉求' });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });

    // A second, later episode with one more answer on air.
    const { episode: later } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-09', slot: { start: '09:00', end: '10:00' }, theme: '城市交通', host: '李主持', unitIds: [unitId], leaderIds: [studio.leaderId] });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: later.id });
    const bus = await answeredOnAir(studio, later.id, { summary: '公交站台被违停车辆占用', caller: { anonymous: false, name: '赵强', title: '先生', phone: '13700002222' } });

    // 待回访 by default: the three answers on air, the newest answer first; the supervised appeal is not there.
    const first = await ok(desk, 'appeal:callBackList', {});
    expect(first.items.map((r: any) => r.appeal.id)).toEqual([bus.id, parking.id, elevator.id]);
    expect(first).toMatchObject({ total: 3, answered: 3, awaiting: 3, cap: 100 });
    expect(first.items.some((r: any) => r.appeal.id === supervised.id)).toBe(false);
    const row = first.items.find((r: any) => r.appeal.id === elevator.id);
    // The episode's heading (date, units, leaders), the appeal's summary, area and category, when it was answered, and the caller's full number to call.
    expect(row.episode).toMatchObject({ id: episodeId, year: 2025, number: 1, date: '2025-11-25', theme: '老旧小区改造与物业服务', unitIds: [unitId], leaderNames: ['张建国'] });
    expect(row.appeal).toMatchObject({ summary: '小区电梯长期故障，物业不维修', area: '云龙区', category: '物业管理', status: 'answered_on_air', answer: { points: '本周内派人检修' } });
    expect(row.appeal.caller).toMatchObject({ name: '王建华', phone: '13812341234' });
    expect(row.answeredAt).toBe(elevator.settledAt);
    expect(row).toMatchObject({ awaiting: true, rating: null });
    // The admin reads the same list.
    expect((await ok(admin, 'appeal:callBackList', {})).total).toBe(3);

    // Narrowed to one episode, or to broadcast dates.
    const firstEpisode = await ok(desk, 'appeal:callBackList', { episodeId });
    expect(firstEpisode.items.map((r: any) => r.appeal.id)).toEqual([parking.id, elevator.id]);
    const december = await ok(desk, 'appeal:callBackList', { from: '2025-12-01', to: '2025-12-31' });
    expect(december.items.map((r: any) => r.appeal.id)).toEqual([bus.id]);

    // Nobody answered the phone: the call is kept, the appeal still awaits a callback.
    const version = () => server.app.studio.state(episodeId).appeals[elevator.id].version;
    await ok(desk, 'appeal:callBack', { commandId: commandId(), episodeId, appealId: elevator.id, expectedVersion: version(), outcome: 'unreachable', note: '无人接听' });
    const afterMiss = await ok(desk, 'appeal:callBackList', { episodeId });
    const missed = afterMiss.items.find((r: any) => r.appeal.id === elevator.id);
    expect(missed).toMatchObject({ awaiting: true, rating: null });
    expect(missed.appeal.onAirCallbacks).toMatchObject([{ outcome: 'unreachable', rating: null, note: '无人接听', by: followup.displayName }]);

    // Reached and rated 基本满意: the ack carries it, a retry with the same commandId changes nothing twice.
    const callback = { commandId: commandId(), episodeId, appealId: elevator.id, expectedVersion: version(), outcome: 'reached' as const, rating: 'basically_satisfied' as const, note: '电梯已修好，偶尔仍有异响' };
    const rated = await ok(desk, 'appeal:callBack', callback);
    expect(rated.appeal.onAirCallbacks.at(-1)).toMatchObject({ outcome: 'reached', rating: 'basically_satisfied' });
    const retried = await raw(desk, 'appeal:callBack', callback);
    expect(retried).toEqual({ ok: true, data: rated });
    expect(server.app.studio.state(episodeId).appeals[elevator.id].onAirCallbacks).toHaveLength(2);

    // Off the awaiting list; on the full list, rated.
    const awaiting = await ok(desk, 'appeal:callBackList', { status: 'awaiting' });
    expect(awaiting.items.map((r: any) => r.appeal.id)).toEqual([bus.id, parking.id]);
    expect(awaiting).toMatchObject({ total: 2, answered: 3, awaiting: 2 });
    const all = await ok(desk, 'appeal:callBackList', { status: 'all' });
    expect(all.items.map((r: any) => r.appeal.id)).toEqual([bus.id, parking.id, elevator.id]);
    expect(all.items.find((r: any) => r.appeal.id === elevator.id)).toMatchObject({ awaiting: false, rating: 'basically_satisfied' });

    // A second rating is refused with the rule's Chinese sentence.
    const again = expectRefused(await raw(desk, 'appeal:callBack', { ...callback, commandId: commandId(), expectedVersion: version() }), 'ILLEGAL_TRANSITION');
    expect(again.message).toBe(ON_AIR_CALLBACK_MESSAGES.alreadyRated);

    // The studio, the leader, the big screen and a unit's liaison may not read the list.
    for (const [who, socket] of [['operator', operator], ['leader', leader], ['screen', screen], ['unit', liaison.socket]] as const) {
      const response = await raw(socket, 'appeal:callBackList', {});
      expect(response, who).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN } });
    }

    // A bad filter is refused with a Chinese sentence naming what to fix.
    const badStatus = expectRefused(await raw(desk, 'appeal:callBackList', { status: 'rated' }), 'VALIDATION_FAILED');
    expect(badStatus).toMatchObject({ field: 'status' });
    expect(badStatus.message).toContain('状态不在可选范围内');
    const badPeriod = expectRefused(await raw(desk, 'appeal:callBackList', { from: '2025-12-31', to: '2025-12-01' }), 'VALIDATION_FAILED');
    expect(badPeriod).toMatchObject({ field: 'to' });
    expect(badPeriod.message).toContain('结束日期不能早于开始日期');
    const extra = expectRefused(await raw(desk, 'appeal:callBackList', { limit: 5000 }), 'VALIDATION_FAILED');
    expect(extra.message).toContain('系统不认识的字段（limit）');
    for (const error of [badStatus, badPeriod, extra]) expect(error.message).toMatch(CHINESE);
  });

  it('finds an appeal answered on air in an episode loaded from disk after a restart, with the callbacks made before it', async () => {
    studio = await buildStudio();
    const { admin, operator, server, episodeId } = studio;
    const followup = await account(server, admin, 'followup');
    sockets = [followup.socket];
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const answered = await answeredOnAir(studio, episodeId, { summary: '路灯不亮' });
    await ok(followup.socket, 'appeal:callBack', { commandId: commandId(), episodeId, appealId: answered.id, expectedVersion: answered.version, outcome: 'reached', rating: 'satisfied', note: '' });
    const before = await ok(followup.socket, 'appeal:callBackList', { status: 'all' });

    followup.socket.disconnect();
    restarted = await server.restart();
    // The desk's session survives the restart; its list is built again from the episode files.
    const socket = await connectWithCookie(restarted.url, followup.cookie);
    sockets = [socket];
    const after = await ok(socket, 'appeal:callBackList', { status: 'all' });
    expect(after.items).toEqual(before.items);
    expect(after.items[0]).toMatchObject({ awaiting: false, rating: 'satisfied' });
    expect((await ok(socket, 'appeal:callBackList', {})).items).toEqual([]);
  });
});
