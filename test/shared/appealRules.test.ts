import { describe, expect, it } from 'vitest';
import {
  APPEAL_TRANSITIONS,
  AUTOMATIC_HANDOVER_REASON,
  STATUS_NAMES,
  answerOnAir,
  canMoveAppeal,
  handOverToSupervision,
  handOverUnsettled,
  markInvalid,
  putOnAir,
  receiveAppeal,
  reorderQueue,
  screenAppeal,
  updateAppeal,
} from '../../shared/domain/appealRules';
import type { Change, EpisodeState } from '../../shared/domain/episodeState';
import { countAppeals } from '../../shared/domain/episodeState';
import { APPEAL_STATUSES, type Appeal, type AppealStatus } from '../../shared/domain/types';
import {
  NOW,
  appealInput,
  buildAppeal,
  buildCaller,
  buildState,
  commit,
  ctx,
  ref,
  refused,
  snapshot,
} from './builders';

/** The life cycle as DESIGN.md §3 draws it, written out independently of the code's table. */
const DESIGN_LIFE_CYCLE: Record<AppealStatus, AppealStatus[]> = {
  received: ['queued', 'invalid'],
  queued: ['on_air', 'supervised', 'invalid'],
  on_air: ['answered_on_air', 'supervised'],
  answered_on_air: [],
  supervised: [],
  invalid: [],
};

type Target = Exclude<AppealStatus, 'received'>;

/** The command that moves an appeal to each status. Nothing moves an appeal back to `received`. */
const MOVE_TO: Record<Target, (state: EpisodeState, appeal: Appeal) => Change[]> = {
  queued: (state, appeal) => screenAppeal(state, ref(appeal)),
  on_air: (state, appeal) => putOnAir(state, ref(appeal), ctx()),
  answered_on_air: (state, appeal) => answerOnAir(state, { ...ref(appeal), points: '本周内清理占道摊点', commitment: '' }, ctx()),
  supervised: (state, appeal) => handOverToSupervision(state, { ...ref(appeal), reason: '需现场核实', points: '', commitment: '' }, ctx()),
  invalid: (state, appeal) => markInvalid(state, { ...ref(appeal), reason: '重复来电' }, ctx()),
};

const TARGETS = Object.keys(MOVE_TO) as Target[];

const PAIRS = APPEAL_STATUSES.flatMap((from) => TARGETS.map((to) => ({ from, to, allowed: APPEAL_TRANSITIONS[from].includes(to) })));

describe('the appeal life cycle table', () => {
  it('is exactly the life cycle of DESIGN.md §3', () => {
    expect(APPEAL_TRANSITIONS).toEqual(DESIGN_LIFE_CYCLE);
  });

  it('has a row for every status and names only known statuses', () => {
    expect(Object.keys(APPEAL_TRANSITIONS).sort()).toEqual([...APPEAL_STATUSES].sort());
    for (const targets of Object.values(APPEAL_TRANSITIONS)) for (const to of targets) expect(APPEAL_STATUSES).toContain(to);
  });

  it('never leads back to received and never to the same status', () => {
    for (const [from, targets] of Object.entries(APPEAL_TRANSITIONS)) {
      expect(targets).not.toContain('received');
      expect(targets).not.toContain(from);
    }
  });

  it('has no way out of answered on air, supervised or invalid', () => {
    expect(APPEAL_TRANSITIONS.answered_on_air).toEqual([]);
    expect(APPEAL_TRANSITIONS.supervised).toEqual([]);
    expect(APPEAL_TRANSITIONS.invalid).toEqual([]);
  });

  it.each(APPEAL_STATUSES.flatMap((from) => APPEAL_STATUSES.map((to) => [from, to] as const)))('canMoveAppeal(%s, %s) agrees with the table', (from, to) => {
    expect(canMoveAppeal(from, to)).toBe(DESIGN_LIFE_CYCLE[from].includes(to));
  });

  it('names every status in Chinese', () => {
    expect(STATUS_NAMES).toEqual({
      received: '待筛选',
      queued: '待播',
      on_air: '正在播出',
      answered_on_air: '现场回应',
      supervised: '直播后督办',
      invalid: '无效',
    });
  });
});

describe('every transition through the real commands (matrix generated from APPEAL_TRANSITIONS)', () => {
  it('covers all 6 × 5 pairs with the 7 allowed moves', () => {
    expect(PAIRS).toHaveLength(30);
    expect(PAIRS.filter((p) => p.allowed)).toHaveLength(7);
  });

  it.each(PAIRS.filter((p) => p.allowed))('an appeal $from may become $to', ({ from, to }) => {
    const appeal = buildAppeal({ status: from });
    const state = buildState({ appeals: [appeal] });
    const before = snapshot(state);
    const changes = MOVE_TO[to](state, appeal);
    expect(state).toEqual(before);
    commit(state, changes);
    const after = state.appeals[appeal.id];
    expect(after.status).toBe(to);
    expect(after.version).toBe(appeal.version + 1);
    expect(state.episode.queue.includes(appeal.id)).toBe(to === 'queued');
    expect(state.episode.onAirAppealId).toBe(to === 'on_air' ? appeal.id : null);
    expect(Object.keys(state.appeals)).toEqual([appeal.id]);
  });

  it.each(PAIRS.filter((p) => !p.allowed))('an appeal $from may not become $to', ({ from, to }) => {
    const appeal = buildAppeal({ status: from });
    const state = buildState({ appeals: [appeal] });
    const error = refused(() => MOVE_TO[to](state, appeal), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${appeal.no}号诉求当前为「${STATUS_NAMES[from]}」，不能改为「${STATUS_NAMES[to]}」。`);
  });
});

describe('receiving an appeal', () => {
  it('records a new appeal as received with the next number, the time and a fresh id', () => {
    const state = buildState({ episode: { nextAppealNo: 7, version: 4 } });
    const c = ctx();
    const [change, ...rest] = receiveAppeal(state, appealInput({ channel: 'online', operatorNotes: '老人来电，语速慢' }), c);
    expect(rest).toEqual([]);
    expect(change.type).toBe('appeal.received');
    expect(change.appeal).toEqual({
      id: 'id-1',
      episodeId: state.episode.id,
      no: 7,
      channel: 'online',
      receivedAt: NOW,
      caller: buildCaller(),
      area: '城关区',
      category: '市容环境',
      targetUnitId: 'unit-cg',
      summary: '小区门口占道经营，夜间噪音扰民',
      operatorNotes: '老人来电，语速慢',
      status: 'received',
      onAirAt: null,
      settledAt: null,
      answer: null,
      handOver: null,
      invalidReason: null,
      supervision: null,
      version: 1,
    });
    expect(change.episode?.nextAppealNo).toBe(8);
    expect(change.episode?.version).toBe(5);
  });

  it('numbers appeals 1, 2, 3 in the order they arrive', () => {
    const state = buildState();
    const c = ctx();
    for (let i = 0; i < 3; i++) commit(state, receiveAppeal(state, appealInput(), c));
    expect(state.appealOrder.map((id) => state.appeals[id].no)).toEqual([1, 2, 3]);
    expect(state.appealOrder).toEqual(['id-1', 'id-2', 'id-3']);
    expect(state.episode.nextAppealNo).toBe(4);
  });

  it('takes appeals before the show starts (pre-show intake on a planned episode)', () => {
    const state = buildState({ episode: { status: 'planned', startedAt: null } });
    const [change] = receiveAppeal(state, appealInput(), ctx());
    expect(change.appeal?.status).toBe('received');
  });

  it('drops the name and title of an anonymous caller but keeps the phone for the callback', () => {
    const state = buildState();
    const [change] = receiveAppeal(state, appealInput({ caller: { anonymous: true, name: '赵六', title: '女士', phone: '13900001111' } }), ctx());
    expect(change.appeal?.caller).toEqual({ anonymous: true, name: '', title: null, phone: '13900001111' });
  });

  it('is refused once the episode has ended', () => {
    const state = buildState({ episode: { status: 'ended', endedAt: NOW } });
    refused(() => receiveAppeal(state, appealInput(), ctx()), 'EPISODE_ENDED');
  });

  it('does not touch the state it was given', () => {
    const state = buildState({ appeals: [buildAppeal()] });
    const before = snapshot(state);
    receiveAppeal(state, appealInput(), ctx());
    expect(state).toEqual(before);
  });
});

describe('correcting an appeal', () => {
  it('changes the fields in the patch, keeps the rest and bumps the version', () => {
    const appeal = buildAppeal({ status: 'queued', version: 3 });
    const state = buildState({ appeals: [appeal] });
    const [change] = updateAppeal(state, { ...ref(appeal), patch: { summary: '占道经营已持续半年', area: '城南区' } }, ctx());
    expect(change.type).toBe('appeal.updated');
    expect(change.episode).toBeUndefined();
    expect(change.appeal).toEqual({ ...appeal, summary: '占道经营已持续半年', area: '城南区', version: 4 });
  });

  it('drops the name and title when a caller is corrected to anonymous', () => {
    const appeal = buildAppeal();
    const state = buildState({ appeals: [appeal] });
    const [change] = updateAppeal(state, { ...ref(appeal), patch: { caller: { anonymous: true, name: '王五', title: '先生', phone: '13812341234' } } }, ctx());
    expect(change.appeal?.caller).toEqual({ anonymous: true, name: '', title: null, phone: '13812341234' });
  });

  it('may correct the appeal on air', () => {
    const appeal = buildAppeal({ status: 'on_air' });
    const state = buildState({ appeals: [appeal] });
    const [change] = updateAppeal(state, { ...ref(appeal), patch: { category: '交通出行' } }, ctx());
    expect(change.appeal?.category).toBe('交通出行');
    expect(change.appeal?.status).toBe('on_air');
  });

  it.each(['answered_on_air', 'supervised', 'invalid'] as const)('is refused once the appeal is %s', (status) => {
    const appeal = buildAppeal({ status });
    const state = buildState({ appeals: [appeal] });
    const error = refused(() => updateAppeal(state, { ...ref(appeal), patch: { summary: '改写' } }, ctx()), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${appeal.no}号诉求已「${STATUS_NAMES[status]}」，不能再修改内容。`);
  });

  it('a stale version gets CONFLICT with the fresh appeal', () => {
    const appeal = buildAppeal({ version: 5, summary: '别人刚改过的摘要' });
    const state = buildState({ appeals: [appeal] });
    const error = refused(() => updateAppeal(state, { ...ref(appeal), expectedVersion: 4, patch: { summary: '我的旧改动' } }, ctx()), 'CONFLICT');
    expect(error.details.fresh).toEqual(appeal);
    expect(error.toCommandError()).toEqual({ code: 'CONFLICT', message: '这条记录刚被其他人修改，已为您载入最新内容，请确认后再操作。', fresh: appeal });
  });

  it('an unknown appeal is APPEAL_NOT_FOUND on the appealId field', () => {
    const state = buildState({ appeals: [buildAppeal()] });
    const error = refused(() => updateAppeal(state, { ...ref({ id: 'nope', version: 1 }), patch: { summary: 'x' } }, ctx()), 'APPEAL_NOT_FOUND');
    expect(error.details.field).toBe('appealId');
  });
});

describe('screening and the on-air queue', () => {
  it('a screened appeal joins the end of the queue', () => {
    const first = buildAppeal({ status: 'queued' });
    const second = buildAppeal({ status: 'queued' });
    const fresh = buildAppeal();
    const state = buildState({ appeals: [first, second, fresh] });
    commit(state, screenAppeal(state, ref(fresh)));
    expect(state.episode.queue).toEqual([first.id, second.id, fresh.id]);
    expect(state.appeals[fresh.id].status).toBe('queued');
  });

  it('reorders the queue to any permutation of the queued appeals', () => {
    const [a, b, c] = [buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' })];
    const state = buildState({ appeals: [a, b, c], episode: { version: 9 } });
    const changes = reorderQueue(state, { episodeId: state.episode.id, order: [c.id, a.id, b.id] });
    expect(changes).toHaveLength(1);
    expect(changes[0].type).toBe('queue.reordered');
    expect(changes[0].episode?.queue).toEqual([c.id, a.id, b.id]);
    expect(changes[0].episode?.version).toBe(10);
    expect(changes[0].appeal).toBeUndefined();
  });

  it('reordering an empty queue to an empty order is allowed', () => {
    const state = buildState();
    expect(reorderQueue(state, { episodeId: state.episode.id, order: [] })[0].episode?.queue).toEqual([]);
  });

  describe('refuses an order that is not a permutation of the queue with QUEUE_MISMATCH and the fresh queue', () => {
    const [a, b, c] = [buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' })];
    const other = buildAppeal({ status: 'received' });
    const cases: Array<[string, string[]]> = [
      ['one queued appeal left out (a stale drag)', [c.id, a.id]],
      ['an id that is not queued', [a.id, b.id, c.id, other.id]],
      ['an unqueued id swapped in', [a.id, b.id, other.id]],
      ['a duplicate that keeps the length', [a.id, a.id, b.id]],
      ['an unknown id', [a.id, b.id, 'ghost']],
      ['an empty order', []],
    ];
    it.each(cases)('%s', (_label, order) => {
      const state = buildState({ appeals: [a, b, c, other] });
      const error = refused(() => reorderQueue(state, { episodeId: state.episode.id, order }), 'QUEUE_MISMATCH');
      expect(error.details.fresh).toEqual([a.id, b.id, c.id]);
    });
  });
});

describe('going on air', () => {
  it('puts a queued appeal on air: time stamped, out of the queue, the episode points at it', () => {
    const [a, b] = [buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' })];
    const state = buildState({ appeals: [a, b] });
    const [change] = putOnAir(state, ref(b), ctx());
    expect(change.type).toBe('appeal.wentOnAir');
    expect(change.appeal).toEqual({ ...b, status: 'on_air', onAirAt: NOW, version: b.version + 1 });
    expect(change.episode?.onAirAppealId).toBe(b.id);
    expect(change.episode?.queue).toEqual([a.id]);
  });

  it('a second appeal cannot go on air while one is on air', () => {
    const onAir = buildAppeal({ status: 'on_air', no: 3 });
    const next = buildAppeal({ status: 'queued' });
    const state = buildState({ appeals: [onAir, next] });
    const error = refused(() => putOnAir(state, ref(next), ctx()), 'ANOTHER_ON_AIR');
    expect(error.message).toBe('第3号诉求正在播出，请先记录它的现场回应或转督办。');
  });

  it('the next appeal may go on air once the one on air is answered', () => {
    const [a, b] = [buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' })];
    const state = buildState({ appeals: [a, b] });
    commit(state, putOnAir(state, ref(a), ctx()));
    refused(() => putOnAir(state, ref(b), ctx()), 'ANOTHER_ON_AIR');
    commit(state, answerOnAir(state, { ...ref(state.appeals[a.id]), points: '已安排执法', commitment: '' }, ctx()));
    commit(state, putOnAir(state, ref(b), ctx()));
    expect(state.episode.onAirAppealId).toBe(b.id);
    expect(countAppeals(state).onAir).toBe(1);
  });

  it('the next appeal may go on air once the one on air is handed over', () => {
    const [a, b] = [buildAppeal({ status: 'on_air' }), buildAppeal({ status: 'queued' })];
    const state = buildState({ appeals: [a, b] });
    commit(state, handOverToSupervision(state, { ...ref(a), reason: '需会后核实', points: '', commitment: '' }, ctx()));
    commit(state, putOnAir(state, ref(b), ctx()));
    expect(state.episode.onAirAppealId).toBe(b.id);
  });

  it('putOnAir needs a live episode: a planned one is EPISODE_NOT_LIVE', () => {
    const appeal = buildAppeal({ status: 'queued' });
    const state = buildState({ appeals: [appeal], episode: { status: 'planned', startedAt: null } });
    refused(() => putOnAir(state, ref(appeal), ctx()), 'EPISODE_NOT_LIVE');
  });

  it('an appeal not yet screened cannot go on air', () => {
    const appeal = buildAppeal({ status: 'received' });
    const state = buildState({ appeals: [appeal] });
    refused(() => putOnAir(state, ref(appeal), ctx()), 'ILLEGAL_TRANSITION');
  });

  it('putting the appeal already on air on air again is an illegal transition, not a second on-air', () => {
    const appeal = buildAppeal({ status: 'on_air' });
    const state = buildState({ appeals: [appeal] });
    refused(() => putOnAir(state, ref(appeal), ctx()), 'ILLEGAL_TRANSITION');
  });
});

describe('closing the appeal on air', () => {
  it('answered on air records the answer points and commitment and frees the air', () => {
    const appeal = buildAppeal({ status: 'on_air', onAirAt: '2025-06-18T02:04:00.000Z' });
    const state = buildState({ appeals: [appeal] });
    const [change] = answerOnAir(state, { ...ref(appeal), points: '三日内清理', commitment: '一周后回访' }, ctx());
    expect(change.type).toBe('appeal.answeredOnAir');
    expect(change.appeal).toEqual({
      ...appeal,
      status: 'answered_on_air',
      settledAt: NOW,
      answer: { points: '三日内清理', commitment: '一周后回访' },
      version: appeal.version + 1,
    });
    expect(change.episode?.onAirAppealId).toBeNull();
  });

  it('handing the appeal on air to supervision keeps the reason, is not automatic and frees the air', () => {
    const appeal = buildAppeal({ status: 'on_air' });
    const state = buildState({ appeals: [appeal] });
    const [change] = handOverToSupervision(state, { ...ref(appeal), reason: '涉及多部门，会后协调', points: '', commitment: '' }, ctx());
    expect(change.type).toBe('appeal.handedOver');
    expect(change.appeal).toEqual({
      ...appeal,
      status: 'supervised',
      settledAt: NOW,
      handOver: { reason: '涉及多部门，会后协调', automatic: false },
      answer: null,
      // Handed to the appeal's target unit, due in 5 working days (一般): 2025-06-18 (Wed) → 06-25 (Wed).
      supervision: expect.objectContaining({ unitId: 'unit-cg', complexity: 'normal', deadline: '2025-06-25', status: 'with_unit', assignedAt: NOW }),
      version: appeal.version + 1,
    });
    expect(change.episode?.onAirAppealId).toBeNull();
  });

  it('a hand-over with the leader’s first answer keeps it', () => {
    const appeal = buildAppeal({ status: 'on_air' });
    const state = buildState({ appeals: [appeal] });
    const [change] = handOverToSupervision(state, { ...ref(appeal), reason: '会后落实', points: '先行调查', commitment: '' }, ctx());
    expect(change.appeal?.answer).toEqual({ points: '先行调查', commitment: '' });
  });

  it('handing over a queued appeal takes it out of the queue and leaves the appeal on air alone', () => {
    const onAir = buildAppeal({ status: 'on_air' });
    const [a, b] = [buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' })];
    const state = buildState({ appeals: [onAir, a, b] });
    commit(state, handOverToSupervision(state, { ...ref(a), reason: '时间不够', points: '', commitment: '' }, ctx()));
    expect(state.episode.queue).toEqual([b.id]);
    expect(state.episode.onAirAppealId).toBe(onAir.id);
    expect(state.appeals[a.id].status).toBe('supervised');
  });
});

describe('marking an appeal invalid', () => {
  it('removes a queued appeal from the queue and keeps it with its reason', () => {
    const [a, b] = [buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' })];
    const state = buildState({ appeals: [a, b] });
    commit(state, markInvalid(state, { ...ref(a), reason: '恶作剧来电' }, ctx()));
    expect(state.episode.queue).toEqual([b.id]);
    expect(state.appeals[a.id]).toEqual({ ...a, status: 'invalid', invalidReason: '恶作剧来电', settledAt: NOW, version: a.version + 1 });
    expect(state.appealOrder).toEqual([a.id, b.id]);
  });

  it('a received appeal marked invalid does not touch the episode', () => {
    const appeal = buildAppeal();
    const state = buildState({ appeals: [appeal] });
    const changes = markInvalid(state, { ...ref(appeal), reason: '与节目无关' }, ctx());
    expect(changes).toHaveLength(1);
    expect(changes[0].type).toBe('appeal.markedInvalid');
    expect('episode' in changes[0]).toBe(false);
  });

  it('an invalid appeal is kept apart from received in the counters', () => {
    const appeal = buildAppeal();
    const state = buildState({ appeals: [appeal, buildAppeal()] });
    commit(state, markInvalid(state, { ...ref(appeal), reason: '重复来电' }, ctx()));
    expect(countAppeals(state)).toEqual({ received: 1, waiting: 1, queued: 0, onAir: 0, answeredOnAir: 0, supervised: 0, invalid: 1 });
  });
});

describe('every appeal command checks the version the operator saw', () => {
  const commands: Array<[string, AppealStatus, (state: EpisodeState, appeal: Appeal) => Change[]]> = [
    ['update', 'received', (s, a) => updateAppeal(s, { ...ref(a), patch: { summary: 'x' } }, ctx())],
    ['screen', 'received', MOVE_TO.queued],
    ['putOnAir', 'queued', MOVE_TO.on_air],
    ['answerOnAir', 'on_air', MOVE_TO.answered_on_air],
    ['handOver', 'queued', MOVE_TO.supervised],
    ['markInvalid', 'received', MOVE_TO.invalid],
  ];
  it.each(commands)('%s with a stale version gets CONFLICT with the fresh appeal', (_name, status, run) => {
    const appeal = buildAppeal({ status, version: 2 });
    const state = buildState({ appeals: [appeal] });
    const error = refused(() => run(state, { ...appeal, version: 1 }), 'CONFLICT');
    expect(error.details.fresh).toBe(state.appeals[appeal.id]);
  });

  it.each(commands)('%s of an unknown appeal is APPEAL_NOT_FOUND', (_name, status, run) => {
    const state = buildState({ appeals: [buildAppeal({ status })] });
    refused(() => run(state, buildAppeal({ id: 'missing', status })), 'APPEAL_NOT_FOUND');
  });

  it('two operators screening the same appeal: the first wins, the second gets CONFLICT', () => {
    const appeal = buildAppeal();
    const state = buildState({ appeals: [appeal] });
    const seenByBoth = ref(appeal);
    commit(state, screenAppeal(state, seenByBoth));
    const error = refused(() => markInvalid(state, { ...seenByBoth, reason: '重复' }, ctx()), 'CONFLICT');
    expect((error.details.fresh as Appeal).status).toBe('queued');
    expect(state.episode.queue).toEqual([appeal.id]);
  });
});

describe('on an ended episode the studio is closed', () => {
  const ended = { status: 'ended' as const, endedAt: NOW };
  const commands: Array<[string, AppealStatus, (state: EpisodeState, appeal: Appeal) => Change[]]> = [
    ['receive', 'received', (s) => receiveAppeal(s, appealInput(), ctx())],
    ['update', 'supervised', (s, a) => updateAppeal(s, { ...ref(a), patch: { summary: 'x' } }, ctx())],
    ['screen', 'received', MOVE_TO.queued],
    ['reorder', 'queued', (s) => reorderQueue(s, { episodeId: s.episode.id, order: [] })],
    ['putOnAir', 'queued', MOVE_TO.on_air],
    ['answerOnAir', 'on_air', MOVE_TO.answered_on_air],
    ['handOver', 'on_air', MOVE_TO.supervised],
    ['markInvalid', 'received', MOVE_TO.invalid],
  ];
  it.each(commands)('%s is refused with EPISODE_ENDED', (_name, status, run) => {
    const appeal = buildAppeal({ status });
    // Even a state that (wrongly) still holds a live appeal is refused by the episode's status first.
    const state = buildState({ appeals: [appeal], episode: ended });
    const error = refused(() => run(state, appeal), 'EPISODE_ENDED');
    expect(error.message).toBe('本期节目已结束，直播环节的操作已关闭。');
  });

  it('EPISODE_ENDED wins over a stale version', () => {
    const appeal = buildAppeal({ version: 3 });
    const state = buildState({ appeals: [appeal], episode: ended });
    refused(() => screenAppeal(state, { ...ref(appeal), expectedVersion: 1 }), 'EPISODE_ENDED');
  });
});

describe('the automatic hand-over at the end of the show', () => {
  it('hands every received, queued and on-air appeal to supervision in the order received, automatically', () => {
    const appeals = [
      buildAppeal({ status: 'answered_on_air' }),
      buildAppeal({ status: 'queued' }),
      buildAppeal({ status: 'invalid' }),
      buildAppeal({ status: 'on_air' }),
      buildAppeal({ status: 'received' }),
      buildAppeal({ status: 'supervised', handOver: { reason: '会后督办', automatic: false } }),
    ];
    const state = buildState({ appeals });
    const changes = handOverUnsettled(state, ctx());
    expect(changes.map((c) => c.appeal?.id)).toEqual([appeals[1].id, appeals[3].id, appeals[4].id]);
    for (const change of changes) {
      expect(change.type).toBe('appeal.handedOver');
      expect(change.appeal?.status).toBe('supervised');
      expect(change.appeal?.handOver).toEqual({ reason: AUTOMATIC_HANDOVER_REASON, automatic: true });
      expect(change.appeal?.settledAt).toBe(NOW);
    }
    // Each change carries the episode as left by the one before it.
    expect(changes.map((c) => c.episode?.version)).toEqual([2, 3, 4]);
    expect(changes[2].episode?.queue).toEqual([]);
    expect(changes[2].episode?.onAirAppealId).toBeNull();
  });

  it('the automatic reason says the appeal was not answered in the programme', () => {
    expect(AUTOMATIC_HANDOVER_REASON).toBe('直播结束，未在节目中回应，自动转直播后督办');
  });

  it('hands nothing over when every appeal is settled', () => {
    const state = buildState({ appeals: [buildAppeal({ status: 'answered_on_air' }), buildAppeal({ status: 'invalid' })] });
    expect(handOverUnsettled(state, ctx())).toEqual([]);
  });

  it('keeps an answer the leader already gave to the appeal on air', () => {
    const appeal = buildAppeal({ status: 'on_air', answer: { points: '正在研究', commitment: '' } });
    const state = buildState({ appeals: [appeal] });
    const [change] = handOverUnsettled(state, ctx());
    expect(change.appeal?.answer).toEqual({ points: '正在研究', commitment: '' });
  });
});
