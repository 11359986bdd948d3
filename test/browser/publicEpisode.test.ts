import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, screenshot } from '../helpers/browser';
import { appealInput, commandId, connectAs, ok } from '../helpers/testServer';

const run = browserAvailable();

const CALLERS = [
  { name: '王建华', phone: '13812341234' },
  { name: '欧阳娜', phone: '13900001111' },
  { name: '李强', phone: '13700002222' },
];

/**
 * The public page of an episode (/public/episodes/<id>): anyone with the link, no login, no app
 * shell; the episode, its counts and what was published from it, never a caller.
 */
describe.runIf(run)('public episode page in Chromium', () => {
  const held = browserStudio();

  it('shows an ended episode with its published hotspot and Q&A to a visitor with no cookie, and nothing about the callers', async () => {
    const { browser, studio } = held;
    const { admin, operator, server, episodeId, unitId } = studio;
    const followup = await connectAs(server, admin, 'followup');
    const { person: deputy } = await ok(admin, 'person:save', { commandId: commandId(), name: '李明', title: '副局长', unitId, principal: false });
    const episode = server.app.studio.state(episodeId).episode;
    await ok(admin, 'episode:update', { commandId: commandId(), episodeId, expectedVersion: episode.version, patch: { leaderIds: [studio.leaderId, deputy.id] } });

    // The broadcast: two answered on air, one handed over; the episode ends.
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const version = (appealId: string) => server.app.studio.state(episodeId).appeals[appealId].version;
    const ids: string[] = [];
    for (const [index, caller] of CALLERS.entries()) {
      const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: caller.name, title: '先生', phone: caller.phone }, summary: ['小区电梯长期故障，物业不维修', '加装电梯补贴申请无人受理', '楼道堆物占用消防通道'][index] }));
      ids.push(appeal.id);
      const ref = () => ({ commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: version(appeal.id) });
      await ok(operator, 'appeal:screen', ref());
      if (index < 2) {
        await ok(operator, 'appeal:putOnAir', ref());
        await ok(operator, 'appeal:answerOnAir', { ...ref(), points: '现场答复' });
      } else {
        await ok(operator, 'appeal:handOver', { ...ref(), reason: '需会后核实' });
      }
    }
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });

    // Published: one hotspot and one Q&A. A draft and a withdrawn item must not show.
    const draft = async (kind: 'hotspot' | 'qa', title: string, body: string, appealIds: string[]) =>
      (await ok(followup, 'publication:draft', { commandId: commandId(), episodeId, kind, title, body, appealIds })).publication;
    const publish = (publication: { id: string; version: number }) =>
      ok(admin, 'publication:publish', { commandId: commandId(), episodeId, publicationId: publication.id, expectedVersion: publication.version });
    const HOTSPOT = { title: '老旧小区电梯维修责任', body: '电梯维修由物业负责；物业不履责的，业主可申请使用住宅专项维修资金，住建部门督促限期修复。' };
    const QA = { title: '加装电梯补贴怎么申请？', body: '由业主代表向所在街道提交申请材料，审核通过后按每台最高20万元给予补贴。' };
    await publish(await draft('hotspot', HOTSPOT.title, HOTSPOT.body, [ids[0]]));
    await publish(await draft('qa', QA.title, QA.body, [ids[1]]));
    await draft('hotspot', '尚在审核的草稿', '这条还没有发布。', [ids[2]]);
    const withdrawn = await publish(await draft('qa', '已撤回的问答', '这条发布后又撤回了。', [ids[2]]));
    await ok(admin, 'publication:withdraw', { commandId: commandId(), episodeId, publicationId: withdrawn.publication.id, expectedVersion: withdrawn.publication.version });
    followup.disconnect();

    // A visitor: a fresh context with no cookie at all.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    expect(await context.cookies()).toEqual([]);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/public/episodes/${episodeId}`);

    const view = page.getByTestId('public-episode');
    await expect.poll(() => view.count()).toBe(1);
    const { year, number } = server.app.studio.state(episodeId).episode;
    expect(await page.getByTestId('public-episode-label').textContent()).toBe(`${year}年第${number}期`);
    expect(await view.locator('time').textContent()).toBe('2025年11月25日（星期二）');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('老旧小区改造与物业服务');
    expect(await page.getByTestId('public-units').textContent()).toBe('市住房和城乡建设局');
    expect(await page.getByTestId('public-leaders').textContent()).toBe('张建国（局长）、李明（副局长）');
    const count = (key: string) => page.getByTestId(`public-count-${key}`).locator('b').textContent();
    expect(await count('received')).toBe('3件');
    expect(await count('answeredOnAir')).toBe('2件');
    expect(await count('supervised')).toBe('1件');

    const hotspots = page.getByTestId('public-hotspot');
    expect(await hotspots.count()).toBe(1);
    expect(await hotspots.locator('h3').textContent()).toBe(HOTSPOT.title);
    expect(await hotspots.locator('p').textContent()).toBe(HOTSPOT.body);
    const qa = page.getByTestId('public-qa');
    expect(await qa.count()).toBe(1);
    expect(await qa.locator('.pub-q dd').textContent()).toBe(QA.title);
    expect(await qa.locator('.pub-a dd').textContent()).toBe(QA.body);

    // Nothing unpublished, nothing about any caller, no staff app behind it.
    const text = (await page.locator('body').innerText()) + (await page.content());
    for (const hidden of ['尚在审核的草稿', '已撤回的问答', '现场答复', '需会后核实', '小区电梯长期故障']) expect(text).not.toContain(hidden);
    for (const caller of CALLERS) {
      expect(text).not.toContain(caller.name);
      expect(text).not.toContain(caller.phone);
      expect(text).not.toContain(`${caller.phone.slice(0, 3)}****${caller.phone.slice(-4)}`);
    }
    expect(text).not.toMatch(/1\d{10}/);
    expect(await page.locator('.shell').count()).toBe(0);
    expect(await page.getByText('退出登录').count()).toBe(0);
    expect(requests.filter((path) => path.startsWith('/socket.io') || path === '/api/me')).toEqual([]);
    await screenshot(page, 'public-episode');

    // A phone-sized screen reads it too.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'public-episode-phone');

    // An unknown id and a planned (not yet broadcast) episode: a clear message, no data.
    const { episode: planned } = await ok(admin, 'episode:plan', { commandId: commandId(), date: '2025-12-16', slot: { start: '09:00', end: '10:00' }, theme: '冬季供暖', host: '李主持', unitIds: [unitId], leaderIds: [] });
    for (const id of ['no-such-episode', planned.id]) {
      await page.goto(`${server.url}/public/episodes/${id}`);
      await expect.poll(() => page.getByTestId('public-not-found').count()).toBe(1);
      expect(await page.getByTestId('public-not-found').textContent()).toContain('没有找到这一期节目');
      expect(await page.locator('body').innerText()).not.toContain('冬季供暖');
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'public-episode-not-found');
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 60_000);
});
