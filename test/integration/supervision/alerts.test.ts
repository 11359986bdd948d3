import { afterEach, describe, expect, it } from 'vitest';
import { buildStudio, ok, type ClientSocket, type Studio } from '../../helpers/testServer';
import { account, addUnit, CALLER_PHONE, collect, handOver, itemOf, MASKED_PHONE, settle, TestClock } from './helpers';

/*
 * Items due within one working day, and overdue items, are pushed live (supervision:alert) to the
 * follow-up desk and to the unit's liaison. The clock is the test's: it moves time, then asks the
 * server to look (checkDue(), what the server's own timer calls).
 */

describe('due-soon and overdue alerts', () => {
  let studio: Studio;
  let sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    await studio?.close();
  });

  it('the day before the deadline brings a due_soon alert, the day after an overdue alert, each once, to the desk and to the own unit only', async () => {
    const clock = new TestClock('2025-01-27T02:00:00Z');
    studio = await buildStudio({ clock });
    const { admin, server } = studio;
    const unitB = await addUnit(admin, '市城市管理局');
    const followup = await account(server, admin, 'followup');
    const liaisonA = await account(server, admin, 'unit', studio.unitId);
    const liaisonB = await account(server, admin, 'unit', unitB);
    sockets = [followup.socket, liaisonA.socket, liaisonB.socket];
    for (const s of sockets) await ok(s, 'supervision:list', {});
    const atDesk = collect(followup.socket, 'supervision:alert');
    const atA = collect(liaisonA.socket, 'supervision:alert');
    const atB = collect(liaisonB.socket, 'supervision:alert');

    const simpleA = await handOver(studio, { complexity: 'simple', summary: 'A简单' }); // due 6 Feb
    const normalA = await handOver(studio, { complexity: 'normal', summary: 'A一般' }); // due 10 Feb
    const simpleB = await handOver(studio, { complexity: 'simple', summary: 'B简单', unitId: unitB }); // due 6 Feb
    const check = () => server.app.supervision.checkDue();

    expect(check()).toBe(0);
    // Tuesday 4 February is still Spring Festival: two working days (5 and 6 Feb) remain, not yet due soon.
    clock.set('2025-02-04T02:00:00Z');
    expect(check()).toBe(0);
    await settle();
    expect([...atDesk, ...atA, ...atB]).toEqual([]);

    // Wednesday 5 February: the deadline is the next working day.
    clock.set('2025-02-05T02:00:00Z');
    expect(check()).toBe(2);
    await expect.poll(() => atDesk.length).toBe(2);
    await expect.poll(() => atA.length + atB.length).toBe(2);
    expect(atDesk.map((a) => [a.item.appeal.id, a.due]).sort()).toEqual([[simpleA.id, 'due_soon'], [simpleB.id, 'due_soon']].sort());
    expect(atA.map((a) => [a.item.appeal.id, a.due])).toEqual([[simpleA.id, 'due_soon']]);
    expect(atB.map((a) => [a.item.appeal.id, a.due])).toEqual([[simpleB.id, 'due_soon']]);
    expect(atA[0].item.due).toBe('due_soon');
    expect(atA[0].item.appeal.caller.phone).toBe(MASKED_PHONE);
    expect(atDesk[0].item.appeal.caller.phone).toBe(CALLER_PHONE);

    // Looking again without time moving sends nothing new.
    expect(check()).toBe(0);
    expect(check()).toBe(0);
    await settle();
    expect([atDesk.length, atA.length, atB.length]).toEqual([2, 1, 1]);

    // The lists count and filter the same way.
    let desk = await ok(followup.socket, 'supervision:list', {});
    expect(desk.counts).toMatchObject({ total: 3, withUnit: 3, dueSoon: 2, overdue: 0 });
    expect(Object.fromEntries(desk.items.map((i: any) => [i.appeal.id, i.due]))).toEqual({ [simpleA.id]: 'due_soon', [simpleB.id]: 'due_soon', [normalA.id]: 'on_track' });
    expect((await ok(followup.socket, 'supervision:list', { due: 'due_soon' })).items.map((i: any) => i.appeal.id).sort()).toEqual([simpleA.id, simpleB.id].sort());
    expect((await ok(followup.socket, 'supervision:list', { due: 'overdue' })).items).toEqual([]);
    const own = await ok(liaisonA.socket, 'supervision:list', {});
    expect(own.counts).toMatchObject({ total: 2, dueSoon: 1, overdue: 0 });

    // Friday 7 February: the 6 February deadline has passed.
    clock.set('2025-02-07T02:00:00Z');
    expect(check()).toBe(2);
    await expect.poll(() => atDesk.length).toBe(4);
    await expect.poll(() => atA.length + atB.length).toBe(4);
    expect(atDesk.slice(2).map((a) => [a.item.appeal.id, a.due]).sort()).toEqual([[simpleA.id, 'overdue'], [simpleB.id, 'overdue']].sort());
    expect(atA.map((a) => a.due)).toEqual(['due_soon', 'overdue']);
    expect(atB.map((a) => a.due)).toEqual(['due_soon', 'overdue']);
    expect(check()).toBe(0);
    await settle();
    expect([atDesk.length, atA.length, atB.length]).toEqual([4, 2, 2]);

    desk = await ok(followup.socket, 'supervision:list', {});
    expect(desk.counts).toMatchObject({ total: 3, dueSoon: 0, overdue: 2 });
    // Most pressing first: overdue items lead the list.
    expect(desk.items.map((i: any) => i.due)).toEqual(['overdue', 'overdue', 'on_track']);
    expect((await ok(followup.socket, 'supervision:list', { due: 'overdue' })).items.map((i: any) => i.appeal.id).sort()).toEqual([simpleA.id, simpleB.id].sort());
    expect((await ok(liaisonB.socket, 'supervision:list', { due: 'overdue' })).items.map((i: any) => i.appeal.id)).toEqual([simpleB.id]);

    // Saturday 8 February is a make-up workday: the 10 February item is now due within one working day.
    clock.set('2025-02-08T02:00:00Z');
    expect(check()).toBe(1);
    await expect.poll(() => atA.length).toBe(3);
    expect(atA[2]).toMatchObject({ due: 'due_soon', item: { appeal: { id: normalA.id } } });

    // A reply takes the item out of the unit's hands: no longer counted overdue.
    await itemOf(() => server, studio.episodeId, simpleA.id).step(liaisonA.socket, 'supervision:reply', { text: '已处理' });
    desk = await ok(followup.socket, 'supervision:list', {});
    expect(desk.counts).toMatchObject({ total: 3, withUnit: 2, replied: 1, dueSoon: 1, overdue: 1 });
    expect(check()).toBe(0);
  });

  it('a change that makes an item due soon (a deadline moved to the next working day) alerts at once, without waiting for the timer', async () => {
    const clock = new TestClock('2025-03-03T02:00:00Z'); // Monday
    studio = await buildStudio({ clock });
    const followup = await account(studio.server, studio.admin, 'followup');
    const liaison = await account(studio.server, studio.admin, 'unit', studio.unitId);
    sockets = [followup.socket, liaison.socket];
    for (const s of sockets) await ok(s, 'supervision:list', {});
    const atDesk = collect(followup.socket, 'supervision:alert');
    const atUnit = collect(liaison.socket, 'supervision:alert');
    const handed = await handOver(studio, { complexity: 'complex' });
    await settle();
    expect(atDesk).toEqual([]);
    await itemOf(() => studio.server, studio.episodeId, handed.id).step(followup.socket, 'supervision:setDeadline', { deadline: '2025-03-04', reason: '市民急需' });
    await expect.poll(() => atDesk.length).toBe(1);
    await expect.poll(() => atUnit.length).toBe(1);
    expect(atDesk[0]).toMatchObject({ due: 'due_soon', item: { appeal: { id: handed.id } } });
    // checkDue finds nothing new: the alert was sent once.
    expect(studio.server.app.supervision.checkDue()).toBe(0);
    await settle();
    expect(atDesk).toHaveLength(1);
  });
});
