import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, commandId, ok } from '../helpers/testServer';

/**
 * Issue 15 point 11 in Chromium: the admin keeps the category list on /admin (add, rename, retire),
 * the operator's intake suggests the active categories and hints (never refuses) one off the list next to the
 * field before anything is sent, and what the admin retires disappears from the suggestions.
 */

const run = browserAvailable();
const OPERATOR = { username: 'op-categories', password: 'password-1234' };
const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };

describe.runIf(run)('the controlled category list in Chromium', { timeout: 60_000 }, () => {
  const held = browserStudio();
  let pages: Page[] = [];
  beforeAll(async () => {
    const { admin, operator, episodeId } = held.studio;
    await ok(admin, 'account:create', { commandId: commandId(), username: OPERATOR.username, displayName: '导播', role: 'operator', unitId: null, password: OPERATOR.password });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
  });
  afterEach(async () => {
    for (const page of pages) await page.context().close();
    pages = [];
  });

  it('is kept on /admin and picked from at intake; a category off the list is hinted at, never refused', async () => {
    const adminPage = await pageAs(held.browser, held.studio.server, ADMIN, '/admin#categories', { width: 1440, height: 900 });
    pages.push(adminPage);
    await adminPage.getByTestId('categories').waitFor();
    expect(await adminPage.getByTestId('category-row').count()).toBeGreaterThan(100);
    // Add 低空经济, rename 供水服务 → 城市供水, retire 供暖服务.
    await adminPage.locator('input[name="categoryName"]').fill('低空经济');
    await adminPage.getByRole('button', { name: '新增', exact: true }).click();
    await expect.poll(() => adminPage.locator('[data-name="低空经济"]').count()).toBe(1);
    await adminPage.locator('input[name="categoryName"]').fill('物业管理');
    await adminPage.getByRole('button', { name: '新增', exact: true }).click();
    await expect.poll(() => adminPage.getByRole('alert').first().textContent()).toBe('已有名为「物业管理」的类别。');
    await adminPage.locator('[data-name="供水服务"]').getByRole('button', { name: '改名' }).click();
    await adminPage.getByLabel('类别名称').first().fill('城市供水');
    await adminPage.locator('.category-rename').getByRole('button', { name: '保存' }).click();
    await expect.poll(() => adminPage.locator('[data-name="城市供水"]').textContent()).toContain('曾用名：供水服务');
    await adminPage.locator('[data-name="供暖服务"]').getByRole('button', { name: '停用' }).click();
    await expect.poll(() => adminPage.locator('[data-name="供暖服务"]').textContent()).toContain('已停用');
    await adminPage.getByRole('searchbox').fill('供');
    await screenshot(adminPage, 'admin-categories');
    const stored = held.studio.server.app.catalogue.categories();
    expect(stored.find((c) => c.name === '城市供水')).toMatchObject({ formerNames: ['供水服务'] });
    expect(stored.find((c) => c.name === '供暖服务')).toMatchObject({ retired: true });

    // The operator's intake: suggestions are the active list (retired gone, renamed and added there).
    const page = await pageAs(held.browser, held.studio.server, OPERATOR, '/operator', { width: 1440, height: 900 });
    pages.push(page);
    const options = page.getByTestId('intake').getByTestId('category-options').locator('option');
    await expect.poll(() => options.count()).toBeGreaterThan(100);
    const offered = await options.evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(offered).toContain('低空经济');
    expect(offered).toContain('城市供水');
    expect(offered).not.toContain('供暖服务');
    expect(offered).not.toContain('供水服务');

    // A free-text category: a soft hint while typing; the caller is still recorded (counted under 其他).
    const intake = page.getByTestId('intake');
    await intake.locator('[name="phone"]').fill('13912345678');
    await intake.locator('[name="name"]').fill('周敏');
    await intake.locator('[name="area"]').fill('鼓楼区');
    await intake.locator('[name="category"]').fill('<script>未分类');
    await expect.poll(() => intake.getByTestId('category-off-list').count()).toBe(1);
    await intake.locator('[name="summary"]').fill('小区供水管道老化，经常停水');
    expect(await intake.getByTestId('category-off-list').textContent()).toContain('不在类别列表中');
    await screenshot(page, 'operator-category-off-list');
    await intake.locator('[name="summary"]').press('Control+Enter');
    await expect.poll(() => Object.values(held.studio.server.app.studio.state(held.studio.episodeId).appeals).map((a) => a.category)).toEqual(['<script>未分类']);
    // Picked from the list: recorded, and no hint.
    await intake.locator('[name="phone"]').fill('13912345679');
    await intake.locator('[name="name"]').fill('周敏');
    await intake.locator('[name="area"]').fill('鼓楼区');
    await intake.locator('[name="category"]').fill('城市供水');
    expect(await intake.getByTestId('category-off-list').count()).toBe(0);
    await intake.locator('[name="summary"]').fill('小区供水管道老化，经常停水');
    await intake.locator('[name="summary"]').press('Control+Enter');
    await expect.poll(() => Object.values(held.studio.server.app.studio.state(held.studio.episodeId).appeals).map((a) => a.category)).toEqual(['<script>未分类', '城市供水']);
  });
});
