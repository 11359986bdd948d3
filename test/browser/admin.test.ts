import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, buildStudio, commandId, connectWithCookie, login, ok, startServer, type Studio } from '../helpers/testServer';

const run = browserAvailable();

/**
 * The programme admin screen (节目管理) in Debian Chromium against a real server: the catalogue
 * (units, people, accounts, display links) and one episode from planning to its end, checking
 * both what the page shows and what the server then holds.
 */
describe.runIf(run)('programme admin screen in Chromium', () => {
  let browser: Browser;
  let studio: Studio;

  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
  });
  afterAll(async () => {
    await browser?.close();
    await studio?.close();
  });

  const openTab = async (page: Page, name: string) => {
    await page.getByRole('tab', { name, exact: true }).click();
    await expect.poll(() => page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected')).toBe('true');
  };

  it('keeps the catalogue and runs an episode from plan to end', async () => {
    const { server } = studio;
    const catalogue = server.app.catalogue;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // Log in as the admin: the admin's home is this screen.
    await page.goto(server.url);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: '节目管理' }).count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/admin');

    // Tabs are keyboard usable: arrow right from 节目期次 opens 上线单位.
    await page.getByRole('tab', { name: '节目期次' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByRole('tab', { name: '上线单位' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('上线单位');

    // ── 上线单位: add, edit (version check), and the errors next to the form ──
    await openTab(page, '上线单位');
    const unitMessage = page.getByTestId('unit-form-message');
    await page.getByRole('button', { name: '添加单位' }).click();
    await expect.poll(() => unitMessage.textContent()).toBe('名称不能为空。'); // the shared schema, before any round trip
    await page.getByLabel('单位名称').fill('市住房和城乡建设局');
    await page.getByRole('button', { name: '添加单位' }).click();
    await expect.poll(() => unitMessage.textContent()).toBe('已有名为「市住房和城乡建设局」的单位。'); // the server's own words

    await page.getByLabel('单位名称').fill('市交通局');
    await page.getByLabel('单位类型').selectOption({ label: '政府部门' });
    await page.getByLabel('层级').fill('市级');
    await page.getByRole('button', { name: '添加单位' }).click();
    await expect.poll(() => page.getByTestId('units-table').textContent()).toContain('市交通局');
    expect(await page.getByTestId('unit-form-message').count()).toBe(0);
    const firstSave = catalogue.units().find((u) => u.name === '市交通局');
    expect(firstSave).toMatchObject({ kind: 'department', level: '市级', version: 1 });

    await page.getByRole('button', { name: '编辑 市交通局' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '编辑单位：市交通局' }).count()).toBe(1);
    expect(await page.getByLabel('单位名称').inputValue()).toBe('市交通局');
    await page.getByLabel('单位名称').fill('市交通运输局');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await expect.poll(() => page.getByRole('row', { name: /市交通运输局/ }).textContent()).toContain('政府部门');
    const unit = catalogue.units().find((u) => u.id === firstSave!.id)!;
    expect(unit).toMatchObject({ name: '市交通运输局', kind: 'department', level: '市级', version: 2 });
    await screenshot(page, 'admin-units');

    // ── 人员: a principal leader and a deputy who will stand in ──
    await openTab(page, '人员');
    await page.getByLabel('姓名').fill('王立新');
    await page.getByLabel('职务').fill('局长');
    await page.getByLabel('所属单位').selectOption({ label: '市交通运输局' });
    await page.getByRole('checkbox', { name: '主要负责人' }).check();
    await page.getByRole('button', { name: '添加人员' }).click();
    await expect.poll(() => page.getByRole('row', { name: /王立新/ }).textContent()).toContain('主要负责人');
    await page.getByLabel('姓名').fill('赵敏');
    await page.getByLabel('职务').fill('副局长');
    expect(await page.getByLabel('所属单位').inputValue()).toBe(unit.id); // the unit is kept for the next person
    await page.getByRole('button', { name: '添加人员' }).click();
    await expect.poll(() => page.getByRole('row', { name: /赵敏/ }).textContent()).toContain('市交通运输局');
    expect(await page.getByRole('row', { name: /赵敏/ }).textContent()).not.toContain('主要负责人');
    const principal = catalogue.people().find((p) => p.name === '王立新')!;
    const deputy = catalogue.people().find((p) => p.name === '赵敏')!;
    expect(principal).toMatchObject({ title: '局长', unitId: unit.id, principal: true });
    expect(deputy).toMatchObject({ title: '副局长', unitId: unit.id, principal: false });
    await screenshot(page, 'admin-people');

    // ── 账号: an operator (no unit), and a unit liaison (unit required) ──
    await openTab(page, '账号');
    await expect.poll(() => page.getByTestId('accounts-table').textContent()).toContain('系统管理员');
    await page.getByLabel('用户名').fill('daobo2');
    await page.getByLabel('显示名称').fill('导播 小周');
    await page.getByLabel('角色').selectOption({ label: '导播 / 接线员' });
    expect(await page.getByLabel('所属单位').count()).toBe(0);
    await page.getByLabel('初始密码').fill('short');
    await page.getByRole('button', { name: '创建账号' }).click();
    await expect.poll(() => page.getByTestId('account-form-message').textContent()).toBe('密码至少 8 位。');
    await page.getByLabel('初始密码').fill('daobo-pass-2025');
    await page.getByRole('button', { name: '创建账号' }).click();
    await expect.poll(() => page.getByRole('row', { name: /daobo2/ }).textContent()).toContain('导播 / 接线员');
    expect(catalogue.accounts().find((a) => a.username === 'daobo2')).toMatchObject({ displayName: '导播 小周', role: 'operator', unitId: null, disabled: false });
    await login(server.url, 'daobo2', 'daobo-pass-2025'); // the new operator can sign in

    await page.getByLabel('角色').selectOption({ label: '单位联络员' });
    await expect.poll(() => page.getByLabel('所属单位').count()).toBe(1);
    await page.getByLabel('用户名').fill('jt-liaison');
    await page.getByLabel('显示名称').fill('交通局联络员');
    await page.getByLabel('所属单位').selectOption({ label: '市交通运输局' });
    await page.getByLabel('初始密码').fill('liaison-pass-2025');
    await page.getByRole('button', { name: '创建账号' }).click();
    await expect.poll(() => page.getByRole('row', { name: /jt-liaison/ }).textContent()).toContain('市交通运输局');
    expect(catalogue.accounts().find((a) => a.username === 'jt-liaison')).toMatchObject({ role: 'unit', unitId: unit.id });
    await page.getByLabel('角色').selectOption({ label: '导播 / 接线员' });
    await screenshot(page, 'admin-accounts');

    // ── 大屏链接: shown once, in full, with a copy button ──
    await openTab(page, '大屏链接');
    await page.getByLabel('链接名称').fill('二号演播室大屏');
    await page.getByRole('button', { name: '生成链接' }).click();
    await expect.poll(() => page.getByTestId('display-link').count()).toBe(1);
    const link = await page.getByTestId('display-link').inputValue();
    expect(link.startsWith(`${server.url}/display/`)).toBe(true);
    expect(link.length).toBeGreaterThan(`${server.url}/display/`.length + 20);
    expect(await page.getByTestId('display-link-result').textContent()).toContain('此链接只显示这一次');
    await page.getByRole('button', { name: '复制链接' }).click();
    await expect.poll(() => page.getByTestId('copy-status').textContent()).toBe('已复制到剪贴板');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expect.poll(() => page.getByTestId('display-links').textContent()).toContain('二号演播室大屏');
    expect(Object.values(catalogue.data.displayLinks).map((l) => l.label)).toContain('二号演播室大屏');
    const opened = await fetch(link, { redirect: 'manual' });
    expect([opened.status, opened.headers.get('location')]).toEqual([303, '/screen']);
    await screenshot(page, 'admin-displaylinks');
    // Leave the tab and come back: the link is gone for good.
    await openTab(page, '账号');
    await openTab(page, '大屏链接');
    expect(await page.getByTestId('display-link').count()).toBe(0);

    // ── 节目期次: plan ──
    await openTab(page, '节目期次');
    await expect.poll(() => page.getByTestId('episode-2025-1').textContent()).toContain('老旧小区改造与物业服务');
    await page.getByRole('button', { name: /安排新一期/ }).click();
    const plan = page.getByRole('form', { name: '安排新一期节目' });
    await plan.getByLabel('播出日期').fill('2025-12-09');
    await plan.getByLabel('开始时间').fill('09:00');
    await plan.getByLabel('结束时间').fill('10:30');
    await plan.getByLabel('节目主题').fill('公交线路优化与出行服务');
    await plan.getByLabel('主持人').fill('李主持');
    await page.getByTestId('plan-units').getByLabel('市交通运输局').check();
    await expect.poll(() => page.getByTestId('plan-candidates').textContent()).toContain('王立新');
    expect(await page.getByTestId('plan-candidates').textContent()).not.toContain('张建国'); // another unit's leader is not offered
    await page.getByRole('button', { name: '加入 王立新' }).click();
    await expect.poll(() => page.getByTestId('plan-leaders').textContent()).toContain('王立新');
    // A number already taken: the server refuses, and says so next to this form.
    await plan.getByLabel('年份').fill('2025');
    await plan.getByLabel('第几期').fill('1');
    await page.getByRole('button', { name: '保存并安排' }).click();
    await expect.poll(() => page.getByTestId('plan-message').textContent()).toBe('2025年第1期已存在，请换一个期号。');
    await plan.getByLabel('年份').fill('');
    await plan.getByLabel('第几期').fill('');
    await screenshot(page, 'admin-episodes-plan');
    await page.getByRole('button', { name: '保存并安排' }).click();

    const detail = page.getByTestId('episode-detail');
    await expect.poll(() => detail.getByRole('heading', { level: 2 }).textContent()).toBe('2025年第2期 未开播');
    await expect.poll(() => page.getByTestId('episode-2025-2').textContent()).toContain('公交线路优化与出行服务');
    expect(await page.getByTestId('episode-2025-2').textContent()).toContain('2025-12-09（周二） 09:00–10:30');
    expect(await page.getByTestId('episode-leaders').textContent()).toBe('王立新（局长）主要负责人');
    const episodeId = server.app.studio.summaries().find((e) => e.theme === '公交线路优化与出行服务')!.id;
    const planned = server.app.studio.state(episodeId).episode;
    expect(planned).toMatchObject({ year: 2025, number: 2, date: '2025-12-09', slot: { start: '09:00', end: '10:30' }, host: '李主持', unitIds: [unit.id], status: 'planned' });
    expect(planned.leaders).toEqual([{ personId: principal.id, name: '王立新', title: '局长', unitId: unit.id, principal: true }]);

    // ── The leader is on leave: the deputy stands in ──
    await page.getByLabel('王立新 请假，替换为').selectOption({ label: '赵敏（副局长）' });
    await page.getByRole('button', { name: '替换', exact: true }).click();
    await expect.poll(() => page.getByTestId('edit-substitutions').textContent()).toBe('王立新 请假，改由 赵敏 上线');
    await screenshot(page, 'admin-episode-substitute');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect.poll(() => page.getByTestId('episode-leaders').textContent()).toBe('赵敏（副局长）');
    await expect.poll(() => page.getByTestId('edit-message-ok').textContent()).toBe('已保存修改。');
    await expect.poll(() => page.getByTestId('episode-2025-2').textContent()).toContain('赵敏');
    const substituted = server.app.studio.state(episodeId).episode;
    expect(substituted.leaders).toEqual([{ personId: deputy.id, name: '赵敏', title: '副局长', unitId: unit.id, principal: false }]);
    expect(substituted.version).toBe(2);
    await screenshot(page, 'admin-episode-planned');

    // ── Start: only theme and host stay editable ──
    await page.getByRole('button', { name: '开始直播' }).click();
    await expect.poll(() => page.getByTestId('episode-status').textContent()).toBe('直播中');
    expect(server.app.studio.state(episodeId).episode.status).toBe('live');
    expect(await page.getByTestId('locked-note').textContent()).toContain('只能修改主题和主持人');
    expect(await page.getByTestId('locked-edit').getByLabel('播出日期').count()).toBe(0);
    expect(await page.getByRole('button', { name: '开始直播' }).count()).toBe(0);
    await page.getByTestId('locked-edit').getByLabel('节目主题').fill('公交线路优化与绿色出行');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect.poll(() => page.getByTestId('locked-message-ok').textContent()).toBe('已保存修改。');
    expect(server.app.studio.state(episodeId).episode.theme).toBe('公交线路优化与绿色出行');

    // A call arrives and is still open when the show ends.
    const { appeal } = await ok(studio.operator, 'appeal:create', appealInput(episodeId, { summary: '12路公交晚高峰班次太少' }));
    await expect.poll(() => page.getByTestId('episode-counters').textContent()).toContain('尚未处理1');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-episode-live');

    // ── End, after a confirm that says open appeals go to supervision ──
    await page.getByRole('button', { name: '结束直播' }).click();
    const confirm = page.getByRole('alertdialog', { name: '确认结束本期直播？' });
    await expect.poll(() => confirm.textContent()).toContain('本期还有 1 条诉求尚未处理');
    expect(await confirm.textContent()).toContain('自动转为“直播后督办”');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('取消'); // the safe choice has the focus
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-episode-end-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(server.app.studio.state(episodeId).episode.status).toBe('live');
    await page.getByRole('button', { name: '结束直播' }).click();
    await page.getByRole('button', { name: '确认结束' }).click();
    await expect.poll(() => page.getByTestId('episode-status').textContent()).toBe('已结束');
    await expect.poll(() => page.getByTestId('episode-counters').textContent()).toContain('直播后督办1');
    await expect.poll(() => page.getByTestId('episode-2025-2').textContent()).toContain('已结束');
    const ended = server.app.studio.state(episodeId);
    expect(ended.episode.status).toBe('ended');
    expect(ended.appeals[appeal.id]).toMatchObject({ status: 'supervised', handOver: { automatic: true } });
    expect(await page.getByTestId('locked-note').textContent()).toContain('本期节目已结束');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-episode-ended');

    // Nothing is left untranslated on the screen: no raw role, kind or status codes.
    const text = (await page.locator('main').textContent()) ?? '';
    for (const raw of ['planned', 'live', 'ended', 'department', 'operator', 'undefined', 'null']) expect(text).not.toContain(raw);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('brings a stale edit form up to date after a conflict, with the server message next to it', async () => {
    const { server, admin } = studio;
    const { episode } = await ok(admin, 'episode:plan', {
      commandId: commandId(),
      date: '2025-12-16',
      slot: { start: '09:00', end: '10:00' },
      theme: '出租车服务规范',
      host: '',
      unitIds: [studio.unitId],
      leaderIds: [],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await page.goto(server.url);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId(`episode-${episode.year}-${episode.number}`).count()).toBe(1);
    await page.getByTestId(`episode-${episode.year}-${episode.number}`).click();
    await expect.poll(() => page.getByTestId('episode-status').textContent()).toBe('未开播');

    // Someone edits the plan elsewhere: this page's edit form is now one version behind.
    await ok(admin, 'episode:update', { commandId: commandId(), episodeId: episode.id, expectedVersion: 1, patch: { host: '王主持' } });
    await page.getByTestId('episode-detail').getByLabel('节目主题').fill('出租车服务规范与投诉处理');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect.poll(() => page.getByTestId('edit-message').textContent()).toBe('这条记录刚被其他人修改，已为您载入最新内容，请确认后再操作。');
    // The form now holds the fresh version: the other edit is visible and saving again works.
    await expect.poll(() => page.getByTestId('episode-detail').getByLabel('主持人').inputValue()).toBe('王主持');
    await page.getByTestId('episode-detail').getByLabel('节目主题').fill('出租车服务规范与投诉处理');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect.poll(() => page.getByTestId('edit-message-ok').textContent()).toBe('已保存修改。');
    expect(server.app.studio.state(episode.id).episode).toMatchObject({ theme: '出租车服务规范与投诉处理', host: '王主持', version: 3 });
    await page.close();
  });

  it('disables an account and revokes a display link from the lists, ending their live connections at once', async () => {
    const { server } = studio;
    const catalogue = server.app.catalogue;
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');

    // ── 账号: a new operator, signed in on a real socket ──
    await openTab(page, '账号');
    const accountRow = (username: string) =>
      page.getByTestId('accounts-table').getByRole('row').filter({ has: page.getByRole('rowheader', { name: username, exact: true }) });
    await page.getByLabel('用户名').fill('daobo-leaving');
    await page.getByLabel('显示名称').fill('离岗导播 小吴');
    await page.getByLabel('角色').selectOption({ label: '导播 / 接线员' });
    await page.getByLabel('初始密码').fill('leaving-pass-2025');
    await page.getByRole('button', { name: '创建账号' }).click();
    await expect.poll(() => accountRow('daobo-leaving').textContent()).toContain('正常');
    const operator = await connectWithCookie(server.url, await login(server.url, 'daobo-leaving', 'leaving-pass-2025'));
    const ended: unknown[] = [];
    operator.on('session:ended', (info) => ended.push(info));
    const operatorGone = new Promise((resolve) => operator.once('disconnect', resolve));

    // 停用 asks first, with the safe choice focused; Escape changes nothing.
    await page.getByRole('button', { name: '停用 daobo-leaving', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: '确认停用账号「daobo-leaving」？' });
    await expect.poll(() => confirm.textContent()).toContain('离岗导播 小吴 将立即被登出');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('取消');
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('停用 daobo-leaving');
    expect(operator.connected).toBe(true);
    expect(catalogue.accounts().find((a) => a.username === 'daobo-leaving')?.disabled).toBe(false);

    await page.getByRole('button', { name: '停用 daobo-leaving', exact: true }).click();
    await confirm.getByRole('button', { name: '确认停用' }).click();
    await operatorGone;
    expect(operator.connected).toBe(false);
    expect(ended).toEqual([{ reason: '该账号已被停用。' }]);
    await expect.poll(() => accountRow('daobo-leaving').textContent()).toContain('已停用');
    expect(await accountRow('daobo-leaving').getByRole('button').textContent()).toBe('启用');
    expect(await page.getByTestId('accounts-list-message-ok').textContent()).toBe('已停用账号「daobo-leaving」，该账号的连接已立即断开。');
    expect(Number(await accountRow('daobo-leaving').getByRole('rowheader').evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(1); // dimmed
    expect(catalogue.accounts().find((a) => a.username === 'daobo-leaving')?.disabled).toBe(true);
    await expect(login(server.url, 'daobo-leaving', 'leaving-pass-2025')).rejects.toThrow(/401/);

    // The admin's own account: the server refuses, in its own words, next to that row.
    await page.getByRole('button', { name: '停用 admin', exact: true }).click();
    await page.getByRole('alertdialog', { name: '确认停用账号「admin」？' }).getByRole('button', { name: '确认停用' }).click();
    await expect.poll(() => page.getByTestId('accounts-list-message').textContent()).toBe('不能停用自己正在使用的账号。');
    expect(await accountRow('admin').textContent()).toContain('正常');
    expect(catalogue.accounts().find((a) => a.username === 'admin')?.disabled).toBe(false);
    expect(await page.getByTestId('connection').textContent()).toBe('已连接');
    await screenshot(page, 'admin-accounts-disabled');

    // 启用 needs no confirm: the operator can sign in again.
    await page.getByRole('button', { name: '启用 daobo-leaving', exact: true }).click();
    await expect.poll(() => accountRow('daobo-leaving').textContent()).toContain('正常');
    expect(await page.getByTestId('accounts-list-message-ok').textContent()).toBe('已启用账号「daobo-leaving」，可以重新登录。');
    await login(server.url, 'daobo-leaving', 'leaving-pass-2025');

    // ── 大屏链接: a new link opens the big screen; 停用 disconnects it and the link is dead ──
    await openTab(page, '大屏链接');
    await page.getByLabel('链接名称').fill('三号演播室大屏');
    await page.getByRole('button', { name: '生成链接' }).click();
    await expect.poll(() => page.getByTestId('display-link').count()).toBe(1);
    const link = await page.getByTestId('display-link').inputValue();
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const bigScreen = await connectWithCookie(server.url, opened.headers.get('set-cookie')!.split(';')[0]);
    const bigScreenGone = new Promise((resolve) => bigScreen.once('disconnect', resolve));
    const linkItem = page.getByTestId('display-links').getByRole('listitem').filter({ hasText: '三号演播室大屏' });
    await expect.poll(() => linkItem.textContent()).toMatch(/生成于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    expect(await linkItem.textContent()).not.toContain('已停用');

    await page.getByRole('button', { name: '停用 三号演播室大屏', exact: true }).click();
    const revokeConfirm = page.getByRole('alertdialog', { name: '确认停用大屏链接「三号演播室大屏」？' });
    await expect.poll(() => revokeConfirm.textContent()).toContain('该大屏将立即断开，链接不能再使用');
    expect(bigScreen.connected).toBe(true);
    await revokeConfirm.getByRole('button', { name: '确认停用' }).click();
    await bigScreenGone;
    expect(bigScreen.connected).toBe(false);
    await expect.poll(() => linkItem.getByRole('button', { name: '停用 三号演播室大屏' }).count()).toBe(0);
    expect(await linkItem.textContent()).toMatch(/停用于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
    expect(await linkItem.getByText('已停用', { exact: true }).count()).toBe(1);
    expect(await page.getByTestId('display-links-message-ok').textContent()).toBe('已停用「三号演播室大屏」，该大屏已断开。');
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(404);
    expect(await page.getByTestId('display-link').count()).toBe(0); // the dead address is no longer offered for copying
    const stored = Object.values(catalogue.data.displayLinks).find((l) => l.label === '三号演播室大屏')!;
    expect(stored.revokedAt).not.toBeNull();
    await screenshot(page, 'admin-displaylinks-revoked');

    const text = (await page.locator('main').textContent()) ?? '';
    for (const raw of ['undefined', 'null', 'Invalid Date', 'NaN']) expect(text).not.toContain(raw);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
