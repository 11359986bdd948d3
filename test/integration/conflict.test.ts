import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../shared/domain/errors';
import type { EpisodeState } from '../../shared/domain/episodeState';
import type { Ack } from '../../shared/protocol/events';
import { appealInput, buildStudio, commandId, connectAs, ok, send, type ClientSocket, type Studio, type TestServer } from '../helpers/testServer';
import { episodeOnDisk } from '../helpers/onDisk';

/*
 * Two people acting on the same thing at the same moment: exactly one wins, the other is told so
 * with the fresh state, and nothing the winner did is lost (in memory or on disk).
 */

const FULL_PHONE = '13812345678';
const MASKED_CALLER = { anonymous: false, name: '王先生', title: '先生', phone: '138****5678' };

/** The episode state as the file on disk holds it. */
async function diskState(server: TestServer, episodeId: string): Promise<EpisodeState> {
  return episodeOnDisk(server.dataDir, episodeId).state;
}

/** Split two simultaneous answers into the winner and the loser; fails unless exactly one won. */
function oneWinner<T extends Ack<any>>(responses: T[]): { winner: Extract<T, { ok: true }>; loser: Extract<T, { ok: false }>; winnerIndex: number } {
  const winners = responses.filter((r) => r.ok);
  expect(winners, JSON.stringify(responses.map((r) => (r.ok ? 'ok' : r.error.code)))).toHaveLength(1);
  const winnerIndex = responses.findIndex((r) => r.ok);
  return { winner: responses[winnerIndex] as any, loser: responses[1 - winnerIndex] as any, winnerIndex };
}

describe('two people on one record at once', () => {
  let studio: Studio;
  let second: ClientSocket;
  afterEach(async () => {
    second?.disconnect();
    await studio?.close();
  });

  async function setUp() {
    studio = await buildStudio();
    second = await connectAs(studio.server, studio.admin, 'operator');
  }

  async function received(summary: string) {
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone: FULL_PHONE }, summary }));
    return appeal;
  }

  async function queued(summary: string) {
    const appeal = await received(summary);
    return (await ok(studio.operator, 'appeal:screen', { commandId: commandId(), episodeId: studio.episodeId, appealId: appeal.id, expectedVersion: appeal.version })).appeal;
  }

  it('both operators screen the same appeal: one wins, the other gets CONFLICT with the winner’s appeal as fresh; the queue holds it once', async () => {
    await setUp();
    const { operator, episodeId, server } = studio;
    for (let round = 0; round < 6; round++) {
      const appeal = await received(`第${round}轮筛选`);
      const seqBefore = server.app.studio.state(episodeId).seq;
      const ref = { episodeId, appealId: appeal.id, expectedVersion: appeal.version };
      const responses = await Promise.all([send(operator, 'appeal:screen', { commandId: commandId(), ...ref }), send(second, 'appeal:screen', { commandId: commandId(), ...ref })]);
      const { winner, loser } = oneWinner(responses);
      expect(winner.data.appeal.status).toBe('queued');
      expect(winner.data.appeal.version).toBe(appeal.version + 1);
      expect(loser.error.code).toBe('CONFLICT');
      expect(loser.error.message).toBe(ERROR_MESSAGES.CONFLICT);
      expect(loser.error.fresh).toEqual(winner.data.appeal);

      const state = server.app.studio.state(episodeId);
      expect(state.seq).toBe(seqBefore + 1);
      expect(state.appeals[appeal.id]).toEqual(winner.data.appeal);
      expect(state.episode.queue.filter((id) => id === appeal.id)).toHaveLength(1);
      expect((await diskState(server, episodeId)).appeals[appeal.id]).toEqual(winner.data.appeal);
    }
  });

  it('one operator edits while the other puts the appeal on air: one wins, the loser gets the fresh appeal, retries, and both changes survive', async () => {
    await setUp();
    const { operator, leader, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    for (let round = 0; round < 4; round++) {
      const appeal = await queued(`原摘要${round}`);
      const ref = { episodeId, appealId: appeal.id, expectedVersion: appeal.version };
      const corrected = `更正后的摘要${round}`;
      const edit = () => send(operator, 'appeal:update', { commandId: commandId(), ...ref, patch: { summary: corrected } });
      const air = () => send(second, 'appeal:putOnAir', { commandId: commandId(), ...ref });
      // Alternate which one is sent first; responses[0] is always the edit's answer.
      const responses = round % 2 === 0 ? await Promise.all([edit(), air()]) : await Promise.all([air(), edit()]).then(([x, y]) => [y, x]);
      const { winner, loser, winnerIndex } = oneWinner(responses);
      expect(loser.error.code).toBe('CONFLICT');
      expect(loser.error.fresh).toEqual(winner.data.appeal);
      expect((loser.error.fresh as any).version).toBe(appeal.version + 1);

      // The loser looks at the fresh appeal and does its part again.
      const editWon = winnerIndex === 0;
      const retryRef = { episodeId, appealId: appeal.id, expectedVersion: (loser.error.fresh as any).version };
      const retried = editWon
        ? await ok(second, 'appeal:putOnAir', { commandId: commandId(), ...retryRef })
        : await ok(operator, 'appeal:update', { commandId: commandId(), ...retryRef, patch: { summary: corrected } });
      const final = server.app.studio.state(episodeId).appeals[appeal.id];
      expect(final).toEqual(retried.appeal);
      expect(final.summary).toBe(corrected);
      expect(final.status).toBe('on_air');
      expect(final.version).toBe(appeal.version + 2);
      expect(server.app.studio.state(episodeId).episode.onAirAppealId).toBe(appeal.id);
      expect((await diskState(server, episodeId)).appeals[appeal.id]).toEqual(final);

      await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: final.version, points: '已答复' });
    }
  });

  it('a leader who loses a race gets CONFLICT with a masked fresh appeal; the operator who loses gets it in full', async () => {
    await setUp();
    const { operator, leader, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });

    // Deterministic: the operator corrects the summary, then the leader answers from the stale version.
    const first = await queued('电梯故障');
    const onAir = (await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: first.id, expectedVersion: first.version })).appeal;
    const corrected = (await ok(operator, 'appeal:update', { commandId: commandId(), episodeId, appealId: first.id, expectedVersion: onAir.version, patch: { summary: '电梯故障，已停运三个月' } })).appeal;
    const stale = await send(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: first.id, expectedVersion: onAir.version, points: '马上修' });
    expect(stale.ok).toBe(false);
    if (stale.ok) return;
    expect(stale.error.code).toBe('CONFLICT');
    expect(stale.error.fresh).toEqual({ ...corrected, caller: MASKED_CALLER });
    expect(JSON.stringify(stale)).not.toContain(FULL_PHONE);
    expect(JSON.stringify(stale)).not.toContain('王建华');
    expect(server.app.studio.state(episodeId).appeals[first.id]).toEqual(corrected);
    await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: first.id, expectedVersion: corrected.version, points: '马上修' });

    // A real race between the leader's answer and the operator's hand-over: whoever loses sees their own projection.
    for (let round = 0; round < 4; round++) {
      const next = await queued(`第${round}轮`);
      const live = (await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: next.id, expectedVersion: next.version })).appeal;
      const ref = { episodeId, appealId: next.id, expectedVersion: live.version };
      const responses = await Promise.all([
        send(leader, 'appeal:answerOnAir', { commandId: commandId(), ...ref, points: '现场答复' }),
        send(second, 'appeal:handOver', { commandId: commandId(), ...ref, reason: '需要核实' }),
      ]);
      const { winner, loser, winnerIndex } = oneWinner(responses);
      const truth = server.app.studio.state(episodeId).appeals[next.id];
      expect(loser.error.code).toBe('CONFLICT');
      if (winnerIndex === 1) {
        // The leader lost: masked fresh, otherwise the operator's winning appeal.
        expect(winner.data.appeal).toEqual(truth);
        expect(loser.error.fresh).toEqual({ ...truth, caller: MASKED_CALLER });
        expect(JSON.stringify(loser)).not.toContain(FULL_PHONE);
      } else {
        // The operator lost: full fresh; the leader's own ack was masked.
        expect(winner.data.appeal).toEqual({ ...truth, caller: MASKED_CALLER });
        expect(loser.error.fresh).toEqual(truth);
        expect((loser.error.fresh as any).caller.phone).toBe(FULL_PHONE);
      }
      expect((loser.error.fresh as any).version).toBe(live.version + 1);
      expect(['answered_on_air', 'supervised']).toContain(truth.status);
      expect(server.app.studio.state(episodeId).episode.onAirAppealId).toBeNull();
    }
  });

  it('two operators put two different appeals on air at the same moment: exactly one is on air, the other gets ANOTHER_ON_AIR and stays queued', async () => {
    await setUp();
    const { operator, leader, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    for (let round = 0; round < 4; round++) {
      const a = await queued(`甲${round}`);
      const b = await queued(`乙${round}`);
      const responses = await Promise.all([
        send(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: a.id, expectedVersion: a.version }),
        send(second, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: b.id, expectedVersion: b.version }),
      ]);
      const { winner, loser, winnerIndex } = oneWinner(responses);
      const [won, lost] = winnerIndex === 0 ? [a, b] : [b, a];
      expect(loser.error.code).toBe('ANOTHER_ON_AIR');
      expect(loser.error.message).toBe(`第${won.no}号诉求正在播出，请先记录它的现场回应或转督办。`);
      expect(winner.data.appeal.id).toBe(won.id);

      const state = server.app.studio.state(episodeId);
      expect(state.episode.onAirAppealId).toBe(won.id);
      expect(Object.values(state.appeals).filter((x) => x.status === 'on_air').map((x) => x.id)).toEqual([won.id]);
      expect(state.appeals[lost.id]).toEqual(lost);
      expect(state.episode.queue).toEqual([lost.id]);
      const disk = await diskState(server, episodeId);
      expect(disk.episode.onAirAppealId).toBe(won.id);
      expect(disk.appeals[lost.id]).toEqual(lost);

      // Clear the stage for the next round: answer the winner, hand the loser over.
      await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: won.id, expectedVersion: winner.data.appeal.version, points: '已答复' });
      await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: lost.id, expectedVersion: lost.version, reason: '时间不够' });
    }
  });

  it('reordering the queue from a stale view (missing an appeal another operator just screened) is refused with QUEUE_MISMATCH and the fresh queue', async () => {
    await setUp();
    const { operator, episodeId, server } = studio;
    const a = await queued('甲');
    const b = await queued('乙');
    const c = await received('丙');
    // The second operator screens C; the first still sees [A, B] and drags B up.
    await ok(second, 'appeal:screen', { commandId: commandId(), episodeId, appealId: c.id, expectedVersion: c.version });
    const seqBefore = server.app.studio.state(episodeId).seq;
    const stale = await send(operator, 'queue:reorder', { commandId: commandId(), episodeId, order: [b.id, a.id] });
    expect(stale).toEqual({ ok: false, error: { code: 'QUEUE_MISMATCH', message: ERROR_MESSAGES.QUEUE_MISMATCH, fresh: [a.id, b.id, c.id] } });
    expect(server.app.studio.state(episodeId).episode.queue).toEqual([a.id, b.id, c.id]);
    expect(server.app.studio.state(episodeId).seq).toBe(seqBefore);

    // Other stale or forged orders are refused the same way.
    for (const order of [[b.id, a.id, c.id, c.id], [a.id, a.id, b.id], [a.id, b.id, 'someone-else'], [c.id, b.id, a.id, 'extra'], []]) {
      const response = await send(operator, 'queue:reorder', { commandId: commandId(), episodeId, order });
      expect(response.ok ? 'ok' : response.error.code, JSON.stringify(order)).toBe('QUEUE_MISMATCH');
    }
    expect(server.app.studio.state(episodeId).seq).toBe(seqBefore);

    // Retrying from the fresh queue works.
    const fresh = (stale as any).error.fresh as string[];
    const { queue } = await ok(operator, 'queue:reorder', { commandId: commandId(), episodeId, order: [fresh[1], fresh[0], fresh[2]] });
    expect(queue).toEqual([b.id, a.id, c.id]);
    expect((await diskState(server, episodeId)).episode.queue).toEqual([b.id, a.id, c.id]);
  });

  it('a reorder racing a screening never drops the newly screened appeal', async () => {
    await setUp();
    const { operator, episodeId, server } = studio;
    for (let round = 0; round < 4; round++) {
      const before = [...server.app.studio.state(episodeId).episode.queue];
      const x = await queued(`新${round}a`);
      const y = await queued(`新${round}b`);
      const z = await received(`新${round}c`);
      const view = [...before, x.id, y.id];
      const reversed = [...view].reverse();
      const [reorder, screened] = await Promise.all([
        send(operator, 'queue:reorder', { commandId: commandId(), episodeId, order: reversed }),
        send(second, 'appeal:screen', { commandId: commandId(), episodeId, appealId: z.id, expectedVersion: z.version }),
      ]);
      expect(screened.ok).toBe(true);
      const queue = server.app.studio.state(episodeId).episode.queue;
      if (reorder.ok) {
        expect(queue).toEqual([...reversed, z.id]);
      } else {
        expect(reorder.error.code).toBe('QUEUE_MISMATCH');
        expect(reorder.error.fresh).toEqual([...view, z.id]);
        expect(queue).toEqual([...view, z.id]);
      }
      expect(new Set(queue).size).toBe(queue.length);
      expect([...queue].sort()).toEqual([...view, z.id].sort());
    }
  });

  it('two admins edit the same episode plan from the same version: one wins, the other gets CONFLICT with the fresh episode', async () => {
    await setUp();
    const { admin, episodeId, server } = studio;
    const otherAdmin = await connectAs(server, admin, 'admin');
    const version = server.app.studio.state(episodeId).episode.version;
    const responses = await Promise.all([
      send(admin, 'episode:update', { commandId: commandId(), episodeId, expectedVersion: version, patch: { theme: '主题甲' } }),
      send(otherAdmin, 'episode:update', { commandId: commandId(), episodeId, expectedVersion: version, patch: { host: '王主持' } }),
    ]);
    const { winner, loser } = oneWinner(responses);
    expect(loser.error.code).toBe('CONFLICT');
    expect(loser.error.fresh).toEqual(winner.data.episode);
    expect((loser.error.fresh as any).version).toBe(version + 1);
    expect(server.app.studio.state(episodeId).episode).toEqual(winner.data.episode);
    expect((await diskState(server, episodeId)).episode).toEqual(winner.data.episode);
    otherAdmin.disconnect();
  });
});
