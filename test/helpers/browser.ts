import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CLIENT_DIR = resolve('dist/client');
export const SCREENSHOT_DIR = resolve('test-output/screenshots');

/**
 * Whether browser tests can run here. Under CI they must: a missing Chromium fails the run instead
 * of skipping it. Elsewhere they skip, and say so loudly.
 */
export function browserAvailable(): boolean {
  const found = existsSync(CHROMIUM_PATH);
  if (!found && process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}: apt-get install chromium fonts-noto-cjk`);
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
