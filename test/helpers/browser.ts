import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildStudio, login, startServer, type Studio, type TestServer } from './testServer';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CLIENT_DIR = resolve('dist/client');
export const SCREENSHOT_DIR = resolve('test-output/screenshots');

/**
 * Whether browser tests can run here. Under CI they must: a missing Chromium fails the run instead
 * of skipping it. Elsewhere they skip, and say so loudly.
 */
export function browserAvailable(): boolean {
  const found = existsSync(CHROMIUM_PATH);
  if (!found && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}: apt-get install chromium fonts-noto-cjk fonts-noto-color-emoji`);
  if (!found) console.warn(`\n*** BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-cjk) ***\n`);
  return found;
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--lang=zh-CN', '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** Save a screenshot of a page under test-output/screenshots (ignored by git). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * One Chromium and one studio (server built from dist/client, with a unit, a leader, an episode and
 * a client per role) for a browser test file: call at the top of its describe block.
 */
export function browserStudio(): { readonly browser: Browser; readonly studio: Studio } {
  const held = {} as { browser: Browser; studio: Studio };
  beforeAll(async () => {
    held.browser = await launchBrowser();
    held.studio = await buildStudio({ server: await startServer({ clientDir: CLIENT_DIR }) });
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.studio?.close();
  });
  return held;
}

/** A page already logged in as an account (cookie from a real HTTP login), at a path of the app. */
export async function pageAs(
  browser: Browser,
  server: TestServer,
  account: { username: string; password: string },
  path: string,
  viewport = { width: 1440, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const [name, value] = (await login(server.url, account.username, account.password)).split('=');
  await context.addCookies([{ name, value, url: server.url }]);
  const page = await context.newPage();
  await page.goto(server.url + path);
  return page;
}
