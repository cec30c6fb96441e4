import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeCreditCode } from '../../src/orgs/credit-code.js';
import { startTestServer } from '../../src/test-support/server.js';

// The web shell end to end: the platform serves the built web/dist (run `npm run build:web` first).
const SHOTS = path.resolve('test-results');

describe('web shell', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const code = makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 424242 });
  const name = '四川省浏览器测试局';

  const shot = (step: string) => page.screenshot({ path: path.join(SHOTS, `shell-${step}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page.setDefaultTimeout(15_000);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in as admin through the login page', async () => {
    await page.goto(`${server.url}/orgs/departments`);
    // Not signed in: the app sends the user to the login page, which names the platform.
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: '四川省政务信息资源共享平台' }).waitFor();
    await shot('login');

    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByText('用户名或密码错误').waitFor();

    await page.getByLabel('密码').fill(server.adminPassword);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // Back where the user wanted to go.
    await page.getByRole('heading', { name: '政务部门' }).waitFor();
    await page.goto(`${server.url}/`);
    await page.getByText('我的待办').waitFor();
    await page.getByText('暂无待办').waitFor();
    await shot('home');
  });

  it('creates a department with a valid credit code and finds it in the table', async () => {
    const menu = page.getByRole('menu');
    if (!(await menu.getByRole('menuitem', { name: '政务部门' }).isVisible())) {
      await menu.getByRole('menuitem', { name: '组织机构管理' }).click();
    }
    await menu.getByRole('menuitem', { name: '政务部门' }).click();
    await page.getByRole('heading', { name: '政务部门' }).waitFor();

    await page.getByRole('button', { name: '新增政务部门' }).click();
    const dialog = page.getByRole('dialog', { name: '新增政务部门' });
    await dialog.getByLabel('统一社会信用代码').fill(code.toLowerCase()); // upper-cased as typed
    await dialog.getByLabel('部门名称').fill(name);
    await dialog.getByLabel('所属行政区划').click();
    await page.getByTitle('四川省（510000）').click();
    await expect(dialog.getByLabel('统一社会信用代码').inputValue()).resolves.toBe(code);
    await shot('department-form');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByText(`已新增政务部门：${name}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    await page.getByRole('searchbox', { name: '按部门名称或信用代码搜索' }).fill(code);
    await page.getByRole('searchbox', { name: '按部门名称或信用代码搜索' }).press('Enter');
    const row = page.getByRole('row').filter({ hasText: code });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(name);
    await shot('department-created');
  });

  it('refuses invalid credit codes with the Chinese message, on the field', async () => {
    await page.getByRole('button', { name: '新增政务部门' }).click();
    const dialog = page.getByRole('dialog', { name: '新增政务部门' });
    const codeInput = dialog.getByLabel('统一社会信用代码');

    // Checked while typing: too short.
    await codeInput.fill(code.slice(0, 12));
    await dialog.getByText('统一社会信用代码无效：长度应为 18 位（GB 32100）').waitFor();
    // A letter GB 32100 does not use.
    await codeInput.fill(`${code.slice(0, 17)}O`);
    await dialog.getByText(/统一社会信用代码无效：含有不允许的字符/).waitFor();

    // Right length and charset, wrong check character: the server says so, shown on the same field.
    const last = code.at(-1) === '0' ? '1' : '0';
    await codeInput.fill(code.slice(0, 17) + last);
    await dialog.getByLabel('部门名称').fill('四川省校验码错误测试局');
    await dialog.getByLabel('所属行政区划').click();
    await page.getByTitle('四川省（510000）').click();
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.getByText(/校验码不正确/).waitFor();
    await shot('invalid-code');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('switches to English and keeps the choice', async () => {
    await page.getByRole('button', { name: '语言' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'English' }).waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Departments' }).waitFor();
    await page.getByRole('menuitem', { name: 'Organisations' }).waitFor();
    await page.getByRole('button', { name: 'New department' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    await shot('english');

    await page.reload();
    await page.getByRole('heading', { name: 'Departments' }).waitFor();
  });

  it('signs out from the user menu', async () => {
    await page.getByRole('button', { name: 'admin' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect(page.evaluate(() => localStorage.getItem('govshare.token'))).resolves.toBeNull();
    await shot('signed-out');

    // The session is over: a protected page leads back to the login page.
    await page.goto(`${server.url}/audit`);
    await page.waitForURL('**/login');
  });
});
