import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { appealInput, buildStudio, commandId, ok, startServer, type Studio } from '../helpers/testServer';

const run = browserAvailable();
const PASSWORD = 'password-1234';

async function openAs(browser: Browser, url: string, username: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  return page;
}

/** Fill the intake card by keyboard only, as an operator with a headset does. */
async function takeCall(page: Page, call: { phone: string; name: string; area: string; category: string; summary: string }) {
  await page.keyboard.press('Alt+n');
  await page.keyboard.type(call.phone);
  await page.keyboard.press('Tab');
  await page.keyboard.type(call.name);
  await page.keyboard.press('Tab'); // title
  await page.keyboard.press('Tab'); // anonymous
  await page.keyboard.press('Tab');
  await page.keyboard.type(call.area);
  await page.keyboard.press('Tab');
  await page.keyboard.type(call.category);
  await page.keyboard.press('Tab'); // target unit
  await page.keyboard.press('Tab');
  await page.keyboard.type(call.summary);
  await page.keyboard.press('Control+Enter');
}

describe.runIf(run)('a whole episode with operator, leader and big screen open at once', () => {
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

  it('runs intake, screening, reorder, on air, both outcomes and the end, each screen showing what it should', async () => {
    const { admin, episodeId } = studio;
    for (const [username, role] of [['op1', 'operator'], ['lead1', 'leader']] as const) {
      await ok(admin, 'account:create', { commandId: commandId(), username, displayName: role === 'operator' ? '导播小陈' : '张局长', role, unitId: null, password: PASSWORD });
    }
    // A caller who phoned in an earlier episode: the card must recognise the number.
    const { episode: earlier } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-10-14', slot: { start: '09:00', end: '10:00' }, theme: '物业服务', host: '', unitIds: [studio.unitId], leaderIds: [] });
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId: earlier.id });
    await ok(studio.operator, 'appeal:create', appealInput(earlier.id, { summary: '电梯故障第一次反映', caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234' } }));
    await ok(studio.operator, 'episode:end', { commandId: commandId(), episodeId: earlier.id });

    const operator = await openAs(browser, studio.server.url, 'op1', { width: 1600, height: 1000 });
    const leader = await openAs(browser, studio.server.url, 'lead1', { width: 1366, height: 768 });
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '大屏' });
    const screenContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    const screen = await screenContext.newPage();
    await screen.goto(studio.server.url + link.path);

    await operator.getByRole('button', { name: '开始直播' }).click();
    await expect.poll(() => operator.getByTestId('episode-status').textContent()).toBe('直播中');

    // Intake by keyboard; the repeat caller is recognised while the number is typed.
    await operator.keyboard.press('Alt+n');
    await operator.keyboard.type('13812341234');
    await expect.poll(() => operator.getByTestId('caller-history').textContent()).toContain('电梯故障第一次反映');
    await screenshot(operator, 'operator-repeat-caller');
    await operator.getByLabel('电话').fill('');
    await takeCall(operator, { phone: '13812341234', name: '王建华', area: '云龙区', category: '物业管理', summary: '电梯又坏了，物业仍不维修' });
    await expect.poll(() => operator.getByRole('status').filter({ hasText: '已登记' }).textContent()).toContain('已登记第1号诉求');
    await takeCall(operator, { phone: '13900001111', name: '欧阳娜', area: '鼓楼区', category: '交通', summary: '学校门口早晚高峰拥堵' });
    await takeCall(operator, { phone: '13700002222', name: '李强', area: '泉山区', category: '噪音', summary: '夜间渣土车噪音扰民' });
    await takeCall(operator, { phone: '13600003333', name: '赵六', area: '铜山区', category: '其他', summary: '推销电话' });
    await expect.poll(() => operator.getByTestId('received-list').locator('li').count()).toBe(4);
    await screenshot(operator, 'operator-received');

    // Screening by keyboard: S queues the selected appeal, X asks for a reason.
    const received = operator.getByTestId('received-list');
    await received.focus();
    for (let i = 0; i < 3; i++) {
      await operator.keyboard.press('s');
      await expect.poll(() => operator.getByTestId('queue-list').locator('li[data-appeal-no]').count()).toBe(i + 1);
    }
    await operator.keyboard.press('x');
    await operator.getByLabel(/无效原因/).fill('推销电话，与节目无关');
    await operator.keyboard.press('Enter');
    await expect.poll(() => operator.getByTestId('count-invalid').textContent()).toBe('1');

    // Reorder: move 3 to the top by keyboard, then drag 2 above 1.
    const queue = operator.getByTestId('queue-list');
    const order = () => queue.locator('li[data-appeal-no]').evaluateAll((items) => items.map((li) => li.getAttribute('data-appeal-no')));
    expect(await order()).toEqual(['1', '2', '3']);
    await queue.locator('li[data-appeal-no="3"]').click({ position: { x: 5, y: 5 } });
    await queue.focus();
    await operator.keyboard.press('Alt+ArrowUp');
    await expect.poll(order).toEqual(['1', '3', '2']);
    await operator.keyboard.press('Alt+ArrowUp');
    await expect.poll(order).toEqual(['3', '1', '2']);
    await queue.locator('li[data-appeal-no="2"]').dragTo(queue.locator('li[data-appeal-no="1"]'));
    await expect.poll(order).toEqual(['3', '2', '1']);
    await screenshot(operator, 'operator-queue');

    // On air: all three screens show it; the screen and the leader only the masked caller.
    await queue.locator('li[data-appeal-no="3"]').getByRole('button', { name: '播出' }).click();
    await expect.poll(() => operator.getByTestId('operator-on-air').textContent()).toContain('13700002222');
    await expect.poll(() => screen.getByTestId('screen-on-air').textContent()).toContain('夜间渣土车噪音扰民');
    expect(await screen.getByTestId('screen-on-air').textContent()).toContain('李先生');
    expect(await screen.getByTestId('screen-phone').textContent()).toBe('137****2222');
    await expect.poll(() => leader.content()).toContain('夜间渣土车噪音扰民');
    for (const page of [screen, leader]) {
      const html = await page.content();
      expect(html).not.toContain('13700002222');
      expect(html).not.toContain('李强');
    }
    await screenshot(operator, 'operator-on-air');

    // First outcome, from the operator console: answered on air.
    await operator.getByLabel('答复要点').fill('今晚起限制渣土车夜间通行');
    await operator.getByRole('button', { name: '现场回应' }).click();
    await expect.poll(() => screen.getByTestId('screen-count-answeredOnAir').textContent()).toBe('1');
    await expect.poll(() => screen.getByTestId('screen-on-air').textContent()).not.toContain('夜间渣土车噪音扰民');

    // Second outcome: handed to supervision.
    await queue.locator('li[data-appeal-no="2"]').getByRole('button', { name: '播出' }).click();
    await expect.poll(() => screen.getByTestId('screen-on-air').textContent()).toContain('学校门口早晚高峰拥堵');
    await operator.getByLabel('承诺事项').fill('两周内增设交通协管员');
    await operator.getByRole('button', { name: '转督办' }).first().click();
    await expect.poll(() => screen.getByTestId('screen-count-supervised').textContent()).toBe('1');

    // Message to the leader, read receipt back.
    await operator.getByPlaceholder(/给领导的提示/).fill('下一位是回头看来电');
    await operator.getByRole('button', { name: '发送' }).click();
    await expect.poll(() => leader.content()).toContain('下一位是回头看来电');
    const sent = Object.values(studio.server.app.studio.state(episodeId).messages)[0];
    await ok(studio.leader, 'message:markRead', { commandId: commandId(), episodeId, messageId: sent.id });
    await expect.poll(() => operator.getByTestId('operator-messages').textContent()).toContain('已读');

    // End: the one still queued is handed over automatically; the counts add up on every screen.
    await operator.getByRole('button', { name: '结束直播' }).click();
    await operator.getByRole('button', { name: '确认' }).click();
    await expect.poll(() => screen.getByTestId('screen-on-air').textContent()).toContain('本期节目已结束');
    expect(await screen.getByTestId('screen-count-received').textContent()).toBe('3');
    expect(await screen.getByTestId('screen-count-answeredOnAir').textContent()).toBe('1');
    expect(await screen.getByTestId('screen-count-supervised').textContent()).toBe('2');
    const state = studio.server.app.studio.state(episodeId);
    const statuses = Object.values(state.appeals).map((a) => `${a.no}:${a.status}`).sort();
    expect(statuses).toEqual(['1:supervised', '2:supervised', '3:answered_on_air', '4:invalid']);
    await screenshot(screen, 'screen-ended');
    await screenshot(leader, 'leader-ended');
  }, 90_000);
});
