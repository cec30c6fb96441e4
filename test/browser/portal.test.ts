import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { launch, newPage, shooter } from './support/browser.js';
import { PEOPLE, startTestExchange, type TestExchange } from './support/exchange.js';

// The open-data portal (Art. 26) as a member of the public uses it: no login; search, open a resource, read its
// items and licence, download CSV and xlsx served by a real node through the bus, masked. Run `npm run build:web` first.
describe('open-data portal screens', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let exchange: TestExchange;
  let browser: Browser;
  let page: Page;
  const shot = shooter(() => page, 'portal');
  const NAME = '检测人员公开名录（开放测试）';

  beforeAll(async () => {
    server = await startTestServer();
    exchange = await startTestExchange(server.url, server.adminPassword, { name: NAME, open: { toPublic: true } });
    browser = await launch();
    ({ page } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await exchange?.close();
    await server?.close();
  });

  it('searches the open resources without signing in and opens one', async () => {
    await page.goto(`${server.url}/open`);
    await page.getByRole('heading', { name: '四川省公共数据开放平台' }).waitFor();
    await page.getByText('重点领域').waitFor();
    await expect(page.getByTestId('domain-credit').textContent()).resolves.toContain('信用');
    await page.getByRole('searchbox', { name: /搜索开放数据/ }).fill('检测人员公开名录');
    await page.keyboard.press('Enter');
    const link = page.getByRole('link', { name: NAME });
    await link.waitFor();
    await shot('search');
    await link.click();
    await page.waitForURL(/\/open\/resources\//);
    await page.getByRole('heading', { name: NAME }).waitFor();
    await page.getByText('开放许可').waitFor();
    await expect(page.getByRole('row').filter({ hasText: '联系电话' }).textContent()).resolves.toContain('已脱敏');
    await shot('resource');
  });

  it('downloads CSV and xlsx, masked as the catalog says', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 CSV/ }).click()]);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('身份证号,姓名');
    expect(text).toContain('510104********2345');
    for (const p of PEOPLE) {
      expect(text).not.toContain(p.id);
      expect(text).not.toContain(p.phone);
    }
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载 XLSX/ }).click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(fs.statSync((await xlsx.path())!).size).toBeGreaterThan(1000);
  });

  it('says so plainly when a resource is not open', async () => {
    await page.goto(`${server.url}/open/resources/NOPE/0001`);
    await page.getByText('该资源不存在或未向社会开放').waitFor();
  });
});
