import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/protocol/commands';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { buildStudio, commandId, ok, startServer, type Studio } from '../helpers/testServer';

/**
 * Issue 15, point 5: the big screen clipped text (the third 接下来 item cut through its glyphs, a long
 * summary cut mid-line with no ellipsis, an emoji in the theme drawn as a box). With the longest
 * texts the schemas allow, at 1920×1080 and 1280×720, every line on the wall is either whole or
 * hidden behind an ellipsis, nothing leaves the screen, the text is large enough to read across the
 * studio, and the theme's emoji is drawn in colour.
 */

const run = browserAvailable();

/** `base` repeated and cut to exactly `length` UTF-16 units (what the schemas count). */
const fill = (base: string, length: number) => base.repeat(Math.ceil(length / base.length)).slice(0, length);

const EMOJI = '🏠📞';
const THEME_MAX = 100;
const THEME = EMOJI + fill('老旧小区改造、加装电梯与物业服务——群众急难愁盼问题现场办，', THEME_MAX - EMOJI.length);
/** A summary as long as allowed, with an unbroken run of Latin letters and digits (a link, a number) in it. */
const SUMMARY = fill(
  '小区3号楼电梯自今年3月起反复故障停运，物业公司多次报修后仍未修复，楼内多位八十岁以上老人上下楼困难，' +
    '业主曾向街道和住建部门反映（工单号GD202503150012345678901234567890、网址https://example.gov.cn/appeal/202503150012345678），' +
    '至今没有答复；市民希望明确维修责任主体、维修资金使用办法和完成时限，并在维修期间安排临时帮扶。',
  LIMITS.summary,
);
const AREA = fill('云龙区彭城街道民主南路社区幸福花园小区北门', LIMITS.shortText);
const CATEGORY = fill('住房保障与物业管理服务', LIMITS.category);
const LONG_NAME = fill('欧阳明德', LIMITS.shortText);

interface Longest {
  studio: Studio;
  episodeId: string;
}

/**
 * A live episode where every text the wall shows is as long as the schemas allow: a 100-character
 * theme with emoji, ten units and ten leaders with 50-character names and titles, episode 9999, a
 * call on air with a 2,000-character summary, a 50-character area, a 30-character category and a
 * landline with an extension, and four more such calls queued (three are shown next).
 */
async function longestLiveEpisode(studio: Studio): Promise<Longest> {
  const { admin, operator } = studio;
  const unitIds: string[] = [];
  const leaderIds: string[] = [];
  for (let i = 0; i < 10; i++) {
    const { unit } = await ok(admin, 'unit:save', { commandId: commandId(), name: fill(`第${i + 1}市住房和城乡建设局城市更新与物业服务监管中心`, LIMITS.shortText), kind: 'department', level: '市级' });
    const { person } = await ok(admin, 'person:save', {
      commandId: commandId(),
      name: fill(`${i + 1}号嘉宾司马建国`, LIMITS.shortText),
      title: fill('党组书记、局长、一级巡视员', LIMITS.shortText),
      unitId: unit.id,
      principal: i === 0,
    });
    unitIds.push(unit.id);
    leaderIds.push(person.id);
  }
  // The longest category the list may hold: the admin adds it first, as intake only takes listed ones.
  await ok(admin, 'category:save', { commandId: commandId(), name: CATEGORY });
  const { episode } = await ok(admin, 'episode:plan', {
    commandId: commandId(),
    year: 2025,
    number: 9999,
    date: '2025-11-26',
    slot: { start: '09:00', end: '10:00' },
    theme: THEME,
    host: fill('李主持', LIMITS.shortText),
    unitIds,
    leaderIds,
  });
  expect(episode.theme).toBe(THEME);
  await ok(operator, 'episode:start', { commandId: commandId(), episodeId: episode.id });
  const appeal = (i: number) => ({
    commandId: commandId(),
    episodeId: episode.id,
    channel: (['online', 'hotline', 'studio'] as const)[i % 3],
    caller: { anonymous: false, name: LONG_NAME, title: '女士' as const, phone: '0516-83901234转123456' },
    area: AREA,
    category: CATEGORY,
    targetUnitId: null,
    summary: `${i + 1}号：${SUMMARY}`.slice(0, LIMITS.summary),
    operatorNotes: '',
  });
  const queue = async (i: number) => {
    const created = await ok(operator, 'appeal:create', appeal(i));
    return ok(operator, 'appeal:screen', { commandId: commandId(), episodeId: episode.id, appealId: created.appeal.id, expectedVersion: created.appeal.version });
  };
  const first = await queue(0);
  await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: episode.id, appealId: first.appeal.id, expectedVersion: first.appeal.version });
  for (let i = 1; i <= 4; i++) await queue(i);
  return { studio, episodeId: episode.id };
}

interface TextProblem {
  text: string;
  problem: string;
}

/**
 * Every line of text on the wall, measured in the page: a line must lie whole inside every box
 * that clips it, or wholly outside it (hidden after an ellipsis); a line running out of its box
 * sideways must be ended by an ellipsis; hidden text must sit in a line-clamped or ellipsised
 * element; nothing may leave the viewport. A line counts by its em box, the band its glyphs are
 * drawn in, not by the font's full ascent and descent.
 */
function textProblems(page: Page): Promise<TextProblem[]> {
  return page.evaluate(() => {
    const problems: { text: string; problem: string }[] = [];
    const root = document.querySelector('.big-screen')!;
    const viewport = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const clipsOf = (el: Element) => {
      const clips: { el: Element; rect: { left: number; top: number; right: number; bottom: number } }[] = [];
      for (let e: Element | null = el; e && e !== document.documentElement; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.overflowX !== 'visible' || s.overflowY !== 'visible') clips.push({ el: e, rect: e.getBoundingClientRect() });
      }
      clips.push({ el: document.documentElement, rect: viewport });
      return clips;
    };
    const ellipsisOwner = (el: Element, clip: Element, kind: 'line' | 'clamp') => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (kind === 'line' && s.textOverflow === 'ellipsis' && s.whiteSpace.includes('nowrap')) return true;
        if (kind === 'clamp' && (s as any).webkitLineClamp !== 'none' && s.overflowY !== 'visible') return true;
        if (e === clip) break;
      }
      return false;
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!text.trim()) continue;
      const el = node.parentElement!;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const fontSize = parseFloat(style.fontSize);
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      const clips = clipsOf(el);
      const label = text.slice(0, 24);
      for (const line of lines) {
        const inset = Math.max(0, (line.height - fontSize) / 2);
        const top = line.top + inset;
        const bottom = line.bottom - inset;
        for (const clip of clips) {
          const c = clip.rect;
          const outside = bottom <= c.top + 1 || top >= c.bottom - 1 || line.right <= c.left + 1 || line.left >= c.right - 1;
          if (outside) {
            if (!ellipsisOwner(el, clip.el, 'clamp') && !ellipsisOwner(el, clip.el, 'line')) problems.push({ text: label, problem: `a line hidden by ${clip.el.className || clip.el.tagName} without an ellipsis` });
            break;
          }
          if (top < c.top - 1 || bottom > c.bottom + 1) problems.push({ text: label, problem: `a line cut through its glyphs by ${clip.el.className || clip.el.tagName} (${Math.round(top)}–${Math.round(bottom)} vs ${Math.round(c.top)}–${Math.round(c.bottom)})` });
          if ((line.left < c.left - 1 || line.right > c.right + 1) && !ellipsisOwner(el, clip.el, 'line')) problems.push({ text: label, problem: `a line running out sideways of ${clip.el.className || clip.el.tagName} without an ellipsis` });
        }
      }
    }
    return problems;
  });
}

/**
 * Line-clamped elements: Chromium counts their hidden lines in scrollHeight, so their box is what is
 * checked: a whole number of lines tall (no line cut at the bottom), no more than the clamp, and
 * nothing running out sideways.
 */
function clampedOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.big-screen *')]
      .map((el) => {
        const s = getComputedStyle(el);
        const clamp = Number((s as any).webkitLineClamp);
        if (!clamp || s.display === 'none') return null;
        const height = el.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
        const lines = height / parseFloat(s.lineHeight);
        const whole = Math.abs(lines - Math.round(lines)) < 0.05 && Math.round(lines) >= 1 && Math.round(lines) <= clamp;
        const sideways = el.scrollWidth > el.clientWidth + 1;
        return whole && !sideways ? null : `${el.className}: ${lines.toFixed(2)} lines of ${clamp}, scroll width ${el.scrollWidth} in ${el.clientWidth}`;
      })
      .filter((problem): problem is string => problem !== null),
  );
}

/** The smallest font of any text drawn inside the viewport, as a share of the viewport's height. */
function smallestVisibleFont(page: Page): Promise<{ share: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { share: Infinity, text: '' };
    const walker = document.createTreeWalker(document.querySelector('.big-screen')!, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const share = parseFloat(getComputedStyle(node.parentElement!).fontSize) / window.innerHeight;
      if (share < smallest.share) smallest = { share, text: node.textContent.slice(0, 20) };
    }
    return smallest;
  });
}

/** Where the main blocks of the wall are, for the assertions on their boxes. */
function boxes(page: Page) {
  return page.evaluate(() => {
    const rect = (el: Element | null) => {
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    return {
      viewport: { width: window.innerWidth, height: window.innerHeight },
      blocks: ['.top', '.stage', '.on-air', '.next', '.bottom', '[data-testid="screen-counters"]'].map((s) => ({ selector: s, rect: rect(document.querySelector(s)) })),
      next: rect(document.querySelector('.next')),
      nextItems: [...document.querySelectorAll('.next-item')].map(rect),
      summary: rect(document.querySelector('.on-air .summary')),
      onAir: rect(document.querySelector('.on-air')),
    };
  });
}

describe.runIf(run)('the big screen with the longest texts the schemas allow', () => {
  let browser: Browser;
  let studio: Studio;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    await studio?.close();
  });

  async function openWall(viewport: { width: number; height: number }): Promise<Page> {
    context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const link = await ok(studio.admin, 'displayLink:create', { commandId: commandId(), label: '一号演播室大屏' });
    await page.goto(studio.server.url + link.path);
    try {
      await expect.poll(() => page.getByTestId('screen-on-air').textContent({ timeout: 5_000 }).catch(() => ''), { timeout: 30_000 }).toContain('1号：小区3号楼电梯');
    } catch (error) {
      // Say what the wall showed instead.
      await screenshot(page, `screen-longest-texts-failed-${viewport.width}x${viewport.height}`);
      throw new Error(`the wall at ${page.url()} showed: ${(await page.locator('body').textContent())?.slice(0, 300)}`, { cause: error });
    }
    await expect.poll(() => page.locator('.next-item').count()).toBe(3);
    await page.evaluate(() => document.fonts.ready);
    // The summary is fitted to its box after layout: let a frame or two pass.
    await page.waitForTimeout(300);
    return page;
  }

  for (const viewport of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ]) {
    it(`at ${viewport.width}×${viewport.height}: every line is whole or behind an ellipsis, the three next calls fit, nothing leaves the screen`, async () => {
      await longestLiveEpisode(studio);
      const page = await openWall(viewport);
      await screenshot(page, `screen-longest-texts-${viewport.width}x${viewport.height}`);

      expect(await textProblems(page)).toEqual([]);
      expect(await clampedOverflow(page)).toEqual([]);

      const b = await boxes(page);
      for (const block of b.blocks) {
        expect(block.rect, block.selector).not.toBeNull();
        expect(block.rect!.top, block.selector).toBeGreaterThanOrEqual(0);
        expect(block.rect!.left, block.selector).toBeGreaterThanOrEqual(0);
        expect(block.rect!.bottom, block.selector).toBeLessThanOrEqual(b.viewport.height);
        expect(block.rect!.right, block.selector).toBeLessThanOrEqual(b.viewport.width);
      }
      // All three next calls whole inside their panel: the third one is not cut.
      expect(b.nextItems).toHaveLength(3);
      for (const item of b.nextItems) {
        expect(item!.top).toBeGreaterThanOrEqual(b.next!.top);
        expect(item!.bottom).toBeLessThanOrEqual(b.next!.bottom);
      }
      // The summary uses the card's room (several lines) and ends inside it.
      expect(b.summary!.bottom).toBeLessThanOrEqual(b.onAir!.bottom);
      expect(b.summary!.bottom - b.summary!.top).toBeGreaterThan(b.viewport.height * 0.15);

      // Readable across the room: nothing smaller than 2% of the screen's height (21.6 px at 1080,
      // 14.4 px at 720), the summary at least 4.5%.
      const smallest = await smallestVisibleFont(page);
      expect(smallest.share, `smallest text: ${smallest.text}`).toBeGreaterThanOrEqual(0.02);
      const summaryFont = await page.locator('.on-air .summary').evaluate((el) => parseFloat(getComputedStyle(el).fontSize) / window.innerHeight);
      expect(summaryFont).toBeGreaterThanOrEqual(0.045);

      // The full text is still there for a screen reader; only the drawing is clamped.
      expect(await page.getByTestId('screen-on-air').textContent()).toContain(`1号：${SUMMARY}`.slice(0, LIMITS.summary));
    }, 120_000);
  }

  it('draws the emoji in the theme in colour, not as a box', async () => {
    await longestLiveEpisode(studio);
    const page = await openWall({ width: 1920, height: 1080 });
    const theme = page.locator('.top .theme');
    expect(await theme.textContent()).toBe(THEME);
    // The emoji's own box on screen: the first two characters of the theme (one surrogate pair each).
    const box = await theme.evaluate((el, length) => {
      const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE)!;
      const range = document.createRange();
      range.setStart(node, 0);
      range.setEnd(node, length);
      const r = range.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    }, EMOJI.length);
    expect(box.width).toBeGreaterThan(0);
    const png = await page.screenshot({ clip: box });
    await screenshot(page, 'screen-theme-emoji');
    // Count the strongly coloured pixels of the emoji: the wall's text is cream and its ground a dark
    // red, so a box or a monochrome glyph has none; a colour emoji has many.
    const coloured = await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      const { data } = ctx.getImageData(0, 0, image.width, image.height);
      const hues = new Set<number>();
      let count = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 90) {
          count++;
          hues.add(Math.round(Math.atan2(Math.sqrt(3) * (g - b), 2 * r - g - b) / (Math.PI / 6)));
        }
      }
      return { count, hues: hues.size, total: data.length / 4 };
    }, png.toString('base64'));
    expect(coloured.count, JSON.stringify(coloured)).toBeGreaterThan(coloured.total * 0.05);
    expect(coloured.hues, JSON.stringify(coloured)).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
