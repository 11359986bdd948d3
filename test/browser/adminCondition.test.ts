import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, CLIENT_DIR, launchBrowser, pageAs, screenshot } from '../helpers/browser';
import { ADMIN_PASSWORD, removeDataDir, startServer, type TestServer } from '../helpers/testServer';

/**
 * The admin screen warns about the installation itself: free space running low (long before
 * commands are refused) and the files set aside at start, with file and byte. On a healthy folder
 * it shows nothing of the kind.
 */
describe.runIf(browserAvailable())('the admin screen’s warnings about the installation, in Chromium', () => {
  let browser: Browser;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const server of servers) {
      await server.stop().catch(() => undefined);
      await removeDataDir(server.dataDir);
    }
  });

  it('shows the disk warning and the set-aside files, and nothing on a healthy folder', async () => {
    const healthy = await startServer({ clientDir: CLIENT_DIR });
    servers.push(healthy);
    const calm = await pageAs(browser, healthy, { username: 'admin', password: ADMIN_PASSWORD }, '/admin');
    await expect.poll(() => calm.getByRole('heading', { level: 1, name: '节目管理' }).count()).toBe(1);
    await expect.poll(() => calm.getByTestId('admin-supervision').count()).toBe(1);
    expect(await calm.getByTestId('admin-condition').count()).toBe(0);

    // A folder with a stray file in episodes/, started with a free-space floor no disk meets.
    const first = await startServer();
    await first.stop();
    await writeFile(join(first.dataDir, 'episodes', 'backup-notes.txt'), '手工备份说明');
    const troubled = await startServer({ dataDir: first.dataDir, clientDir: CLIENT_DIR, config: { minFreeMb: 1e9 } });
    servers.push(troubled);
    const page = await pageAs(browser, troubled, { username: 'admin', password: ADMIN_PASSWORD }, '/admin');
    const warning = page.getByTestId('admin-condition');
    await expect.poll(() => warning.count()).toBe(1);
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('admin-disk-low').textContent()).toMatch(/^数据盘剩余空间不足：仅剩 .+（共 .+）。低于 .+ 时系统将停止接收操作，请尽快清理或扩容。$/);
    expect(await warning.textContent()).toContain('系统当前不能接收操作');
    const damaged = await page.getByTestId('admin-damaged').textContent();
    expect(damaged).toContain('启动时发现 1 个受损文件，已隔离保存（未删除）');
    expect(damaged).toContain('episodes/backup-notes.txt（第 0 字节）');
    expect(damaged).toContain('npm run doctor');
    await screenshot(page, 'admin-condition-warnings');
  }, 60_000);
});
