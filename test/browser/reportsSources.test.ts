import { describe, expect, it } from 'vitest';
import { RESOLVED_DEFINITION } from '../../shared/domain/resolution';
import { SATISFACTION_DEFINITION } from '../../shared/domain/satisfaction';
import type { AnnualReport } from '../../shared/protocol/events';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, connectAs, ok, type Studio } from '../helpers/testServer';

const run = browserAvailable();
const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };

type Channel = 'hotline' | 'studio' | 'online';
type Way = { channel: Channel; outcome: 'air' | 'hand'; rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null };

/**
 * Two 2025 episodes (a government department, a public-service unit) with phone calls and online
 * messages: three answered on air (two called back, one of them 不满意), five supervised (four closed,
 * one last rated 不满意 and left with the unit). So 电话 5 / 互联网 3, 解决 6 of 8 (75.00%), and on
 * callbacks 5 of 7 rated 满意 or 基本满意 (71.43%): the two 满意率 differ, and the screen must say which.
 */
async function driveYear(studio: Studio) {
  const { admin, operator, leader, server, unitId: housing, leaderId: chief } = studio;
  const followup = await connectAs(server, admin, 'followup');
  const { unit: water } = await ok(admin, 'unit:save', { commandId: commandId(), name: '市水务集团', kind: 'public_service', level: '市级' });
  const { person: manager } = await ok(admin, 'person:save', { commandId: commandId(), name: '刘海燕', title: '总经理', unitId: water.id, principal: true });
  const version = (episodeId: string, appealId: string) => server.app.studio.state(episodeId).appeals[appealId].version;
  const episode = async (date: string, theme: string, unitId: string, leaderId: string, ways: Way[]) => {
    const { episode } = await ok(admin, 'episode:plan', { commandId: commandId(), date, slot: { start: '09:00', end: '10:00' }, theme, host: '李主持', unitIds: [unitId], leaderIds: [leaderId] });
    const episodeId: string = episode.id;
    const ref = (appealId: string) => ({ commandId: commandId(), episodeId, appealId, expectedVersion: version(episodeId, appealId) });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const ids: string[] = [];
    for (const [k, way] of ways.entries()) {
      const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { channel: way.channel, summary: `${theme}第${k + 1}条：${way.channel === 'online' ? '网友留言反映' : '来电反映'}问题`, caller: { anonymous: false, name: '王建华', title: '先生', phone: `1390000${String(ids.length).padStart(4, '0')}` } }));
      ids.push(appeal.id);
      await ok(operator, 'appeal:screen', ref(appeal.id));
      if (way.outcome === 'air') {
        await ok(operator, 'appeal:putOnAir', ref(appeal.id));
        await ok(leader, 'appeal:answerOnAir', { ...ref(appeal.id), points: '现场答复：本周内安排处理' });
      } else {
        await ok(operator, 'appeal:handOver', { ...ref(appeal.id), reason: '需会后核实办理', complexity: 'normal' });
      }
    }
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    for (const [k, way] of ways.entries()) {
      const id = ids[k];
      if (way.outcome === 'air') {
        if (way.rating) await ok(followup, 'appeal:callBack', { ...ref(id), outcome: 'reached', rating: way.rating, note: '' });
        continue;
      }
      await ok(followup, 'supervision:reply', { ...ref(id), text: '已现场核查并整改完毕' });
      await ok(followup, 'supervision:callBack', { ...ref(id), outcome: 'reached', rating: way.rating, note: '' });
      if (way.rating !== 'unsatisfied') await ok(followup, 'supervision:close', { ...ref(id), note: '' });
    }
  };
  await episode('2025-03-05', '老旧小区改造', housing, chief, [
    { channel: 'hotline', outcome: 'air', rating: 'satisfied' },
    { channel: 'online', outcome: 'air', rating: 'unsatisfied' },
    { channel: 'studio', outcome: 'hand', rating: 'satisfied' },
    { channel: 'online', outcome: 'hand', rating: 'satisfied' },
    { channel: 'hotline', outcome: 'hand', rating: 'unsatisfied' },
  ]);
  await episode('2025-09-10', '供水服务', water.id, manager.id, [
    { channel: 'online', outcome: 'air', rating: null },
    { channel: 'hotline', outcome: 'hand', rating: 'satisfied' },
    { channel: 'hotline', outcome: 'hand', rating: 'basically_satisfied' },
  ]);
  followup.disconnect();
}

const SENTENCE = (rate: string) =>
  `2025年，全市2家政府职能部门和公共服务单位走进政风热线直播室，直播节目2期，接听受理诉求8件，着力解决群众“急难愁盼”诉求6件，群众诉求办理满意率${rate}。其中电话诉求5件、互联网诉求3件（网络留言占37.50%）。`;

describe.runIf(run)('reports screen: 诉求来源 电话 / 互联网, 着力解决 and the report’s paragraph', () => {
  const held = browserStudio();

  it('shows the paragraph in the report’s words with its 满意率 definition, switches the definition, and splits every count by source', async () => {
    const { browser, studio } = held;
    await driveYear(studio);
    const annual: AnnualReport = await ok(studio.admin, 'reports:annual', { year: 2025 });
    expect(annual.paragraph.text + annual.paragraph.sources).toBe(SENTENCE('71.43%'));

    const page = await pageAs(browser, studio.server, ADMIN, '/reports');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
    await page.evaluate(() => window.localStorage.removeItem('zfrx.reports.satisfaction'));
    await page.getByTestId('rp-year').selectOption('2025');
    await expect.poll(() => page.getByTestId('rp-period-label').textContent()).toBe('2025年全年');

    // The paragraph, on today's callback-rated basis by default, with that definition beside it.
    await expect.poll(() => page.getByTestId('paragraph-text').textContent()).toBe(SENTENCE('71.43%'));
    expect(await page.getByTestId('paragraph-definition').textContent()).toBe(`满意率口径：${SATISFACTION_DEFINITION}`);
    expect(await page.getByTestId('satisfaction-basis').inputValue()).toBe('callback');

    // 诉求来源 in the Xuzhou table (group header over 电话 / 互联网) and in the Suqian one.
    const cell = (table: string, col: string) => page.getByTestId(table).locator(`td[data-col="${col}"]`).textContent();
    expect([await cell('table-xuzhou', 'phone'), await cell('table-xuzhou', 'internet')]).toEqual(['5', '3']);
    expect([await cell('table-suqian', 'phone'), await cell('table-suqian', 'internet')]).toEqual(['5', '3']);
    expect(await page.getByTestId('table-xuzhou').locator('thead th[scope="colgroup"]').allTextContents()).toContain('诉求来源(件)');
    expect(await cell('table-xuzhou', 'satisfaction')).toBe('71.4%');

    // Period figures: units on air, 电话 / 互联网 with their shares, 着力解决.
    const figure = (id: string) => page.getByTestId(`total-${id}`).locator('dd b').textContent();
    expect([await figure('units'), await figure('phone'), await figure('internet'), await figure('resolved')]).toEqual(['2', '5', '3', '6']);
    expect(await page.getByTestId('total-internet').textContent()).toContain('占收到诉求 37.5%');
    expect(await page.getByTestId('total-resolved').textContent()).toContain('受理 8 件，解决率 75.00%');

    // Per-episode rows carry the split too, and add up.
    const rows = page.getByTestId('episode-rows');
    const rowCells = (selector: string) => rows.locator(selector).evaluateAll((trs) => trs.map((tr) => ['phone', 'internet', 'resolved'].map((c) => tr.querySelector(`[data-col="${c}"]`)?.textContent)));
    expect(await rowCells('tbody tr')).toEqual([['3', '2', '3'], ['2', '1', '3']]);
    expect(await rowCells('tfoot tr')).toEqual([['5', '3', '6']]);

    // The source chart, drawn as SVG, with each source's share.
    await expect.poll(() => page.getByTestId('chart-sources').locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-sources').locator('[data-slice="phone"]').textContent()).toBe('电话62.5%5 件');
    expect(await page.getByTestId('chart-sources').locator('[data-slice="internet"]').textContent()).toBe('互联网37.5%3 件');

    await page.getByTestId('report-paragraph').scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-paragraph-callback');

    // The centre chooses resolved ÷ accepted (the Xuzhou report's): the paragraph, table and totals follow, each with its definition.
    await page.getByTestId('satisfaction-basis').selectOption('resolved');
    await expect.poll(() => page.getByTestId('paragraph-text').textContent()).toBe(SENTENCE('75.00%'));
    expect(await page.getByTestId('paragraph-definition').textContent()).toContain(RESOLVED_DEFINITION);
    await expect.poll(() => cell('table-xuzhou', 'satisfaction')).toBe('75.0%');
    expect(await figure('satisfaction')).toBe('75.0%');
    expect(await page.getByTestId('satisfaction-definition').textContent()).toContain('满意率 = 解决的诉求数 ÷ 受理的诉求数');
    expect(await page.getByTestId('rated-count').textContent()).toBe('解决 6 件，受理 8 件');
    // The exports follow the choice.
    expect(await page.getByTestId('export-csv').getAttribute('href')).toContain('satisfaction=resolved');
    await screenshot(page, 'reports-paragraph-resolved');
    await page.getByTestId('chart-sources').scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-sources');
    await page.getByTestId('episode-rows').scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-episode-rows');

    // Remembered in this browser: a reload keeps the centre's choice.
    await page.reload();
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
    await page.getByTestId('rp-year').selectOption('2025');
    await expect.poll(() => page.getByTestId('paragraph-text').textContent()).toBe(SENTENCE('75.00%'));
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
