import { describe, expect, it } from 'vitest';
import { combineRollups, rollupEpisode } from '../../shared/domain/rollups';
import { formatRate2, isResolved, RESOLVED_DEFINITION, resolutionRate, satisfactionFigure, SATISFACTION_DEFINITIONS } from '../../shared/domain/resolution';
import { recordOnAirCallback, ON_AIR_CALLBACK_MESSAGES } from '../../shared/domain/supervisionRules';
import { summarizeRatings, SATISFACTION_DEFINITION } from '../../shared/domain/satisfaction';
import type { Appeal, Callback } from '../../shared/domain/types';
import { buildAppeal, buildState, commit, refused } from './builders';
import { buildCallback, buildReply, supervisionIn } from './supervisionBuilders';

/*
 * 解决 (resolution.ts): which appeals count as resolved, the two 满意率 a report may print, and the
 * callback (回访) of an appeal answered on air that lets it be rated too.
 */

const onAir = (callbacks?: Callback[], overrides: Partial<Appeal> = {}) =>
  buildAppeal({ status: 'answered_on_air', settledAt: '2025-06-18T02:10:00.000Z', answer: { points: '本周处理', commitment: '' }, onAirCallbacks: callbacks, ...overrides });
const supervisedIn = (status: 'with_unit' | 'replied' | 'closed', callbacks?: Callback[]) =>
  buildAppeal({ status: 'supervised', handOver: { reason: '会后办理', automatic: true }, supervision: supervisionIn(status, callbacks ? { callbacks } : {}) });
const unsatisfied = buildCallback({ rating: 'unsatisfied' });
const unreachable = buildCallback({ outcome: 'unreachable', rating: null });

describe('isResolved: what counts as 解决', () => {
  it('an appeal answered on air is resolved, called back or not, unless the citizen rated it 不满意', () => {
    expect(isResolved(onAir())).toBe(true);
    expect(isResolved(onAir([buildCallback({ rating: 'basically_satisfied' })]))).toBe(true);
    expect(isResolved(onAir([unreachable]))).toBe(true);
    expect(isResolved(onAir([unsatisfied]))).toBe(false);
  });

  it('a supervised item is resolved only once closed, and not when its last rating is 不满意', () => {
    expect(isResolved(supervisedIn('with_unit'))).toBe(false);
    expect(isResolved(supervisedIn('replied'))).toBe(false);
    expect(isResolved(supervisedIn('closed'))).toBe(true);
  });

  it('a supervised item closed after three unanswered callbacks counts as resolved; one whose last valid rating is 不满意 does not', () => {
    expect(isResolved(supervisedIn('closed', [unreachable, unreachable, unreachable]))).toBe(true);
    expect(isResolved(supervisedIn('closed', [unsatisfied, unreachable, unreachable, unreachable]))).toBe(false);
    // Reopened on 不满意, replied again and rated 满意: the later rating counts.
    expect(isResolved(supervisedIn('closed', [unsatisfied, buildCallback()]))).toBe(true);
  });

  it('appeals still waiting, queued or on air, and invalid calls, are not resolved', () => {
    for (const status of ['received', 'queued', 'on_air', 'invalid'] as const) expect(isResolved(buildAppeal({ status })), status).toBe(false);
  });

  it('is documented in words the report can print', () => {
    expect(RESOLVED_DEFINITION).toContain('现场回应');
    expect(RESOLVED_DEFINITION).toContain('已办结');
    expect(RESOLVED_DEFINITION).toContain('不满意');
  });
});

describe('the episode rollup counts 解决 and the 诉求来源 split', () => {
  it('counts resolved and 电话 (hotline + studio) / 互联网 (online) over valid appeals only; invalid calls nowhere', () => {
    const state = buildState({
      episode: { status: 'ended', endedAt: '2025-06-18T03:00:00.000Z' },
      appeals: [
        onAir(undefined, { channel: 'hotline' }),
        onAir([unsatisfied], { channel: 'online' }),
        supervisedIn('closed'),
        { ...supervisedIn('with_unit'), channel: 'studio' },
        { ...supervisedIn('closed'), channel: 'online' },
        buildAppeal({ status: 'invalid', channel: 'online', invalidReason: '恶作剧' }),
      ],
    });
    const r = rollupEpisode(state);
    expect({ received: r.received, phone: r.phone, internet: r.internet, resolved: r.resolved }).toEqual({ received: 5, phone: 3, internet: 2, resolved: 3 });
    expect(combineRollups([r])).toMatchObject({ phone: 3, internet: 2, resolved: 3 });
  });

  it('an on-air appeal rated on callback counts in the callback-rated satisfaction like a supervised item', () => {
    const state = buildState({ episode: { status: 'ended' }, appeals: [onAir([buildCallback()]), onAir([unsatisfied]), supervisedIn('closed')] });
    expect(combineRollups([rollupEpisode(state)]).satisfaction).toMatchObject({ satisfied: 2, unsatisfied: 1, rated: 3 });
  });
});

describe('satisfactionFigure: the 满意率 the centre chose, with its definition', () => {
  const totals = { satisfaction: summarizeRatings([...Array(493).fill('satisfied'), ...Array(7).fill('unsatisfied')]), resolved: 12375, received: 12551 };

  it('resolved ÷ accepted is the Xuzhou 2025 figure: 12375 / 12551 = 98.60%', () => {
    const figure = satisfactionFigure(totals, 'resolved');
    expect(formatRate2(figure.rate)).toBe('98.60%');
    expect(figure).toMatchObject({ basis: 'resolved', numerator: 12375, denominator: 12551, counted: '解决 12375 件，受理 12551 件', definition: SATISFACTION_DEFINITIONS.resolved });
    expect(figure.definition).toContain(RESOLVED_DEFINITION);
  });

  it('callback-rated is (满意 + 基本满意) ÷ rated callbacks, with today’s definition', () => {
    const figure = satisfactionFigure(totals, 'callback');
    expect(figure).toMatchObject({ basis: 'callback', rate: 0.986, numerator: 493, denominator: 500, counted: '有效评价 500 件', definition: SATISFACTION_DEFINITION });
  });

  it('nothing accepted or nothing rated: no rate (—), never 0% or NaN', () => {
    expect(resolutionRate(0, 0)).toBeNull();
    expect(formatRate2(satisfactionFigure({ satisfaction: summarizeRatings([]), resolved: 0, received: 0 }, 'resolved').rate)).toBe('—');
    expect(satisfactionFigure({ satisfaction: summarizeRatings([]), resolved: 0, received: 0 }, 'callback').rate).toBeNull();
  });

  it('two decimals rounded half up, as the report’s sentence prints the rate', () => {
    expect(formatRate2(1)).toBe('100.00%');
    expect(formatRate2(0.98605)).toBe('98.61%');
    expect(formatRate2(2 / 3)).toBe('66.67%');
  });
});

describe('recordOnAirCallback: 回访 of an appeal answered on air', () => {
  const ctx = { now: '2025-06-20T02:00:00.000Z' };
  const input = (appeal: Appeal, overrides: Partial<Parameters<typeof recordOnAirCallback>[1]> = {}) => ({ appealId: appeal.id, expectedVersion: appeal.version, outcome: 'reached' as const, rating: 'satisfied' as const, note: '', ...overrides });

  it('records the citizen’s rating on the appeal; its status stays answered on air', () => {
    const appeal = onAir();
    const state = buildState({ episode: { status: 'ended' }, appeals: [appeal] });
    const changes = recordOnAirCallback(state, input(appeal, { rating: 'basically_satisfied', note: '已修好' }), '回访员小周', ctx);
    expect(changes).toHaveLength(1);
    expect(changes[0].type).toBe('appeal.calledBack');
    commit(state, changes);
    const after = state.appeals[appeal.id];
    expect(after.status).toBe('answered_on_air');
    expect(after.version).toBe(appeal.version + 1);
    expect(after.onAirCallbacks).toEqual([{ at: ctx.now, by: '回访员小周', outcome: 'reached', rating: 'basically_satisfied', note: '已修好' }]);
  });

  it('an unanswered call is kept and may be tried again; once rated, the appeal is not called again', () => {
    const appeal = onAir();
    const state = buildState({ episode: { status: 'ended' }, appeals: [appeal] });
    commit(state, recordOnAirCallback(state, input(appeal, { outcome: 'unreachable', rating: null }), '回访员小周', ctx));
    commit(state, recordOnAirCallback(state, input(state.appeals[appeal.id], { rating: 'unsatisfied' }), '回访员小周', ctx));
    expect(state.appeals[appeal.id].onAirCallbacks!.map((c) => c.outcome)).toEqual(['unreachable', 'reached']);
    expect(isResolved(state.appeals[appeal.id])).toBe(false);
    const error = refused(() => recordOnAirCallback(state, input(state.appeals[appeal.id]), '回访员小周', ctx), 'ILLEGAL_TRANSITION');
    expect(error.message).toBe(ON_AIR_CALLBACK_MESSAGES.alreadyRated);
  });

  it('refuses an appeal not answered on air (supervised items are called back in supervision), a stale version, an unknown appeal and a reached call without a rating', () => {
    const handed = supervisedIn('replied');
    handed.supervision!.replies = [buildReply()];
    const appeal = onAir();
    const state = buildState({ episode: { status: 'ended' }, appeals: [appeal, handed] });
    expect(refused(() => recordOnAirCallback(state, input(handed), 'x', ctx), 'ILLEGAL_TRANSITION').message).toBe(ON_AIR_CALLBACK_MESSAGES.notAnswered);
    refused(() => recordOnAirCallback(state, input(appeal, { expectedVersion: appeal.version - 1 }), 'x', ctx), 'CONFLICT');
    refused(() => recordOnAirCallback(state, { ...input(appeal), appealId: 'nope' }, 'x', ctx), 'APPEAL_NOT_FOUND');
    refused(() => recordOnAirCallback(state, input(appeal, { rating: null }), 'x', ctx), 'VALIDATION_FAILED');
  });
});
