import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../server/services/duplicateIndex';
import { findDuplicate } from '../../shared/domain/onlineMessages';
import type { Appeal } from '../../shared/domain/types';
import { seededRandom } from '../helpers/seededRandom';
import { buildAppeal, buildCaller, EPISODE_ID, NOW } from '../shared/builders';

/**
 * The duplicate check by phone (server/services/duplicateIndex.ts) finds exactly what
 * `findDuplicate` over every appeal of the episode finds, as appeals come, change and go.
 */
const online = (phone: string, summary: string, receivedAt: string, overrides: Partial<Appeal> = {}) =>
  buildAppeal({ channel: 'online', caller: buildCaller({ phone }), summary, receivedAt, ...overrides });

function episode(appeals: Appeal[] = []) {
  const state: Record<string, Record<string, Appeal>> = { [EPISODE_ID]: Object.fromEntries(appeals.map((a) => [a.id, a])) };
  const index = new DuplicateIndex((id) => state[id] ?? null);
  const put = (appeal: Appeal) => {
    state[appeal.episodeId][appeal.id] = appeal;
    index.track(appeal);
  };
  return { state, index, put, appeals: () => Object.values(state[EPISODE_ID]) };
}

const minutesBefore = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();

describe('duplicates by phone', () => {
  it('finds the first message of the same phone and text within the window, whitespace aside; not another phone, text, channel or an older one', () => {
    const first = online('13912345678', '电梯停运  两周', minutesBefore(NOW, 5));
    const { index } = episode([
      online('13912340000', '电梯停运两周', minutesBefore(NOW, 1)),
      online('13912345678', '电梯停运两周', minutesBefore(NOW, 45)),
      first,
      buildAppeal({ channel: 'hotline', caller: buildCaller({ phone: '13912341111' }), summary: '热线来电', receivedAt: minutesBefore(NOW, 1) }),
    ]);
    expect(index.find(EPISODE_ID, '13912345678', '电梯停运\n两周', NOW, 30)).toBe(first);
    expect(index.find(EPISODE_ID, '13912345678', '电梯又坏了', NOW, 30)).toBeNull();
    expect(index.find(EPISODE_ID, '13912349999', '电梯停运两周', NOW, 30)).toBeNull();
    expect(index.find(EPISODE_ID, '13912341111', '热线来电', NOW, 30)).toBeNull();
    expect(index.find('no-such-episode', '13912345678', '电梯停运两周', NOW, 30)).toBeNull();
  });

  it('follows appeals received after it was built, and forgets an appeal rolled back or moved to another phone', () => {
    const { state, index, put } = episode();
    expect(index.find(EPISODE_ID, '13900000001', '路灯不亮', NOW)).toBeNull();
    const lamp = online('13900000001', '路灯不亮', minutesBefore(NOW, 2));
    put(lamp);
    expect(index.find(EPISODE_ID, '13900000001', '路灯不亮', NOW)).toBe(lamp);
    // Rolled back: gone from the state, gone from the answer.
    delete state[EPISODE_ID][lamp.id];
    expect(index.find(EPISODE_ID, '13900000001', '路灯不亮', NOW)).toBeNull();
    // The operator corrects the phone of a message: it is that number's now.
    const water = online('13900000002', '停水三天', minutesBefore(NOW, 2));
    put(water);
    const corrected = { ...water, caller: { ...water.caller, phone: '13900000003' }, version: 2 };
    put(corrected);
    expect(index.find(EPISODE_ID, '13900000002', '停水三天', NOW)).toBeNull();
    expect(index.find(EPISODE_ID, '13900000003', '停水三天', NOW)).toBe(corrected);
    // Its text edited: compared as it is now, as the scan did.
    put({ ...corrected, summary: '停水四天', version: 3 });
    expect(index.find(EPISODE_ID, '13900000003', '停水三天', NOW)).toBeNull();
    expect(index.find(EPISODE_ID, '13900000003', ' 停水四天 ', NOW)?.id).toBe(water.id);
  });

  it('a new index over the same states (a restart) finds what the old one found', () => {
    const first = online('13912345678', '噪音扰民', minutesBefore(NOW, 10));
    const before = episode([first]);
    expect(before.index.find(EPISODE_ID, '13912345678', '噪音扰民', NOW)).toBe(first);
    const after = new DuplicateIndex((id) => before.state[id] ?? null);
    expect(after.find(EPISODE_ID, '13912345678', '  噪音扰民\n', NOW)).toBe(first);
  });

  it('answers as findDuplicate over the whole episode, on random episodes, queries and changes', () => {
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const phones = ['13900000001', '13900000002', '13900000003', '13900000004', '02583901234'];
    const texts = ['路灯不亮', '路灯 不亮', '停水', '停 水\n三天', '噪音扰民'];
    for (let round = 0; round < 20; round++) {
      const { index, put, appeals } = episode(
        Array.from({ length: 30 }, () => online(pick(phones), pick(texts), minutesBefore(NOW, Math.floor(random() * 60)), { channel: random() < 0.8 ? 'online' : 'hotline' })),
      );
      for (let step = 0; step < 60; step++) {
        const roll = random();
        if (roll < 0.3) put(online(pick(phones), pick(texts), minutesBefore(NOW, Math.floor(random() * 60))));
        else if (roll < 0.45) {
          const target = pick(appeals());
          put({ ...target, caller: { ...target.caller, phone: pick(phones) }, summary: random() < 0.5 ? pick(texts) : target.summary });
        }
        const phone = pick(phones);
        const text = pick(texts);
        const window = pick([10, 30, 45]);
        expect(index.find(EPISODE_ID, phone, text, NOW, window), `round ${round} step ${step}`).toBe(findDuplicate(appeals(), phone, text, NOW, window));
      }
    }
  });
});
