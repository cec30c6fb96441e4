import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDepartmentId, seedDemo } from '../../src/demo/seed.js';
import { presentedKeys } from '../../src/trace/trace.hook.js';
import { startTestPlatform, type TestPlatform } from '../../src/test-support/platform.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, shooter, signIn } from './support/browser.js';

// 溯源查询 (Art. 33) as an auditor uses it: from the audit log to the trace screen, a record key traced to the query
// that presented it, and a watermarked export of the result. Run `npm run build:web` first.
describe('trace screen', () => {
  let platform: TestPlatform;
  let url: string;
  let browser: Browser;
  let page: Page;
  const shot = shooter(() => page, 'trace');
  const KEY = '510104199001011234';

  beforeAll(async () => {
    platform = await startTestPlatform({ host: '127.0.0.1', port: 0, demo: true });
    await seedDemo(platform.ctx);
    // One exchange as the bus logs it, the record key hashed by the bus's own hook.
    await platform.ctx.audit.record({
      action: 'exchange.query', actor: { id: null, name: 'rst_user', departmentId: demoDepartmentId('rst') }, objectType: 'resource', objectId: 'TEST-R-1',
      detail: { provider: demoDepartmentId('gat'), grant: 'g-1', rows: 1, ...(await presentedKeys(platform.ctx, { filter: [{ item: '公民身份号码', op: 'eq', value: KEY }] })) },
    });
    url = await platform.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launch();
    ({ page } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it('traces a record key to the query that presented it, and exports the trace with a watermark', async () => {
    await signIn(page, url, 'auditor', DEMO_PASSWORD);
    await page.getByRole('menu').getByText('审计日志').click();
    await page.waitForURL(/\/audit$/);
    await page.getByRole('button', { name: /溯源查询/ }).click();
    await page.waitForURL(/\/audit\/trace$/);
    await page.getByLabel('记录键（如身份证号）').fill(KEY);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('查询');
    expect(text).toContain('TEST-R-1');
    expect(text).toContain('rst_user');
    expect(text).toContain('记录键');
    await shot('record-key');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^trace-wm-[0-9a-f]{16}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv).toMatch(/^\uFEFF# govshare-watermark /);
    expect(csv).toContain('TEST-R-1');
    expect(csv).not.toContain(KEY);
  });

  it('is not offered to a data user', async () => {
    const { page: user } = await newPage(browser);
    await signIn(user, url, 'rst_user', DEMO_PASSWORD);
    await user.goto(`${url}/audit/trace`);
    await expect.poll(async () => (await user.getByLabel('记录键（如身份证号）').count())).toBe(0);
  });
});
