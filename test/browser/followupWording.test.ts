import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REOPEN_KEPT_REASON } from '../../shared/domain/supervisionRules';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectAs, login, ok, send, startServer, type ClientSocket, type Studio } from '../helpers/testServer';

/**
 * Issue 15, points 13 and 15 in Chromium on the built app: the wording of empty fields, the colour of
 * a 0.0 % satisfaction, a 不满意 callback that keeps a granted extension, a login page with a clean
 * console, and the XLSX export read back with exceljs. Each test makes its own data.
 */
const run = browserAvailable();
const PASSWORD = 'password-1234';
/** The accent red and the "ok" green of styles.css, as Chromium reports computed colours. */
const GREEN = 'rgb(31, 122, 63)';
const RED = 'rgb(179, 32, 42)';

let accounts = 0;
async function account(studio: Studio, role: 'followup' | 'unit', unitId: string | null = null): Promise<{ username: string; password: string }> {
  const username = `${role}w${++accounts}`;
  await ok(studio.admin, 'account:create', { commandId: commandId(), username, displayName: role === 'unit' ? '住建局联络员' : '督办小刘', role, unitId, password: PASSWORD });
  return { username, password: PASSWORD };
}

/** An appeal handed over to the studio's unit (the episode is started once, and stays live). */
async function supervised(studio: Studio, summary: string): Promise<{ id: string; version: number }> {
  const { operator, episodeId, server, unitId } = studio;
  if (server.app.studio.state(episodeId).episode.status === 'planned') await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
  const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { summary }));
  const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  const handed = await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version, reason: '需会后核实办理', unitId, complexity: 'normal' });
  return { id: handed.appeal.id, version: handed.appeal.version };
}

/** The unit replies and the citizen, called back, says 不满意: a rated item at 0 % satisfaction. */
async function unsatisfied(studio: Studio, unit: ClientSocket, desk: ClientSocket, summary: string) {
  const { episodeId } = studio;
  const item = await supervised(studio, summary);
  const replied = await ok(unit, 'supervision:reply', { commandId: commandId(), episodeId, appealId: item.id, expectedVersion: item.version, text: '已联系物业处理' });
  await ok(desk, 'supervision:callBack', { commandId: commandId(), episodeId, appealId: item.id, expectedVersion: replied.appeal.version, outcome: 'reached', rating: 'unsatisfied', note: '问题仍未解决' });
  return item.id;
}

const row = (page: Page, summary: string) => page.getByTestId('sv-row').filter({ hasText: summary });
const colourOf = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).color);

describe.runIf(run)('issue 15 wording: empty fields, the login page', { timeout: 90_000 }, () => {
  const held = browserStudio();

  it('the login page loads without a console error: the logged-out session probe answers 200, not 401', async () => {
    const { browser, studio } = held;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    const failed: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    for (const path of ['/', '/login', '/followup']) {
      await page.goto(studio.server.url + path);
      await expect.poll(() => page.getByLabel('用户名').isVisible()).toBe(true);
    }
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'login-no-console-error');
    expect(errors).toEqual([]);
    expect(failed).toEqual([]);
    const probe = await page.request.get(`${studio.server.url}/api/session`);
    expect(probe.status()).toBe(200);
    expect(await probe.json()).toEqual({ ok: true, data: { loggedIn: false, account: null } });
    await context.close();
  });

  it('an empty unit reply is refused naming 答复内容, not 消息内容', async () => {
    const { browser, studio } = held;
    const summary = '楼道照明损坏半年无人修';
    await supervised(studio, summary);
    const liaison = await pageAs(browser, studio.server, await account(studio, 'unit', studio.unitId), '/unit');
    await row(liaison, summary).click();
    await liaison.getByTestId('unit-action-reply').click();
    await liaison.getByLabel('答复内容').fill('   \n  ');
    await liaison.getByRole('button', { name: '提交答复' }).click();
    const form = liaison.getByTestId('form-unit-reply');
    await expect.poll(() => form.textContent()).toContain('答复内容不能为空');
    expect(await form.textContent()).not.toContain('消息内容');
    await screenshot(liaison, 'unit-reply-empty');
    await liaison.context().close();
  });

  it('an empty date says it is required: on the desk’s deadline form, and from the server', async () => {
    const { browser, studio } = held;
    const summary = '小区门口下水道堵塞反复外溢';
    const item = await supervised(studio, summary);
    const desk = await pageAs(browser, studio.server, await account(studio, 'followup'), '/followup');
    await row(desk, summary).click();
    await desk.getByTestId('action-deadline').click();
    await desk.getByLabel('指定日期').check();
    await desk.getByLabel('新的期限').fill('');
    await expect.poll(() => desk.getByTestId('deadline-preview').textContent()).toContain('必须填写');
    expect(await desk.getByTestId('deadline-preview').textContent()).not.toContain('格式');
    expect(await desk.getByRole('button', { name: '确认调整' }).isDisabled()).toBe(true);
    await screenshot(desk, 'followup-deadline-empty');
    await desk.context().close();

    // A client that sends the empty date anyway gets the same word from the server.
    const deskSocket = await connectAs(studio.server, studio.admin, 'followup');
    const refused = await send(deskSocket, 'supervision:setDeadline', { commandId: commandId(), episodeId: studio.episodeId, appealId: item.id, expectedVersion: item.version, deadline: '', reason: '按承诺日期考核' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(refused.ok ? '' : refused.error.message).toContain('办理期限必须填写');
    deskSocket.disconnect();
  });

  it('an empty custom period on /reports says the dates are required', async () => {
    const { browser, studio } = held;
    const reports = await pageAs(browser, studio.server, { username: 'admin', password: ADMIN_PASSWORD }, '/reports');
    await reports.locator('label.rp-kind', { hasText: '自定义' }).click();
    await reports.getByTestId('rp-from').fill('');
    await expect.poll(() => reports.getByTestId('rp-range-missing').textContent()).toContain('起始日期必须填写');
    expect(await reports.getByTestId('rp-range-missing').textContent()).not.toContain('格式');
    await screenshot(reports, 'reports-range-empty');
    await reports.context().close();
  });
});

describe.runIf(run)('issue 15: a 不满意 callback keeps a granted extension; 0.0 % is not green', { timeout: 90_000 }, () => {
  const held = browserStudio();
  let unit: ClientSocket;
  let deskSocket: ClientSocket;
  beforeAll(async () => {
    unit = await connectAs(held.studio.server, held.studio.admin, 'unit', held.studio.unitId);
    deskSocket = await connectAs(held.studio.server, held.studio.admin, 'followup');
  });
  afterAll(() => {
    unit?.disconnect();
    deskSocket?.disconnect();
  });

  it('a 不满意 rating recorded on the desk keeps the later, extended deadline and says so in the history', async () => {
    const { browser, studio } = held;
    const { episodeId, server } = studio;
    const summary = '老旧小区外墙脱落存在安全隐患';
    const item = await supervised(studio, summary);
    const asked = await ok(unit, 'supervision:requestExtension', { commandId: commandId(), episodeId, appealId: item.id, expectedVersion: item.version, workdays: 15, reason: '需专业机构检测外墙' });
    const requestId = asked.appeal.supervision.extensionRequests[0].id;
    const granted = await ok(deskSocket, 'supervision:decideExtension', { commandId: commandId(), episodeId, appealId: item.id, expectedVersion: asked.appeal.version, requestId, granted: true, note: '同意' });
    const extendedTo: string = granted.appeal.supervision.deadline;
    await ok(unit, 'supervision:reply', { commandId: commandId(), episodeId, appealId: item.id, expectedVersion: granted.appeal.version, text: '已拆除松动墙皮，检测报告待出' });

    const desk = await pageAs(browser, server, await account(studio, 'followup'), '/followup');
    await row(desk, summary).click();
    await desk.getByTestId('action-callback').click();
    await desk.getByLabel('联系上市民').check();
    await desk.getByLabel('不满意', { exact: true }).check();
    await desk.getByRole('button', { name: '记录回访' }).click();
    await expect.poll(() => desk.getByTestId('desk-notice').textContent()).toContain('重新交办');

    const stored = server.app.studio.state(episodeId).appeals[item.id].supervision!;
    expect(stored).toMatchObject({ status: 'with_unit', reopenings: 1, deadline: extendedTo });
    expect(stored.deadlineChanges.at(-1)).toMatchObject({ from: extendedTo, to: extendedTo, reason: REOPEN_KEPT_REASON });
    await expect.poll(() => desk.getByTestId('sv-detail-deadline').getAttribute('data-deadline')).toBe(extendedTo);
    await expect.poll(() => desk.getByTestId('sv-history').textContent()).toContain('保留原期限');
    await desk.getByTestId('sv-history').locator('li').last().scrollIntoViewIfNeeded();
    await screenshot(desk, 'followup-reopen-keeps-extension');
    await desk.context().close();
  });

  it('a 0.0% satisfaction is red, never green, on the desk and on /reports', async () => {
    const { browser, studio } = held;
    await unsatisfied(studio, unit, deskSocket, '公园健身器材损坏无人维护');

    const desk = await pageAs(browser, studio.server, await account(studio, 'followup'), '/followup');
    await expect.poll(() => desk.getByTestId('satisfaction-rate').textContent()).toBe('0.0%');
    expect(await desk.getByTestId('satisfaction-rate').getAttribute('data-tone')).toBe('poor');
    const deskColour = await colourOf(desk, '[data-testid="satisfaction-rate"]');
    expect(deskColour).not.toBe(GREEN);
    expect(deskColour).toBe(RED);
    await screenshot(desk, 'followup-satisfaction-zero');
    await desk.context().close();

    const reports = await pageAs(browser, studio.server, { username: 'admin', password: ADMIN_PASSWORD }, '/reports');
    await reports.getByTestId('rp-year').selectOption('2025');
    const total = reports.getByTestId('total-satisfaction');
    await expect.poll(() => total.locator('dd b').textContent()).toBe('0.0%');
    expect(await total.getAttribute('data-tone')).toBe('poor');
    const reportColour = await colourOf(reports, '[data-testid="total-satisfaction"] dd b');
    expect(reportColour).not.toBe(GREEN);
    expect(reportColour).toBe(RED);
    const background = await total.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe('rgb(242, 250, 244)'); // the green panel the rate used to sit in
    await total.scrollIntoViewIfNeeded();
    await screenshot(reports, 'reports-satisfaction-zero');
    await reports.context().close();
  });
});

describe.runIf(run)('issue 15: the XLSX export read back with exceljs', { timeout: 90_000 }, () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await buildStudio({ server: await startServer() });
  });
  afterAll(async () => {
    await studio?.close();
  });

  it('has the satisfaction as a number with a percent format, a 同比 row that says why it is empty, and no unlabelled row', async () => {
    const unit = await connectAs(studio.server, studio.admin, 'unit', studio.unitId);
    const desk = await connectAs(studio.server, studio.admin, 'followup');
    await unsatisfied(studio, unit, desk, '菜市场周边占道经营严重');
    unit.disconnect();
    desk.disconnect();

    const cookie = await login(studio.server.url, 'admin', ADMIN_PASSWORD);
    const response = await fetch(`${studio.server.url}/api/reports/annual?year=2025&format=xlsx`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    const [sheet, short] = workbook.worksheets;

    // The satisfaction cell: the number 0 (0.0 %), formatted as a percentage, not the text "0.0%".
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    const rateColumn = headers.indexOf('群众诉求办理满意率') + 1;
    expect(rateColumn).toBeGreaterThan(0);
    const rate = sheet.getCell(4, rateColumn);
    expect(rate.value).toBe(0);
    expect(typeof rate.value).toBe('number');
    expect(rate.numFmt).toMatch(/%$/);

    // 2024 has no data: the 同比 row says so instead of being empty.
    const yoy = String(sheet.getCell(5, 1).value ?? '');
    expect(yoy).toContain('同比');
    expect(yoy).toContain('2024年无节目数据');

    // Every row below the figures starts with words that say what it is; nothing after the last one.
    for (const ws of [sheet, short]) {
      const rows: string[] = [];
      ws.eachRow({ includeEmpty: true }, (r, n) => {
        if (n > 4) rows.push(String(r.getCell(1).value ?? ''));
      });
      expect(rows.length).toBeGreaterThan(0);
      for (const first of rows) expect(first.trim(), `${ws.name}: a row below the figures without a label`).toMatch(/^(同比|满意率|诉求总量|诉求来源|括号内|报告表述|报告格式)/);
      expect(rows.at(-1)).toMatch(/^报告格式（括号内为同比）：/);
      expect(ws.rowCount).toBe(4 + rows.length);
    }
    // The short layout prints no 同比, so it has no 同比 row at all.
    expect(String(short.getCell(5, 1).value)).toMatch(/^诉求总量/);
  });
});
