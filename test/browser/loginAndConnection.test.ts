import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, ok } from '../helpers/testServer';

const run = browserAvailable();

describe.runIf(run)('login and the live connection in Chromium', () => {
  const held = browserStudio();

  it('refuses a wrong password in Chinese, logs in, shows the connection and follows the episode live', async () => {
    const { browser, studio } = held;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(studio.server.url);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名或密码不正确。');
    await screenshot(page, 'login-error');

    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
    await page.getByRole('link', { name: '概览' }).click();
    await expect.poll(() => page.getByTestId('episode-title').textContent()).toContain('老旧小区改造与物业服务');

    // A change made by the operator elsewhere appears here without a reload.
    const { operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const created = await ok(operator, 'appeal:create', appealInput(episodeId));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: 1 });
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: queued.appeal.version });
    await expect.poll(() => page.getByTestId('on-air').textContent()).toContain('小区电梯长期故障');
    await expect.poll(() => page.getByTestId('counters').textContent()).toContain('收到诉求1');
    await screenshot(page, 'home-live');
    await page.close();
  });
});
