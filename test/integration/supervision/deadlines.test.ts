import { afterEach, describe, expect, it } from 'vitest';
import { buildStudio, commandId, ok, send, type Studio } from '../../helpers/testServer';
import { account, collect, expectRefused, handOver, itemOf, TestClock } from './helpers';

/*
 * A supervised item's deadline is counted in working days on the Chinese official calendar
 * (weekends, public holidays and the make-up workdays 调休), from the hand-over day in China (UTC+8):
 * simple 2, normal 5, complex 10 working days. Expected dates below are worked out by hand from the
 * State Council's 2025 holiday notice, not by the code under test.
 */

describe('deadlines at hand-over, in working days', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('Spring Festival 2025: a simple item handed over on Monday 27 January is due Thursday 6 February; normal 10 February (after the make-up Saturday 8 February); complex 17 February', async () => {
    const clock = new TestClock('2025-01-27T02:00:00Z');
    studio = await buildStudio({ clock });
    const simple = await handOver(studio, { complexity: 'simple' });
    const normal = await handOver(studio, { complexity: 'normal' });
    const complex = await handOver(studio, { complexity: 'complex' });
    expect(simple.supervision).toMatchObject({ complexity: 'simple', deadline: '2025-02-06', assignedAt: '2025-01-27T02:00:00.000Z', status: 'with_unit', unitId: studio.unitId });
    expect(normal.supervision.deadline).toBe('2025-02-10');
    expect(complex.supervision.deadline).toBe('2025-02-17');
    // Without a complexity the hand-over is normal.
    const byDefault = await handOver(studio);
    expect(byDefault.supervision).toMatchObject({ complexity: 'normal', deadline: '2025-02-10' });
    // What is on disk and in the follow-up list says the same.
    const followup = (await account(studio.server, studio.admin, 'followup')).socket;
    const list = await ok(followup, 'supervision:list', {});
    const deadlines = Object.fromEntries(list.items.map((i: any) => [i.appeal.id, i.appeal.supervision.deadline]));
    expect(deadlines).toEqual({ [simple.id]: '2025-02-06', [normal.id]: '2025-02-10', [complex.id]: '2025-02-17', [byDefault.id]: '2025-02-10' });
    expect(list.items.every((i: any) => i.due === 'on_track')).toBe(true);
    followup.disconnect();
  });

  it('counts from the date in China, not in UTC: 2025-01-26T17:00Z is already Monday 27 January in China (simple → 6 February, not 5 February)', async () => {
    // 26 January 2025 was a make-up workday (Sunday): counting from the UTC date would give 5 February.
    const clock = new TestClock('2025-01-26T17:00:00Z');
    studio = await buildStudio({ clock });
    const item = await handOver(studio, { complexity: 'simple' });
    expect(item.supervision.deadline).toBe('2025-02-06');
    // One minute before midnight in China the day is still the 26th.
    clock.set('2025-01-26T15:59:00Z');
    const earlier = await handOver(studio, { complexity: 'simple' });
    expect(earlier.supervision.deadline).toBe('2025-02-05');
  });

  it('National Day 2025: a normal item handed over on Friday 26 September counts the make-up Sunday 28 September, skips 1–8 October and is due Friday 10 October; complex counts the make-up Saturday 11 October (→ 16 October)', async () => {
    const clock = new TestClock('2025-09-26T01:30:00Z');
    studio = await buildStudio({ clock });
    const normal = await handOver(studio, { complexity: 'normal' });
    const simple = await handOver(studio, { complexity: 'simple' });
    const complex = await handOver(studio, { complexity: 'complex' });
    expect(normal.supervision.deadline).toBe('2025-10-10');
    // 27 Sep (Sat) is off, 28 Sep (Sun) is a make-up workday: simple → 29 Sep.
    expect(simple.supervision.deadline).toBe('2025-09-29');
    expect(complex.supervision.deadline).toBe('2025-10-16');
  });

  it("an admin's calendar correction (calendar:setDay) moves deadlines computed after it, not those already set, and can be withdrawn", async () => {
    const clock = new TestClock('2025-09-26T01:30:00Z');
    studio = await buildStudio({ clock });
    const { admin } = studio;
    const followup = (await account(studio.server, admin, 'followup')).socket;
    const before = await handOver(studio, { complexity: 'normal' });
    expect(before.supervision.deadline).toBe('2025-10-10');

    const changes = collect(followup, 'catalogue:changed');
    // A local closure (typhoon): Monday 29 September is off.
    const set = await ok(admin, 'calendar:setDay', { commandId: commandId(), date: '2025-09-29', dayType: 'off', reason: '台风红色预警，全市停工' });
    expect(set).toEqual({ date: '2025-09-29', dayType: 'off' });
    await expect.poll(() => changes.some((c: any) => c.what === 'calendar')).toBe(true);
    expect((await ok(admin, 'catalogue:get', {})).calendarOverrides).toEqual({ '2025-09-29': 'off' });

    const after = await handOver(studio, { complexity: 'normal' });
    // 28 Sep (1), 30 Sep (2), 9 Oct (3), 10 Oct (4), 11 Oct make-up Saturday (5).
    expect(after.supervision.deadline).toBe('2025-10-11');
    // The deadline set before the correction is not silently moved.
    expect(studio.server.app.studio.state(studio.episodeId).appeals[before.id].supervision?.deadline).toBe('2025-10-10');

    // A Saturday declared a workday shortens the count: 27 Sep (1), 28 (2), 30 (3), 9 Oct (4), 10 Oct (5).
    await ok(admin, 'calendar:setDay', { commandId: commandId(), date: '2025-09-27', dayType: 'work', reason: '补班' });
    expect((await handOver(studio, { complexity: 'normal' })).supervision.deadline).toBe('2025-10-10');

    // Withdrawn: back to the official calendar.
    await ok(admin, 'calendar:setDay', { commandId: commandId(), date: '2025-09-29', dayType: null, reason: '撤销' });
    await ok(admin, 'calendar:setDay', { commandId: commandId(), date: '2025-09-27', dayType: null, reason: '撤销' });
    expect((await ok(admin, 'catalogue:get', {})).calendarOverrides).toEqual({});
    expect((await handOver(studio, { complexity: 'normal' })).supervision.deadline).toBe('2025-10-10');

    // Only an admin corrects the calendar, and a correction needs a reason.
    expectRefused(await send(followup, 'calendar:setDay', { commandId: commandId(), date: '2025-09-30', dayType: 'off', reason: '越权' }), 'FORBIDDEN');
    expectRefused(await send(admin, 'calendar:setDay', { commandId: commandId(), date: '2025-09-30', dayType: 'off', reason: '' }), 'VALIDATION_FAILED');
    expectRefused(await send(admin, 'calendar:setDay', { commandId: commandId(), date: '2025-02-30', dayType: 'off', reason: '不存在的日期' }), 'VALIDATION_FAILED');
    expect((await ok(admin, 'catalogue:get', {})).calendarOverrides).toEqual({});
    followup.disconnect();
  });

  it('the deadline can be changed with a reason, by complexity (recounted from the hand-over day on the current calendar) or to a date; each change is recorded', async () => {
    const clock = new TestClock('2025-01-27T02:00:00Z');
    studio = await buildStudio({ clock });
    const followup = await account(studio.server, studio.admin, 'followup');
    const handed = await handOver(studio, { complexity: 'simple' });
    const item = itemOf(() => studio.server, studio.episodeId, handed.id);
    clock.set('2025-01-27T06:00:00Z');
    let appeal = await item.step(followup.socket, 'supervision:setDeadline', { complexity: 'complex', reason: '涉及多个部门' });
    expect(appeal.supervision).toMatchObject({ complexity: 'complex', deadline: '2025-02-17' });
    // An admin marks a day inside the span off: recounting by complexity now lands one workday later.
    await ok(studio.admin, 'calendar:setDay', { commandId: commandId(), date: '2025-02-10', dayType: 'off', reason: '停电' });
    appeal = await item.step(followup.socket, 'supervision:setDeadline', { complexity: 'normal', reason: '经核实情况不复杂' });
    // From 27 Jan: 5 Feb (1), 6 (2), 7 (3), 8 make-up Saturday (4), 10 off, 11 Feb (5).
    expect(appeal.supervision).toMatchObject({ complexity: 'normal', deadline: '2025-02-11' });
    appeal = await item.step(followup.socket, 'supervision:setDeadline', { deadline: '2025-02-20', reason: '市民同意延后' });
    expect(appeal.supervision).toMatchObject({ complexity: 'normal', deadline: '2025-02-20' });
    expect(appeal.supervision.deadlineChanges).toEqual([
      { at: '2025-01-27T06:00:00.000Z', by: followup.displayName, from: '2025-02-06', to: '2025-02-17', reason: '涉及多个部门' },
      { at: '2025-01-27T06:00:00.000Z', by: followup.displayName, from: '2025-02-17', to: '2025-02-11', reason: '经核实情况不复杂' },
      { at: '2025-01-27T06:00:00.000Z', by: followup.displayName, from: '2025-02-11', to: '2025-02-20', reason: '市民同意延后' },
    ]);
    followup.socket.disconnect();
  });
});
