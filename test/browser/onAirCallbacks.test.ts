import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../shared/domain/errors';
import { browserAvailable, browserStudio, pageAs } from '../helpers/browser';
import { appealInput, commandId, connectAs, ok, type Studio } from '../helpers/testServer';

const run = browserAvailable();
const PASSWORD = 'password-1234';
const SHOTS = '/tmp/shots';

/** Take a call, put it on air and let the leader answer it. */
async function answeredOnAir(studio: Studio, input: Record<string, unknown>, points: string): Promise<any> {
  const { operator, leader, episodeId } = studio;
  const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, input));
  const queued = await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  const onAir = await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: queued.appeal.version });
  return (await ok(leader, 'appeal:answerOnAir', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: onAir.appeal.version, points, commitment: '' })).appeal;
}

const rows = (page: Page) => page.getByTestId('onair-row');
const row = (page: Page, summary: string) => rows(page).filter({ hasText: summary });

describe.runIf(run)('现场回应回访 on the follow-up desk in Chromium', () => {
  const held = browserStudio();

  it('the desk opens the tab, calls back an appeal answered on air, records 基本满意, sees it rated and off the 待回访 list, and is told in Chinese when another desk rated one first', async () => {
    const { browser, studio } = held;
    const { admin, operator, server, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const ELEVATOR = '小区电梯长期故障，物业一直不维修，老人上下楼困难';
    const elevator = await answeredOnAir(
      studio,
      { summary: ELEVATOR, area: '云龙区', category: '物业管理', caller: { anonymous: false, name: '王建华', title: '先生', phone: '13812341234' } },
      '本周内责成物业更换电梯控制板，街道跟踪落实',
    );
    const flood = await answeredOnAir(studio, { summary: '老旧小区改造后雨水管网仍然倒灌', area: '鼓楼区', category: '老旧小区改造', caller: { anonymous: false, name: '欧阳娜', title: '女士', phone: '13900001111' } }, '请区住建局三日内现场查看');
    const tried = await answeredOnAir(studio, { summary: '加装电梯补贴申请材料反复被退回', area: '泉山区', category: '加装电梯', caller: { anonymous: false, name: '李强', title: '先生', phone: '13700002222' } }, '窗口一次性告知所需材料');
    await ok(admin, 'account:create', { commandId: commandId(), username: 'huifang1', displayName: '回访小周', role: 'followup', unitId: null, password: PASSWORD });
    const followup = await pageAs(browser, server, { username: 'huifang1', password: PASSWORD }, '/followup');
    // One earlier call that nobody answered: the appeal still waits, marked 未接通1次.
    const deskSocket = await connectAs(server, admin, 'followup');
    await ok(deskSocket, 'appeal:callBack', { commandId: commandId(), episodeId, appealId: tried.id, expectedVersion: tried.version, outcome: 'unreachable', note: '无人接听' });
    deskSocket.disconnect();

    // The desk opens its second tab: the three answers on air, newest first, all awaiting a callback.
    await followup.getByRole('tab', { name: '现场回应回访' }).click();
    await expect.poll(() => rows(followup).count()).toBe(3);
    expect(followup.url()).toContain('#onair');
    expect(await followup.getByTestId('onair-counts').textContent()).toBe('待回访 3 件 · 现场回应 3 件');
    expect(await rows(followup).first().textContent()).toContain('加装电梯补贴申请');
    expect(await row(followup, '加装电梯补贴申请').getByTestId('onair-state').textContent()).toContain('未接通1次');
    const elevatorRow = row(followup, ELEVATOR);
    expect(await elevatorRow.textContent()).toMatch(/第1期 · 第1号.*11月25日 · 市住房和城乡建设局 · 张建国/);
    expect(await elevatorRow.textContent()).toContain('13812341234');

    // The appeal: caller with the full number to call, the leader's answer on air; the callback form.
    await elevatorRow.click();
    await expect.poll(() => followup.getByTestId('onair-detail-caller').textContent()).toBe('王建华（先生） 13812341234');
    expect(await followup.getByTestId('onair-detail').textContent()).toContain('本周内责成物业更换电梯控制板');
    const submit = followup.getByRole('button', { name: '记录回访' });
    expect(await submit.isDisabled()).toBe(true); // reached needs a rating
    await followup.getByLabel('联系上市民').check();
    await followup.getByLabel('基本满意', { exact: true }).check();
    await followup.getByLabel('说明').fill('电梯已修好，偶尔仍有异响');
    await mkdir(SHOTS, { recursive: true });
    await followup.screenshot({ path: `${SHOTS}/desk-onair-callback.png` });
    await submit.click();

    // Recorded once, with the rating: the page shows it at once and the counts move.
    await expect.poll(() => followup.getByTestId('onair-notice').textContent()).toBe('回访已记录，市民评价：基本满意。');
    const recorded = server.app.studio.state(episodeId).appeals[elevator.id].onAirCallbacks;
    expect(recorded).toMatchObject([{ outcome: 'reached', rating: 'basically_satisfied', note: '电梯已修好，偶尔仍有异响', by: '回访小周' }]);
    await expect.poll(() => elevatorRow.getByTestId('onair-state').textContent()).toBe('基本满意');
    expect(await followup.getByTestId('onair-detail-rating').textContent()).toBe('基本满意');
    await expect.poll(() => followup.getByTestId('onair-counts').textContent()).toBe('待回访 2 件 · 现场回应 3 件');
    expect(await followup.getByTestId('onair-callback').textContent()).toContain('已回访并记录评价');
    await followup.screenshot({ path: `${SHOTS}/desk-onair-callback-rated.png` });

    // 全部 lists it rated; back on 待回访 it is gone.
    await followup.getByTestId('onair-show').getByText('全部').click();
    await expect.poll(() => rows(followup).count()).toBe(3);
    expect(await row(followup, ELEVATOR).getByTestId('onair-state').textContent()).toBe('基本满意');
    await followup.getByTestId('onair-show').getByText('待回访').click();
    await expect.poll(() => rows(followup).count()).toBe(2);
    expect(await followup.getByTestId('onair-list').textContent()).not.toContain(ELEVATOR);

    // Another desk rates an appeal this page still shows as waiting: sending is refused in Chinese, the other desk's rating shows.
    const FLOOD = '老旧小区改造后雨水管网仍然倒灌';
    await row(followup, FLOOD).click();
    await expect.poll(() => followup.getByTestId('onair-detail').getAttribute('data-appeal-id')).toBe(flood.id);
    await followup.getByLabel('联系上市民').check();
    await followup.getByLabel('满意', { exact: true }).check();
    const otherDesk = await connectAs(server, admin, 'followup');
    await ok(otherDesk, 'appeal:callBack', { commandId: commandId(), episodeId, appealId: flood.id, expectedVersion: flood.version, outcome: 'reached', rating: 'unsatisfied', note: '积水未根治' });
    otherDesk.disconnect();
    await followup.getByRole('button', { name: '记录回访' }).click();
    await expect.poll(() => followup.getByTestId('onair-callback-error').textContent()).toBe(ERROR_MESSAGES.CONFLICT);
    await expect.poll(() => row(followup, FLOOD).getByTestId('onair-state').textContent()).toBe('不满意');
    expect(await followup.getByTestId('onair-callback').textContent()).toContain('已回访并记录评价');
    expect(server.app.studio.state(episodeId).appeals[flood.id].onAirCallbacks).toHaveLength(1);

    // A reload keeps the tab.
    await followup.reload();
    await expect.poll(() => rows(followup).count()).toBe(1);
    await followup.context().close();
  });
});
