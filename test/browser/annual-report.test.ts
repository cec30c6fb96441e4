import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// Art. 34 through the screen: the province office opens 监督评估 → 年度报告, picks the year and downloads the Excel
// and the PDF. Run `npm run build:web` first.
describe('annual report screen: the office downloads the xlsx and the PDF', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const shot = shooter(() => page, 'annual-report');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launch();
    ({ page } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('downloads both files with the Chinese title as their names', async () => {
    await signIn(page, server.url, 'office', DEMO_PASSWORD);
    await openMenu(page, '监督评估', '年度报告');
    await page.getByRole('heading', { name: '年度共享工作报告' }).waitFor();
    const year = page.getByLabel('年度');
    await year.fill('2026');
    await shot('form');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 Excel/ }).click()]);
    expect(xlsx.suggestedFilename()).toBe('四川省2026年度政务信息资源共享工作报告.xlsx');
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载 PDF/ }).click()]);
    expect(pdf.suggestedFilename()).toBe('四川省2026年度政务信息资源共享工作报告.pdf');
    expect(fs.readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
