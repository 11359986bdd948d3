import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, pageAs, screenshot } from '../helpers/browser';
import { appealInput, buildStudio, commandId, ok, startServer, type Studio } from '../helpers/testServer';

/**
 * Issue 15 point 3, in Chromium on the built app: the producer blanks the studio wall at once from
 * the operator console (button or Alt+B) and brings it back, the wall stays blank across a reload,
 * and the console's 大屏预览 shows exactly what the wall shows once the call is put on air.
 */

const run = browserAvailable();
const PRODUCER = { username: 'producer', password: 'password-1234' };
const FIRST = { caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234' }, summary: '小区电梯长期故障，物业不维修，老人上下楼困难' };
const SECOND = { caller: { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' }, summary: '学校门口早晚高峰拥堵，希望增设交通协管员并规范接送车辆停放' };
/** Caller text that must never be on the wall while it is hidden (masked or not). */
const CALLER_TEXT = ['小区电梯', '学校门口', '王先生', '欧阳女士', '138****1234', '139****1111', '13812341234', '13900001111', '王建华', '欧阳娜'];

/** Whether an element lies wholly inside the window. */
async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  return Boolean(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5 && box.height > 0);
}

describe.runIf(run)('the producer controls the studio wall (issue 15 point 3)', { timeout: 60_000 }, () => {
  let browser: Browser;
  let studio: Studio;
  let wallContext: BrowserContext;
  let wall: Page;
  let console_: Page | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
    await ok(studio.admin, 'account:create', { commandId: commandId(), username: PRODUCER.username, displayName: '导播老周', role: 'operator', unitId: null, password: PRODUCER.password });
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId: studio.episodeId });
    wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    wall = await wallContext.newPage();
    const link = await ok(studio.admin, 'displayLink:create', { commandId: commandId(), label: '一号演播室大屏' });
    await wall.goto(studio.server.url + link.path);
  });
  afterEach(async () => {
    await console_?.context().close();
    console_ = undefined;
    await wallContext?.close();
    await studio?.close();
  });

  const queue = async (input: { caller: object; summary: string }) => {
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(studio.episodeId, input));
    const queued = await ok(studio.operator, 'appeal:screen', { commandId: commandId(), episodeId: studio.episodeId, appealId: appeal.id, expectedVersion: appeal.version });
    return queued.appeal;
  };
  const putOnAir = (appeal: { id: string; version: number }) => ok(studio.operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: studio.episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  const wallText = () => wall.getByTestId('big-screen').innerText();

  it('hides the call on the wall at once, keeps it hidden across a reload, and shows it again (button and Alt+B)', async () => {
    await putOnAir(await queue(FIRST));
    await queue(SECOND);
    await expect.poll(() => wall.getByTestId('screen-on-air').textContent(), { timeout: 10_000 }).toContain('小区电梯长期故障');
    await expect.poll(() => wall.getByTestId('screen-next').textContent(), { timeout: 5_000 }).toContain('欧阳女士');

    console_ = await pageAs(browser, studio.server, PRODUCER, '/operator', { width: 1600, height: 1000 });
    const toggle = console_.getByTestId('wall-toggle-button');
    await toggle.waitFor();
    expect(await toggle.textContent()).toContain('紧急隐藏大屏');
    expect(await toggle.textContent()).toContain('Alt+B');
    expect(await console_.getByTestId('operator-keys').textContent()).toContain('Alt+B');

    // The emergency: one click; the wall loses every caller text at once.
    const clicked = Date.now();
    await toggle.click();
    await wall.getByTestId('screen-standby').waitFor({ timeout: 5_000 });
    const blankAfter = Date.now() - clicked;
    console.log(`click 紧急隐藏大屏 → wall blank in ${blankAfter} ms`);
    expect(blankAfter).toBeLessThan(2_000);
    expect(await wall.getByTestId('screen-on-air').count()).toBe(0);
    expect(await wall.getByTestId('screen-next').count()).toBe(0);
    const hiddenText = await wallText();
    for (const text of CALLER_TEXT) expect(hiddenText, text).not.toContain(text);
    for (const text of CALLER_TEXT) expect(await wall.content(), text).not.toContain(text);
    expect(hiddenText).toContain('直播进行中，请继续收看');
    // The rest of the wall stays: programme, leaders, counters.
    expect(await wall.getByTestId('screen-count-received').textContent()).toBe('2');
    expect(await wall.getByTestId('screen-guests').textContent()).toContain('张建国');
    await screenshot(wall, 'wall-control-wall-hidden');

    // The console says so, plainly, with who and when; the call itself is still on air for the studio.
    await console_.getByTestId('wall-hidden-state').waitFor();
    expect(await console_.getByTestId('wall-hidden-state').textContent()).toContain('导播老周');
    expect(await toggle.textContent()).toContain('恢复大屏');
    expect(await console_.getByTestId('operator-on-air').textContent()).toContain('小区电梯长期故障');
    await screenshot(console_, 'wall-control-console-hidden');

    // A reloaded wall comes back hidden: the choice is part of the episode.
    await wall.reload();
    await wall.getByTestId('screen-standby').waitFor({ timeout: 10_000 });
    await wall.getByTestId('screen-count-received').waitFor();
    for (const text of CALLER_TEXT) expect(await wallText(), text).not.toContain(text);

    // And back, from the keyboard, while focus is anywhere on the console.
    await console_.getByTestId('queue-list').focus();
    await console_.keyboard.press('Alt+b');
    await expect.poll(() => wall.getByTestId('screen-on-air').textContent(), { timeout: 5_000 }).toContain('小区电梯长期故障');
    expect(await wall.getByTestId('screen-standby').count()).toBe(0);
    expect(await wall.getByTestId('screen-phone').textContent()).toBe('138****1234');
    await expect.poll(() => toggle.textContent(), { timeout: 5_000 }).toContain('紧急隐藏大屏');
    await screenshot(wall, 'wall-control-wall-shown-again');

    // Alt+B hides again (the emergency key works both ways), then the audit trail has all three.
    await console_.keyboard.press('Alt+b');
    await wall.getByTestId('screen-standby').waitFor({ timeout: 5_000 });
    const state = studio.server.app.studio.state(studio.episodeId);
    expect(state.wall).toMatchObject({ hidden: true, by: '导播老周' });
  });

  it('the 大屏预览 shows exactly what the wall shows once the selected call is put on air', async () => {
    await putOnAir(await queue(FIRST));
    const long = await queue({ caller: SECOND.caller, summary: `${SECOND.summary}。${'放学时段车辆乱停乱放，学生过马路很危险，多次反映没有解决。'.repeat(12)}` });
    await queue({ caller: { anonymous: false, name: '李强', title: '先生', phone: '13700002222' }, summary: '夜间施工噪音扰民' });
    await expect.poll(() => wall.getByTestId('screen-on-air').textContent(), { timeout: 10_000 }).toContain('小区电梯长期故障');

    console_ = await pageAs(browser, studio.server, PRODUCER, '/operator', { width: 1600, height: 1000 });
    const preview = console_.getByTestId('wall-preview');
    await preview.waitFor();
    // The queue's selection (its first card) is previewed as the wall will show it after 播出.
    await expect.poll(() => preview.locator('h3').textContent(), { timeout: 10_000 }).toContain(`播出第${long.no}号后大屏显示`);
    const frame = console_.frameLocator('[data-testid="wall-preview-frame"]');
    await expect.poll(() => frame.getByTestId('screen-live').textContent(), { timeout: 10_000 }).toContain('学校门口早晚高峰拥堵');
    const previewed = {
      live: await frame.getByTestId('screen-live').textContent(),
      next: await frame.getByTestId('screen-next').textContent(),
      // How many whole lines of the summary the wall's layout gives it (FitText at 1920×1080).
      lines: await frame.locator('[data-testid="screen-live"] .summary').evaluate((el) => (el as HTMLElement).style.webkitLineClamp),
    };
    // Masked in the preview, as on the wall.
    expect(previewed.live).toContain('欧阳女士');
    expect(previewed.live).toContain('139****1111');
    expect(previewed.live).not.toContain('13900001111');
    expect(previewed.live).not.toContain('欧阳娜');
    expect(previewed.next).toContain('李先生');
    expect(Number(previewed.lines)).toBeGreaterThan(1);
    await screenshot(console_, 'wall-control-console-preview');

    // The call on air ends; the producer puts the previewed call on air from the console.
    const state = studio.server.app.studio.state(studio.episodeId);
    const current = state.appeals[state.episode.onAirAppealId!];
    await ok(studio.operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId: studio.episodeId, appealId: current.id, expectedVersion: current.version, points: '一周内修复电梯' });
    const selected = console_.locator('.panel.queue li.selected');
    await expect.poll(() => selected.getAttribute('data-appeal-no'), { timeout: 10_000 }).toBe(String(long.no));
    // Enabled once the console has seen the call on air end.
    const putOnAirButton = selected.locator('.buttons button').first();
    await expect.poll(() => putOnAirButton.isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await putOnAirButton.textContent()).toBe('播出');
    await putOnAirButton.click({ timeout: 10_000 });
    await expect.poll(() => wall.getByTestId('screen-live').textContent(), { timeout: 5_000 }).toContain('学校门口早晚高峰拥堵');
    const shown = {
      live: await wall.getByTestId('screen-live').textContent(),
      next: await wall.getByTestId('screen-next').textContent(),
      lines: await wall.locator('[data-testid="screen-live"] .summary').evaluate((el) => (el as HTMLElement).style.webkitLineClamp),
    };
    expect(shown).toEqual(previewed);
    await screenshot(wall, 'wall-control-wall-after-air');
  });

  it('while the wall is hidden the preview says so and shows the standby the wall will keep; 1366×768 keeps the live actions in the window', async () => {
    await putOnAir(await queue({ caller: FIRST.caller, summary: `${FIRST.summary}。${'电梯停运已经三个月，物业推说没有维修资金。'.repeat(40)}`.slice(0, 2000) }));
    await queue(SECOND);
    await queue({ caller: { anonymous: false, name: '李强', title: '先生', phone: '13700002222' }, summary: '夜间施工噪音扰民' });
    await ok(studio.operator, 'message:send', { commandId: commandId(), episodeId: studio.episodeId, text: '下一位来电反映学校门口拥堵', appealId: null });

    console_ = await pageAs(browser, studio.server, PRODUCER, '/operator', { width: 1366, height: 768 });
    await console_.getByTestId('wall-preview-frame').waitFor();
    const frame = console_.frameLocator('[data-testid="wall-preview-frame"]');
    await expect.poll(() => frame.getByTestId('screen-live').textContent(), { timeout: 10_000 }).toContain('学校门口');
    const live = {
      toggle: console_.getByTestId('wall-toggle-button'),
      answer: console_.locator('.on-air .buttons button', { hasText: '现场回应' }),
      handOver: console_.locator('.on-air .buttons button', { hasText: '转督办' }),
      firstQueued: console_.getByTestId('queue-list').locator('li[data-appeal-no]').first(),
      message: console_.locator('.messages input[name="message"]'),
      preview: console_.locator('.wall-frame'),
    };
    await screenshot(console_, 'wall-control-console-1366x768');
    for (const [name, locator] of Object.entries(live)) expect({ name, inside: await inViewport(console_, locator) }).toEqual({ name, inside: true });
    const scroll = await console_.evaluate(() => ({ height: document.documentElement.scrollHeight, window: window.innerHeight }));
    expect(scroll.height).toBeLessThanOrEqual(scroll.window);

    await live.toggle.click();
    await wall.getByTestId('screen-standby').waitFor({ timeout: 5_000 });
    await expect.poll(() => console_!.getByTestId('wall-preview').textContent(), { timeout: 5_000 }).toContain('大屏已隐藏：播出后仍显示待机画面');
    await frame.getByTestId('screen-standby').waitFor();
    expect(await frame.getByTestId('screen-live').count()).toBe(0);
    // The hidden state in the episode bar does not push the live actions out of the window.
    for (const [name, locator] of Object.entries(live)) expect({ name, inside: await inViewport(console_, locator) }).toEqual({ name, inside: true });
    await screenshot(console_, 'wall-control-console-1366x768-hidden');
  });
});
