import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser } from '../helpers/browser';
import { ADMIN_PASSWORD, buildStudio, startServer, type Studio } from '../helpers/testServer';

const run = browserAvailable();
// A build elsewhere (ZFRX_CLIENT_DIR) lets this run beside someone else's dist/client.
const clientDir = process.env.ZFRX_CLIENT_DIR ?? CLIENT_DIR;

/** 接口密钥 on /admin: a key for the 12345 platform is made, shown once, works over HTTP, and is revoked. */
describe.runIf(run)('API keys on the admin screen in Chromium', () => {
  let browser: Browser;
  let studio: Studio;

  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await buildStudio({ server: await startServer({ clientDir }) });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
  });

  it('creates a key shown once, which then calls /api/v1, and revokes it', async () => {
    const { server } = studio;
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
    await page.getByRole('tab', { name: '接口密钥', exact: true }).click();
    await expect.poll(() => page.getByText('还没有接口密钥').count()).toBe(1);

    // Nothing ticked: the shared schema answers before any round trip.
    await page.getByLabel('密钥名称').fill('12345 平台');
    await page.getByRole('button', { name: '生成密钥' }).click();
    await expect.poll(() => page.locator('#api-key-form-message').textContent()).toContain('可用操作至少选择 1 项');

    await page.getByLabel('以什么身份执行').selectOption('followup');
    for (const name of ['catalogue:get', 'supervision:list', 'supervision:callBack']) await page.getByTestId('api-key-scope').getByRole('checkbox', { name }).check();
    await page.getByRole('button', { name: '生成密钥' }).click();
    const secret = page.getByTestId('api-key-secret');
    await expect.poll(() => secret.inputValue()).toMatch(/^zfk_/);
    const key = await secret.inputValue();
    await expect.poll(() => page.getByTestId('api-keys').locator('li').count()).toBe(1);
    await mkdir('/tmp/shots', { recursive: true });
    await page.screenshot({ path: '/tmp/shots/admin-api-keys.png', fullPage: true });

    const response = await fetch(`${server.url}/api/v1/episodes`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);

    // Shown once: another tab and back, and it is gone; only its first characters remain in the list.
    await page.getByRole('tab', { name: '大屏链接', exact: true }).click();
    await page.getByRole('tab', { name: '接口密钥', exact: true }).click();
    await expect.poll(() => page.getByTestId('api-key-secret').count()).toBe(0);
    await expect.poll(() => page.getByTestId('api-keys').textContent()).toContain(key.slice(0, 12));
    expect(await page.content()).not.toContain(key);

    await page.getByRole('button', { name: '停用密钥 12345 平台' }).click();
    await page.getByRole('button', { name: '确认停用' }).click();
    await expect.poll(() => page.getByTestId('api-keys').textContent()).toContain('已停用');
    expect((await fetch(`${server.url}/api/v1/episodes`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
