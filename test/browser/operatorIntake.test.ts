import type { Page } from 'playwright-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { appealInput, commandId, ok } from '../helpers/testServer';

/**
 * The intake card and the edit form of the operator console (issue 15, points 1, 2, 6 and 9), driven
 * by keyboard in Chromium against the built app and a real server.
 */

const run = browserAvailable();
const OPERATOR = { username: 'op-intake', password: 'password-1234' };

describe.runIf(run)('the operator console: intake and corrections', { timeout: 60_000 }, () => {
  const held = browserStudio();
  let page: Page | undefined;
  const state = () => held.studio.server.app.studio.state(held.studio.episodeId);
  const appeals = () => Object.values(state().appeals);
  const bySummary = (summary: string) => appeals().find((a) => a.summary === summary);

  beforeAll(async () => {
    const { admin, operator, episodeId } = held.studio;
    await ok(admin, 'account:create', { commandId: commandId(), username: OPERATOR.username, displayName: '导播', role: 'operator', unitId: null, password: OPERATOR.password });
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
  });
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });

  async function openConsole(viewport = { width: 1600, height: 1000 }): Promise<Page> {
    page = await pageAs(held.browser, held.studio.server, OPERATOR, '/operator', viewport);
    page.setDefaultTimeout(8_000);
    await page.getByTestId('intake').waitFor();
    return page;
  }
  const field = (page: Page, name: string) => page.locator(`[data-testid="intake"] [name="${name}"]`);
  const chosenChannel = (page: Page) => page.locator('[data-testid="intake"] input[name="channel"]:checked').inputValue();

  /** One caller by keyboard: Alt+N, the number, the name, the summary, Ctrl+Enter. */
  async function takeCall(page: Page, caller: { phone: string; name?: string; summary: string }) {
    await page.keyboard.press('Alt+n');
    await page.keyboard.type(caller.phone);
    if (caller.name) {
      await field(page, 'name').focus();
      await page.keyboard.type(caller.name);
    }
    await field(page, 'summary').focus();
    await page.keyboard.type(caller.summary);
    await page.keyboard.press('Control+Enter');
  }

  it('point 1: a refused card never spills into the next callers; Alt+N is always blank; the card is kept aside and recalled; one error, next to its field; counters while typing', async () => {
    const page = await openConsole();
    const before = appeals().length;
    await page.keyboard.press('Alt+n');
    await page.keyboard.type('13812345678');
    await field(page, 'name').focus();
    await page.keyboard.type('刘洋');
    // The limit is shown while typing, and turns red past it.
    await field(page, 'summary').focus();
    await page.keyboard.type('小区');
    expect(await page.getByTestId('counter-summary').textContent()).toBe('2/2000');
    await field(page, 'summary').fill('长'.repeat(2001));
    expect(await page.getByTestId('counter-summary').textContent()).toBe('2001/2000');
    expect(await page.getByTestId('counter-summary').getAttribute('class')).toContain('over');
    await page.keyboard.press('Control+Enter');

    // Refused on the card, as the server would: nothing sent, the error once, under the summary.
    await page.getByTestId('error-summary').waitFor();
    expect(await page.getByTestId('error-summary').textContent()).toContain('不能超过 2000 个字');
    expect(await page.locator('[role="alert"]').filter({ hasText: '2000' }).count()).toBe(1);
    expect(await page.getByTestId('operator-error').count()).toBe(0);
    expect(await field(page, 'summary').getAttribute('aria-invalid')).toBe('true');
    expect(appeals().length).toBe(before);
    await screenshot(page, 'operator-intake-refused-once');

    // Alt+N: a blank card, whatever was there; the refused one is kept aside.
    await page.keyboard.press('Alt+n');
    for (const name of ['phone', 'name', 'summary']) expect(await field(page, name).inputValue()).toBe('');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('phone');
    expect(await page.getByTestId('aside-card').count()).toBe(1);
    expect(await page.getByTestId('error-summary').count()).toBe(0);
    await screenshot(page, 'operator-intake-blank-card-refused-aside');

    // The next four callers are all recorded, each with exactly their own number.
    const next = ['13900000011', '13900000012', '13900000013', '13900000014'];
    for (const [i, phone] of next.entries()) {
      await takeCall(page, { phone, name: `来电人${i + 1}`, summary: `第${i + 1}位来电：路灯不亮` });
      await expect.poll(() => bySummary(`第${i + 1}位来电：路灯不亮`)?.caller.phone).toBe(phone);
    }
    expect(appeals().length).toBe(before + 4);

    // Alt+R brings the refused card back, its error next to the field; shortened, it is recorded.
    await page.keyboard.press('Alt+r');
    expect(await field(page, 'phone').inputValue()).toBe('13812345678');
    expect(await field(page, 'summary').inputValue()).toHaveLength(2001);
    expect(await page.getByTestId('error-summary').textContent()).toContain('2000');
    await screenshot(page, 'operator-intake-recalled');
    await field(page, 'summary').fill('长'.repeat(2000));
    expect(await page.getByTestId('error-summary').count()).toBe(0);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => appeals().find((a) => a.caller.phone === '13812345678')?.summary.length).toBe(2000);
    expect(await page.getByTestId('aside-card').count()).toBe(0);
  });

  it('point 6: the card refuses what the server refuses (12, 1234567, empty for a named caller, 15 digits) next to the number; anonymous callers are explicit', async () => {
    const page = await openConsole();
    const before = appeals().length;
    for (const phone of ['12', '1234567', '', '138123412341234']) {
      const summary = `号码校验：${phone || '空'}`;
      await takeCall(page, { phone, name: '陈静', summary });
      await page.getByTestId('error-phone').waitFor();
      const error = await page.getByTestId('error-phone').textContent();
      expect(error).toMatch(phone === '' ? /匿名/ : /格式不对/);
      expect(bySummary(summary)).toBeUndefined();
      if (phone === '1234567') await screenshot(page, 'operator-intake-phone-refused');
    }
    expect(appeals().length).toBe(before);

    // A landline with area code and extension, shown as it will be stored, is accepted.
    await takeCall(page, { phone: '0516-8390 1234 转 123', name: '陈静', summary: '号码校验：座机分机' });
    await expect.poll(() => bySummary('号码校验：座机分机')?.caller.phone).toBe('0516-83901234转123');

    // No number: only when the caller is explicitly anonymous.
    await page.keyboard.press('Alt+n');
    await field(page, 'anonymous').check();
    expect(await page.getByTestId('phone-status').textContent()).toContain('匿名');
    await field(page, 'summary').fill('号码校验：匿名来电');
    await field(page, 'summary').press('Control+Enter');
    await expect.poll(() => bySummary('号码校验：匿名来电')?.caller).toEqual({ anonymous: true, name: '', title: null, phone: '' });

    // While typed: a valid number says how it will be stored.
    await page.keyboard.press('Alt+n');
    await page.keyboard.type('138 1234 5678');
    expect(await page.getByTestId('phone-status').textContent()).toContain('13812345678');
  });

  it('point 9: every new card starts on the console\'s default channel, whatever the last caller came in on', async () => {
    const page = await openConsole();
    await page.keyboard.press('Alt+n');
    expect(await chosenChannel(page)).toBe('hotline');
    await page.keyboard.press('Alt+3');
    expect(await chosenChannel(page)).toBe('online');
    await page.keyboard.type('13700000001');
    await field(page, 'summary').fill('网络留言：公园厕所无人保洁');
    await field(page, 'summary').press('Control+Enter');
    await expect.poll(() => bySummary('网络留言：公园厕所无人保洁')?.channel).toBe('online');
    // The next caller starts on the default again.
    expect(await chosenChannel(page)).toBe('hotline');
    await takeCall(page, { phone: '13700000002', name: '周敏', summary: '热线来电：公交站台破损' });
    await expect.poll(() => bySummary('热线来电：公交站台破损')?.channel).toBe('hotline');
    // Alt+N after a channel was chosen: the default again.
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('Alt+n');
    expect(await chosenChannel(page)).toBe('hotline');

    // The console's own default (a studio-line desk), kept for this console.
    await page.locator('select[name="defaultChannel"]').selectOption('studio');
    await page.keyboard.press('Alt+n');
    expect(await chosenChannel(page)).toBe('studio');
    await page.keyboard.press('Alt+1');
    await takeCall(page, { phone: '13700000003', name: '吴磊', summary: '直播热线：小区绿化被毁' });
    await expect.poll(() => bySummary('直播热线：小区绿化被毁')?.channel).toBe('studio');
    await page.reload();
    await page.getByTestId('intake').waitFor();
    expect(await chosenChannel(page)).toBe('studio');
    await page.locator('select[name="defaultChannel"]').selectOption('hotline');
  });

  it('point 2: a waiting or queued appeal is corrected from the console by keyboard; the change is audited and the big screen follows', async () => {
    const { admin, operator, episodeId, server } = held.studio;
    const typo = '小区店梯长期故障，物业不维修';
    const created = await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '王建华', title: '先生', phone: '13612345678' }, area: '鼓楼区', category: '物业', summary: typo }));
    await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: created.appeal.id, expectedVersion: created.appeal.version });
    const waiting = await ok(operator, 'appeal:create', appealInput(episodeId, { caller: { anonymous: false, name: '赵敏', title: '女士', phone: '13612345679' }, category: '交通', summary: '公交站台坡损' }));

    // The big screen, opened from its display link.
    const link = await ok(admin, 'displayLink:create', { commandId: commandId(), label: '演播室大屏' });
    const wall = await (await held.browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' })).newPage();
    wall.setDefaultTimeout(8_000);
    try {
      await wall.goto(server.url + link.path);
      await expect.poll(() => wall.getByTestId('screen-next').textContent(), { timeout: 10_000 }).toContain(typo);

      const page = await openConsole();
      // The queued one: Alt+Q, its selection, E.
      await page.keyboard.press('Alt+q');
      await page.getByTestId('queue-list').locator('li', { hasText: typo }).click();
      await page.getByTestId('queue-list').focus();
      await page.keyboard.press('e');
      const editor = page.getByTestId('appeal-editor');
      await editor.waitFor();
      expect(await editor.locator('[name="summary"]').inputValue()).toBe(typo);
      await editor.locator('[name="summary"]').fill('小区电梯长期故障，物业不维修');
      await editor.locator('[name="area"]').fill('泉山区');
      await editor.locator('[name="category"]').fill('物业管理');
      await editor.locator('[name="title"]').selectOption('女士');
      await screenshot(page, 'operator-edit-queued');
      await editor.locator('[name="category"]').press('Control+Enter');
      await editor.waitFor({ state: 'detached' });
      const fixed = state().appeals[created.appeal.id];
      expect(fixed).toMatchObject({ summary: '小区电梯长期故障，物业不维修', area: '泉山区', category: '物业管理', status: 'queued' });
      expect(fixed.caller.title).toBe('女士');

      // Audited: who, which command, each field from what to what.
      const events = await server.app.studio.ledger(episodeId).events();
      const update = events.filter((e) => e.command === 'appeal:update').at(-1)!;
      expect(update.actor).toBeTruthy();
      const changed = Object.fromEntries(update.changes.map((c) => [c.path.replace(/^.*?appeal\./, ''), [c.from, c.to]]));
      expect(Object.values(changed)).toEqual(expect.arrayContaining([[typo, '小区电梯长期故障，物业不维修'], ['鼓楼区', '泉山区'], ['物业', '物业管理'], ['先生', '女士']]));

      // The wall follows, with the caller still masked.
      await expect.poll(() => wall.getByTestId('screen-next').textContent()).toContain('小区电梯长期故障，物业不维修');
      const next = (await wall.getByTestId('screen-next').textContent()) ?? '';
      expect(next).not.toContain(typo);
      expect(next).toContain('王女士');
      expect(next).not.toContain('王建华');
      await screenshot(wall, 'screen-after-operator-correction');

      // The waiting one: Alt+W, E; a bad number is refused next to its field, then the typo fixed.
      await page.keyboard.press('Alt+w');
      await page.getByTestId('received-list').locator('li', { hasText: '公交站台坡损' }).click();
      await page.getByTestId('received-list').focus();
      await page.keyboard.press('e');
      await editor.waitFor();
      await editor.locator('[name="phone"]').fill('1234567');
      await editor.locator('[name="summary"]').fill('公交站台破损');
      await editor.locator('[name="summary"]').press('Control+Enter');
      expect(await editor.getByTestId('error-phone').textContent()).toContain('格式不对');
      await editor.locator('[name="phone"]').fill('13612345679');
      await editor.locator('[name="summary"]').press('Control+Enter');
      await editor.waitFor({ state: 'detached' });
      expect(state().appeals[waiting.appeal.id]).toMatchObject({ summary: '公交站台破损', status: 'received' });
    } finally {
      await wall.context().close();
    }
  });
});
