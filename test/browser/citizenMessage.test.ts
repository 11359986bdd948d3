import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, pageAs, screenshot } from '../helpers/browser';
import { buildStudio, commandId, ok, startServer, type Studio } from '../helpers/testServer';

/**
 * Issue 16 parts 1–3 in Chromium on a phone-sized viewport: a citizen leaves a message on the public
 * page (proof-of-work solved in a worker, default cost), gets a receipt, the operator console shows
 * the message at once as 网络留言, it goes on air, and the receipt lookup says so. The big screen shows
 * the QR code and the counts by source.
 */

const run = browserAvailable();
const PHONE = { width: 390, height: 844 };
const OPERATOR = { username: 'op-online', password: 'password-1234' };
const SCREEN = { username: 'screen-online', password: 'password-1234' };

describe.runIf(run)('citizens’ messages from a phone reach the studio', { timeout: 90_000 }, () => {
  let browser: Browser;
  let studio: Studio;
  const pages: Page[] = [];
  const appeals = () => Object.values(studio.server.app.studio.state(studio.episodeId).appeals);

  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
    const { admin, operator, episodeId } = studio;
    await ok(admin, 'account:create', { commandId: commandId(), username: OPERATOR.username, displayName: '导播', role: 'operator', unitId: null, password: OPERATOR.password });
    await ok(admin, 'account:create', { commandId: commandId(), username: SCREEN.username, displayName: '大屏', role: 'screen', unitId: null, password: SCREEN.password });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
  });

  async function phonePage(path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    pages.push(page);
    await page.goto(studio.server.url + path);
    return page;
  }

  it('leave a message, get a receipt, see it on the operator console live, put it on air, look the status up', async () => {
    const desk = await pageAs(browser, studio.server, OPERATOR, '/operator', { width: 1440, height: 900 });
    await desk.getByTestId('intake').waitFor();

    const page = await phonePage('/liuyan');
    await page.getByTestId('message-episode').waitFor();
    await expect(page.getByTestId('message-episode').innerText()).resolves.toMatch(/老旧小区改造与物业服务[\s\S]*市住房和城乡建设局[\s\S]*张建国（局长）/);
    const proofStarted = Date.now();
    await screenshot(page, 'citizen-message-form');

    // Bad input first: each field says what is wrong, in Chinese, and nothing is sent.
    await page.getByTestId('message-submit').click();
    await expect(page.getByTestId('message-error-title').innerText()).resolves.toContain('请选择称呼');
    await expect(page.getByTestId('message-error-phone').innerText()).resolves.toContain('请填写联系电话');
    await expect(page.getByTestId('message-error-text').innerText()).resolves.toContain('请填写留言内容');
    await expect(page.getByTestId('message-error-consent').innerText()).resolves.toContain('个人信息使用说明');
    await page.locator('input[name="phone"]').fill('12345');
    await page.getByTestId('message-submit').click();
    await expect(page.getByTestId('message-error-phone').innerText()).resolves.toContain('联系电话格式不对');
    await screenshot(page, 'citizen-message-errors');
    expect(appeals().filter((a) => a.channel === 'online')).toHaveLength(0);

    // The proof-of-work, solved in the background at the default cost.
    await page.getByText('安全验证已完成').waitFor({ timeout: 60_000 });
    const proofMs = Date.now() - proofStarted;
    console.info(`[citizenMessage] proof-of-work solved in Chromium in ${proofMs} ms (default cost)`);

    await page.getByText('女士', { exact: true }).click();
    await page.locator('input[name="name"]').fill('王芳');
    await page.locator('input[name="phone"]').fill('139 1234 5678');
    await page.locator('input[name="area"]').fill('鼓楼区丰财街道');
    await page.locator('select[name="category"]').selectOption('物业管理');
    await page.locator('textarea[name="text"]').fill('小区3号楼电梯停运两周，物业一直说在等配件，老人上下楼很困难。');
    await page.locator('input[name="consent"]').check();
    await page.locator('.msg-consent summary').click();
    await page.getByTestId('message-submit').scrollIntoViewIfNeeded();
    await screenshot(page, 'citizen-message-consent');
    await page.getByTestId('message-submit').click();
    const code = (await page.getByTestId('receipt-code').innerText()).trim();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    await screenshot(page, 'citizen-message-receipt');

    // Stored once, as an online appeal, with the normalised phone.
    const stored = appeals().filter((a) => a.channel === 'online');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'received', caller: { name: '王芳', title: '女士', phone: '13912345678' }, category: '物业管理' });

    // On the operator console at once, marked 网络留言.
    const row = desk.locator(`[data-appeal-no="${stored[0].no}"]`).first();
    await row.waitFor({ timeout: 5_000 });
    await expect(row.innerText()).resolves.toMatch(/网络留言[\s\S]*电梯停运两周/);
    await screenshot(desk, 'citizen-message-operator');

    // The studio puts it on air.
    const queued = await ok(studio.operator, 'appeal:screen', { commandId: commandId(), episodeId: studio.episodeId, appealId: stored[0].id, expectedVersion: stored[0].version });
    await ok(studio.operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: studio.episodeId, appealId: stored[0].id, expectedVersion: queued.appeal.version });

    // The citizen looks the status up with the receipt.
    await page.getByRole('link', { name: '查询办理进度' }).click();
    await page.getByTestId('receipt-lookup').waitFor();
    await expect(page.locator('input[name="code"]').inputValue()).resolves.toBe(code);
    await page.locator('input[name="last4"]').fill('0000');
    await page.getByTestId('lookup-submit').click();
    await expect(page.getByTestId('lookup-problem').innerText()).resolves.toContain('没有找到这条留言');
    await page.locator('input[name="last4"]').fill('5678');
    await page.getByTestId('lookup-submit').click();
    await expect(page.getByTestId('lookup-status').innerText()).resolves.toContain('已接入直播');
    await screenshot(page, 'citizen-message-lookup');
    await desk.context().close();
  });

  it('the big screen shows the QR code of the page and the counts by source', async () => {
    await ok(studio.operator, 'appeal:create', {
      commandId: commandId(),
      episodeId: studio.episodeId,
      channel: 'hotline',
      caller: { anonymous: false, name: '李强', title: '先生', phone: '13812340000' },
      area: '云龙区',
      category: '',
      targetUnitId: null,
      summary: '道路积水',
      operatorNotes: '',
    });
    const screen = await pageAs(browser, studio.server, SCREEN, '/screen', { width: 1920, height: 1080 });
    await screen.getByTestId('screen-qr').waitFor({ timeout: 10_000 });
    await expect(screen.getByTestId('screen-qr').getAttribute('data-url')).resolves.toBe(`${studio.server.url}/liuyan/${studio.episodeId}`);
    await expect(screen.getByTestId('screen-count-phone').innerText()).resolves.toMatch(/电话\s*1/);
    await expect(screen.getByTestId('screen-count-internet').innerText()).resolves.toMatch(/互联网\s*1/);
    await screenshot(screen, 'citizen-message-bigscreen');
    await screen.context().close();
  });
});
