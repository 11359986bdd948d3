import { describe, expect, it } from 'vitest';
import { browserAvailable, browserStudio, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, appealInput, commandId, ok } from '../helpers/testServer';

const run = browserAvailable();

describe.runIf(run)('the admin’s 操作审计 in Chromium', () => {
  const held = browserStudio();

  it('lists who did what, newest first, narrows to the sign-ins, and offers the same search as CSV', async () => {
    const { browser, studio } = held;
    const { operator, episodeId, server } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await ok(operator, 'appeal:create', appealInput(episodeId));
    const wrong = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password-1' }) });
    expect(wrong.status).toBe(401);

    const page = await pageAs(browser, server, { username: 'admin', password: ADMIN_PASSWORD }, '/admin#audit');
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('appeal:create');
    expect(await page.getByTestId('audit-table').textContent()).toContain('登录失败');

    await page.getByLabel('来源').selectOption('auth');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).not.toContain('appeal:create');
    const table = await page.getByTestId('audit-table').textContent();
    expect(table).toContain('登录失败');
    expect(table).toContain('nobody-here');
    const href = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
    expect(href).toContain('/api/admin/audit.csv?');
    expect(href).toContain('source=auth');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv).toContain('"登录失败"');
    await screenshot(page, 'admin-audit');
  });
});
