import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, ok } from '../helpers/testServer';
import { calendarCoverageGap, chinaDate } from '../../shared/domain/workCalendar';

/** A notice in the State Council's fixed form; the year is put in its title (asides are not checked). */
const notice = (year: number, newYearDays = 3) => `国务院办公厅关于${year}年部分节假日安排的通知
一、元旦：1月1日至3日放假，共${newYearDays}天。
二、春节：2月5日（农历腊月二十九）至13日（农历正月初七）放假调休，共9天。1月31日、2月20日上班。
三、清明节：4月3日至5日放假，共3天。
四、劳动节：5月1日至5日放假调休，共5天。4月25日、5月8日上班。
五、端午节：6月9日放假，共1天。
六、中秋节：9月15日放假，共1天。
七、国庆节：10月1日至7日放假调休，共7天。9月26日、10月9日上班。`;

const run = browserAvailable();

describe.runIf(run)('the admin’s working-day calendar and supervision dashboard in Chromium', () => {
  const held = browserStudio();

  it('shows supervised items on the dashboard and lets the admin mark a day off, which moves the next deadline', async () => {
    const { browser, studio } = held;
    const { operator, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await ok(operator, 'appeal:create', appealInput(episodeId));
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });

    const page = await pageAs(browser, server, { username: 'admin', password: ADMIN_PASSWORD }, '/admin#calendar');
    await expect.poll(() => page.getByTestId('admin-supervision').textContent()).toContain('办理中1');
    expect(await page.getByTestId('admin-supervision').textContent()).toContain('满意率');

    await page.getByLabel('日期').fill('2030-01-02');
    await page.getByLabel('调整为').selectOption('off');
    await page.getByLabel('原因').fill('市政府通知临时放假');
    await page.getByRole('button', { name: '保存调整' }).click();
    await expect.poll(() => page.getByTestId('calendar-overrides').textContent()).toContain('2030-01-02 · 休息日');
    expect(server.app.catalogue.calendar().isWorkday('2030-01-02')).toBe(false);
    expect(server.app.catalogue.data.audit.at(-1)).toMatchObject({ command: 'calendar:setDay', changes: [{ path: 'calendar.2030-01-02', from: null, to: 'off' }, { path: 'reason', from: null, to: '市政府通知临时放假' }] });
    await screenshot(page, 'admin-calendar');
  });

  it('warns that next year has no holidays yet, reads a pasted State Council notice for review, and applies it only when confirmed', async () => {
    const { browser, studio } = held;
    const { server } = studio;
    const gap = calendarCoverageGap(chinaDate(new Date()), []);
    const year = gap?.year ?? Number(chinaDate(new Date()).slice(0, 4)) + 1;
    const page = await pageAs(browser, server, { username: 'admin', password: ADMIN_PASSWORD }, '/admin#calendar');
    if (gap) await expect.poll(() => page.getByTestId('calendar-coverage-gap').textContent()).toContain(`${year} 年的法定节假日安排尚未录入`);

    await page.getByLabel('年份').selectOption(String(year));
    // A line that does not add up is named, and nothing can be applied.
    await page.getByLabel('通知全文').fill(notice(year, 4));
    await page.getByRole('button', { name: '读取并核对' }).click();
    await expect.poll(() => page.getByTestId('holiday-review').textContent()).toContain('写「共4天」，日期却有 3 天');
    expect(await page.getByRole('button', { name: `确认导入 ${year} 年安排` }).isDisabled()).toBe(true);

    await page.getByLabel('通知全文').fill(notice(year));
    await page.getByRole('button', { name: '读取并核对' }).click();
    await expect.poll(() => page.getByTestId('holiday-review').textContent()).toContain('共读到放假 29 天、调休上班 6 天');
    await screenshot(page, 'admin-holiday-review');
    expect(server.app.catalogue.data.calendarYears?.[String(year)]).toBeUndefined();

    await page.getByRole('button', { name: `确认导入 ${year} 年安排` }).click();
    await expect.poll(() => page.getByTestId('calendar-years').textContent()).toContain(`${year} 年 · 粘贴国务院通知 · 放假 29 天、调休上班 6 天`);
    expect(server.app.catalogue.calendar().isWorkday(`${year}-02-09`)).toBe(false);
    if (gap) await expect.poll(() => page.getByTestId('calendar-coverage-gap').count()).toBe(0);
    await screenshot(page, 'admin-holiday-imported');
  });
});
