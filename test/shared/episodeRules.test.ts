import { describe, expect, it } from 'vitest';
import { AUTOMATIC_HANDOVER_REASON } from '../../shared/domain/appealRules';
import { countAppeals } from '../../shared/domain/episodeState';
import {
  endEpisode,
  markMessageRead,
  planEpisode,
  sendMessage,
  startEpisode,
  updateEpisode,
} from '../../shared/domain/episodeRules';
import type { EpisodePlanInput, EpisodeUpdateInput } from '../../shared/protocol/commands';
import {
  EPISODE_ID,
  LEADER,
  NOW,
  buildAppeal,
  buildCatalogue,
  buildMessage,
  buildState,
  commit,
  ctx,
  refused,
  snapshot,
} from './builders';

function planInput(overrides: Partial<Omit<EpisodePlanInput, 'commandId'>> = {}): Omit<EpisodePlanInput, 'commandId'> {
  return {
    feedback: false,
    date: '2025-06-25',
    slot: { start: '10:00', end: '11:00' },
    theme: '住房保障与物业管理',
    host: '李明',
    unitIds: ['unit-zj'],
    leaderIds: ['p-li'],
    ...overrides,
  };
}

const taken = (year: number, ...numbers: number[]) => numbers.map((number) => ({ year, number, episodeId: `ep-${year}-${number}` }));

describe('planning an episode', () => {
  it('creates a planned episode with an empty queue, appeal numbers from 1 and version 1', () => {
    const episode = planEpisode(planInput(), buildCatalogue(), ctx());
    expect(episode).toEqual({
      id: 'id-1',
      year: 2025,
      number: 1,
      date: '2025-06-25',
      slot: { start: '10:00', end: '11:00' },
      theme: '住房保障与物业管理',
      host: '李明',
      unitIds: ['unit-zj'],
      leaders: [{ personId: 'p-li', name: '李红', title: '副局长', unitId: 'unit-zj', principal: false }],
      status: 'planned',
      startedAt: null,
      endedAt: null,
      queue: [],
      onAirAppealId: null,
      nextAppealNo: 1,
      feedback: false,
      feedbackOnAir: null,
      version: 1,
    });
  });

  it('numbers the episode after the highest number taken in its own year', () => {
    const catalogue = buildCatalogue({ takenNumbers: [...taken(2025, 1, 2, 5), ...taken(2024, 40)] });
    expect(planEpisode(planInput(), catalogue, ctx()).number).toBe(6);
  });

  it('starts a new year at 第1期 whatever the previous year reached', () => {
    const catalogue = buildCatalogue({ takenNumbers: taken(2025, 48, 49) });
    const episode = planEpisode(planInput({ date: '2026-01-07' }), catalogue, ctx());
    expect(episode.year).toBe(2026);
    expect(episode.number).toBe(1);
  });

  it('takes the year from the broadcast date unless one is given, and numbers within the given year', () => {
    const catalogue = buildCatalogue({ takenNumbers: [...taken(2025, 3), ...taken(2024, 50)] });
    const episode = planEpisode(planInput({ date: '2025-01-02', year: 2024 }), catalogue, ctx());
    expect(episode.year).toBe(2024);
    expect(episode.number).toBe(51);
  });

  it('keeps an explicit free number', () => {
    const catalogue = buildCatalogue({ takenNumbers: taken(2025, 1, 2) });
    expect(planEpisode(planInput({ number: 10 }), catalogue, ctx()).number).toBe(10);
  });

  it('refuses a (year, number) already taken with DUPLICATE on the number field', () => {
    const catalogue = buildCatalogue({ takenNumbers: taken(2025, 5) });
    const error = refused(() => planEpisode(planInput({ number: 5 }), catalogue, ctx()), 'DUPLICATE');
    expect(error.message).toBe('2025年第5期已存在，请换一个期号。');
    expect(error.details.field).toBe('number');
  });

  it('allows the same number in another year', () => {
    const catalogue = buildCatalogue({ takenNumbers: taken(2024, 5) });
    const episode = planEpisode(planInput({ number: 5 }), catalogue, ctx());
    expect([episode.year, episode.number]).toEqual([2025, 5]);
  });

  it('copies the leaders as they are today, so a later edit of the person does not rewrite history', () => {
    const catalogue = buildCatalogue();
    const episode = planEpisode(planInput({ unitIds: ['unit-cg', 'unit-zj'], leaderIds: ['p-zhang', 'p-li'] }), catalogue, ctx());
    catalogue.people['p-zhang'].title = '退休';
    catalogue.people['p-zhang'].name = '改名';
    expect(episode.leaders).toEqual([
      { personId: 'p-zhang', name: '张建国', title: '局长', unitId: 'unit-cg', principal: true },
      { personId: 'p-li', name: '李红', title: '副局长', unitId: 'unit-zj', principal: false },
    ]);
  });

  it('refuses an unknown unit with NOT_FOUND naming its index', () => {
    const error = refused(() => planEpisode(planInput({ unitIds: ['unit-zj', 'unit-ghost'] }), buildCatalogue(), ctx()), 'NOT_FOUND');
    expect(error.details.field).toBe('unitIds.1');
    expect(error.message).toBe('所选的上线单位不存在，请刷新单位名单。');
  });

  it('refuses an unknown leader with NOT_FOUND naming its index', () => {
    const error = refused(() => planEpisode(planInput({ leaderIds: ['p-ghost'] }), buildCatalogue(), ctx()), 'NOT_FOUND');
    expect(error.details.field).toBe('leaderIds.0');
    expect(error.message).toBe('所选的上线领导不存在，请刷新人员名单。');
  });
});

describe('changing an episode’s plan', () => {
  const catalogue = buildCatalogue();

  it('before air everything may change, and a replaced leader is copied from the catalogue', () => {
    const state = buildState({ episode: { status: 'planned', startedAt: null, version: 2 } });
    const [change] = updateEpisode(
      state,
      {
        commandId: 'cmd-00000001',
        episodeId: EPISODE_ID,
        expectedVersion: 2,
        patch: { date: '2025-06-19', slot: { start: '09:00', end: '10:00' }, unitIds: ['unit-zj'], leaderIds: ['p-li'], theme: '物业', host: '王芳' },
      },
      catalogue,
    );
    expect(change.type).toBe('episode.updated');
    expect(change.episode).toEqual({
      ...state.episode,
      date: '2025-06-19',
      slot: { start: '09:00', end: '10:00' },
      unitIds: ['unit-zj'],
      leaders: [{ personId: 'p-li', name: '李红', title: '副局长', unitId: 'unit-zj', principal: false }],
      theme: '物业',
      host: '王芳',
      version: 3,
    });
    expect(change.episode).not.toHaveProperty('leaderIds');
  });

  it('a stale version gets CONFLICT with the fresh episode', () => {
    const state = buildState({ episode: { status: 'planned', version: 4 } });
    const error = refused(
      () => updateEpisode(state, { commandId: 'cmd-00000001', episodeId: EPISODE_ID, expectedVersion: 3, patch: { theme: '新主题' } }, catalogue),
      'CONFLICT',
    );
    expect(error.details.fresh).toEqual(state.episode);
  });

  it('refuses an unknown unit before air', () => {
    const state = buildState({ episode: { status: 'planned' } });
    refused(() => updateEpisode(state, { commandId: 'cmd-00000001', episodeId: EPISODE_ID, expectedVersion: 1, patch: { unitIds: ['nope'] } }, catalogue), 'NOT_FOUND');
  });

  it.each(['live', 'ended'] as const)('once %s, the theme and host may still be corrected', (status) => {
    const state = buildState({ episode: { status } });
    const [change] = updateEpisode(
      state,
      { commandId: 'cmd-00000001', episodeId: EPISODE_ID, expectedVersion: 1, patch: { theme: '城市管理（更正）', host: '王芳' } },
      catalogue,
    );
    expect(change.episode).toEqual({ ...state.episode, theme: '城市管理（更正）', host: '王芳', version: 2 });
  });

  const lockedPatches: Array<[string, EpisodeUpdateInput['patch']]> = [
    ['date', { date: '2025-06-19' }],
    ['slot', { slot: { start: '09:00', end: '10:00' } }],
    ['unitIds', { unitIds: ['unit-zj'] }],
    ['leaderIds', { leaderIds: ['p-li'] }],
  ];
  for (const status of ['live', 'ended'] as const) {
    it.each(lockedPatches)(`once ${status}, %s is history and may not change`, (field, patch) => {
      const state = buildState({ episode: { status } });
      const error = refused(
        () => updateEpisode(state, { commandId: 'cmd-00000001', episodeId: EPISODE_ID, expectedVersion: 1, patch: { theme: '可以改', ...patch } }, catalogue),
        'ILLEGAL_TRANSITION',
      );
      expect(error.details.field).toBe(`patch.${field}`);
      expect(error.message).toBe('节目开播后只能修改主题和主持人。');
    });
  }
});

describe('starting an episode', () => {
  it('a planned episode goes live with its start time', () => {
    const state = buildState({ episode: { status: 'planned', startedAt: null, version: 3 } });
    const changes = startEpisode(state, ctx());
    expect(changes).toEqual([{ type: 'episode.started', episode: { ...state.episode, status: 'live', startedAt: NOW, version: 4 } }]);
  });

  it('a live episode cannot start again', () => {
    refused(() => startEpisode(buildState({ episode: { status: 'live' } }), ctx()), 'EPISODE_ALREADY_LIVE');
  });

  it('an ended episode cannot start again', () => {
    refused(() => startEpisode(buildState({ episode: { status: 'ended' } }), ctx()), 'EPISODE_ENDED');
  });
});

describe('ending an episode', () => {
  function midShow() {
    const appeals = [
      buildAppeal({ status: 'answered_on_air', answer: { points: '已答复', commitment: '' } }),
      buildAppeal({ status: 'answered_on_air', answer: { points: '已答复', commitment: '月底前完成' } }),
      buildAppeal({ status: 'supervised', handOver: { reason: '会后核实', automatic: false } }),
      buildAppeal({ status: 'invalid', invalidReason: '恶作剧' }),
      buildAppeal({ status: 'on_air' }),
      buildAppeal({ status: 'queued' }),
      buildAppeal({ status: 'queued' }),
      buildAppeal({ status: 'received' }),
      buildAppeal({ status: 'invalid', invalidReason: '重复来电' }),
    ];
    return { appeals, state: buildState({ appeals }) };
  }

  it('an ended episode hands every unanswered appeal to supervision, automatically', () => {
    const { appeals, state } = midShow();
    commit(state, endEpisode(state, ctx()));
    for (const appeal of appeals.slice(4, 8)) {
      expect(state.appeals[appeal.id].status).toBe('supervised');
      expect(state.appeals[appeal.id].handOver).toEqual({ reason: AUTOMATIC_HANDOVER_REASON, automatic: true });
      expect(state.appeals[appeal.id].settledAt).toBe(NOW);
    }
    // Settled appeals are not touched.
    for (const appeal of [...appeals.slice(0, 4), appeals[8]]) expect(state.appeals[appeal.id]).toEqual(appeal);
  });

  it('afterwards received = answered on air + supervised, with invalid kept apart', () => {
    const { state } = midShow();
    commit(state, endEpisode(state, ctx()));
    const counters = countAppeals(state);
    expect(counters).toEqual({ received: 7, waiting: 0, queued: 0, onAir: 0, answeredOnAir: 2, supervised: 5, invalid: 2 });
    expect(counters.received).toBe(counters.answeredOnAir + counters.supervised);
  });

  it('closes the episode last: ended, end time, empty queue, nobody on air', () => {
    const { state } = midShow();
    const before = snapshot(state.episode);
    const changes = endEpisode(state, ctx());
    expect(changes.map((c) => c.type)).toEqual(['appeal.handedOver', 'appeal.handedOver', 'appeal.handedOver', 'appeal.handedOver', 'episode.ended']);
    commit(state, changes);
    expect(state.episode).toEqual({
      ...before,
      status: 'ended',
      endedAt: NOW,
      queue: [],
      onAirAppealId: null,
      version: 1 + 4 + 1,
    });
    expect(state.seq).toBe(5);
  });

  it('with nothing unsettled only the episode changes', () => {
    const state = buildState({ appeals: [buildAppeal({ status: 'answered_on_air' })] });
    const changes = endEpisode(state, ctx());
    expect(changes).toEqual([{ type: 'episode.ended', episode: { ...state.episode, status: 'ended', endedAt: NOW, version: 2 } }]);
  });

  it('keeps every appeal: the count is the same after the end', () => {
    const { state } = midShow();
    const before = state.appealOrder.slice();
    commit(state, endEpisode(state, ctx()));
    expect(state.appealOrder).toEqual(before);
    expect(Object.keys(state.appeals)).toHaveLength(9);
  });

  it('does not touch the state it was given', () => {
    const { state } = midShow();
    const before = snapshot(state);
    endEpisode(state, ctx());
    expect(state).toEqual(before);
  });

  it('a planned episode cannot end: EPISODE_NOT_LIVE', () => {
    refused(() => endEpisode(buildState({ episode: { status: 'planned' } }), ctx()), 'EPISODE_NOT_LIVE');
  });

  it('an ended episode cannot end twice: EPISODE_ENDED', () => {
    refused(() => endEpisode(buildState({ episode: { status: 'ended' } }), ctx()), 'EPISODE_ENDED');
  });
});

describe('studio messages to the leader panel', () => {
  it('sends a message, optionally about an appeal', () => {
    const appeal = buildAppeal();
    const state = buildState({ appeals: [appeal] });
    const changes = sendMessage(state, { episodeId: EPISODE_ID, text: '下一位来电关于噪音', appealId: appeal.id }, 'acc-op', ctx());
    expect(changes).toEqual([
      {
        type: 'message.sent',
        message: { id: 'id-1', text: '下一位来电关于噪音', appealId: appeal.id, sentAt: NOW, sentBy: 'acc-op', readAt: null, readBy: null },
      },
    ]);
  });

  it('may be sent before the show', () => {
    const state = buildState({ episode: { status: 'planned' } });
    expect(sendMessage(state, { episodeId: EPISODE_ID, text: '准备', appealId: null }, 'acc-op', ctx())).toHaveLength(1);
  });

  it('about an unknown appeal is APPEAL_NOT_FOUND', () => {
    const error = refused(() => sendMessage(buildState(), { episodeId: EPISODE_ID, text: 'x', appealId: 'ghost' }, 'acc-op', ctx()), 'APPEAL_NOT_FOUND');
    expect(error.details.field).toBe('appealId');
  });

  it('is refused once the episode has ended', () => {
    refused(() => sendMessage(buildState({ episode: { status: 'ended' } }), { episodeId: EPISODE_ID, text: 'x', appealId: null }, 'acc-op', ctx()), 'EPISODE_ENDED');
  });

  it('the leader’s read receipt records who and when', () => {
    const message = buildMessage();
    const state = buildState({ messages: [message] });
    const changes = markMessageRead(state, { episodeId: EPISODE_ID, messageId: message.id }, LEADER.accountId, ctx());
    expect(changes).toEqual([{ type: 'message.read', message: { ...message, readAt: NOW, readBy: 'acc-leader' } }]);
  });

  it('reading twice changes nothing', () => {
    const message = buildMessage({ readAt: '2025-06-18T02:04:00.000Z', readBy: 'acc-leader' });
    const state = buildState({ messages: [message] });
    expect(markMessageRead(state, { episodeId: EPISODE_ID, messageId: message.id }, 'acc-other', ctx())).toEqual([]);
  });

  it('a message may still be marked read after the episode ended', () => {
    const message = buildMessage();
    const state = buildState({ messages: [message], episode: { status: 'ended', endedAt: NOW } });
    commit(state, markMessageRead(state, { episodeId: EPISODE_ID, messageId: message.id }, 'acc-leader', ctx()), LEADER);
    expect(state.messages[message.id].readAt).toBe(NOW);
  });

  it('an unknown message is NOT_FOUND on messageId', () => {
    const error = refused(() => markMessageRead(buildState(), { episodeId: EPISODE_ID, messageId: 'ghost' }, 'acc-leader', ctx()), 'NOT_FOUND');
    expect(error.details.field).toBe('messageId');
    expect(error.message).toBe('找不到这条消息。');
  });
});
