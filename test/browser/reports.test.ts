import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cellText, yearOnYear, type AnnualTable } from '../../shared/domain/annualTable';
import { formatRate, SATISFACTION_DEFINITION } from '../../shared/domain/satisfaction';
import type { AnnualReport, ReportSummary } from '../../shared/protocol/events';
import { rateNumber } from '../../server/reports/annualXlsx';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, connectAs, login, ok, type ClientSocket, type Studio } from '../helpers/testServer';

const run = browserAvailable();
const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };
/** A4 at 96 dpi: 210 × 297 mm. */
const A4 = { width: 794, height: 1123 };

type Outcome = 'air' | 'hand' | 'invalid' | 'leave';

/**
 * A small but realistic programme year, driven through the real server's socket commands only:
 * four episodes in 2025 (one with two leaders, one leader not the principal), one in 2024 so 同比
 * appears, one planned that must count nowhere; appeals answered on air, handed over, one invalid,
 * one still waiting when the episode ends (so the end hands it over); unit replies, callbacks rated
 * 满意 / 基本满意 / 不满意 and one closure; hotspots and Q&A published, one left in draft.
 */
async function driveYear(studio: Studio) {
  const { admin, operator, server, unitId: housing, leaderId: chief, episodeId: november } = studio;
  const followup = await connectAs(server, admin, 'followup');
  const unit = (name: string, kind: 'department' | 'public_service') => ok(admin, 'unit:save', { commandId: commandId(), name, kind, level: '市级' });
  const person = (name: string, title: string, unitId: string, principal: boolean) => ok(admin, 'person:save', { commandId: commandId(), name, title, unitId, principal });
  const { unit: transport } = await unit('市交通运输局', 'department');
  const { unit: water } = await unit('市水务集团', 'public_service');
  const { person: deputy } = await person('王志强', '副局长', transport.id, false);
  const { person: manager } = await person('刘海燕', '总经理', water.id, true);
  const { person: housingDeputy } = await person('李明', '副局长', housing, false);
  const plan = async (date: string, number: number, theme: string, unitIds: string[], leaderIds: string[]) =>
    (await ok(admin, 'episode:plan', { commandId: commandId(), date, number, slot: { start: '09:00', end: '10:00' }, theme, host: '李主持', unitIds, leaderIds })).episode.id as string;

  const liaisons = new Map<string, ClientSocket>();
  const liaison = async (unitId: string) => {
    if (!liaisons.has(unitId)) liaisons.set(unitId, await connectAs(server, admin, 'unit', unitId));
    return liaisons.get(unitId)!;
  };
  const version = (episodeId: string, appealId: string) => server.app.studio.state(episodeId).appeals[appealId].version;

  /** One episode on air: each appeal goes its way; the episode ends; returns the appeal ids by summary. */
  const broadcast = async (episodeId: string, calls: Array<{ outcome: Outcome; summary: string; category: string; area: string; name: string; phone: string }>) => {
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const ids: Record<string, string> = {};
    for (const call of calls) {
      const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { summary: call.summary, category: call.category, area: call.area, caller: { anonymous: false, name: call.name, title: '先生', phone: call.phone } }));
      ids[call.summary] = appeal.id;
      const ref = () => ({ commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: version(episodeId, appeal.id) });
      if (call.outcome === 'leave') continue;
      if (call.outcome === 'invalid') {
        await ok(operator, 'appeal:markInvalid', { ...ref(), reason: '重复来电' });
        continue;
      }
      await ok(operator, 'appeal:screen', ref());
      if (call.outcome === 'air') {
        await ok(operator, 'appeal:putOnAir', ref());
        await ok(operator, 'appeal:answerOnAir', { ...ref(), points: '现场答复：本周内安排专人处理', commitment: '三个工作日内回复' });
      } else {
        await ok(operator, 'appeal:handOver', { ...ref(), reason: '需会后核实办理', complexity: 'normal' });
      }
    }
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    return ids;
  };

  /** After the broadcast: the unit replies, the citizen is called back and rates it; optionally closed. */
  const followUp = async (episodeId: string, appealId: string, unitId: string, rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied', close = false) => {
    const ref = () => ({ commandId: commandId(), episodeId, appealId, expectedVersion: version(episodeId, appealId) });
    await ok(await liaison(unitId), 'supervision:reply', { ...ref(), text: '已现场核查并整改完毕' });
    await ok(followup, 'supervision:callBack', { ...ref(), outcome: 'reached', rating, note: '' });
    if (close) await ok(followup, 'supervision:close', { ...ref(), note: '' });
  };

  const publish = async (episodeId: string, kind: 'hotspot' | 'qa', title: string, body: string, appealIds: string[], draftOnly = false) => {
    const { publication } = await ok(followup, 'publication:draft', { commandId: commandId(), episodeId, kind, title, body, appealIds });
    if (!draftOnly) await ok(admin, 'publication:publish', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: publication.version });
  };

  // 2024: one episode, the year before.
  const lastYear = await plan('2024-10-15', 41, '住房保障与物业服务', [housing], [chief]);
  const y24 = await broadcast(lastYear, [
    { outcome: 'air', summary: '公租房申请进度查询', category: '住房保障', area: '鼓楼区', name: '赵立新', phone: '13900000001' },
    { outcome: 'air', summary: '小区物业费上涨未公示', category: '物业管理', area: '云龙区', name: '钱玉兰', phone: '13900000002' },
    { outcome: 'hand', summary: '楼道墙皮脱落无人修', category: '房屋质量', area: '泉山区', name: '孙志刚', phone: '13900000003' },
  ]);
  await publish(lastYear, 'qa', '公租房申请多久能有结果？', '材料齐全的，街道受理后二十个工作日内完成审核并公示。', [y24['公租房申请进度查询']]);

  // 2025: March, June, September, November.
  const march = await plan('2025-03-18', 9, '公共交通与道路施工', [transport.id], [deputy.id]);
  const m = await broadcast(march, [
    { outcome: 'air', summary: '早高峰公交班次太少', category: '公共交通', area: '铜山区', name: '周建军', phone: '13900000011' },
    { outcome: 'air', summary: '道路施工围挡占用人行道', category: '道路施工', area: '云龙区', name: '吴晓梅', phone: '13900000012' },
    { outcome: 'hand', summary: '出租车拒载绕路', category: '出租车服务', area: '鼓楼区', name: '郑国庆', phone: '13900000013' },
    { outcome: 'hand', summary: '新小区没有公交线路', category: '公共交通', area: '经开区', name: '王海涛', phone: '13900000014' },
  ]);
  await followUp(march, m['出租车拒载绕路'], transport.id, 'satisfied', true);
  await followUp(march, m['新小区没有公交线路'], transport.id, 'unsatisfied');
  await publish(march, 'qa', '乘坐出租车遇到拒载怎么办？', '记下车牌号和时间，拨打12345或交通运输服务监督电话投诉，查实后依法处理。', [m['出租车拒载绕路']]);

  const june = await plan('2025-06-10', 20, '城市供水与排水防涝', [water.id], [manager.id]);
  const j = await broadcast(june, [
    { outcome: 'air', summary: '高层住户夜间水压不足', category: '供水服务', area: '泉山区', name: '冯志华', phone: '13900000021' },
    { outcome: 'hand', summary: '自来水有异味', category: '供水服务', area: '云龙区', name: '陈美玲', phone: '13900000022' },
    { outcome: 'hand', summary: '下雨后小区门口积水', category: '排水防涝', area: '鼓楼区', name: '褚卫东', phone: '13900000023' },
  ]);
  await followUp(june, j['自来水有异味'], water.id, 'satisfied');
  await followUp(june, j['下雨后小区门口积水'], water.id, 'satisfied');
  await publish(june, 'hotspot', '暴雨后积水点整治', '本期反映的积水点已列入排水管网改造计划，汛前完成疏通。', [j['下雨后小区门口积水']], true);

  const september = await plan('2025-09-16', 30, '老旧小区加装电梯', [housing], [chief, housingDeputy.id]);
  await broadcast(september, [
    { outcome: 'air', summary: '加装电梯补贴怎么申请', category: '加装电梯', area: '鼓楼区', name: '卫建平', phone: '13900000031' },
    { outcome: 'air', summary: '低楼层住户反对加装', category: '加装电梯', area: '云龙区', name: '蒋丽华', phone: '13900000032' },
    { outcome: 'hand', summary: '电梯加装后噪音扰民', category: '加装电梯', area: '泉山区', name: '沈国强', phone: '13900000033' },
  ]);

  // The studio's own episode, 25 November: one appeal invalid, one still waiting when it ends.
  const n = await broadcast(november, [
    { outcome: 'air', summary: '小区电梯长期故障，物业不维修', category: '物业管理', area: '云龙区', name: '王建华', phone: '13812341234' },
    { outcome: 'air', summary: '老旧小区改造后路面又被挖开', category: '老旧小区改造', area: '鼓楼区', name: '韩雪', phone: '13900000041' },
    { outcome: 'air', summary: '物业公司撤场后无人管理', category: '物业管理', area: '泉山区', name: '杨光', phone: '13900000042' },
    { outcome: 'hand', summary: '地下车库长期渗水', category: '房屋质量', area: '铜山区', name: '朱红', phone: '13900000043' },
    { outcome: 'hand', summary: '维修资金申请手续复杂', category: '物业管理', area: '云龙区', name: '秦明', phone: '13900000044' },
    { outcome: 'invalid', summary: '小区电梯长期故障（重复来电）', category: '物业管理', area: '云龙区', name: '王建华', phone: '13812341234' },
    { outcome: 'leave', summary: '小区绿化被侵占', category: '物业管理', area: '贾汪区', name: '许亮', phone: '13900000045' },
  ]);
  await followUp(november, n['地下车库长期渗水'], housing, 'basically_satisfied');
  await publish(november, 'hotspot', '老旧小区电梯维修责任', '电梯维修由物业负责，维修资金可申请使用住宅专项维修资金，住建部门督促限期修复。', [n['小区电梯长期故障，物业不维修']]);
  await publish(november, 'qa', '物业撤场后小区谁来管？', '街道组织业主大会选聘新物业，过渡期由社区提供应急物业服务。', [n['物业公司撤场后无人管理']]);

  // Planned, never held: counts nowhere.
  await plan('2025-12-16', 40, '冬季供暖', [housing], [chief]);

  followup.disconnect();
  for (const socket of liaisons.values()) socket.disconnect();
}

/** Every page of a PDF from Chromium is A4 portrait (595 × 842 pt), and the report takes at most three. */
function expectA4(pdf: Buffer) {
  const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((b) => [Math.round(Number(b[1])), Math.round(Number(b[2]))]);
  expect(boxes.length).toBeGreaterThan(0);
  expect(boxes.length).toBeLessThanOrEqual(3);
  for (const box of boxes) expect(box).toEqual([595, 842]);
}

const cellsOf = (page: Page, testId: string) =>
  page.getByTestId(testId).locator('tbody td').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-col'), td.textContent]));
const expectedCells = (table: AnnualTable) => table.columns.map((c) => [c.id, cellText(c)]);

describe.runIf(run)('reports screen in Chromium', () => {
  const held = browserStudio();

  it('shows the annual tables with 同比, the period figures and charts, prints on A4 and exports the same figures', async () => {
    const { browser, studio } = held;
    const { admin, server } = studio;
    await driveYear(studio);

    // The server's figures are the ones this year was built to have.
    const annual: AnnualReport = await ok(admin, 'reports:annual', { year: 2025 });
    const value = (id: string) => annual.xuzhou.columns.find((c) => c.id === id)!;
    expect(Object.fromEntries(annual.xuzhou.columns.map((c) => [c.id, c.value]))).toEqual({
      episodes: 4,
      leaders: 5,
      principalLeaders: 3,
      received: 16,
      phone: 16,
      internet: 0,
      answeredOnAir: 8,
      supervised: 8,
      satisfaction: formatRate(4 / 5),
      hotspots: 1,
      policyQa: 2,
    });
    expect(value('episodes').yoy).toBe(yearOnYear(4, 1));
    expect(value('received').yoy).toBe(yearOnYear(16, 3));
    expect(value('hotspots').yoy).toBeNull(); // none the year before: no bracket
    expect(annual.suqian.columns.map((c) => c.value)).toEqual(['市级部门（3家）', 4, 5, 16, 16, 0, 8, 8]);

    const page = await pageAs(browser, server, ADMIN, '/reports');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('统计报表');

    // The default period is the current year in China; pick 2025.
    const thisYear = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
    await expect.poll(() => page.getByTestId('rp-year').inputValue()).toBe(thisYear);
    await page.getByTestId('rp-year').selectOption('2025');
    await expect.poll(() => page.getByTestId('rp-period-label').textContent()).toBe('2025年全年');

    // Xuzhou layout: two header rows exactly as the seed prints them, every cell as the server prints it.
    await expect.poll(() => cellsOf(page, 'table-xuzhou')).toEqual(expectedCells(annual.xuzhou));
    const xuzhou = page.getByTestId('table-xuzhou');
    const headerRows = await xuzhou.locator('thead tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((th) => [th.textContent, th.getAttribute('colspan') ?? '1', th.getAttribute('rowspan') ?? '1'])));
    expect(headerRows).toEqual([
      [
        ['期数', '1', '2'],
        ['上线人数(人)', '2', '1'],
        ['上线期间收到诉求总量(件)', '1', '2'],
        ['诉求来源(件)', '2', '1'],
        ['现场回应诉求数(件)', '1', '2'],
        ['直播后督办重点诉求数(件)', '1', '2'],
        ['群众诉求办理满意率', '1', '2'],
        ['发布民生热点(条)', '1', '2'],
        ['发布直播相关政策问答(对)', '1', '2'],
      ],
      [
        ['总数', '1', '1'],
        ['其中:主要负责人数', '1', '1'],
        ['电话', '1', '1'],
        ['互联网', '1', '1'],
      ],
    ]);
    // 同比 in brackets where the server gives one, and nowhere else.
    expect(await xuzhou.locator('.rp-yoy').allTextContents()).toEqual(annual.xuzhou.columns.filter((c) => c.yoy).map((c) => `(${c.yoy})`));
    expect(await xuzhou.locator('td[data-col="received"]').textContent()).toBe(`16(${yearOnYear(16, 3)})`);
    // Every note but the paragraph, which has its own section on screen (报告表述).
    for (const note of annual.xuzhou.notes.filter((n) => !n.startsWith('报告表述：'))) expect(await xuzhou.textContent()).toContain(note);
    expect(await page.getByTestId('paragraph-text').textContent()).toBe(annual.paragraph.text + annual.paragraph.sources);
    // The shorter Suqian layout below it.
    expect(await cellsOf(page, 'table-suqian')).toEqual(expectedCells(annual.suqian));
    expect(await page.getByTestId('table-suqian').locator('thead th').allTextContents()).toEqual(['上线单位', '期数', '上线领导（位）', '诉求总量（件）', '诉求来源', '现场回应诉求（件）', '督办诉求（件）', '电话（件）', '互联网（件）']);

    // Period totals: invalid apart, closures, satisfaction with its valid ratings and definition.
    const summary: ReportSummary = await ok(admin, 'reports:summary', { from: '2025-01-01', to: '2025-12-31' });
    expect(summary.total).toMatchObject({ invalid: 1, closed: 1, closedOnTime: 1, satisfaction: { rated: 5, satisfied: 3, basicallySatisfied: 1, unsatisfied: 1 } });
    const figure = (id: string) => page.getByTestId(`total-${id}`).locator('dd b').textContent();
    expect(await figure('invalid')).toBe('1');
    expect(await figure('closed')).toBe('1');
    expect(await figure('closedOnTime')).toBe('1');
    expect(await figure('satisfaction')).toBe(formatRate(summary.total.satisfaction.rate));
    expect(await page.getByTestId('rated-count').textContent()).toContain('有效评价 5 件');
    expect(await page.getByTestId('satisfaction-definition').textContent()).toContain(SATISFACTION_DEFINITION);

    // Charts drawn by the library (SVG), in Chinese.
    for (const id of ['chart-monthly', 'chart-share', 'chart-satisfaction', 'chart-categories', 'chart-units']) {
      await expect.poll(() => page.getByTestId(id).locator('svg.recharts-surface').count(), { message: id }).toBeGreaterThan(0);
    }
    // Four months with broadcasts, each a stack of 现场回应 and 直播后督办.
    await expect.poll(() => page.getByTestId('chart-monthly').locator('.recharts-bar-rectangle path').count()).toBeGreaterThanOrEqual(8);
    expect(await page.getByTestId('chart-monthly').textContent()).toContain('11月');
    expect(await page.getByTestId('chart-categories').textContent()).toContain('物业管理');
    expect(await page.getByTestId('chart-units').textContent()).toContain('市住房和城乡建设局');
    expect(await page.getByTestId('chart-share').textContent()).toContain(formatRate(8 / 16));
    await screenshot(page, 'reports');
    await page.getByTestId('chart-monthly').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -80));
    await screenshot(page, 'reports-charts');
    await page.getByTestId('chart-categories').scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-charts-lower');
    await page.evaluate(() => window.scrollTo(0, 0));

    // Exports: links for the chosen year; the workbook read back holds the same figures.
    const xlsxHref = await page.getByTestId('export-xlsx').getAttribute('href');
    const csvHref = await page.getByTestId('export-csv').getAttribute('href');
    expect(xlsxHref).toBe('/api/reports/annual?year=2025&format=xlsx&satisfaction=callback');
    expect(csvHref).toBe('/api/reports/annual?year=2025&format=csv&satisfaction=callback');
    const cookie = await login(server.url, 'admin', ADMIN_PASSWORD);
    const xlsx = await fetch(server.url + xlsxHref, { headers: { cookie } });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const [sheet, shortSheet] = workbook.worksheets;
    expect(sheet.getCell(2, 1).value).toBe('期数');
    expect(sheet.getCell(2, 2).value).toBe('上线人数(人)');
    expect(sheet.getCell(3, 3).value).toBe('其中:主要负责人数');
    expect(annual.xuzhou.columns.map((_, i) => sheet.getCell(4, i + 1).value)).toEqual(annual.xuzhou.columns.map((c) => (c.id === 'satisfaction' ? (rateNumber(c.value) ?? c.value) : c.value)));
    expect(annual.xuzhou.columns.map((_, i) => sheet.getCell(5, i + 1).value || null)).toEqual(annual.xuzhou.columns.map((c) => (c.yoy ? `同比 ${c.yoy}` : null)));
    expect(annual.suqian.columns.map((_, i) => shortSheet.getCell(4, i + 1).value)).toEqual(annual.suqian.columns.map((c) => c.value));
    const csv = Buffer.from(await (await fetch(server.url + csvHref, { headers: { cookie } })).arrayBuffer());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    for (const column of annual.xuzhou.columns) expect(csv.toString('utf8')).toContain(`"${cellText(column)}"`);

    // 打印 calls window.print().
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void ((window as unknown as { printed: number }).printed += 1);
    });
    await page.getByRole('button', { name: '打印' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

    // Printing straight from the desktop layout (no JavaScript runs between): A4 portrait, charts scaled into the page.
    const outDir = resolve('test-output');
    await mkdir(outDir, { recursive: true });
    const fromDesktop = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await writeFile(join(outDir, 'reports-print-desktop.pdf'), fromDesktop);
    expectA4(fromDesktop);

    // Print view at A4 width: no navigation, no buttons, nothing wider than the page.
    await page.setViewportSize(A4);
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('.shell > header').isVisible()).toBe(false);
    for (const hidden of [page.getByRole('button', { name: '打印' }), page.getByTestId('export-xlsx'), page.getByTestId('rp-year')]) expect(await hidden.isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('2025年全年');
    await expect
      .poll(() => page.evaluate(() => Math.max(...[...document.querySelectorAll('table, svg.recharts-surface, .rp-section')].map((el) => el.getBoundingClientRect().right))))
      .toBeLessThanOrEqual(A4.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(A4.width);
    await screenshot(page, 'reports-print');
    // And the real thing: Chromium's PDF of the page is A4 portrait, the tables whole on page one.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await writeFile(join(outDir, 'reports-print.pdf'), pdf);
    expectA4(pdf);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1440, height: 900 });

    // A quarter is not a whole year: the period's figures in the Xuzhou layout, no 同比.
    await page.locator('label.rp-kind', { hasText: '季度' }).click();
    expect(await page.getByRole('radio', { name: '季度' }).isChecked()).toBe(true);
    await page.getByTestId('rp-quarter').selectOption('1');
    await expect.poll(() => page.getByTestId('rp-period-label').textContent()).toBe('2025年第一季度');
    const q1: ReportSummary = await ok(admin, 'reports:summary', { from: '2025-01-01', to: '2025-03-31' });
    expect(q1.total).toMatchObject({ episodes: 1, received: 4, answeredOnAir: 2, supervised: 2 });
    const byId = Object.fromEntries(await cellsOf(page, 'table-period'));
    expect(byId).toEqual({
      episodes: String(q1.total.episodes),
      leaders: String(q1.total.leaders),
      principalLeaders: String(q1.total.principalLeaders),
      received: String(q1.total.received),
      phone: String(q1.total.phone),
      internet: String(q1.total.internet),
      answeredOnAir: String(q1.total.answeredOnAir),
      supervised: String(q1.total.supervised),
      satisfaction: formatRate(q1.total.satisfaction.rate),
      hotspots: String(q1.total.hotspots),
      policyQa: String(q1.total.policyQa),
    });
    expect(await page.locator('.rp-yoy').count()).toBe(0);
    expect(await page.getByTestId('table-suqian').count()).toBe(0);
    expect(await page.getByTestId('table-period').textContent()).toContain('本期有效评价 2 件');

    // Any range of dates: June to September.
    await page.locator('label.rp-kind', { hasText: '自定义' }).click();
    await page.getByTestId('rp-from').fill('2025-06-01');
    await page.getByTestId('rp-to').fill('2025-09-30');
    await expect.poll(() => page.getByTestId('rp-period-label').textContent()).toBe('2025年6月1日至2025年9月30日');
    await expect.poll(async () => Object.fromEntries(await cellsOf(page, 'table-period')).received).toBe('6');
    await screenshot(page, 'reports-range');

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
