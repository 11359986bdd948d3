import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectAs, connectWithCookie, login, ok, startServer, type ClientSocket, type Studio } from '../helpers/testServer';

const run = browserAvailable();

async function putNextOnAir(operator: ClientSocket, episodeId: string, summary: string, phone: string, name: string) {
  const created = await ok(operator, 'appeal:create', appealInput(episodeId, { summary, caller: { anonymous: false, name, title: '先生', phone } }));
  const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: created.appeal.version });
  return ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: queued.appeal.version });
}

describe.runIf(run)('the studio big screen in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
  });

  it('opens from its display link without typing and shows the call on air with the caller masked', async () => {
    const { admin, operator, episodeId } = studio;
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '一号演播室大屏' });
    await page.goto(studio.server.url + link.path);
    expect(new URL(page.url()).pathname).toBe('/screen');
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

  it('survives a server restart and shows the call on air now, not the one before', async () => {
    const { episodeId } = studio;
    studio.server = await studio.server.restart();
    const admin = await connectWithCookie(studio.server.url, await login(studio.server.url, 'admin', ADMIN_PASSWORD));
    const operator = await connectAs(studio.server, admin, 'operator');
    studio.admin = admin;
    studio.operator = operator;
    const state = studio.server.app.studio.state(episodeId);
    const current = state.appeals[state.episode.onAirAppealId!];
    await ok(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: current.id, expectedVersion: current.version, points: '一周内修复电梯' });
    await putNextOnAir(operator, episodeId, '夜间渣土车噪音扰民', '13700002222', '李强');

    const onAir = page.getByTestId('screen-on-air');
    await expect.poll(() => onAir.textContent(), { timeout: 15_000 }).toContain('夜间渣土车噪音扰民');
    expect(await onAir.textContent()).not.toContain('小区电梯长期故障');
    expect(await page.getByTestId('screen-phone').textContent()).toBe('137****2222');
    expect(await page.getByTestId('screen-count-answeredOnAir').textContent()).toBe('1');
    expect(await page.getByTestId('screen-offline').count()).toBe(0);
    await screenshot(page, 'screen-after-restart');
  });

  it('shows the outage on screen instead of a call while the server is down', async () => {
    await studio.server.stop();
    await expect.poll(() => page.getByTestId('screen-offline').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('screen-on-air').count()).toBe(0);
    expect(await page.content()).not.toContain('夜间渣土车噪音扰民');
    await screenshot(page, 'screen-offline');
    studio.server = await startServer({ clientDir: CLIENT_DIR, dataDir: studio.server.dataDir, port: Number(new URL(studio.server.url).port) });
    await expect.poll(() => page.getByTestId('screen-on-air').textContent(), { timeout: 15_000 }).toContain('夜间渣土车噪音扰民');
  });
});
