import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol/version';
import { browserAvailable, CLIENT_DIR, launchBrowser, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, removeDataDir, startServer, type TestServer } from '../helpers/testServer';

const run = browserAvailable();

describe.runIf(run)('a tab left open across an upgrade', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    browser = await launchBrowser();
    // The built app states PROTOCOL_VERSION; this server stands in for the next release.
    server = await startServer({ clientDir: CLIENT_DIR, config: { protocolVersion: PROTOCOL_VERSION + 1 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });

  it('is told on screen to reload, instead of meeting validation errors, and stops trying to connect', async () => {
    const page = await pageAs(browser, server, { username: 'admin', password: ADMIN_PASSWORD }, '/admin', { width: 1280, height: 800 });
    const notice = page.getByTestId('outdated-notice');
    await expect.poll(() => notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toContain('系统已经升级');
    expect(await page.getByRole('button', { name: '刷新页面' }).isVisible()).toBe(true);
    expect(await page.getByTestId('connection').textContent()).toBe('系统已升级，请刷新页面');

    // It does not hammer the server with handshakes that cannot succeed.
    let attempts = 0;
    page.on('websocket', () => (attempts += 1));
    await page.waitForTimeout(3000);
    expect(attempts).toBe(0);
    await screenshot(page, 'protocol-outdated');
    await page.close();
  });

  it('the studio wall says it too, across the room', async () => {
    const page = await pageAs(browser, server, { username: 'admin', password: ADMIN_PASSWORD }, '/screen', { width: 1920, height: 1080 });
    await expect.poll(() => page.getByTestId('outdated-notice').isVisible()).toBe(true);
    const size = await page.locator('#outdated-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    await screenshot(page, 'protocol-outdated-wall');
    await page.close();
  });
});
