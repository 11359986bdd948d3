import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { appealInput, commandId, connectAs, ok } from '../helpers/testServer';

/**
 * Issue 15 point 10 in Chromium: a flagged number shows its flags at intake (and the operator flags
 * a caller with a reason there); the waiting and queued cards of a repeat caller carry a badge with
 * the earlier appeals' outcomes and the citizen's rating; the big screen and the leader panel show
 * none of it while that caller is on air.
 */

const run = browserAvailable();
const OPERATOR = { username: 'op-flags', password: 'password-1234' };
const LEADER = { username: 'leader-flags', password: 'password-1234' };
const SCREEN = { username: 'screen-flags', password: 'password-1234' };
const REPEAT = { anonymous: false, name: '王建华', title: '先生' as const, phone: '13812341234' };
const REASON = '一周内第四次来电，情绪激动';

describe.runIf(run)('caller flags and the repeat-caller badge in Chromium', { timeout: 90_000 }, () => {
  const held = browserStudio();
  let pages: Page[] = [];
  beforeAll(async () => {
    const { admin } = held.studio;
    for (const [account, role] of [[OPERATOR, 'operator'], [LEADER, 'leader'], [SCREEN, 'screen']] as const) {
      await ok(admin, 'account:create', { commandId: commandId(), username: account.username, displayName: `测试${role}`, role, unitId: null, password: account.password });
    }
  });
  afterEach(async () => {
    for (const page of pages) await page.context().close();
    pages = [];
  });

  it('shows flags at intake and a repeat-caller badge with outcomes and ratings on the cards, never on the wall or the leader panel', async () => {
    const { admin, operator, leader, episodeId, unitId, leaderId } = held.studio;
    // An earlier episode: the caller's appeal handed over, called back and rated 基本满意.
    const { episode: earlier } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-10-14', slot: { start: '09:00', end: '10:00' }, theme: '物业服务', host: '李主持', unitIds: [unitId], leaderIds: [leaderId] });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: earlier.id });
    const air = async (summary: string, category: string) => {
      const created = (await ok(operator, 'appeal:create', appealInput(earlier.id, { caller: REPEAT, summary, category }))).appeal;
      const queued = (await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId: earlier.id, appealId: created.id, expectedVersion: created.version })).appeal;
      return (await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: earlier.id, appealId: queued.id, expectedVersion: queued.version })).appeal;
    };
    const first = await air('上次来电：电梯故障', '加装电梯');
    await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId: earlier.id, appealId: first.id, expectedVersion: first.version, points: '本周检修' });
    const second = await air('再次来电：物业费上涨未公示', '物业管理');
    await ok(leader, 'appeal:handOver', { commandId: commandId(), episodeId: earlier.id, appealId: second.id, expectedVersion: second.version, reason: '会后核实' });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId: earlier.id });
    const followup = await connectAs(held.studio.server, admin, 'followup');
    let item = (await ok(followup, 'supervision:detail', { episodeId: earlier.id, appealId: second.id })).item.appeal;
    item = (await ok(followup, 'supervision:reply', { commandId: commandId(), episodeId: earlier.id, appealId: second.id, expectedVersion: item.version, text: '已公示物业费调整依据' })).appeal;
    await ok(followup, 'supervision:callBack', { commandId: commandId(), episodeId: earlier.id, appealId: second.id, expectedVersion: item.version, outcome: 'reached', rating: 'basically_satisfied', note: '' });
    followup.disconnect();

    // Today's episode: the caller calls again; one call waits, another is queued.
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await ok(operator, 'appeal:create', appealInput(episodeId, { caller: REPEAT, summary: '第三次来电：小区门禁坏了', category: '物业管理' }));
    const queuedNow = (await ok(operator, 'appeal:create', appealInput(episodeId, { caller: REPEAT, summary: '第四次来电：楼道灯不亮', category: '物业管理' }))).appeal;
    await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: queuedNow.id, expectedVersion: queuedNow.version });

    const page = await pageAs(held.browser, held.studio.server, OPERATOR, '/operator', { width: 1600, height: 1000 });
    pages.push(page);
    // Intake: type the number, flag the caller with a reason.
    const intake = page.getByTestId('intake');
    await intake.locator('[name="phone"]').fill('138 1234 1234');
    await page.getByTestId('flag-open').click();
    await page.locator('select[name="flagKind"]').selectOption('repeat');
    await page.locator('input[name="flagReason"]').fill(REASON);
    await page.getByTestId('caller-flags').getByRole('button', { name: '标记', exact: true }).click();
    await expect.poll(() => page.getByTestId('caller-flag').first().textContent()).toContain(REASON);
    expect((await ok(operator, 'callerFlag:list', { phone: REPEAT.phone })).flags).toMatchObject([{ flag: 'repeat', reason: REASON }]);

    // Reload: the cards now carry the flag and the badge with outcomes and the rating.
    await page.reload();
    const receivedCard = page.locator('.panel.received li[data-appeal-no]').first();
    const queuedCard = page.locator('.panel.queue li[data-appeal-no]').first();
    await expect.poll(() => receivedCard.getByTestId('repeat-badge').textContent()).toMatch(/再次来电 · 以前 \d 次/);
    await expect.poll(() => queuedCard.getByTestId('repeat-badge').count()).toBe(1);
    const badge = await queuedCard.getByTestId('repeat-caller').textContent();
    expect(badge).toContain('多次重复来电');
    expect(badge).toContain('直播后督办 · 基本满意');
    await screenshot(page, 'operator-repeat-caller-badge');
    // Show the intake flags for the screenshot too.
    await intake.locator('[name="phone"]').fill('13812341234');
    await expect.poll(() => page.getByTestId('caller-flag').count()).toBe(1);
    await screenshot(page, 'operator-intake-caller-flags');

    // The flagged caller on air: nothing of it on the big screen or the leader panel.
    const now = held.studio.server.app.studio.state(episodeId).appeals[queuedNow.id];
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: now.id, expectedVersion: now.version });
    const wall = await pageAs(held.browser, held.studio.server, SCREEN, '/screen', { width: 1920, height: 1080 });
    const panel = await pageAs(held.browser, held.studio.server, LEADER, '/leader', { width: 1366, height: 1024 });
    pages.push(wall, panel);
    for (const p of [wall, panel]) {
      await expect.poll(() => p.locator('body').textContent(), { timeout: 10_000 }).toContain('楼道灯不亮');
      const text = (await p.locator('body').textContent()) ?? '';
      for (const secret of [REASON, '多次重复来电', '恶意来电', '需要关怀', '再次来电 · 以前', '13812341234']) expect(text).not.toContain(secret);
    }
    await screenshot(wall, 'screen-flagged-caller-on-air');
    await screenshot(panel, 'leader-flagged-caller-on-air');
  });
});
