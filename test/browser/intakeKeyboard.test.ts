import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, SCREENSHOT_DIR, screenshot } from '../helpers/browser';
import { commandId, ok } from '../helpers/testServer';

const run = browserAvailable();
const PASSWORD = 'password-1234';

/** What has the keyboard focus: enough to tell a channel radio from the other fields. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return { tag: el?.tagName.toLowerCase() ?? '', type: el?.type ?? '', name: el?.name ?? '', value: el?.value ?? '', checked: Boolean(el?.checked), text: el?.textContent?.trim() ?? '' };
  });
}

/** The channel the intake card would record. */
const chosenChannel = (page: Page) => page.locator('input[name="channel"]:checked').inputValue();

describe.runIf(run)('the intake card by keyboard: the channel radios', () => {
  const held = browserStudio();
  let page: Page | undefined;

  beforeAll(async () => {
    await ok(held.studio.admin, 'account:create', { commandId: commandId(), username: 'op-keys', displayName: '导播', role: 'operator', unitId: null, password: PASSWORD });
  });
  // Each test opens its own page on a fresh card.
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });

  async function openIntake(): Promise<Page> {
    page = await pageAs(held.browser, held.studio.server, { username: 'op-keys', password: PASSWORD }, '/operator', { width: 1600, height: 1000 });
    await page.getByTestId('intake').waitFor();
    return page;
  }

  it('Tab from the field before the channels lands on the checked channel, and the group is one tab stop', async () => {
    const page = await openIntake();
    await page.keyboard.press('Alt+n');
    expect(await focused(page)).toMatchObject({ name: 'phone' });
    // Back from the phone: the checked radio, once (not the next radio).
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ type: 'radio', name: 'channel', value: 'hotline', checked: true });
    await page.keyboard.press('Shift+Tab');
    const previous = await focused(page);
    expect(previous.name).not.toBe('channel');

    // Forward from the field before: the checked channel, then straight on to the phone.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ type: 'radio', name: 'channel', value: 'hotline', checked: true });
    await screenshot(page, 'operator-intake-channel-focus');
    await page.getByTestId('intake').screenshot({ path: join(SCREENSHOT_DIR, 'intake-card-channel-focus.png') });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ name: 'phone' });
  });

  it('ArrowDown and ArrowRight change the channel, Alt+1/2/3 still do, and the call is recorded with the chosen one', async () => {
    const page = await openIntake();
    await page.keyboard.press('Alt+n');
    await page.keyboard.press('Shift+Tab');
    expect(await chosenChannel(page)).toBe('hotline');

    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ type: 'radio', value: 'studio', checked: true });
    expect(await chosenChannel(page)).toBe('studio');
    expect(await page.locator('.channels label.chosen').textContent()).toContain('直播热线');
    await page.keyboard.press('ArrowRight');
    expect(await chosenChannel(page)).toBe('online');
    await page.keyboard.press('Alt+1');
    expect(await chosenChannel(page)).toBe('hotline');

    // From any field of the card, the shortcut; then the call goes out with that channel.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ name: 'phone' });
    await page.keyboard.press('Alt+3');
    expect(await chosenChannel(page)).toBe('online');
    await page.keyboard.type('13812345678');
    await page.locator('textarea[name="summary"]').focus();
    await page.keyboard.type('网上留言：小区路灯不亮');
    await page.keyboard.press('Control+Enter');
    const { server, episodeId } = held.studio;
    await expect.poll(() => Object.values(server.app.studio.state(episodeId).appeals).find((a) => a.summary === '网上留言：小区路灯不亮')?.channel).toBe('online');
    // The next caller's card starts on the console's default channel again (issue 15, point 9).
    expect(await chosenChannel(page)).toBe('hotline');
  });
});
