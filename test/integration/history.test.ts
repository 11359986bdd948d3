import { afterEach, describe, expect, it } from 'vitest';
import { appealInput, buildStudio, commandId, ok, send, type Studio } from '../helpers/testServer';

describe('earlier appeals of a caller and of a matter', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('shows the operator a repeat caller as the number is typed, and the leader the same history without the number', async () => {
    studio = await buildStudio();
    const { admin, operator, leader, episodeId, unitId } = studio;
    const earlier = await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone: '138-1234-1234' }, summary: '电梯故障第一次反映' }));
    await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '赵敏', title: '女士', phone: '13700000000' }, summary: '同小区电梯也坏了' }));
    await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '钱多', title: '先生', phone: '13600000000' }, category: '供水', summary: '水压低' }));
    const { episode: later } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-09', slot: { start: '09:00', end: '10:00' }, theme: '回头看', host: '', unitIds: [unitId], leaderIds: [] });
    const now = await ok(operator, 'appeal:create', appealInput(later.id, { summary: '电梯还是没修好' }));

    const typed = await ok(operator, 'appeal:history', { phone: '13812341234', area: '云龙区', category: '物业管理' });
    expect(typed.sameCaller.map((e: any) => e.summary)).toEqual(['电梯还是没修好', '电梯故障第一次反映']);
    expect(typed.sameMatter.map((e: any) => e.summary)).toEqual(['同小区电梯也坏了']);

    const forLeader = await ok(leader, 'appeal:history', { episodeId: later.id, appealId: now.appeal.id });
    expect(forLeader.sameCaller).toHaveLength(1);
    expect(forLeader.sameCaller[0]).toMatchObject({ appealId: earlier.appeal.id, episodeYear: 2025, episodeNumber: 1, status: 'received' });
    expect(JSON.stringify(forLeader)).not.toMatch(/1381234|王建华/);

    const probe = await send(leader, 'appeal:history', { phone: '13812341234' });
    expect(probe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const screenAsk = await send(studio.screen, 'appeal:history', { episodeId: later.id, appealId: now.appeal.id });
    expect(screenAsk).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
