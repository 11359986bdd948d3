import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SOURCES_PER_PAGE } from '../../client/src/screens/publishing/sourceFilter';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, ok, type Studio } from '../helpers/testServer';

/**
 * Issue 15, point 16: /publishing listed every source appeal on one page (5,300 px with a busy
 * episode). It now searches and filters the sources (episode, unit, category, status, ticked only)
 * and shows them a page at a time, so the screen stays within a couple of screens; what is ticked
 * survives paging and filtering and is what the draft links.
 */
const run = browserAvailable();
const VIEWPORT = { width: 1440, height: 900 };
const ANSWERED = 8;
const SUPERVISED_A = 30;
const SUPERVISED_B = 20;
const TOTAL = ANSWERED + SUPERVISED_A + SUPERVISED_B;
const LONG = `噪声扰民问题反映多次，${'夜间施工机械轰鸣，居民无法入睡，多次拨打热线未见改善。'.repeat(70)}`.slice(0, 2000);

/** A busy episode: answered on air (交通), supervised with unit A (物业管理) and unit B (加装电梯), some at the longest summary allowed. */
async function busyEpisode(studio: Studio): Promise<{ unitB: string; secondEpisode: string }> {
  const { admin, operator, episodeId, unitId } = studio;
  const { unit: unitB } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市教育局', kind: 'department', level: '市级' });
  await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
  const create = async (summary: string, category: string) => {
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { summary, category }));
    return ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  };
  for (let i = 1; i <= ANSWERED; i++) {
    const { appeal } = await create(`第${i}路公交站台改造后无遮雨棚`, '交通');
    const aired = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
    await ok(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: aired.appeal.version, points: '一个月内加装遮雨棚' });
  }
  for (let i = 1; i <= SUPERVISED_A + SUPERVISED_B; i++) {
    const forA = i <= SUPERVISED_A;
    const summary = forA ? (i % 5 === 1 ? LONG : `小区${i}号楼电梯频繁困人，物业推诿`) : `${i}号学区加装电梯进度缓慢，菜市场旁校门拥堵`;
    const { appeal } = await create(summary, forA ? '物业管理' : '加装电梯');
    await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version, reason: '需会后核实', unitId: forA ? unitId : unitB.id, complexity: 'normal' });
  }
  await ok(operator, 'episode:end', { commandId: commandId(), episodeId });

  // A second, smaller episode: the episode filter switches between them.
  const { episode } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-02', slot: { start: '09:00', end: '10:00' }, theme: '义务教育与校园周边', host: '李主持', unitIds: [unitId], leaderIds: [studio.leaderId] });
  await ok(operator, 'episode:start', { commandId: commandId(), episodeId: episode.id });
  for (let i = 1; i <= 3; i++) {
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episode.id, { summary: `校车接送点设置不合理${i}`, category: '交通' }));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId: episode.id, appealId: appeal.id, expectedVersion: appeal.version });
    await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId: episode.id, appealId: appeal.id, expectedVersion: queued.appeal.version, reason: '需会后核实', unitId: unitB.id, complexity: 'normal' });
  }
  await ok(operator, 'episode:end', { commandId: commandId(), episodeId: episode.id });
  return { unitB: unitB.id, secondEpisode: episode.id };
}

const pageHeight = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollHeight);
const shownCount = (page: Page) => page.getByTestId('publication-sources').locator('> li:not(.muted)').count();
const countText = (page: Page) => page.getByTestId('source-count').textContent();

describe.runIf(run)('/publishing: search, filters and pages over a busy episode in Chromium', () => {
  const held = browserStudio();

  it('stays within two screens, filters by unit, category, status and words, keeps ticks across pages, and switches episode', async () => {
    const { browser, studio } = held;
    const { unitB, secondEpisode } = await busyEpisode(studio);
    const page = await pageAs(browser, studio.server, { username: 'admin', password: ADMIN_PASSWORD }, '/publishing', VIEWPORT);
    // The latest episode is chosen first; go to the busy one.
    await expect.poll(() => page.getByTestId('publishing-episode').locator('option').count()).toBe(2);
    await page.getByTestId('publishing-episode').selectOption(studio.episodeId);
    await expect.poll(() => countText(page)).toBe(`共 ${TOTAL} 条`);

    // One page of sources, the page within about two screens (it was 5,300 px with every source listed).
    expect(await shownCount(page)).toBe(SOURCES_PER_PAGE);
    expect(await page.getByTestId('source-pages').textContent()).toContain(`第 1 / ${Math.ceil(TOTAL / SOURCES_PER_PAGE)} 页`);
    const height = await pageHeight(page);
    expect(height).toBeLessThanOrEqual(2 * VIEWPORT.height);
    await screenshot(page, 'publishing-filter-first-page');

    // A 2,000-character summary is clamped to three lines, with a way to read it whole.
    const longItem = page.getByTestId('publication-sources').locator('> li', { hasText: '噪声扰民问题反映多次' }).first();
    await longItem.scrollIntoViewIfNeeded();
    await screenshot(page, 'publishing-filter-long-clamped');
    const clamped = await longItem.locator('p.summary').evaluate((el) => el.getBoundingClientRect().height);
    expect(clamped).toBeLessThan(100);
    await longItem.getByRole('button', { name: '展开全文' }).click();
    expect(await longItem.locator('p.summary').evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(300);
    await longItem.getByRole('button', { name: '收起' }).click();

    // Tick one on page 1 and one on page 2: both stay ticked.
    const firstTicked = await page.getByTestId('publication-sources').locator('> li').first().locator('.no').textContent();
    await page.getByTestId('publication-sources').getByRole('checkbox').first().check();
    await page.getByTestId('source-pages').getByRole('button', { name: '下一页' }).click();
    await expect.poll(() => page.getByTestId('source-pages').textContent()).toContain('第 2 /');
    await page.getByTestId('publication-sources').getByRole('checkbox').first().check();
    await page.getByLabel('只看已勾选').check();
    await expect.poll(() => countText(page)).toBe(`筛选出 2 条（共 ${TOTAL} 条）`);
    expect(await page.getByTestId('publication-sources').locator('> li').first().locator('.no').textContent()).toBe(firstTicked);
    await page.getByLabel('只看已勾选').uncheck();

    // Status: 现场回应 only.
    await page.getByTestId('source-status').selectOption('answered_on_air');
    await expect.poll(() => countText(page)).toBe(`筛选出 ${ANSWERED} 条（共 ${TOTAL} 条）`);
    expect(await page.getByTestId('source-pages').count()).toBe(0);
    await page.getByTestId('source-status').selectOption('');

    // Unit: the second unit's items; category: 物业管理 (the first unit's).
    await page.getByTestId('source-unit').selectOption(unitB);
    await expect.poll(() => countText(page)).toBe(`筛选出 ${SUPERVISED_B} 条（共 ${TOTAL} 条）`);
    expect(await page.getByTestId('publication-sources').textContent()).toContain('市教育局');
    await page.getByTestId('source-unit').selectOption('');
    await page.getByTestId('source-category').selectOption('物业管理');
    await expect.poll(() => countText(page)).toBe(`筛选出 ${SUPERVISED_A} 条（共 ${TOTAL} 条）`);

    // Words: every word must match (菜市场 is only in the second unit's summaries; 50号学区 narrows to one of them).
    await page.getByTestId('source-category').selectOption('');
    await page.getByTestId('source-search').fill('菜市场');
    await expect.poll(() => countText(page)).toBe(`筛选出 ${SUPERVISED_B} 条（共 ${TOTAL} 条）`);
    await page.getByTestId('source-search').fill('菜市场 50号学区');
    await expect.poll(() => countText(page)).toBe(`筛选出 1 条（共 ${TOTAL} 条）`);
    await screenshot(page, 'publishing-filter-search');
    await page.getByTestId('source-search').fill('没有这样的诉求');
    await expect.poll(() => page.getByTestId('publication-sources').textContent()).toContain('没有符合筛选条件的诉求');
    await page.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => countText(page)).toBe(`共 ${TOTAL} 条`);

    // The draft links what was ticked, across pages.
    await page.getByLabel('热点标题').fill('老旧小区电梯困人问题集中');
    await page.getByLabel('热点内容').fill('多个小区反映电梯频繁困人，住建部门已督促物业限期整改。');
    expect(await page.locator('.draft-form').textContent()).toContain('已关联 2 条诉求');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => page.getByTestId('publications').textContent()).toContain('待审核');
    const drafted = Object.values(studio.server.app.studio.state(studio.episodeId).publications ?? {});
    expect(drafted.map((p) => p.appealIds.length)).toEqual([2]);

    // Episode: the other episode's three sources.
    await page.getByTestId('publishing-episode').selectOption(secondEpisode);
    await expect.poll(() => countText(page)).toBe('共 3 条');
    expect(await page.getByTestId('source-pages').count()).toBe(0);

    // A narrow window: still a couple of screens, filters above the list.
    await page.getByTestId('publishing-episode').selectOption(studio.episodeId);
    await expect.poll(() => countText(page)).toBe(`共 ${TOTAL} 条`);
    await page.setViewportSize({ width: 800, height: 1000 });
    expect(await pageHeight(page)).toBeLessThanOrEqual(3 * 1000);
    await screenshot(page, 'publishing-filter-narrow');
    await page.context().close();
  }, 120_000);
});
