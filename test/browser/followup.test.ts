import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SATISFACTION_DEFINITION } from '../../shared/domain/satisfaction';
import { chinaDate, workCalendar } from '../../shared/domain/workCalendar';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { appealInput, buildStudio, commandId, ok, startServer, type Studio } from '../helpers/testServer';

const run = browserAvailable();
const PASSWORD = 'password-1234';
const VIEWPORT = { width: 1440, height: 900 };

async function openAs(browser: Browser, url: string, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
  return page;
}

const row = (page: Page, summary: string) => page.getByTestId('sv-row').filter({ hasText: summary });
const rowStatus = (page: Page, summary: string) => row(page, summary).locator('.sv-status').textContent();

describe.runIf(run)('follow-up desk and unit view side by side in Chromium', () => {
  let browser: Browser;
  let studio: Studio;

  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
  });

  it('takes items from hand-over through reply, a 不满意 callback, a second reply, 满意 and closure, and an extension, live on both screens', async () => {
    const { admin, operator, episodeId, unitId: unitA, server } = studio;
    const supervisionOf = (appealId: string) => server.app.studio.state(episodeId).appeals[appealId].supervision!;

    // Two units, three appeals: two for unit A, one for unit B; the episode ends.
    const { unit: unitB } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市交通运输局', kind: 'department', level: '市级' });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const handOver = async (input: Record<string, unknown>, unitId: string, complexity: 'simple' | 'normal' | 'complex') => {
      const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, input));
      const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
      const handed = await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version, reason: '需会后核实办理', unitId, complexity });
      return handed.appeal.id as string;
    };
    const A1 = '小区电梯长期故障，物业不维修';
    const A2 = '老旧小区加装电梯补贴申请无人受理';
    const B1 = '公交站台被违停车辆占用无法候车';
    const a1 = await handOver({ summary: A1, caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234' } }, unitA, 'simple');
    const a2 = await handOver({ summary: A2, area: '鼓楼区', category: '加装电梯', caller: { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' } }, unitA, 'normal');
    await handOver({ summary: B1, area: '泉山区', category: '交通', caller: { anonymous: false, name: '李强', title: '先生', phone: '13700002222' } }, unitB.id, 'complex');
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });

    await ok(admin, 'account:create', { commandId: commandId(), username: 'duban1', displayName: '督办小刘', role: 'followup', unitId: null, password: PASSWORD });
    await ok(admin, 'account:create', { commandId: commandId(), username: 'liaisonA', displayName: '住建局联络员', role: 'unit', unitId: unitA, password: PASSWORD });
    const desk = await openAs(browser, server.url, 'duban1');
    const unit = await openAs(browser, server.url, 'liaisonA');
    await desk.goto(`${server.url}/followup`);
    await unit.goto(`${server.url}/unit`);

    // The desk sees every item with counts and filters; the unit filter narrows the list.
    await expect.poll(() => desk.getByTestId('sv-row').count()).toBe(3);
    expect(await desk.getByTestId('count-withUnit').textContent()).toContain('3');
    expect(await row(desk, B1).textContent()).toContain('市交通运输局');
    expect(await row(desk, A1).textContent()).toMatch(/第1期 · 第1号.*市住房和城乡建设局/);
    expect(await row(desk, A1).textContent()).toMatch(/剩余\d+个工作日/);
    await desk.getByTestId('filter-unit').selectOption(unitA);
    await expect.poll(() => desk.getByTestId('sv-row').count()).toBe(2);
    await screenshot(desk, 'followup-list');
    await desk.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => desk.getByTestId('sv-row').count()).toBe(3);

    // The liaison sees only unit A's items, callers masked as they arrive.
    await expect.poll(() => unit.getByTestId('sv-row').count()).toBe(2);
    await row(unit, A1).click();
    await expect.poll(() => unit.getByTestId('sv-detail-caller').textContent()).toBe('王先生 138****1234');
    await expect.poll(() => unit.getByTestId('sv-history').locator('li').count()).toBeGreaterThanOrEqual(2);
    const assertOwnUnitOnly = async () => {
      const html = await unit.content();
      expect(html).not.toContain(B1);
      expect(html).not.toContain('市交通运输局');
      for (const phone of ['13812341234', '13900001111', '13700002222']) expect(html).not.toContain(phone);
      expect(html).not.toContain('王建华');
    };
    await assertOwnUnitOnly();
    expect(await unit.getByTestId('sv-list').textContent()).toContain(A2);

    // The liaison replies in the page; the desk sees it live as 待回访.
    await unit.getByTestId('unit-action-reply').click();
    await unit.getByLabel('答复内容').fill('已联系电梯维保单位，更换了控制板。');
    await screenshot(unit, 'unit-view');
    await unit.getByRole('button', { name: '提交答复' }).click();
    await expect.poll(() => unit.getByTestId('unit-notice').textContent()).toContain('答复已提交');
    expect(supervisionOf(a1)).toMatchObject({ status: 'replied', replies: [{ onBehalf: false, by: '住建局联络员' }] });
    await expect.poll(() => rowStatus(desk, A1)).toBe('已答复待回访');
    await expect.poll(() => desk.getByTestId('count-replied').textContent()).toContain('1');

    // Callback 不满意: the item goes back to 办理中 on both pages.
    await row(desk, A1).click();
    await expect.poll(() => desk.getByTestId('sv-replies').textContent()).toContain('更换了控制板');
    expect(await desk.getByTestId('sv-detail-caller').textContent()).toBe('王建华（先生） 13812341234');
    expect(await desk.getByTestId('action-close').isDisabled()).toBe(true);
    expect(await desk.getByTestId('close-blocked').textContent()).toContain('需回访并记录满意度后才能办结');
    await desk.getByTestId('action-callback').click();
    await desk.getByLabel('联系上市民').check();
    await desk.getByLabel('不满意', { exact: true }).check();
    await desk.getByLabel('说明').fill('电梯仍时好时坏');
    expect(await desk.getByTestId('unreachable-count').textContent()).toContain('0 / 3');
    await screenshot(desk, 'followup-callback');
    await desk.getByRole('button', { name: '记录回访' }).click();
    await expect.poll(() => desk.getByTestId('desk-notice').textContent()).toContain('重新交办');
    expect(supervisionOf(a1)).toMatchObject({ status: 'with_unit', reopenings: 1, callbacks: [{ outcome: 'reached', rating: 'unsatisfied' }] });
    await expect.poll(() => rowStatus(desk, A1)).toBe('办理中');
    await expect.poll(() => rowStatus(unit, A1)).toBe('办理中');
    await expect.poll(() => desk.getByTestId('sv-detail-rating').textContent()).toBe('不满意');

    // The liaison replies again; the desk records 满意 and closes.
    await unit.getByTestId('unit-action-reply').click();
    await unit.getByLabel('答复内容').fill('已更换整部电梯主板，并安排每周巡检。');
    await unit.getByRole('button', { name: '提交答复' }).click();
    await expect.poll(() => supervisionOf(a1).status).toBe('replied');
    expect(supervisionOf(a1).replies).toHaveLength(2);
    await expect.poll(() => rowStatus(desk, A1)).toBe('已答复待回访');
    await expect.poll(() => desk.getByTestId('action-callback').isEnabled()).toBe(true);
    await desk.getByTestId('action-callback').click();
    await desk.getByLabel('满意', { exact: true }).check();
    await desk.getByRole('button', { name: '记录回访' }).click();
    await expect.poll(() => supervisionOf(a1).callbacks.length).toBe(2);
    await expect.poll(() => desk.getByTestId('action-close').isEnabled()).toBe(true);
    await desk.getByTestId('action-close').click();
    await desk.getByRole('button', { name: '确认办结' }).click();
    await expect.poll(() => rowStatus(desk, A1)).toBe('已办结');
    expect(supervisionOf(a1)).toMatchObject({ status: 'closed', callbacks: [{ rating: 'unsatisfied' }, { rating: 'satisfied' }] });
    await expect.poll(() => rowStatus(unit, A1)).toBe('已办结');
    await expect.poll(() => desk.getByTestId('sv-detail-rating').textContent()).toBe('满意');

    // The satisfaction figure, its definition and the count of valid ratings, on both screens.
    for (const page of [desk, unit]) {
      await expect.poll(() => page.getByTestId('satisfaction-rate').textContent()).toBe('100.0%');
      expect(await page.getByTestId('satisfaction-rated').textContent()).toBe('有效评价 1 件');
      expect(await page.getByTestId('satisfaction-definition').textContent()).toBe(SATISFACTION_DEFINITION);
    }
    const history = desk.getByTestId('sv-history');
    await expect.poll(() => history.locator('li').count()).toBe(8);
    const historyText = await history.textContent();
    for (const what of ['登记诉求', '筛选通过', '转直播后督办', '单位答复', '回访不满意，重新交办', '联系上市民，评价：满意', '办结', '住建局联络员', '督办小刘']) expect(historyText).toContain(what);
    await history.scrollIntoViewIfNeeded();
    await screenshot(desk, 'followup-detail');

    // The liaison asks for 3 more working days on the other item; the desk grants it and the deadline moves.
    await row(unit, A2).click();
    await expect.poll(() => unit.getByTestId('sv-detail-summary').textContent()).toBe(A2);
    await unit.getByTestId('unit-action-extension').click();
    await unit.getByLabel('延期工作日数').fill('3');
    await unit.getByLabel('延期理由').fill('需协调街道和业主委员会共同确认方案');
    await unit.getByRole('button', { name: '提交申请' }).click();
    await expect.poll(() => supervisionOf(a2).extensionRequests.length).toBe(1);
    const before = supervisionOf(a2).deadline;
    expect(supervisionOf(a2).extensionRequests[0]).toMatchObject({ workdays: 3, decision: null });
    await row(desk, A2).click();
    await expect.poll(() => desk.getByTestId('sv-extension').textContent()).toContain('待审核');
    await desk.getByTestId('extension-decision').getByRole('button', { name: '同意', exact: true }).click();
    const expected = workCalendar({}).addWorkdays(before, 3);
    await expect.poll(() => supervisionOf(a2).deadline).toBe(expected);
    expect(supervisionOf(a2).extensionRequests[0].decision).toMatchObject({ granted: true, by: '督办小刘' });
    await expect.poll(() => desk.getByTestId('sv-detail-deadline').getAttribute('data-deadline')).toBe(expected);
    await expect.poll(() => unit.getByTestId('sv-detail-deadline').getAttribute('data-deadline')).toBe(expected);
    await expect.poll(() => unit.getByTestId('sv-extension').textContent()).toContain('已同意');

    // A deadline moved into the past raises a live alert on the desk and on the unit's page.
    const lastWeek = chinaDate(new Date(Date.now() - 7 * 86_400_000));
    await desk.getByTestId('action-deadline').click();
    await desk.getByLabel('指定日期').check();
    await desk.getByLabel('新的期限').fill(lastWeek);
    await desk.getByLabel('原因').fill('市民反映已拖延，按原承诺日期考核');
    await desk.getByRole('button', { name: '确认调整' }).click();
    await expect.poll(() => supervisionOf(a2).deadline).toBe(lastWeek);
    for (const page of [desk, unit]) {
      await expect.poll(() => page.getByTestId('sv-alert').first().textContent()).toContain('已超期');
      expect(await page.getByTestId('sv-alert').first().textContent()).toContain(A2);
      await expect.poll(() => row(page, A2).getByTestId('due-badge').textContent()).toBe('已超期');
      await expect.poll(() => page.getByTestId('count-overdue').textContent()).toContain('1');
    }
    await screenshot(desk, 'followup-alert');
    await screenshot(unit, 'unit-detail');
    await assertOwnUnitOnly();
  }, 120_000);
});
