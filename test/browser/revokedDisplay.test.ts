import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { buildStudio, commandId, ok, startServer, type Studio } from '../helpers/testServer';

/**
 * Issue 15, point 14: a revoked display link showed a login form on the studio wall. Whether the
 * link is opened after it was revoked, or the wall is showing when it is revoked (and then reloads),
 * the wall shows a plain notice that the display was withdrawn, with nothing to type into.
 */

const run = browserAvailable();

const NOTICE_TITLE = '本大屏已停用';
const NOTICE_BODY = '这块大屏的链接已被节目管理员收回或已失效';

/** Fields and controls a person could type into or press: the wall must have none. */
function formControls(page: Page): Promise<number> {
  return page.evaluate(() => document.querySelectorAll('input, textarea, select, button, form, [contenteditable="true"], [contenteditable=""]').length);
}

/** The notice is there, on screen, and large enough to read across the studio. */
async function expectNotice(page: Page) {
  const notice = page.getByTestId('display-withdrawn');
  await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(1);
  expect(await notice.isVisible()).toBe(true);
  const text = (await notice.textContent()) ?? '';
  expect(text).toContain(NOTICE_TITLE);
  expect(text).toContain(NOTICE_BODY);
  const title = await page.getByRole('heading', { name: NOTICE_TITLE }).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { fontShare: parseFloat(getComputedStyle(el).fontSize) / window.innerHeight, top: r.top, bottom: r.bottom, height: window.innerHeight };
  });
  expect(title.fontShare).toBeGreaterThanOrEqual(0.05);
  expect(title.top).toBeGreaterThanOrEqual(0);
  expect(title.bottom).toBeLessThanOrEqual(title.height);
  expect(await formControls(page)).toBe(0);
  expect(await page.content()).not.toContain('密码');
}

describe.runIf(run)('a withdrawn display link on the studio wall', () => {
  let browser: Browser;
  let studio: Studio;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    await studio?.close();
  });

  it('opened after it was revoked, the link shows the notice and no form (and so does an unknown link)', async () => {
    const link = await ok(studio.admin, 'displayLink:create', { commandId: commandId(), label: '二号演播室大屏' });
    await ok(studio.admin, 'displayLink:revoke', { commandId: commandId(), displayLinkId: link.id });

    const response = await page.goto(studio.server.url + link.path);
    expect(response?.status()).toBe(404);
    await expectNotice(page);
    await screenshot(page, 'screen-display-link-revoked');

    const unknown = await page.goto(`${studio.server.url}/display/not-a-real-key`);
    expect(unknown?.status()).toBe(404);
    await expectNotice(page);
  });

  it('revoked while the wall shows the programme, the wall turns to the notice, and stays so after a reload', async () => {
    const { admin, operator, episodeId } = studio;
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '一号演播室大屏' });
    await page.goto(studio.server.url + link.path);
    expect(new URL(page.url()).pathname).toBe('/screen');
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await expect.poll(() => page.getByTestId('screen-on-air').textContent(), { timeout: 10_000 }).toContain('请稍候');

    await ok(admin, 'displayLink:revoke', { commandId: commandId(), displayLinkId: link.id });
    await expectNotice(page);
    expect(await page.getByTestId('screen-on-air').count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/screen');
    await screenshot(page, 'screen-display-revoked-live');

    // The studio PC restarts the browser on the same address: still the notice, still no form.
    await page.reload();
    await expectNotice(page);
    expect(await page.getByTestId('screen-on-air').count()).toBe(0);
  }, 90_000);
});
