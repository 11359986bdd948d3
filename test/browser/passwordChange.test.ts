import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, commandId, connectWithCookie, login, ok, removeDataDir, startServer, type TestServer } from '../helpers/testServer';
import { TestClock } from '../integration/supervision/helpers';

const run = browserAvailable();
const ADMIN = 'Zfrx-Console-2025';

describe.runIf(run)('first login with an admin-set password, in Chromium', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    browser = await launchBrowser();
    server = await startServer({ clientDir: CLIENT_DIR, config: { forcePasswordChange: true, adminPassword: ADMIN } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });

  it('shows only the change-password page, ticks the rules off while typing, refuses a common password, then opens the desk', async () => {
    const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN));
    await ok(admin, 'account:create', { commandId: commandId(), username: 'xiao.zhou', displayName: '导播 小周', role: 'operator', unitId: null, password: 'Initial-pass-2025' });
    admin.disconnect();

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page.setDefaultTimeout(15_000);
    await page.goto(server.url);
    await page.getByLabel('用户名').fill('xiao.zhou');
    await page.getByLabel('密码').fill('Initial-pass-2025');
    await page.getByRole('button', { name: '登录' }).click();

    // Only the change-password page: no navigation, no connection.
    await expect.poll(() => page.getByRole('heading', { name: '修改密码' }).count()).toBe(1);
    expect(await page.getByRole('navigation').count()).toBe(0);
    await page.getByLabel('当前密码').fill('Initial-pass-2025');
    await page.getByLabel('新密码', { exact: true }).fill('woaini1314');
    await expect.poll(() => page.locator('[data-rule="common"]').getAttribute('class')).toBe('unmet');
    expect(await page.locator('[data-rule="length"]').getAttribute('class')).toBe('met');
    await page.getByLabel('再次输入新密码').fill('woaini1314');
    await page.getByRole('button', { name: '修改密码' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('这是常见密码，很容易被猜到，请换一个。');

    await page.getByLabel('新密码', { exact: true }).fill('Zhou-Studio-77');
    await page.getByLabel('再次输入新密码').fill('Zhou-Studio-77');
    await expect.poll(() => page.locator('li.unmet').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0); // the old refusal went with the edit
    await mkdir('/tmp/shots', { recursive: true });
    await page.screenshot({ path: '/tmp/shots/password-change.png' });
    await screenshot(page, 'password-change');
    await page.getByRole('button', { name: '修改密码' }).click();

    // The desk opens and connects; the old password no longer logs in.
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toBe('已连接');
    expect(server.app.catalogue.accountByUsername('xiao.zhou')!.mustChangePassword).toBeUndefined();
    await expect(login(server.url, 'xiao.zhou', 'Initial-pass-2025')).rejects.toThrow();
    await page.close();
  }, 60_000);

  it('a session that went unused past its role’s limit returns to the login page, which says why', async () => {
    const clock = new TestClock('2025-11-25T08:00:00.000Z');
    const idle = await startServer({ clientDir: CLIENT_DIR, clock, config: { idleMinutes: {} } });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      await page.goto(idle.url);
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill(ADMIN_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 10_000 }).toBe('已连接');
      clock.tick(31 * 60_000);
      await idle.app.sessions.sweep();
      await expect.poll(() => page.getByTestId('session-ended-notice').textContent(), { timeout: 10_000 }).toBe('长时间未操作，为保障账号安全已自动退出，请重新登录。');
      expect(await page.getByLabel('用户名').count()).toBe(1);
      await page.screenshot({ path: '/tmp/shots/idle-logout.png' });
      // A reload still says why (the server remembers the reason for that cookie).
      await page.reload();
      await expect.poll(() => page.getByTestId('session-ended-notice').textContent(), { timeout: 10_000 }).toBe('长时间未操作，为保障账号安全已自动退出，请重新登录。');
      await page.close();
    } finally {
      await idle.stop();
      await removeDataDir(idle.dataDir);
    }
  }, 60_000);
});
