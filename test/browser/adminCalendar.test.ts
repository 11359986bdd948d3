import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, ok } from '../helpers/testServer';

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
});
