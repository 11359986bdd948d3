import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, ok } from '../helpers/testServer';

const run = browserAvailable();

describe.runIf(run)('drafting and publishing hotspots and policy Q&A in Chromium', () => {
  const held = browserStudio();

  it('lets follow-up staff draft from an answered appeal, refuses the caller’s number, and an admin publishes it', async () => {
    const { browser, studio } = held;
    const { admin, operator, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId));
    const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: 1 });
    const aired = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version });
    await ok(operator, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: aired.appeal.version, points: '物业须在一周内修复' });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    await ok(admin, 'account:create', { commandId: commandId(), username: 'fu-pub', displayName: '督办小周', role: 'followup', unitId: null, password: 'password-1234' });

    const staff = await pageAs(browser, server, { username: 'fu-pub', password: 'password-1234' }, '/publishing');
    const sources = staff.getByTestId('publication-sources');
    await expect.poll(() => sources.textContent()).toContain('小区电梯长期故障');
    await sources.getByRole('checkbox').check();
    await staff.getByText('政策问答').click();
    await staff.getByLabel('问题').fill('老旧小区电梯坏了，物业不修怎么办？');
    await staff.getByLabel('答复').fill('王建华您好，请拨打13812341234');
    await staff.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => staff.getByRole('alert').textContent()).toBe('发布内容不能包含来电人的电话号码。');
    await staff.getByLabel('答复').fill('物业服务企业应在一周内修复；拒不维修的，可向住建部门投诉，维修资金可申请使用住宅专项维修资金。');
    await staff.getByRole('button', { name: '保存草稿' }).click();
    await expect.poll(() => staff.getByTestId('publications').textContent()).toContain('待审核');
    await screenshot(staff, 'publishing-draft');

    const reviewer = await pageAs(browser, server, { username: 'admin', password: ADMIN_PASSWORD }, '/publishing');
    await reviewer.getByRole('button', { name: '审核通过，发布' }).click();
    await expect.poll(() => reviewer.getByTestId('publications').textContent()).toContain('已发布');
    const published = Object.values(server.app.studio.state(episodeId).publications ?? {});
    expect(published.map((p) => [p.kind, p.status, p.appealIds])).toEqual([['qa', 'published', [appeal.id]]]);

    const visitor = await browser.newPage({ locale: 'zh-CN' });
    const response = await visitor.request.get(`${server.url}/api/public/episodes/${episodeId}`);
    expect((await response.json()).data.policyQa[0].title).toBe('老旧小区电梯坏了，物业不修怎么办？');
  });
});
