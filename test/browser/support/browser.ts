import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium driven by playwright-core, as in shell.test.ts; screenshots go to test-results/. */
export const SHOTS = path.resolve('test-results');

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Signs in through the login page, as a clerk does. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('我的待办').waitFor();
}

/** Opens a page from the side menu, expanding its group when needed. */
export async function openMenu(page: Page, group: string, leaf: string): Promise<void> {
  const menu = page.getByRole('menu');
  const item = menu.getByRole('menuitem', { name: leaf, exact: true });
  if (!(await item.isVisible())) await menu.getByRole('menuitem', { name: group }).click();
  await item.click();
}

export function shooter(page: () => Page, prefix: string) {
  return (step: string) => page().screenshot({ path: path.join(SHOTS, `${prefix}-${step}.png`), fullPage: true });
}
