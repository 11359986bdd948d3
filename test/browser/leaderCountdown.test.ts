import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { commandId, ok } from '../helpers/testServer';

const run = browserAvailable();
const LEADER = { username: 'leader-clock', password: 'leader-pass-1234' };

/**
 * The studio's episode is planned for 2025年11月25日 09:00–10:00 (China time, 01:00–02:00 UTC). The
 * page's clock is set to a moment of that day, so the countdown is read against a known time; the
 * server keeps the real one.
 */
describe.runIf(run)('the leader panel counts down to the end of the episode\u2019s slot', () => {
  const held = browserStudio();
  let page: Page | undefined;

  beforeAll(async () => {
    await ok(held.studio.admin, 'account:create', { commandId: commandId(), ...LEADER, displayName: '张建国', role: 'leader', unitId: null });
    await ok(held.studio.operator, 'episode:start', { commandId: commandId(), episodeId: held.studio.episodeId });
  });
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });

  /** The panel with the page's clock fixed at `at` (the timers still run, so the countdown still ticks). */
  async function panelAt(at: string): Promise<Page> {
    page = await pageAs(held.browser, held.studio.server, LEADER, '/leader', { width: 1024, height: 768 });
    await page.clock.setFixedTime(new Date(at));
    await page.reload();
    await page.getByTestId('leader-episode').waitFor();
    return page;
  }
  const countdown = (page: Page) => page.getByTestId('leader-countdown');

  it('shows the time left in the slot, 剩余 mm:ss, and ticks with the clock', async () => {
    const page = await panelAt('2025-11-25T01:36:00Z'); // 09:36 in Xuzhou
    await expect.poll(() => countdown(page).textContent()).toBe('剩余 24:00');
    expect(await countdown(page).getAttribute('title')).toContain('09:00–10:00');
    await screenshot(page, 'leader-countdown-remaining');

    await page.clock.setFixedTime(new Date('2025-11-25T01:51:15Z'));
    await expect.poll(() => countdown(page).textContent()).toBe('剩余 08:45');
  });

  it('says 超时 mm:ss in the warning colour once the slot is over', async () => {
    const page = await panelAt('2025-11-25T01:50:00Z');
    await expect.poll(() => countdown(page).textContent()).toBe('剩余 10:00');
    const calm = await countdown(page).evaluate((el) => getComputedStyle(el).backgroundColor);

    await page.clock.setFixedTime(new Date('2025-11-25T02:05:30Z')); // 10:05:30
    await expect.poll(() => countdown(page).textContent()).toBe('超时 05:30');
    const warning = await countdown(page).evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, color: getComputedStyle(el).color }));
    expect(warning.background).not.toBe(calm);
    // The panel's red (#b3202a) behind white type.
    expect(warning).toEqual({ background: 'rgb(179, 32, 42)', color: 'rgb(255, 255, 255)' });
    await screenshot(page, 'leader-countdown-overrun');
  });

  it('turns amber in the last five minutes', async () => {
    const page = await panelAt('2025-11-25T01:56:00Z');
    await expect.poll(() => countdown(page).textContent()).toBe('剩余 04:00');
    expect(await countdown(page).evaluate((el) => getComputedStyle(el).color)).toBe('rgb(163, 90, 0)');
  });

  it('before the slot (started early), says how long until it begins', async () => {
    const page = await panelAt('2025-11-25T00:52:00Z'); // 08:52
    await expect.poll(() => countdown(page).textContent()).toBe('距时段开始 08:00');
  });
});
