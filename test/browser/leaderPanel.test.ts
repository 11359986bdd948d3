import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../server/services/clock';
import { browserAvailable, CLIENT_DIR, launchBrowser, screenshot } from '../helpers/browser';
import { appealInput, buildStudio, commandId, connectWithCookie, login, ok, startServer, type ClientSocket, type Studio } from '../helpers/testServer';

const run = browserAvailable();

const LEADER = { username: 'leader_zhang', password: 'leader-pass-1234', displayName: '张建国' };
const WANG = { anonymous: false, name: '王建华', title: '先生' as const, phone: '13812341234' };

/** Create an appeal and screen it into the on-air queue; returns its id. */
async function queueAppeal(operator: ClientSocket, episodeId: string, overrides: Record<string, unknown>): Promise<string> {
  const created = await ok(operator, 'appeal:create', appealInput(episodeId, overrides));
  await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: created.appeal.version });
  return created.appeal.id;
}

describe.runIf(run)('the leader panel in Chromium', () => {
  let browser: Browser;
  let studio: Studio;
  let page: Page;
  // The earlier episode happened last December: the server's clock is moved back while it is recorded.
  let shiftMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + shiftMs) };
  const ids: Record<string, string> = {};
  // The operator who writes to the panel, with a name as the crew would see it.
  let director: ClientSocket;

  const state = () => studio.server.app.studio.state(studio.episodeId);
  const putOnAir = (appealId: string) =>
    ok(studio.operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: studio.episodeId, appealId, expectedVersion: state().appeals[appealId].version });

  beforeAll(async () => {
    browser = await launchBrowser();
    studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR, clock }) });
    const { admin, operator, unitId, leaderId } = studio;
    await ok(admin, 'account:create', { commandId: commandId(), ...LEADER, role: 'leader', unitId: null });
    await ok(admin, 'account:create', { commandId: commandId(), username: 'director_liu', displayName: '导播刘洋', role: 'operator', unitId: null, password: 'director-pass-1234' });
    director = await connectWithCookie(studio.server.url, await login(studio.server.url, 'director_liu', 'director-pass-1234'));

    // 2024年第52期: 王先生 called about the lift, answered on air; 孙女士 on the same matter was supervised.
    shiftMs = Date.parse('2024-12-24T01:20:00Z') - Date.now();
    const { episode: earlier } = await ok(admin, 'episode:plan', {
      commandId: commandId(),
      year: 2024,
      number: 52,
      date: '2024-12-24',
      slot: { start: '09:00', end: '10:00' },
      theme: '物业服务管理',
      host: '李主持',
      unitIds: [unitId],
      leaderIds: [leaderId],
    });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId: earlier.id });
    const lift = await queueAppeal(operator, earlier.id, { caller: WANG, summary: '小区电梯长期故障，物业不维修' });
    const fee = await queueAppeal(operator, earlier.id, {
      caller: { anonymous: false, name: '孙丽', title: '女士', phone: '13700005555' },
      summary: '物业费上涨未按规定公示',
    });
    const inEarlier = () => studio.server.app.studio.state(earlier.id);
    await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId: earlier.id, appealId: lift, expectedVersion: inEarlier().appeals[lift].version });
    await ok(operator, 'appeal:answerOnAir', {
      commandId: commandId(),
      episodeId: earlier.id,
      appealId: lift,
      expectedVersion: inEarlier().appeals[lift].version,
      points: '责成物业两周内修复电梯',
      commitment: '住建局两周后回访核实',
    });
    await ok(operator, 'appeal:handOver', {
      commandId: commandId(),
      episodeId: earlier.id,
      appealId: fee,
      expectedVersion: inEarlier().appeals[fee].version,
      reason: '需会后核实办理',
    });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId: earlier.id });
    shiftMs = 0;

    // This episode: live, five appeals waiting in the queue, nothing on air yet.
    const episodeId = studio.episodeId;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    ids.wang = await queueAppeal(operator, episodeId, {
      caller: WANG,
      summary: '电梯去年修好后又坏了，物业仍然推诿不修，家里老人已经一个月没下楼',
      operatorNotes: '来电人情绪激动，去年第52期曾反映',
    });
    ids.ouyang = await queueAppeal(operator, episodeId, {
      caller: { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' },
      area: '鼓楼区',
      category: '交通出行',
      summary: '学校门口早晚高峰拥堵，希望增设交通协管员和临时停车位',
    });
    ids.li = await queueAppeal(operator, episodeId, {
      caller: { anonymous: false, name: '李强', title: '先生', phone: '13700002222' },
      area: '泉山区',
      category: '噪音扰民',
      summary: '夜间渣土车噪音扰民',
    });
    ids.zhao = await queueAppeal(operator, episodeId, {
      channel: 'online',
      caller: { anonymous: true, name: '', title: null, phone: '' },
      area: '铜山区',
      category: '供暖',
      summary: '老旧小区冬季供暖温度不达标，多次反映未解决',
    });
    ids.chen = await queueAppeal(operator, episodeId, {
      channel: 'studio',
      caller: { anonymous: false, name: '陈芳', title: '女士', phone: '15100003333' },
      area: '贾汪区',
      category: '加装电梯',
      summary: '老旧小区加装电梯补贴申请流程不清楚',
    });

    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  });
  afterAll(async () => {
    director?.disconnect();
    await browser?.close();
    await studio?.close();
  });

  it('logs the leader in and says calmly that nothing is on air, with the queue next to it', async () => {
    await page.goto(studio.server.url);
    await page.getByLabel('用户名').fill(LEADER.username);
    await page.getByLabel('密码').fill(LEADER.password);
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByTestId('connection').textContent()).toBe('已连接');
    expect(new URL(page.url()).pathname).toBe('/leader');

    const header = page.getByTestId('leader-episode');
    await expect.poll(() => header.textContent()).toContain('2025年第1期');
    expect(await header.textContent()).toContain('老旧小区改造与物业服务');
    expect(await header.textContent()).toContain('市住房和城乡建设局');
    expect(await header.textContent()).toContain('张建国 局长');
    expect(await page.getByTestId('leader-episode-status').textContent()).toBe('直播中');
    expect(await page.getByTestId('leader-count-received').textContent()).toBe('5');

    expect(await page.getByTestId('leader-nothing-on-air').textContent()).toBe('当前没有诉求在播出');
    const queue = page.getByTestId('leader-queue');
    await expect.poll(() => queue.textContent()).toContain('共5条待播');
    const queueText = (await queue.textContent()) ?? '';
    expect(queueText).toContain('第1号王先生云龙区');
    expect(queueText).toContain('欧阳女士');
    expect(queueText).toContain('匿名市民');
    expect(await page.getByTestId('leader-form').textContent()).toContain('有诉求播出时');
    await screenshot(page, 'leader-nothing-on-air');
  });

  it('shows the call on air with the caller masked, no phone at all, and the caller\u2019s earlier appeal', async () => {
    await putOnAir(ids.wang);
    const onAir = page.getByTestId('leader-on-air');
    await expect.poll(() => onAir.textContent()).toContain('电梯去年修好后又坏了');
    expect(await page.getByTestId('leader-caller').textContent()).toBe('王先生');
    const card = (await onAir.textContent()) ?? '';
    expect(card).toContain('第1号');
    expect(card).toContain('云龙区');
    expect(card).toContain('物业管理');
    expect(card).toContain('热线电话');
    expect(card).toContain('来电人情绪激动');
    expect(card).toMatch(/已播出\s*\d\d:\d\d/);

    // Earlier appeal of the same caller, in 2024年第52期, with its outcome and answer.
    const fromCaller = page.getByTestId('leader-history-caller');
    await expect.poll(() => fromCaller.textContent()).toContain('小区电梯长期故障，物业不维修');
    const callerText = (await fromCaller.textContent()) ?? '';
    expect(callerText).toContain('2024年第52期');
    expect(callerText).toContain('12月24日');
    expect(callerText).toContain('同一事项');
    expect(callerText).toContain('现场回应');
    expect(callerText).toContain('责成物业两周内修复电梯');
    expect(callerText).toContain('住建局两周后回访核实');
    // Another citizen on the same matter, supervised after that broadcast.
    const sameMatter = (await page.getByTestId('leader-history-matter').textContent()) ?? '';
    expect(sameMatter).toContain('物业费上涨未按规定公示');
    expect(sameMatter).toContain('直播后督办');
    expect(sameMatter).toContain('需会后核实办理');

    // No phone number in any form, and never a caller's full name.
    const html = await page.content();
    for (const secret of ['13812341234', '138****1234', '王建华', '孙丽', '13700005555', '13900001111', '欧阳娜', '15100003333']) expect(html).not.toContain(secret);
    expect(await page.getByTestId('leader-queue').textContent()).not.toContain('第1号');
    await screenshot(page, 'leader-on-air-history');
  });

  it('answers on air: the server\u2019s Chinese error when the points are missing, then the answer recorded', async () => {
    await page.getByRole('button', { name: '现场回应' }).click();
    await expect.poll(() => page.getByTestId('leader-error').textContent()).toContain('答复要点不能为空');
    expect(state().appeals[ids.wang].status).toBe('on_air');

    await page.getByLabel('答复要点').fill('已责成物业三日内修复电梯，住建局派员现场督办');
    await page.getByLabel('承诺事项').fill('一周内电话回访王先生');
    await page.getByRole('button', { name: '现场回应' }).click();
    await expect.poll(() => state().appeals[ids.wang].status).toBe('answered_on_air');
    expect(state().appeals[ids.wang].answer).toEqual({ points: '已责成物业三日内修复电梯，住建局派员现场督办', commitment: '一周内电话回访王先生' });
    await expect.poll(() => page.getByTestId('leader-notice').textContent()).toContain('已记录：第1号诉求「现场回应」');
    expect(await page.getByTestId('leader-error').count()).toBe(0);
    expect(await page.getByTestId('leader-nothing-on-air').textContent()).toBe('当前没有诉求在播出');
    await expect.poll(() => page.getByTestId('leader-count-answeredOnAir').textContent()).toBe('1');
  });

  it('hands the next call over with a commitment; the fields start empty for it', async () => {
    await putOnAir(ids.ouyang);
    await expect.poll(() => page.getByTestId('leader-caller').textContent()).toBe('欧阳女士');
    expect(await page.getByLabel('答复要点').inputValue()).toBe('');
    expect(await page.getByLabel('承诺事项').inputValue()).toBe('');
    expect(await page.getByLabel('转督办原因').inputValue()).toBe('需会后核实办理');
    await expect.poll(() => page.getByTestId('leader-history-caller').textContent()).toContain('该来电人此前没有诉求记录');

    await page.getByLabel('转督办原因').fill('');
    await page.getByRole('button', { name: '承诺并转督办' }).click();
    await expect.poll(() => page.getByTestId('leader-error').textContent()).toContain('原因不能为空');

    await page.getByLabel('转督办原因').fill('需会后核实办理');
    await page.getByLabel('承诺事项').fill('协调交警部门两周内增设协管员并答复市民');
    await page.getByRole('button', { name: '承诺并转督办' }).click();
    await expect.poll(() => state().appeals[ids.ouyang].status).toBe('supervised');
    const handed = state().appeals[ids.ouyang];
    expect(handed.handOver).toEqual({ reason: '需会后核实办理', automatic: false });
    expect(handed.answer).toEqual({ points: '', commitment: '协调交警部门两周内增设协管员并答复市民' });
    await expect.poll(() => page.getByTestId('leader-count-supervised').textContent()).toBe('1');
  });

  it('highlights an unread operator message, marks it read and dims it', async () => {
    await putOnAir(ids.li);
    await expect.poll(() => page.getByTestId('leader-caller').textContent()).toBe('李先生');
    const { message } = await ok(director, 'message:send', {
      commandId: commandId(),
      episodeId: studio.episodeId,
      text: '时间有限，请用两分钟简要回答',
      appealId: ids.li,
    });
    const messages = page.getByTestId('leader-messages');
    await expect.poll(() => messages.textContent()).toContain('时间有限，请用两分钟简要回答');
    expect(await messages.textContent()).toContain('1条未读');
    expect(await messages.textContent()).toContain('关于第3号');
    expect(await messages.textContent()).toContain('导播刘洋');
    expect(await page.getByTestId('leader-message').first().getAttribute('class')).toContain('lp-unread');
    await screenshot(page, 'leader-message-unread');

    await page.getByRole('button', { name: '已读' }).click();
    await expect.poll(() => state().messages[message.id].readAt).not.toBeNull();
    expect(state().messages[message.id].readBy).toBe(LEADER.displayName);
    await expect.poll(() => page.getByTestId('leader-message').first().getAttribute('class')).toContain('lp-read');
    expect(await page.getByRole('button', { name: '已读' }).count()).toBe(0);
    expect(await messages.textContent()).not.toContain('未读');
  });

  it('when the operator closes the call first, says so and keeps what the leader typed', async () => {
    await page.getByLabel('答复要点').fill('请城管部门核查夜间施工许可');
    const current = state().appeals[ids.li];
    await ok(studio.operator, 'appeal:answerOnAir', {
      commandId: commandId(),
      episodeId: studio.episodeId,
      appealId: ids.li,
      expectedVersion: current.version,
      points: '城管部门当晚核查',
    });
    const notice = page.getByTestId('leader-notice');
    await expect.poll(() => notice.textContent()).toContain('第3号诉求已结束播出，结果为「现场回应」');
    expect(await notice.textContent()).toContain('请城管部门核查夜间施工许可');
    expect(state().appeals[ids.li].answer?.points).toBe('城管部门当晚核查');

    await screenshot(page, 'leader-closed-elsewhere');
  });

  it('keeps the call and the two outcomes within a tablet screen', async () => {
    await putOnAir(ids.zhao);
    await expect.poll(() => page.getByTestId('leader-caller').textContent()).toBe('匿名市民');
    expect(await page.getByTestId('leader-on-air').textContent()).toContain('网络留言');
    await page.setViewportSize({ width: 1024, height: 768 });
    await screenshot(page, 'leader-tablet-landscape');
    const answer = await page.getByRole('button', { name: '现场回应' }).boundingBox();
    expect(answer && answer.y + answer.height).toBeLessThanOrEqual(768);
    await page.setViewportSize({ width: 768, height: 1024 });
    await screenshot(page, 'leader-tablet-portrait');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('says so when the connection drops, and sends nothing until it is back', async () => {
    await studio.server.stop();
    await expect.poll(() => page.getByTestId('leader-offline').textContent()).toContain('连接中断');
    expect(await page.getByRole('button', { name: '现场回应' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '承诺并转督办' }).isDisabled()).toBe(true);
    await screenshot(page, 'leader-offline');
  });
});
