import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { earlierEpisodeWithOutcome } from '../helpers/scenarios';
import { commandId, ok } from '../helpers/testServer';

const run = browserAvailable();

describe.runIf(run)('a feedback episode on the operator console and the big screen', () => {
  const held = browserStudio();

  it('lets the operator put an earlier item’s outcome on air, and the big screen shows it as a follow-up report', async () => {
    const { browser, studio } = held;
    const { admin, unitId, server } = studio;
    await earlierEpisodeWithOutcome(studio);
    const { episode } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-30', slot: { start: '09:00', end: '10:00' }, theme: '回头看：路灯与电梯', host: '', unitIds: [unitId], leaderIds: [], feedback: true });
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId: episode.id });
    await ok(admin, 'account:create', { commandId: commandId(), username: 'op-fb', displayName: '导播', role: 'operator', unitId: null, password: 'password-1234' });

    const operator = await pageAs(browser, server, { username: 'op-fb', password: 'password-1234' }, '/operator', { width: 1600, height: 1000 });
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '大屏' });
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await screen.goto(server.url + link.path);

    const panel = operator.getByTestId('feedback-panel');
    await expect.poll(() => panel.textContent()).toContain('小区路灯坏了半年');
    await panel.getByRole('button', { name: '播出回访' }).click();
    await expect.poll(() => screen.getByTestId('screen-feedback').textContent()).toContain('已更换全部路灯');
    const card = (await screen.getByTestId('screen-feedback').textContent()) ?? '';
    expect(card).toContain('回访报道');
    expect(card).toContain('2025年第1期 · 第1号诉求');
    expect(card).toContain('王先生');
    expect(card).toContain('满意');
    expect(await screen.content()).not.toContain('13812341234');
    await screenshot(operator, 'operator-feedback');
    await screenshot(screen, 'screen-feedback-report');

    await operator.getByRole('button', { name: '结束回访报道' }).click();
    await expect.poll(() => screen.getByTestId('screen-feedback').count()).toBe(0);
    await expect.poll(() => screen.getByTestId('screen-on-air').textContent()).toContain('请稍候');
  });
});
