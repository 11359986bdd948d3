import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { appealInput, commandId, ok } from '../helpers/testServer';

/**
 * The operator console on the keyboard and on a small laptop (issue 15, points 7 and 8): the queue
 * always has a selection, so Enter puts a call on air at once; every live action has a key said on
 * screen; at 1366×768 with a 2,000-character call on air the on-air buttons, the queue and 发给领导
 * stay in the window without scrolling the page, and the caller history can still be read whole.
 */

const run = browserAvailable();
const OPERATOR = { username: 'op-layout', password: 'password-1234' };
const REPEAT = { anonymous: false, name: '王建华', title: '先生' as const, phone: '13812341234' };

/** Whether an element lies wholly inside the window (no scrolling needed to see or click it). */
async function inViewport(page: Page, locator: Locator): Promise<{ inside: boolean; box: unknown; viewport: unknown }> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  const inside = Boolean(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5 && box.height > 0);
  return { inside, box, viewport };
}

describe.runIf(run)('the operator console: keyboard and a 1366×768 laptop', { timeout: 60_000 }, () => {
  const held = browserStudio();
  let page: Page | undefined;
  const state = () => held.studio.server.app.studio.state(held.studio.episodeId);

  const create = (overrides: Record<string, unknown>) => ok(held.studio.operator, 'appeal:create', appealInput(held.studio.episodeId, overrides));
  const queue = async (overrides: Record<string, unknown>) => {
    const { appeal } = await create(overrides);
    await ok(held.studio.operator, 'appeal:screen', { commandId: commandId(), episodeId: held.studio.episodeId, appealId: appeal.id, expectedVersion: appeal.version });
    return appeal.id as string;
  };

  beforeAll(async () => {
    const { admin, operator, episodeId } = held.studio;
    await ok(admin, 'account:create', { commandId: commandId(), username: OPERATOR.username, displayName: '导播', role: 'operator', unitId: null, password: OPERATOR.password });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
  });
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });

  it('point 7: the queue always has a selection, Enter puts it on air at once, and the keys are said on screen', async () => {
    const first = await queue({ summary: '第一位：小区停车位被长期占用' });
    await queue({ summary: '第二位：老旧小区加装电梯补贴' });
    page = await pageAs(held.browser, held.studio.server, OPERATOR, '/operator', { width: 1600, height: 1000 });
    await page.getByTestId('queue-list').locator('li[data-appeal-no]').first().waitFor();

    // Said on screen: the console's keys, and each panel's own.
    const keys = await page.getByTestId('operator-keys').textContent();
    for (const key of ['Alt+N', 'Alt+R', 'Alt+W', 'Alt+Q', 'Alt+A', 'Alt+M']) expect(keys).toContain(key);
    expect(await page.locator('.panel.queue .hint').textContent()).toContain('Enter 播出');

    // Before any arrow key, the first queued card is the selection.
    expect(await page.locator('.panel.queue li.selected').getAttribute('data-appeal-no')).toBe(String(state().appeals[first].no));
    await page.keyboard.press('Alt+q');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('queue-list');
    await screenshot(page, 'operator-queue-selected-by-default');
    await page.keyboard.press('Enter');
    await expect.poll(() => state().appeals[first].status).toBe('on_air');

    // The next card is selected at once, and the answer is reached by key too.
    await expect.poll(() => page!.locator('.panel.queue li.selected').count()).toBe(1);
    await page.keyboard.press('Alt+a');
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement | null)?.name)).toBe('points');
    await page.keyboard.type('已责成物业一周内清理占用车位');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => state().appeals[first].status).toBe('answered_on_air');
    // H asks for the hand-over reason in place; Esc gives the keys back to the queue.
    await page.keyboard.press('Alt+q');
    await page.keyboard.press('h');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('aria-label'))).toBe('转督办原因');
    await page.keyboard.press('Escape');
    await expect.poll(() => page!.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('queue-list');
    await page.keyboard.press('Alt+m');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('message');
    await page.keyboard.type('下一位来电反映加装电梯补贴');
    await page.keyboard.press('Enter');
    await expect.poll(() => Object.values(state().messages).some((m) => m.text === '下一位来电反映加装电梯补贴')).toBe(true);
  });

  it('point 8: at 1366×768 with a 2,000-character call on air, the on-air buttons, the queue and 发给领导 are in the window', async () => {
    const { operator, episodeId } = held.studio;
    // An earlier call of the same caller, so the history shows while the number is typed.
    await create({ caller: REPEAT, summary: '上次来电：小区电梯长期故障，物业不维修', category: '物业管理' });
    await create({ caller: REPEAT, summary: '再次来电：电梯维修基金使用不透明', category: '物业管理' });
    const long = await queue({ summary: `长篇来电：${'小区地下车库长期积水，业主多次反映无果，'.repeat(110)}`.slice(0, 2000) });
    expect(state().appeals[long].summary.length).toBe(2000);
    if (Object.values(state().appeals).some((a) => a.status === 'on_air')) throw new Error('a call is already on air');
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: long, expectedVersion: state().appeals[long].version });
    const other = (i: number) => ({ anonymous: false, name: `市民${i}`, title: '女士', phone: `1390000${String(1000 + i)}` });
    for (let i = 1; i <= 6; i++) await queue({ caller: other(i), summary: `待播第${i}位：${'道路破损影响出行，希望尽快修复。'.repeat(8)}` });
    for (let i = 1; i <= 4; i++) await create({ caller: other(10 + i), summary: `待筛选第${i}位：${'噪音扰民问题反映多次。'.repeat(6)}` });
    for (let i = 1; i <= 3; i++) await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: `提示${i}：注意控制时长`, appealId: null });

    page = await pageAs(held.browser, held.studio.server, OPERATOR, '/operator', { width: 1366, height: 768 });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.getByTestId('on-air-summary').waitFor();
    } catch (e) {
      // Say what the page showed instead, so a failure here can be told from a slow machine.
      console.error('operator console without the call on air:', pageErrors, (await page.locator('body').innerText()).slice(0, 2000));
      throw e;
    }
    // The caller history of a repeat caller, typed on the card.
    await page.keyboard.press('Alt+n');
    await page.keyboard.type(REPEAT.phone);
    await page.getByTestId('caller-history').waitFor();

    const live = {
      answer: page.locator('.on-air .buttons button', { hasText: '现场回应' }),
      handOver: page.locator('.on-air .buttons button', { hasText: '转督办' }),
      queue: page.getByTestId('queue-list'),
      firstQueued: page.getByTestId('queue-list').locator('li[data-appeal-no]').first(),
      message: page.locator('.messages input[name="message"]'),
      send: page.locator('.messages button[type="submit"]'),
      intakeSubmit: page.locator('[data-testid="intake"] button[type="submit"]'),
    };
    for (const [name, locator] of Object.entries(live)) expect({ name, ...(await inViewport(page, locator)) }).toMatchObject({ name, inside: true });
    // No page scroll at all: the live actions keep their place.
    const scroll = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, window: window.innerHeight }));
    expect(scroll.height).toBeLessThanOrEqual(scroll.window);
    await screenshot(page, 'operator-1366x768-long-call-on-air');

    // The caller history is not cut: its column scrolls to show it whole, entries and all.
    const history = page.getByTestId('caller-history');
    expect(await history.locator('li').count()).toBeGreaterThanOrEqual(2);
    expect(await history.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true);
    await history.locator('li').last().scrollIntoViewIfNeeded();
    expect(await inViewport(page, history.locator('li').last())).toMatchObject({ inside: true });
    // Scrolling the intake column moved nothing of the live column.
    expect(await inViewport(page, live.answer)).toMatchObject({ inside: true });
    await screenshot(page, 'operator-1366x768-caller-history');
  });

  it('point 12: the countdown to the slot\'s end while live, and a warning for an episode started outside its slot', async () => {
    const { admin, unitId, leaderId, episodeId } = held.studio;
    // Today's slot in China time (UTC+8), from 5 minutes ago to 55 minutes on (clamped to the day).
    const china = new Date(Date.now() + 8 * 3_600_000);
    const minute = china.getUTCHours() * 60 + china.getUTCMinutes();
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const start = Math.max(0, minute - 5);
    const end = Math.min(23 * 60 + 59, minute + 55);
    const { episode } = await ok(admin, 'episode:plan', {
      commandId: commandId(),
      date: china.toISOString().slice(0, 10),
      slot: { start: hhmm(start), end: hhmm(end) },
      theme: '时段内开播的一期',
      host: '李主持',
      unitIds: [unitId],
      leaderIds: [leaderId],
    });

    page = await pageAs(held.browser, held.studio.server, OPERATOR, '/operator', { width: 1366, height: 768 });
    page.setDefaultTimeout(8_000);
    // The first episode (2025-11-25 09:00–10:00) was started today: outside its slot, and said so.
    await page.getByTestId('slot-clock').waitFor();
    expect(await page.getByTestId('slot-warning').textContent()).toContain('时段外');
    expect(await page.getByTestId('slot-countdown').textContent()).toContain('已超出时段');
    await screenshot(page, 'operator-slot-started-outside');

    // The episode of today's slot: started inside it, no warning, the countdown to its end.
    await page.getByLabel('节目', { exact: true }).selectOption(episode.id);
    await expect.poll(() => page!.getByTestId('slot-clock').textContent()).toContain(`时段 ${hhmm(start)}–${hhmm(end)}`);
    expect(await page.getByTestId('slot-warning').count()).toBe(0);
    await page.getByRole('button', { name: '开始直播' }).click();
    await expect.poll(() => page!.getByTestId('episode-status').textContent()).toBe('直播中');
    expect(await page.getByTestId('slot-warning').count()).toBe(0);
    if (end > minute + 1) {
      const text = (await page.getByTestId('slot-countdown').textContent()) ?? '';
      expect(text).toMatch(/^距时段结束 \d{2}:\d{2}$/);
      const [mm] = text.replace('距时段结束 ', '').split(':').map(Number);
      expect(mm).toBeGreaterThanOrEqual(end - minute - 2);
      expect(mm).toBeLessThanOrEqual(end - minute);
    }
    await screenshot(page, 'operator-slot-countdown');
    expect(episodeId).not.toBe(episode.id);
  });
});
