import { describe, expect, it } from 'vitest';
import { putOnAir, receiveAppeal, screenAppeal } from '../../shared/domain/appealRules';
import { DomainError, ERROR_MESSAGES, refuse, type ErrorCode } from '../../shared/domain/errors';
import { endEpisode, sendMessage } from '../../shared/domain/episodeRules';
import {
  EPISODE_EVENT_TYPES,
  appealOnAir,
  applyEvent,
  countAppeals,
  diffFields,
  newEpisodeState,
  queuedAppeals,
  type EpisodeEvent,
} from '../../shared/domain/episodeState';
import { EPISODE_ID, NOW, OPERATOR, appealInput, buildAppeal, buildEpisode, buildState, commit, ctx, ref, snapshot } from './builders';

function event(seq: number, overrides: Partial<EpisodeEvent> = {}): EpisodeEvent {
  return {
    type: 'appeal.received',
    episodeId: EPISODE_ID,
    seq,
    at: NOW,
    actor: OPERATOR,
    command: 'appeal:create',
    commandId: `cmd-${seq}`,
    changes: [],
    ...overrides,
  };
}

describe('applying events', () => {
  it('a fresh state holds the planned episode and nothing else, at seq 0', () => {
    const episode = buildEpisode({ status: 'planned' });
    expect(newEpisodeState(episode)).toEqual({ episode, appeals: {}, appealOrder: [], messages: {}, publications: {}, seq: 0 });
  });

  it('applies the next event and advances seq', () => {
    const state = buildState({ seq: 4 });
    const appeal = buildAppeal();
    expect(applyEvent(state, event(5, { appeal }))).toBe(true);
    expect(state.seq).toBe(5);
    expect(state.appeals[appeal.id]).toBe(appeal);
    expect(state.appealOrder).toEqual([appeal.id]);
  });

  it.each([
    ['a gap', 7],
    ['a replay of the last event', 4],
    ['an old event', 1],
    ['seq 0', 0],
  ])('refuses an out-of-sequence event (%s) and changes nothing', (_label, seq) => {
    const state = buildState({ appeals: [buildAppeal()], seq: 4 });
    const before = snapshot(state);
    expect(applyEvent(state, event(seq, { appeal: buildAppeal(), episode: buildEpisode({ status: 'ended' }) }))).toBe(false);
    expect(state).toEqual(before);
  });

  it('a changed appeal replaces the old one without listing it twice', () => {
    const appeal = buildAppeal();
    const state = buildState({ appeals: [appeal] });
    applyEvent(state, event(1, { type: 'appeal.updated', appeal: { ...appeal, summary: '更正', version: 2 } }));
    expect(state.appealOrder).toEqual([appeal.id]);
    expect(state.appeals[appeal.id].summary).toBe('更正');
  });

  it('stores the episode and message an event carries', () => {
    const state = buildState();
    const episode = buildEpisode({ theme: '新主题', version: 2 });
    const message = { id: 'm1', text: 'hi', appealId: null, sentAt: NOW, sentBy: 'acc-op', readAt: null, readBy: null };
    applyEvent(state, event(1, { type: 'episode.updated', episode }));
    applyEvent(state, event(2, { type: 'message.sent', message }));
    expect(state.episode).toBe(episode);
    expect(state.messages).toEqual({ m1: message });
    expect(state.seq).toBe(2);
  });

  it('a client replaying the events it missed ends with exactly the server’s state', () => {
    const server = buildState({ episode: { status: 'planned', startedAt: null } });
    const client = snapshot(server);
    const log: EpisodeEvent[] = [];
    const c = ctx();
    commit(server, receiveAppeal(server, appealInput(), c), OPERATOR, 'appeal:create', log);
    commit(server, receiveAppeal(server, appealInput({ summary: '第二条' }), c), OPERATOR, 'appeal:create', log);
    commit(server, screenAppeal(server, ref(server.appeals['id-1'])), OPERATOR, 'appeal:screen', log);
    commit(server, sendMessage(server, { episodeId: EPISODE_ID, text: '注意', appealId: 'id-1' }, 'acc-op', c), OPERATOR, 'message:send', log);
    commit(server, [{ type: 'episode.started', episode: { ...server.episode, status: 'live', startedAt: NOW, version: server.episode.version + 1 } }], OPERATOR, 'episode:start', log);
    commit(server, putOnAir(server, ref(server.appeals['id-1']), c), OPERATOR, 'appeal:putOnAir', log);
    commit(server, endEpisode(server, c), OPERATOR, 'episode:end', log);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    for (const e of log) expect(applyEvent(client, e)).toBe(true);
    expect(client).toEqual(server);
    // Replaying again changes nothing.
    for (const e of log) expect(applyEvent(client, e)).toBe(false);
    expect(client).toEqual(server);
  });

  it('lists every event type the rules produce', () => {
    expect([...EPISODE_EVENT_TYPES].sort()).toEqual(
      [
        'appeal.answeredOnAir',
        'appeal.calledBack',
        'appeal.handedOver',
        'appeal.markedInvalid',
        'appeal.received',
        'appeal.screened',
        'appeal.updated',
        'appeal.wentOnAir',
        'episode.ended',
        'episode.planned',
        'episode.started',
        'episode.updated',
        'message.read',
        'message.sent',
        'queue.reordered',
        'supervision.assigned',
        'supervision.deadlineChanged',
        'supervision.reminded',
        'supervision.extensionRequested',
        'supervision.extensionDecided',
        'supervision.replied',
        'supervision.calledBack',
        'supervision.reopened',
        'supervision.closed',
        'feedback.wentOnAir',
        'feedback.wentOffAir',
        'publication.drafted',
        'publication.edited',
        'publication.published',
        'publication.withdrawn',
        'wall.hidden',
        'wall.shown',
      ].sort(),
    );
  });
});

describe('counting and reading the state', () => {
  it('counts appeals by outcome, with received counting every valid appeal and invalid kept apart', () => {
    const state = buildState({
      appeals: [
        buildAppeal({ status: 'received' }),
        buildAppeal({ status: 'received' }),
        buildAppeal({ status: 'queued' }),
        buildAppeal({ status: 'on_air' }),
        buildAppeal({ status: 'answered_on_air' }),
        buildAppeal({ status: 'answered_on_air' }),
        buildAppeal({ status: 'answered_on_air' }),
        buildAppeal({ status: 'supervised' }),
        buildAppeal({ status: 'invalid' }),
        buildAppeal({ status: 'invalid' }),
      ],
    });
    expect(countAppeals(state)).toEqual({ received: 8, waiting: 2, queued: 1, onAir: 1, answeredOnAir: 3, supervised: 1, invalid: 2 });
  });

  it('counts nothing in an empty episode', () => {
    expect(countAppeals(buildState())).toEqual({ received: 0, waiting: 0, queued: 0, onAir: 0, answeredOnAir: 0, supervised: 0, invalid: 0 });
  });

  it('lists the queue as appeals, next first', () => {
    const [a, b, c] = [buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' }), buildAppeal({ status: 'queued' })];
    const state = buildState({ appeals: [a, b, c], episode: { queue: [c.id, a.id, b.id] } });
    expect(queuedAppeals(state).map((x) => x.id)).toEqual([c.id, a.id, b.id]);
  });

  it('finds the appeal on air, or null', () => {
    const onAir = buildAppeal({ status: 'on_air' });
    expect(appealOnAir(buildState({ appeals: [buildAppeal(), onAir] }))).toBe(onAir);
    expect(appealOnAir(buildState({ appeals: [buildAppeal()] }))).toBeNull();
  });
});

describe('field-level differences for the audit trail', () => {
  it('walks nested objects and names the path, e.g. caller.phone', () => {
    const before = buildAppeal({ id: 'a', no: 1 });
    const after = { ...before, caller: { ...before.caller, phone: '13900001111' }, version: 2 };
    expect(diffFields(before, after)).toEqual([{ path: 'caller.phone', from: '13812341234', to: '13900001111' }]);
  });

  it('ignores version bumps at any level', () => {
    expect(diffFields({ version: 1, a: { version: 3 } }, { version: 2, a: { version: 4 } })).toEqual([]);
  });

  it('compares arrays whole', () => {
    expect(diffFields({ queue: ['a', 'b'] }, { queue: ['b', 'a'] })).toEqual([{ path: 'queue', from: ['a', 'b'], to: ['b', 'a'] }]);
  });

  it('a field that appears or disappears goes from or to null', () => {
    expect(diffFields({}, { name: '市城管局' })).toEqual([{ path: 'name', from: null, to: '市城管局' }]);
    expect(diffFields({ note: 'x' }, {})).toEqual([{ path: 'note', from: 'x', to: null }]);
  });

  it('an object replacing null is one change at its own path', () => {
    expect(diffFields({ answer: null }, { answer: { points: 'p', commitment: '' } })).toEqual([
      { path: 'answer', from: null, to: { points: 'p', commitment: '' } },
    ]);
  });

  it('several nested changes each get their full path', () => {
    const before = { slot: { start: '10:00', end: '11:00' }, theme: 'a' };
    const after = { slot: { start: '09:00', end: '10:00' }, theme: 'a' };
    expect(diffFields(before, after)).toEqual([
      { path: 'slot.start', from: '10:00', to: '09:00' },
      { path: 'slot.end', from: '11:00', to: '10:00' },
    ]);
  });

  it('equal entities have no differences', () => {
    const appeal = buildAppeal();
    expect(diffFields(appeal, snapshot(appeal))).toEqual([]);
  });
});

describe('domain errors', () => {
  it('refuse() uses the standard Chinese sentence of its code', () => {
    const error = refuse('EPISODE_NOT_LIVE');
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('DomainError');
    expect(error.message).toBe('节目尚未开始直播，不能进行这项操作。');
    expect(error.toCommandError()).toEqual({ code: 'EPISODE_NOT_LIVE', message: '节目尚未开始直播，不能进行这项操作。' });
  });

  it('a specific message and field travel to the ack', () => {
    expect(refuse('DUPLICATE', '2025年第5期已存在', { field: 'number' }).toCommandError()).toEqual({
      code: 'DUPLICATE',
      message: '2025年第5期已存在',
      field: 'number',
    });
  });

  it.each(Object.keys(ERROR_MESSAGES) as ErrorCode[])('%s has a Chinese sentence ending in 。', (code) => {
    expect(ERROR_MESSAGES[code]).toMatch(/[\u4e00-\u9fff]/);
    expect(ERROR_MESSAGES[code].endsWith('。')).toBe(true);
  });
});

describe('the audit diff of lists that only grow', () => {
  it('records the count before and the items added, not both whole lists', () => {
    const before = { replies: [{ text: '已派人' }], note: 'a' };
    const after = { replies: [{ text: '已派人' }, { text: '已修好' }], note: 'a' };
    expect(diffFields(before, after)).toEqual([{ path: 'replies', from: 1, to: [{ text: '已修好' }] }]);
  });

  it('keeps whole lists when items were reordered or removed', () => {
    expect(diffFields({ queue: ['a', 'b'] }, { queue: ['b', 'a'] })).toEqual([{ path: 'queue', from: ['a', 'b'], to: ['b', 'a'] }]);
    expect(diffFields({ queue: ['a', 'b'] }, { queue: ['b'] })).toEqual([{ path: 'queue', from: ['a', 'b'], to: ['b'] }]);
  });
});
