import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectAs, connectWithCookie, login, ok, startServer, type ClientSocket, type Studio } from '../helpers/testServer';

const run = browserAvailable();

async function putNextOnAir(operator: ClientSocket, episodeId: string, summary: string, phone: string, name: string) {
  const created = await ok(operator, 'appeal:create', appealInput(episodeId, { summary, caller: { anonymous: false, name, title: '先生', phone } }));
  const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: created.appeal.version });
  return ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: queued.appeal.version });
}

/** Answer the call on air now (read from the server, which may have been restarted). */
async function answerCurrent(studio: Studio) {
  const state = studio.server.app.studio.state(studio.episodeId);
  const current = state.appeals[state.episode.onAirAppealId!];
  await ok(studio.operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId: studio.episodeId, appealId: current.id, expectedVersion: current.version, points: '一周内修复电梯' });
}

/** The text of every region a screen reader announces by itself (aria-live other than off, and the roles that imply it). */
function announcedText(page: Page): Promise<string> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role="alert"], [role="status"], [role="log"]')].map((el) => el.textContent ?? '').join(' | '),
  );
}

describe.runIf(run)('the studio big screen in Chromium', () => {
  let browser: Browser;
  // Each test has its own server, episode, browser context and page: nothing carries over between tests.
  let studio: Studio;
  let context: BrowserContext;
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
    // A test that restarted the server connected a new admin and operator: close() knows only the first ones.
    studio?.admin.disconnect();
    studio?.operator.disconnect();
    await studio?.close();
  });

  /** Open the screen from a new display link, as the studio does: no typing. */
  async function openFromDisplayLink() {
    const link = await ok(studio.admin, 'displayLink:create', { commandId: commandId(), label: '一号演播室大屏' });
    await page.goto(studio.server.url + link.path);
    expect(new URL(page.url()).pathname).toBe('/screen');
  }

  /** A live episode with 王建华's call on air, shown on the screen. */
  async function liveWithFirstCall() {
    await openFromDisplayLink();
    await ok(studio.operator, 'episode:start', { commandId: commandId(), episodeId: studio.episodeId });
    await putNextOnAir(studio.operator, studio.episodeId, '小区电梯长期故障，物业不维修，老人上下楼困难', '13812341234', '王建华');
    await expect.poll(() => page.getByTestId('screen-on-air').textContent(), { timeout: 10_000 }).toContain('小区电梯长期故障');
  }

  it('opens from its display link without typing and shows the call on air with the caller masked', async () => {
    const { operator, episodeId } = studio;
    await openFromDisplayLink();
    await expect.poll(() => page.getByTestId('screen-on-air').textContent()).toContain('节目即将开始');
    await screenshot(page, 'screen-before-air');

    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await putNextOnAir(operator, episodeId, '小区电梯长期故障，物业不维修，老人上下楼困难', '13812341234', '王建华');
    await ok(operator, 'appeal:create', appealInput(episodeId, { summary: '学校门口早晚高峰拥堵，希望增设交通协管', caller: { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' } }))
      .then((c) => ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: c.appeal.id, expectedVersion: 1 }));

    const onAir = page.getByTestId('screen-on-air');
    await expect.poll(() => onAir.textContent()).toContain('小区电梯长期故障');
    expect(await onAir.textContent()).toContain('王先生');
    expect(await page.getByTestId('screen-phone').textContent()).toBe('138****1234');
    await expect.poll(() => page.getByTestId('screen-next').textContent()).toContain('欧阳女士');
    expect(await page.getByTestId('screen-count-received').textContent()).toBe('2');
    const html = await page.content();
    expect(html).not.toContain('13812341234');
    expect(html).not.toContain('王建华');
    expect(html).not.toContain('13900001111');
    await screenshot(page, 'screen-on-air');
  });

  it('announces a change of call to a screen reader, and not the clock ticking', async () => {
    await liveWithFirstCall();
    const clock = page.getByTestId('clock');
    const firstClock = await clock.textContent();
    const samples: string[] = [];
    for (let i = 0; i < 13; i++) {
      samples.push(await announcedText(page));
      await page.waitForTimeout(250);
    }
    // Over ~3 s the clock and the on-air duration ticked, and what is announced did not move.
    expect(await clock.textContent()).not.toBe(firstClock);
    expect(new Set(samples).size, samples.join('\n')).toBe(1);
    expect(samples[0]).toContain('小区电梯长期故障');
    expect(samples[0]).not.toMatch(/\d{1,2}:\d{2}/);

    await answerCurrent(studio);
    await putNextOnAir(studio.operator, studio.episodeId, '夜间渣土车噪音扰民', '13700002222', '李强');
    await expect.poll(() => announcedText(page), { timeout: 10_000 }).toContain('夜间渣土车噪音扰民');
    expect(await announcedText(page)).not.toContain('小区电梯长期故障');
    await screenshot(page, 'screen-live-region');
  }, 60_000);

  it('survives a server restart and shows the call on air now, not the one before', async () => {
    await liveWithFirstCall();
    studio.server = await studio.server.restart();
    studio.admin = await connectWithCookie(studio.server.url, await login(studio.server.url, 'admin', ADMIN_PASSWORD));
    studio.operator = await connectAs(studio.server, studio.admin, 'operator');
    await answerCurrent(studio);
    await putNextOnAir(studio.operator, studio.episodeId, '夜间渣土车噪音扰民', '13700002222', '李强');

    const onAir = page.getByTestId('screen-on-air');
    await expect.poll(() => onAir.textContent(), { timeout: 15_000 }).toContain('夜间渣土车噪音扰民');
    expect(await onAir.textContent()).not.toContain('小区电梯长期故障');
    expect(await page.getByTestId('screen-phone').textContent()).toBe('137****2222');
    expect(await page.getByTestId('screen-count-answeredOnAir').textContent()).toBe('1');
    expect(await page.getByTestId('screen-offline').count()).toBe(0);
    await screenshot(page, 'screen-after-restart');
  });

  it('shows the outage on screen instead of a call while the server is down', async () => {
    await liveWithFirstCall();
    await studio.server.stop();
    await expect.poll(() => page.getByTestId('screen-offline').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('screen-on-air').count()).toBe(0);
    expect(await page.content()).not.toContain('小区电梯长期故障');
    await screenshot(page, 'screen-offline');
    studio.server = await startServer({ clientDir: CLIENT_DIR, dataDir: studio.server.dataDir, port: Number(new URL(studio.server.url).port) });
    await expect.poll(() => page.getByTestId('screen-on-air').textContent(), { timeout: 15_000 }).toContain('小区电梯长期故障');
  });
});
