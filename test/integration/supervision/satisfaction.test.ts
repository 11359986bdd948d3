import { afterEach, describe, expect, it } from 'vitest';
import { buildStudio, ok, type ClientSocket, type Studio } from '../../helpers/testServer';
import { account, addUnit, getJson, handOver, itemOf, TestClock } from './helpers';

/*
 * 满意率 = (满意 + 基本满意) ÷ items with a valid rating. An item counts once, with its latest
 * rating (a reopened item's later rating replaces the earlier one); unreachable callbacks do not
 * count; items not yet called back do not count. The figures below are worked out by hand.
 */

describe('satisfaction', () => {
  let studio: Studio;
  let sockets: ClientSocket[] = [];
  afterEach(async () => {
    for (const s of sockets) s.disconnect();
    sockets = [];
    await studio?.close();
  });

  it('counts each rated item once with its latest rating, leaves unreachable and unrated items out, over Socket.IO and HTTP, per unit and overall', async () => {
    const clock = new TestClock('2025-03-03T02:00:00Z');
    studio = await buildStudio({ clock });
    const { admin, server, episodeId } = studio;
    const unitB = await addUnit(admin, '市城市管理局');
    const followup = await account(server, admin, 'followup');
    const liaisonA = await account(server, admin, 'unit', studio.unitId);
    const liaisonB = await account(server, admin, 'unit', unitB);
    sockets = [followup.socket, liaisonA.socket, liaisonB.socket];
    const f = followup.socket;

    const item = async (unit: 'A' | 'B', summary: string) => {
      const appeal = await handOver(studio, { summary, ...(unit === 'B' ? { unitId: unitB } : {}) });
      return { ...itemOf(() => server, episodeId, appeal.id), liaison: unit === 'A' ? liaisonA.socket : liaisonB.socket };
    };
    // Each step a second later, so the history has a clear order.
    const step = async (it: Awaited<ReturnType<typeof item>>, who: 'unit' | 'desk', command: string, extra: object = {}) => {
      clock.tick();
      return it.step(who === 'unit' ? it.liaison : f, command, extra);
    };
    const reply = (it: Awaited<ReturnType<typeof item>>) => step(it, 'unit', 'supervision:reply', { text: '已处理' });
    const rate = (it: Awaited<ReturnType<typeof item>>, rating: string) => step(it, 'desk', 'supervision:callBack', { outcome: 'reached', rating });
    const unreachable = (it: Awaited<ReturnType<typeof item>>) => step(it, 'desk', 'supervision:callBack', { outcome: 'unreachable', note: '无人接听' });
    const close = (it: Awaited<ReturnType<typeof item>>, note = '') => step(it, 'desk', 'supervision:close', { note });

    // Unit B: 满意, 基本满意.
    const b1 = await item('B', 'B满意');
    await reply(b1);
    await rate(b1, 'satisfied');
    await close(b1);
    const b2 = await item('B', 'B基本满意');
    await reply(b2);
    await rate(b2, 'basically_satisfied');
    await close(b2);

    // Unit A.
    // a1: 不满意, reopened, replied again, then 满意: counts once, as 满意.
    const a1 = await item('A', 'A先不满意后满意');
    await reply(a1);
    await rate(a1, 'unsatisfied');
    await reply(a1);
    await rate(a1, 'satisfied');
    await close(a1);
    // a2: 不满意 and back with the unit: counts as 不满意.
    const a2 = await item('A', 'A不满意');
    await reply(a2);
    await rate(a2, 'unsatisfied');
    // a3: three unreachable callbacks, closed with a reason: no rating, not counted.
    const a3 = await item('A', 'A联系不上');
    await reply(a3);
    for (let i = 0; i < 3; i++) await unreachable(a3);
    await close(a3, '三次联系不上');
    // a4: replied, not yet called back; a5: still with the unit. Neither counts.
    const a4 = await item('A', 'A待回访');
    await reply(a4);
    const a5 = await item('A', 'A办理中');
    // a6: 不满意, reopened, replied, then unreachable: the latest valid rating is still 不满意.
    const a6 = await item('A', 'A不满意后联系不上');
    await reply(a6);
    await rate(a6, 'unsatisfied');
    await reply(a6);
    await unreachable(a6);

    // Overall: 满意 b1, a1 = 2; 基本满意 b2 = 1; 不满意 a2, a6 = 2; rated 5; (2 + 1) / 5 = 0.6.
    const all = await ok(f, 'supervision:list', {});
    expect(all.counts).toMatchObject({ total: 8 });
    expect(all.satisfaction).toEqual({ satisfied: 2, basicallySatisfied: 1, unsatisfied: 2, rated: 5, rate: 0.6 });
    const ratingOf = Object.fromEntries(all.items.map((i: any) => [i.appeal.id, i.rating]));
    expect(ratingOf).toEqual({
      [b1.appealId]: 'satisfied',
      [b2.appealId]: 'basically_satisfied',
      [a1.appealId]: 'satisfied',
      [a2.appealId]: 'unsatisfied',
      [a3.appealId]: null,
      [a4.appealId]: null,
      [a5.appealId]: null,
      [a6.appealId]: 'unsatisfied',
    });

    // The status filter: b1, b2, a1 and a3 are closed; a4 and a6 wait for a (further) callback; a2 and a5 are with the unit.
    const byStatus = async (status: 'with_unit' | 'replied' | 'closed') => (await ok(f, 'supervision:list', { status })).items.map((i: any) => i.appeal.id).sort();
    expect(await byStatus('closed')).toEqual([b1.appealId, b2.appealId, a1.appealId, a3.appealId].sort());
    expect(await byStatus('replied')).toEqual([a4.appealId, a6.appealId].sort());
    expect(await byStatus('with_unit')).toEqual([a2.appealId, a5.appealId].sort());
    expect(all.counts).toMatchObject({ total: 8, withUnit: 2, replied: 2, closed: 4 });

    // Unit A: 满意 a1; 不满意 a2, a6 → 1/3. Unit B: 2/2.
    const expectedA = { satisfied: 1, basicallySatisfied: 0, unsatisfied: 2, rated: 3, rate: 1 / 3 };
    const expectedB = { satisfied: 1, basicallySatisfied: 1, unsatisfied: 0, rated: 2, rate: 1 };
    expect((await ok(f, 'supervision:list', { unitId: studio.unitId })).satisfaction).toEqual(expectedA);
    expect((await ok(f, 'supervision:list', { unitId: unitB })).satisfaction).toEqual(expectedB);
    expect((await ok(liaisonA.socket, 'supervision:list', {})).satisfaction).toEqual(expectedA);
    expect((await ok(liaisonB.socket, 'supervision:list', {})).satisfaction).toEqual(expectedB);

    // Over HTTP: the same figures.
    expect((await getJson(server, '/api/supervision', followup.cookie)).body.data.satisfaction).toEqual({ satisfied: 2, basicallySatisfied: 1, unsatisfied: 2, rated: 5, rate: 0.6 });
    expect((await getJson(server, '/api/supervision', liaisonA.cookie)).body.data.satisfaction).toEqual(expectedA);

    // The detail says the same rating for the reopened item, with both callbacks kept in its record.
    const detail = await ok(f, 'supervision:detail', { episodeId, appealId: a1.appealId });
    expect(detail.item.rating).toBe('satisfied');
    expect(detail.item.appeal.supervision.callbacks.map((c: any) => c.rating)).toEqual(['unsatisfied', 'satisfied']);
    expect(detail.item.appeal.supervision.reopenings).toBe(1);
  });

  it('with nothing rated the rate is null, not 0% or 100%', async () => {
    studio = await buildStudio();
    const followup = await account(studio.server, studio.admin, 'followup');
    sockets = [followup.socket];
    expect((await ok(followup.socket, 'supervision:list', {})).satisfaction).toEqual({ satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, rated: 0, rate: null });
    const handed = await handOver(studio);
    const it = itemOf(() => studio.server, studio.episodeId, handed.id);
    await it.step(followup.socket, 'supervision:reply', { text: '已处理' });
    await it.step(followup.socket, 'supervision:callBack', { outcome: 'unreachable' });
    expect((await ok(followup.socket, 'supervision:list', {})).satisfaction).toEqual({ satisfied: 0, basicallySatisfied: 0, unsatisfied: 0, rated: 0, rate: null });
  });
});
