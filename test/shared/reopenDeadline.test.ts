import { describe, expect, it } from 'vitest';
import {
  DEADLINE_WORKDAYS,
  REOPEN_KEPT_REASON,
  REOPEN_REASON,
  changeDeadline,
  decideExtension,
  recordCallback,
  recordReply,
  reopenDeadline,
  requestExtension,
} from '../../shared/domain/supervisionRules';
import type { Complexity } from '../../shared/domain/types';
import { workCalendar } from '../../shared/domain/workCalendar';
import { ctx } from './builders';
import { HANDED_OVER_DEADLINE, buildSupervision, step, supervisedState } from './supervisionBuilders';

/**
 * The rule for a reopened item's deadline (issue 15, point 13): when a 不满意 callback sends the item
 * back to the unit, its deadline is the LATER of
 *   - the deadline still in force (after granted extensions and deadline changes), and
 *   - a fresh round of DEADLINE_WORKDAYS[complexity] working days from the callback day.
 * The item was handed over on Monday 2025-09-22 and was due 2025-09-28 (5 working days).
 */
const calendar = workCalendar();
const UNIT = '城管局联络员';
const DESK = '督办员老刘';
const CALLER = '回访员小周';

/** Tuesday 2025-09-24 10:00 China: the unit asks; 11:00 the desk decides; Friday 09-26 the unit replies. */
const ASKED_AT = '2025-09-24T02:00:00.000Z';
const DECIDED_AT = '2025-09-24T03:00:00.000Z';
const REPLIED_AT = '2025-09-26T06:00:00.000Z';
/** Monday 2025-09-29 10:00 China: a fresh 5-working-day round from here ends 2025-10-13 (National Day in between). */
const CALLED_AT = '2025-09-29T02:00:00.000Z';

function withGrantedExtension(workdays: number, complexity: Complexity = 'normal') {
  const { state, appeal } = supervisedState(buildSupervision({ complexity }));
  const asked = step(state, appeal.id, (s, r) => requestExtension(s, { ...r, workdays, reason: '需协调街道共同处置' }, UNIT, ctx(ASKED_AT)));
  const requestId = asked.supervision!.extensionRequests[0].id;
  const granted = step(state, appeal.id, (s, r) => decideExtension(s, { ...r, requestId, granted: true, note: '同意' }, DESK, ctx(DECIDED_AT)));
  step(state, appeal.id, (s, r) => recordReply(s, { ...r, text: '已清理占道摊点', onBehalf: false }, UNIT, ctx(REPLIED_AT)));
  return { state, appealId: appeal.id, extendedTo: granted.supervision!.deadline };
}

function unsatisfiedAt(state: ReturnType<typeof withGrantedExtension>['state'], appealId: string, at: string) {
  return step(state, appealId, (s, r) => recordCallback(s, { ...r, outcome: 'reached', rating: 'unsatisfied', note: '摊点又回来了' }, CALLER, ctx(at)));
}

describe('reopenDeadline: a 不满意 callback never takes back a granted extension', () => {
  it('keeps a granted extension that ends after the fresh round (the case the crew hit)', () => {
    const { state, appealId, extendedTo } = withGrantedExtension(10);
    expect(extendedTo).toBe('2025-10-17');
    const reopened = unsatisfiedAt(state, appealId, CALLED_AT);
    expect(reopened.supervision).toMatchObject({ status: 'with_unit', reopenings: 1, deadline: '2025-10-17', roundStartedAt: CALLED_AT });
  });

  it('says in the history that the later deadline was kept, and from which date', () => {
    const { state, appealId } = withGrantedExtension(10);
    const reopened = unsatisfiedAt(state, appealId, CALLED_AT);
    expect(reopened.supervision!.deadlineChanges.at(-1)).toEqual({ at: CALLED_AT, by: CALLER, from: '2025-10-17', to: '2025-10-17', reason: REOPEN_KEPT_REASON });
  });

  it('gives a fresh round when it ends after the extended deadline', () => {
    const { state, appealId, extendedTo } = withGrantedExtension(3);
    expect(extendedTo).toBe('2025-10-09');
    // Monday 2025-10-13: a fresh round ends 2025-10-20, later than the extension.
    const reopened = unsatisfiedAt(state, appealId, '2025-10-13T02:00:00.000Z');
    expect(reopened.supervision!.deadline).toBe('2025-10-20');
    expect(reopened.supervision!.deadlineChanges.at(-1)).toMatchObject({ from: '2025-10-09', to: '2025-10-20', reason: REOPEN_REASON });
  });

  it('gives a fresh round when the deadline in force has already passed', () => {
    const { state, appealId } = withGrantedExtension(10);
    // Monday 2025-10-20, after 10-17: the kept date would already be overdue.
    const reopened = unsatisfiedAt(state, appealId, '2025-10-20T02:00:00.000Z');
    expect(reopened.supervision!.deadline).toBe(calendar.addWorkdays('2025-10-20', DEADLINE_WORKDAYS.normal));
    expect(reopened.supervision!.deadline > '2025-10-20').toBe(true);
  });

  it('counts the fresh round by the item’s complexity', () => {
    const { state, appealId } = withGrantedExtension(3, 'complex');
    const reopened = unsatisfiedAt(state, appealId, '2025-10-13T02:00:00.000Z');
    expect(reopened.supervision!.deadline).toBe('2025-10-27'); // 10 working days after 10-13
  });

  it('keeps a later deadline set by the desk by hand, not only one from an extension', () => {
    const { state, appeal } = supervisedState(buildSupervision());
    step(state, appeal.id, (s, r) => changeDeadline(s, { ...r, deadline: '2025-10-31', reason: '需联合执法' }, DESK, ctx(ASKED_AT)));
    step(state, appeal.id, (s, r) => recordReply(s, { ...r, text: '已处理', onBehalf: false }, UNIT, ctx(REPLIED_AT)));
    const reopened = step(state, appeal.id, (s, r) => recordCallback(s, { ...r, outcome: 'reached', rating: 'unsatisfied', note: '' }, CALLER, ctx(CALLED_AT)));
    expect(reopened.supervision!.deadline).toBe('2025-10-31');
  });

  it('a refused extension does not count: the original deadline has passed, so a fresh round', () => {
    const { state, appeal } = supervisedState(buildSupervision());
    const asked = step(state, appeal.id, (s, r) => requestExtension(s, { ...r, workdays: 10, reason: '人手不足' }, UNIT, ctx(ASKED_AT)));
    const requestId = asked.supervision!.extensionRequests[0].id;
    step(state, appeal.id, (s, r) => decideExtension(s, { ...r, requestId, granted: false, note: '不同意' }, DESK, ctx(DECIDED_AT)));
    step(state, appeal.id, (s, r) => recordReply(s, { ...r, text: '已处理', onBehalf: false }, UNIT, ctx(REPLIED_AT)));
    const reopened = step(state, appeal.id, (s, r) => recordCallback(s, { ...r, outcome: 'reached', rating: 'unsatisfied', note: '' }, CALLER, ctx(CALLED_AT)));
    expect(HANDED_OVER_DEADLINE).toBe('2025-09-28');
    expect(reopened.supervision!.deadline).toBe('2025-10-13');
  });

  it('a second 不满意 still keeps the later date', () => {
    const { state, appealId } = withGrantedExtension(10);
    unsatisfiedAt(state, appealId, CALLED_AT);
    step(state, appealId, (s, r) => recordReply(s, { ...r, text: '再次清理并安排巡查', onBehalf: false }, UNIT, ctx('2025-09-30T02:00:00.000Z')));
    const twice = unsatisfiedAt(state, appealId, '2025-09-30T06:00:00.000Z');
    expect(twice.supervision).toMatchObject({ reopenings: 2, deadline: '2025-10-17' });
  });

  it('is a pure function of the deadline in force, the complexity, the instant and the calendar', () => {
    expect(reopenDeadline({ deadline: '2025-10-17', complexity: 'normal' }, CALLED_AT, calendar)).toEqual({ deadline: '2025-10-17', kept: true, reason: REOPEN_KEPT_REASON });
    expect(reopenDeadline({ deadline: '2025-10-13', complexity: 'normal' }, CALLED_AT, calendar)).toEqual({ deadline: '2025-10-13', kept: false, reason: REOPEN_REASON });
    expect(reopenDeadline({ deadline: '2025-09-28', complexity: 'simple' }, CALLED_AT, calendar)).toEqual({ deadline: calendar.addWorkdays('2025-09-29', 2), kept: false, reason: REOPEN_REASON });
  });

  it('counts the callback day in China, not in UTC (a call at 07:30 China is still that day)', () => {
    // 2025-10-12T23:30Z is Monday 10-13 07:30 in China: the round counts from 10-13.
    expect(reopenDeadline({ deadline: '2025-09-28', complexity: 'normal' }, '2025-10-12T23:30:00.000Z', calendar).deadline).toBe('2025-10-20');
  });
});
