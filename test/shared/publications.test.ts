import { describe, expect, it } from 'vitest';
import type { EpisodeState } from '../../shared/domain/episodeState';
import { draftPublication, editPublication, publishPublication, withdrawPublication, type Publication } from '../../shared/domain/publications';
import { rollupEpisode } from '../../shared/domain/rollups';
import type { Appeal } from '../../shared/domain/types';
import { buildAppeal, buildCaller, buildState, commit, ctx, refused, snapshot } from './builders';
import { buildSupervision } from './supervisionBuilders';

/*
 * 民生热点 and 政策问答: drafted only from appeals that were answered on air or handed to supervision,
 * never carrying a linked caller's name or number, edited only as drafts, published only from a
 * draft, withdrawn only once published, every change against the version the sender saw.
 */

const FOLLOWUP = '回访员小周';
const NOW = '2025-06-18T06:00:00.000Z';

/** An episode with an appeal in every status; callers differ so the name and phone checks can be told apart. */
function episodeWithAppeals(status: 'live' | 'ended' | 'planned' = 'ended') {
  const answered = buildAppeal({ id: 'answered', status: 'answered_on_air', caller: buildCaller({ name: '王建华', phone: '13812341234' }), answer: { points: '本周检修', commitment: '' } });
  const supervised = buildAppeal({ id: 'supervised', status: 'supervised', caller: buildCaller({ name: '李秀英', title: '女士', phone: '0516-8370 5678' }), supervision: buildSupervision() });
  const anonymous = buildAppeal({ id: 'anonymous', status: 'answered_on_air', caller: buildCaller({ anonymous: true, name: '', title: null, phone: '' }) });
  const received = buildAppeal({ id: 'received', status: 'received' });
  const queued = buildAppeal({ id: 'queued', status: 'queued' });
  const onAir = buildAppeal({ id: 'on-air', status: 'on_air' });
  const invalid = buildAppeal({ id: 'invalid', status: 'invalid', invalidReason: '恶作剧' });
  const other = buildAppeal({ id: 'other', status: 'answered_on_air', caller: buildCaller({ name: '赵国庆', phone: '13900001111' }) });
  const appeals: Appeal[] = [answered, supervised, anonymous, received, queued, onAir, invalid, other];
  const state = buildState({ appeals, episode: status === 'ended' ? { status, endedAt: NOW, queue: [], onAirAppealId: null } : { status } });
  state.publications = {};
  return state;
}

const qa = (appealIds: string[], overrides: Partial<{ title: string; body: string; kind: 'hotspot' | 'qa' }> = {}) => ({
  kind: 'qa' as const,
  title: '老旧小区电梯坏了找谁？',
  body: '由物业服务企业负责维修，可申请使用住宅专项维修资金。',
  appealIds,
  ...overrides,
});

/** Draft through the rule and commit it; returns the draft as stored. */
function drafted(state: EpisodeState, input = qa(['answered'])): Publication {
  const changes = draftPublication(state, input, FOLLOWUP, ctx(NOW, 'pub'));
  commit(state, changes);
  return state.publications![changes[0].publication!.id];
}

describe('drafting', () => {
  it('from an answered or a supervised appeal: a draft at version 1, linked to the appeals, not counted yet', () => {
    const state = episodeWithAppeals();
    const changes = draftPublication(state, qa(['answered', 'supervised']), FOLLOWUP, ctx(NOW, 'pub'));
    expect(changes).toEqual([
      {
        type: 'publication.drafted',
        publication: {
          id: 'pub-1',
          episodeId: 'ep-2025-37',
          kind: 'qa',
          title: '老旧小区电梯坏了找谁？',
          body: '由物业服务企业负责维修，可申请使用住宅专项维修资金。',
          appealIds: ['answered', 'supervised'],
          status: 'draft',
          draftedBy: FOLLOWUP,
          draftedAt: NOW,
          publishedAt: null,
          withdrawnAt: null,
          version: 1,
        },
      },
    ]);
    commit(state, changes);
    expect([rollupEpisode(state).hotspots, rollupEpisode(state).policyQa]).toEqual([0, 0]);
  });

  it('works while the episode is live and after it ended; before it went on air it is refused', () => {
    expect(draftPublication(episodeWithAppeals('live'), qa(['answered']), FOLLOWUP, ctx(NOW))).toHaveLength(1);
    expect(draftPublication(episodeWithAppeals('ended'), qa(['answered']), FOLLOWUP, ctx(NOW))).toHaveLength(1);
    const error = refused(() => draftPublication(episodeWithAppeals('planned'), qa(['answered']), FOLLOWUP, ctx(NOW)), 'EPISODE_NOT_LIVE');
    expect(error.message).toBe('节目尚未播出，不能起草发布内容。');
  });

  it.each(['received', 'queued', 'on-air', 'invalid'])('an appeal that is %s cannot be a source: ILLEGAL_TRANSITION naming the appeal and the field', (id) => {
    const state = episodeWithAppeals();
    const error = refused(() => draftPublication(state, qa(['answered', id]), FOLLOWUP, ctx(NOW)), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(`第${state.appeals[id].no}号诉求尚未现场回应或转督办，不能作为发布依据。`);
    expect(error.details.field).toBe('appealIds.1');
  });

  it('an appeal that is not in this episode: APPEAL_NOT_FOUND with its place in the list', () => {
    const error = refused(() => draftPublication(episodeWithAppeals(), qa(['no-such-appeal']), FOLLOWUP, ctx(NOW)), 'APPEAL_NOT_FOUND');
    expect(error.details.field).toBe('appealIds.0');
  });

  it.each([
    ['the number as given', '详情请致电13812341234咨询'],
    ['with spaces', '来电人电话 138 1234 1234'],
    ['with dashes', '来电人电话 138-1234-1234'],
    ['with brackets and a country code', '电话 +86 (138) 1234-1234'],
  ])('refuses a linked caller’s phone number in the text: %s', (_, body) => {
    const state = episodeWithAppeals();
    const error = refused(() => draftPublication(state, qa(['answered'], { body }), FOLLOWUP, ctx(NOW)), 'VALIDATION_FAILED');
    expect(error.message).toBe('发布内容不能包含来电人的电话号码。');
    expect(error.details.field).toBe('body');
  });

  it('refuses the phone in the title too, and a landline written without its dash or space', () => {
    const state = episodeWithAppeals();
    refused(() => draftPublication(state, qa(['answered'], { title: '13812341234反映的问题' }), FOLLOWUP, ctx(NOW)), 'VALIDATION_FAILED');
    const error = refused(() => draftPublication(state, qa(['supervised'], { body: '请拨打051683705678' }), FOLLOWUP, ctx(NOW)), 'VALIDATION_FAILED');
    expect(error.message).toBe('发布内容不能包含来电人的电话号码。');
  });

  it('refuses the mobile number of a caller recorded with the country code (+86) when the text gives it without', () => {
    const state = episodeWithAppeals();
    state.appeals.answered = { ...state.appeals.answered, caller: buildCaller({ name: '王建华', phone: '+86 138 1234 1234' }) };
    const error = refused(() => draftPublication(state, qa(['answered'], { body: '详情请致电13812341234' }), FOLLOWUP, ctx(NOW)), 'VALIDATION_FAILED');
    expect(error.message).toBe('发布内容不能包含来电人的电话号码。');
  });

  it('refuses a linked caller’s full name in the title or the body', () => {
    const state = episodeWithAppeals();
    for (const input of [qa(['answered'], { title: '王建华反映电梯问题' }), qa(['answered', 'supervised'], { body: '市民李秀英反映，电梯长期故障。' })]) {
      const error = refused(() => draftPublication(state, input, FOLLOWUP, ctx(NOW)), 'VALIDATION_FAILED');
      expect(error.message).toBe('发布内容不能包含来电人的姓名。');
    }
  });

  it('checks only the linked appeals’ callers, and lets the masked form of address through', () => {
    const state = episodeWithAppeals();
    // 赵国庆 called too, but that appeal is not linked; 王先生 is how the programme addresses a caller.
    expect(draftPublication(state, qa(['answered'], { body: '赵国庆路口的信号灯已调整；王先生反映的电梯问题已解决。' }), FOLLOWUP, ctx(NOW))).toHaveLength(1);
    // An anonymous caller has no name and no number to leak.
    expect(draftPublication(state, qa(['anonymous']), FOLLOWUP, ctx(NOW))).toHaveLength(1);
  });

  it('leaves the state it was given untouched', () => {
    const state = episodeWithAppeals();
    const before = snapshot(state);
    draftPublication(state, qa(['answered']), FOLLOWUP, ctx(NOW));
    expect(() => draftPublication(state, qa(['received']), FOLLOWUP, ctx(NOW))).toThrow();
    expect(state).toEqual(before);
  });
});

describe('editing: drafts only, against the version the editor saw', () => {
  it('a draft: new text and links, version + 1, still a draft', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state);
    const changes = editPublication(state, { publicationId: draft.id, expectedVersion: 1, title: '电梯维修资金怎么申请？', body: '向所在区住建部门提出申请。', appealIds: ['answered', 'supervised'] });
    expect(changes).toEqual([{ type: 'publication.edited', publication: { ...draft, title: '电梯维修资金怎么申请？', body: '向所在区住建部门提出申请。', appealIds: ['answered', 'supervised'], version: 2 } }]);
  });

  it('a stale version: CONFLICT carrying the fresh publication', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state);
    commit(state, editPublication(state, { publicationId: draft.id, expectedVersion: 1, title: '第一次修改', body: '正文', appealIds: ['answered'] }));
    const error = refused(() => editPublication(state, { publicationId: draft.id, expectedVersion: 1, title: '过期的修改', body: '正文', appealIds: ['answered'] }), 'CONFLICT');
    expect(error.details.fresh).toEqual(state.publications![draft.id]);
    expect(state.publications![draft.id].title).toBe('第一次修改');
  });

  it('the same checks as drafting: caller details and sources', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state);
    const edit = (overrides: { body?: string; appealIds?: string[] }) => () => editPublication(state, { publicationId: draft.id, expectedVersion: 1, title: '标题', body: '正文', appealIds: ['answered'], ...overrides });
    expect(refused(edit({ body: '电话138-1234-1234' }), 'VALIDATION_FAILED').message).toBe('发布内容不能包含来电人的电话号码。');
    expect(refused(edit({ body: '王建华反映' }), 'VALIDATION_FAILED').message).toBe('发布内容不能包含来电人的姓名。');
    refused(edit({ appealIds: ['queued'] }), 'ILLEGAL_TRANSITION');
  });

  it('published or withdrawn items cannot be edited (what was published stays as it was); an unknown id is NOT_FOUND', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state);
    commit(state, publishPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx(NOW)));
    let error = refused(() => editPublication(state, { publicationId: draft.id, expectedVersion: 2, title: '改', body: '改', appealIds: ['answered'] }), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe('只能修改草稿；已发布的内容请先撤回。');
    commit(state, withdrawPublication(state, { publicationId: draft.id, expectedVersion: 2 }, ctx(NOW)));
    refused(() => editPublication(state, { publicationId: draft.id, expectedVersion: 3, title: '改', body: '改', appealIds: ['answered'] }), 'ILLEGAL_TRANSITION');
    error = refused(() => editPublication(state, { publicationId: 'nope', expectedVersion: 1, title: '改', body: '改', appealIds: ['answered'] }), 'NOT_FOUND');
    expect(error.details.field).toBe('publicationId');
  });
});

describe('publishing and withdrawing', () => {
  it('publish: a draft becomes published with its time, version + 1, and is counted', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state, qa(['supervised'], { kind: 'hotspot', title: '电梯维修难', body: '多位市民反映。' }));
    const changes = publishPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx('2025-06-19T01:00:00.000Z'));
    expect(changes).toEqual([{ type: 'publication.published', publication: { ...draft, status: 'published', publishedAt: '2025-06-19T01:00:00.000Z', version: 2 } }]);
    commit(state, changes);
    expect([rollupEpisode(state).hotspots, rollupEpisode(state).policyQa]).toEqual([1, 0]);
  });

  it('publish only a draft: publishing twice or a withdrawn item is refused; a stale version is a CONFLICT', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state);
    refused(() => publishPublication(state, { publicationId: draft.id, expectedVersion: 0 }, ctx(NOW)), 'CONFLICT');
    commit(state, publishPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx(NOW)));
    expect(refused(() => publishPublication(state, { publicationId: draft.id, expectedVersion: 2 }, ctx(NOW)), 'ILLEGAL_TRANSITION').message).toBe('这条内容已经发布。');
    // A second admin who saw version 1 is told it changed, not that it is published.
    refused(() => publishPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx(NOW)), 'CONFLICT');
    commit(state, withdrawPublication(state, { publicationId: draft.id, expectedVersion: 2 }, ctx(NOW)));
    expect(refused(() => publishPublication(state, { publicationId: draft.id, expectedVersion: 3 }, ctx(NOW)), 'ILLEGAL_TRANSITION').message).toBe('已撤回的内容不能再发布，请重新起草。');
    refused(() => publishPublication(state, { publicationId: 'nope', expectedVersion: 1 }, ctx(NOW)), 'NOT_FOUND');
  });

  it('withdraw only a published item: it is kept (nothing deleted), marked withdrawn with its time, and no longer counted', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state);
    expect(refused(() => withdrawPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx(NOW)), 'ILLEGAL_TRANSITION').message).toBe('只能撤回已发布的内容。');
    commit(state, publishPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx(NOW)));
    expect(rollupEpisode(state).policyQa).toBe(1);
    refused(() => withdrawPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx(NOW)), 'CONFLICT');
    commit(state, withdrawPublication(state, { publicationId: draft.id, expectedVersion: 2 }, ctx('2025-06-20T01:00:00.000Z')));
    expect(state.publications![draft.id]).toEqual({ ...draft, status: 'withdrawn', publishedAt: NOW, withdrawnAt: '2025-06-20T01:00:00.000Z', version: 3 });
    expect(rollupEpisode(state).policyQa).toBe(0);
    expect(refused(() => withdrawPublication(state, { publicationId: draft.id, expectedVersion: 3 }, ctx(NOW)), 'ILLEGAL_TRANSITION').message).toBe('只能撤回已发布的内容。');
  });

  it('the rules never change the state they are given', () => {
    const state = episodeWithAppeals();
    const draft = drafted(state);
    const before = snapshot(state);
    publishPublication(state, { publicationId: draft.id, expectedVersion: 1 }, ctx(NOW));
    editPublication(state, { publicationId: draft.id, expectedVersion: 1, title: '改', body: '改', appealIds: ['answered'] });
    expect(state).toEqual(before);
  });
});
