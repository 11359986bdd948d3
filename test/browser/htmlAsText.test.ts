import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { appealInput, commandId, ok } from '../helpers/testServer';

/**
 * Caller-supplied text is shown as text everywhere: markup typed into an appeal or a studio message
 * never becomes HTML on the operator console, the leader panel, the big screen or the follow-up desk,
 * and the server's CSP would refuse inline script anyway.
 */

const run = browserAvailable();
const PASSWORD = 'password-1234';

const IMG = '<img src=x onerror="window.__xss=1">';
const SCRIPT = '<script>window.__xss=2</script>';
const BREAKOUT = '"><b>bold</b>';
const ALL = `${IMG} ${SCRIPT} ${BREAKOUT}`;

async function bodyText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

/** The page shows the markup literally, ran none of it and made no element of it. */
async function expectLiteral(page: Page, mustShow: string[]) {
  await expect.poll(() => bodyText(page), { timeout: 15_000 }).toContain(SCRIPT);
  const text = await bodyText(page);
  for (const s of mustShow) expect(text).toContain(s);
  expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
  expect(await page.locator('body script', { hasText: '__xss' }).count()).toBe(0);
}

describe.runIf(run)('markup in appeals and messages is shown as text in Chromium', () => {
  const held = browserStudio();

  it('shows it literally on the operator console, leader panel, big screen and follow-up desk, and sends a CSP with script-src self', async () => {
    const { browser, studio } = held;
    const { admin, operator, episodeId, server } = studio;

    const response = await fetch(server.url + '/operator');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/(^|;)\s*script-src 'self'(;|$)/);
    const api = await fetch(server.url + '/healthz');
    expect(api.headers.get('content-security-policy') ?? '').toMatch(/(^|;)\s*script-src 'self'(;|$)/);

    for (const [username, role] of [
      ['xss-operator', 'operator'],
      ['xss-leader', 'leader'],
      ['xss-followup', 'followup'],
    ] as const) {
      await ok(admin, 'account:create', { commandId: commandId(), username, displayName: `测试${role}`, role, unitId: null, password: PASSWORD });
    }

    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const { appeal } = await ok(
      operator,
      'appeal:create',
      appealInput(episodeId, {
        summary: `电梯故障 ${ALL}`,
        area: SCRIPT,
        caller: { anonymous: false, name: IMG, title: '先生', phone: '13812341234' },
        operatorNotes: `备注 ${ALL}`,
      }),
    );
    await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: `提醒领导 ${ALL}`, appealId: appeal.id });
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
    const onAir = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version });

    // Operator console: full caller name, summary, message.
    const console_ = await pageAs(browser, server, { username: 'xss-operator', password: PASSWORD }, '/operator');
    await expectLiteral(console_, [`电梯故障 ${ALL}`, IMG, `提醒领导 ${ALL}`]);

    // Leader panel: summary, area, operator notes, the message (caller masked).
    const leader = await pageAs(browser, server, { username: 'xss-leader', password: PASSWORD }, '/leader', { width: 1366, height: 768 });
    await expectLiteral(leader, [`电梯故障 ${ALL}`, `备注 ${ALL}`, `提醒领导 ${ALL}`]);

    // Big screen from its display link, no login.
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: 'XSS 大屏' });
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
    await screen.goto(server.url + link.path);
    await expectLiteral(screen, [`电梯故障 ${ALL}`]);
    await screenshot(screen, 'xss-big-screen');

    // Follow-up desk after the hand-over: the row and its detail.
    await ok(operator, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: onAir.appeal.version, reason: `需核实 ${ALL}` });
    const desk = await pageAs(browser, server, { username: 'xss-followup', password: PASSWORD }, '/followup');
    await expect.poll(() => desk.getByTestId('sv-row').count(), { timeout: 15_000 }).toBe(1);
    await desk.getByTestId('sv-row').first().click();
    await expectLiteral(desk, [`电梯故障 ${ALL}`]);
    await expect.poll(() => bodyText(desk)).toContain(IMG);

    for (const page of [console_, leader, screen, desk]) {
      expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
      await page.context().close();
    }
  }, 90_000);
});
