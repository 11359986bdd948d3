import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/protocol/commands';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { appealInput, commandId, ok } from '../helpers/testServer';

const run = browserAvailable();
const LEADER = { username: 'leader-fit', password: 'leader-pass-1234' };

/** Chinese text of exactly `length` characters ending with `end`, as a long appeal reads. */
function longText(length: number, start: string, end: string): string {
  const sentence = '小区电梯自去年起多次停运，物业公司以维修资金不足为由一直拖延，住户多次向社区和街道反映未果，老人上下楼十分困难。';
  let body = start;
  while (body.length < length) body += sentence;
  return body.slice(0, length - end.length) + end;
}

const LONG_SAME_MATTER = longText(LIMITS.summary, '【同类长诉求】', '【同类诉求全文完】');
const LONG_ON_AIR = longText(LIMITS.summary, '【正在播出】', '【播出诉求全文完】');
const LONG_POINTS = longText(LIMITS.answer, '【以往答复】', '【答复要点全文完】');
const LONG_MESSAGE = longText(LIMITS.message, '【导播长消息】', '【消息全文完】');

/** How tall the page is against the window: the panel must not make the page scroll. */
const pageHeight = (page: Page) => page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, viewport: window.innerHeight }));

describe.runIf(run)('the leader panel with the longest texts fits a tablet', () => {
  const held = browserStudio();
  let page: Page | undefined;

  beforeAll(async () => {
    const { admin, operator, episodeId } = held.studio;
    await ok(admin, 'account:create', { commandId: commandId(), ...LEADER, displayName: '张建国', role: 'leader', unitId: null });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const state = () => held.studio.server.app.studio.state(episodeId);
    const queue = async (overrides: Record<string, unknown>) => {
      const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, overrides));
      await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
      return appeal.id as string;
    };
    const putOnAir = (appealId: string) => ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId, expectedVersion: state().appeals[appealId].version });

    // The caller's earlier call, answered with the longest points and commitment the schema allows.
    const earlier = await queue({ summary: '电梯停运，物业推诿' });
    await putOnAir(earlier);
    await ok(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: earlier, expectedVersion: state().appeals[earlier].version, points: LONG_POINTS, commitment: LONG_POINTS });

    // Other citizens on the same matter (云龙区 · 物业管理), each with a 2,000-character appeal, waiting in the queue.
    const others = [
      { name: '孙丽', title: '女士', phone: '13700005555' },
      { name: '周敏', title: '女士', phone: '13700006666' },
      { name: '吴刚', title: '先生', phone: '13700007777' },
      { name: '郑涛', title: '先生', phone: '13700008888' },
    ] as const;
    for (const caller of others) await queue({ caller: { anonymous: false, ...caller }, summary: LONG_SAME_MATTER });

    // The call on air: the same caller again, with the longest summary and long notes.
    const now = await queue({ summary: LONG_ON_AIR, operatorNotes: LONG_MESSAGE });
    await putOnAir(now);
    for (let i = 0; i < 3; i++) await ok(operator, 'message:send', { commandId: commandId(), episodeId, text: LONG_MESSAGE, appealId: now });
  });
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });

  async function openPanel(viewport: { width: number; height: number }): Promise<Page> {
    page = await pageAs(held.browser, held.studio.server, LEADER, '/leader', viewport);
    await expect.poll(() => page!.getByTestId('leader-history-matter').textContent()).toContain('【同类长诉求】');
    await expect.poll(() => page!.getByTestId('leader-message').count()).toBe(3);
    return page;
  }

  for (const viewport of [
    { name: 'landscape', width: 1024, height: 768 },
    { name: 'portrait', width: 768, height: 1024 },
    { name: 'laptop', width: 1366, height: 768 },
  ]) {
    it(`fits ${viewport.width}×${viewport.height} (${viewport.name}) without the page scrolling, the outcome buttons in view`, async () => {
      const page = await openPanel(viewport);
      const height = await pageHeight(page);
      console.log(`leader panel ${viewport.width}×${viewport.height}: page scrollHeight ${height.scroll} px, viewport ${height.viewport} px`);
      await screenshot(page, `leader-fit-${viewport.name}`);
      expect(height.scroll).toBeLessThanOrEqual(height.viewport);
      // Nothing is cut off at the window's edge: every card ends inside it.
      const cards = await page.locator('.lp-card').evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-testid'), bottom: el.getBoundingClientRect().bottom })));
      expect(cards.length).toBeGreaterThanOrEqual(5);
      for (const card of cards) expect(card.bottom, card.id ?? '').toBeLessThanOrEqual(viewport.height);
      for (const name of ['现场回应', '承诺并转督办']) {
        const box = await page.getByRole('button', { name, exact: true }).boundingBox();
        expect(box, name).not.toBeNull();
        expect(box!.y + box!.height, name).toBeLessThanOrEqual(viewport.height);
      }
    });
  }

  it('clamps every list item to a few lines and opens the whole same-matter appeal on demand, by keyboard', async () => {
    const page = await openPanel({ width: 1024, height: 768 });
    const matter = page.getByTestId('leader-history-matter');
    const first = matter.locator('li').first();
    const summary = first.locator('.lp-history-summary');
    const lineHeight = await summary.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    const clamped = await summary.evaluate((el) => ({ shown: el.clientHeight, full: el.scrollHeight }));
    expect(clamped.shown).toBeLessThanOrEqual(3 * lineHeight + 1);
    expect(clamped.full).toBeGreaterThan(clamped.shown * 5);

    // Every list shows a control to open the whole text: same matter, the caller's history, the queue, the messages.
    for (const testId of ['leader-history-matter', 'leader-history-caller', 'leader-queue', 'leader-messages']) {
      expect(await page.getByTestId(testId).getByRole('button', { name: '展开全文' }).count(), testId).toBeGreaterThan(0);
    }

    const toggle = first.getByRole('button', { name: '展开全文' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const open = first.getByRole('button', { name: '收起' });
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    const opened = await summary.evaluate((el) => ({ shown: el.clientHeight, full: el.scrollHeight }));
    expect(opened.shown).toBeGreaterThanOrEqual(opened.full - 1);
    expect(opened.shown).toBeGreaterThan(clamped.shown * 5);
    expect(await summary.textContent()).toContain('【同类诉求全文完】');
    // The whole text opens inside its section: the page itself still does not scroll.
    const height = await pageHeight(page);
    expect(height.scroll).toBeLessThanOrEqual(height.viewport);
    await open.scrollIntoViewIfNeeded();
    await screenshot(page, 'leader-fit-same-matter-open');

    await page.keyboard.press('Space');
    expect(await first.getByRole('button', { name: '展开全文' }).getAttribute('aria-expanded')).toBe('false');
    expect(await summary.evaluate((el) => el.clientHeight)).toBe(clamped.shown);
  });

  it('keeps the typed answer points and commitment through a page reload, and forgets them once answered', async () => {
    const page = await openPanel({ width: 1024, height: 768 });
    await page.getByLabel('答复要点').fill('责成物业一周内修复电梯，住建局派员督办');
    await page.getByLabel('承诺事项').fill('两周内回访来电人');
    await page.reload();
    await expect.poll(() => page.getByLabel('答复要点').inputValue()).toBe('责成物业一周内修复电梯，住建局派员督办');
    expect(await page.getByLabel('承诺事项').inputValue()).toBe('两周内回访来电人');
    await screenshot(page, 'leader-fit-draft-restored');

    const { episodeId } = held.studio;
    const onAir = () => Object.values(held.studio.server.app.studio.state(episodeId).appeals).find((a) => a.status === 'on_air');
    const appealId = onAir()!.id;
    await page.getByRole('button', { name: '现场回应', exact: true }).click();
    await expect.poll(() => held.studio.server.app.studio.state(episodeId).appeals[appealId].status).toBe('answered_on_air');
    expect(held.studio.server.app.studio.state(episodeId).appeals[appealId].answer).toEqual({ points: '责成物业一周内修复电梯，住建局派员督办', commitment: '两周内回访来电人' });
    await expect.poll(() => page.evaluate(() => localStorage.length)).toBe(0);
  });
});
