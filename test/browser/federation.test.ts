import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connectToParent } from '../../src/federation/client.js';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '../../src/test-support/platform.js';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// 平台互联 (SPEC C8) through the screens: 成都's city platform asks to connect; the province office sees the request with
// the fingerprint 成都 shows, approves it; 成都's administrator sees the connection active. Run `npm run build:web` first.
describe('connected platforms screens', () => {
  let province: Awaited<ReturnType<typeof startTestServer>>;
  let city: TestPlatform;
  let cityUrl: string;
  let browser: Browser;
  let page: Page;
  const shot = shooter(() => page, 'federation');

  beforeAll(async () => {
    province = await startTestServer();
    city = await startTestPlatform({}, { GOVSHARE_LEVEL: 'city', GOVSHARE_REGION: '510100', GOVSHARE_PARENT_URL: province.url, GOVSHARE_PLATFORM_NAME: '成都市政务信息资源共享平台' });
    cityUrl = await city.app.listen({ host: '127.0.0.1', port: 0 });
    await connectToParent(city.ctx);
    browser = await launch();
    ({ page } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await city?.close();
    await province?.close();
  });

  it('the province office approves 成都 after comparing fingerprints', async () => {
    const cityFingerprint = ((await (await fetch(`${cityUrl}/api/v1/federation/key`)).json()) as { fingerprint: string }).fingerprint;
    await signIn(page, province.url, 'office', DEMO_PASSWORD);
    await openMenu(page, '组织机构管理', '平台互联');
    const row = page.getByRole('row').filter({ hasText: '成都市政务信息资源共享平台' });
    await expect(row.textContent()).resolves.toContain('待批准');
    await expect(row.textContent()).resolves.toContain(cityFingerprint);
    await shot('pending');
    await row.getByRole('button', { name: '批准接入' }).click();
    await expect.poll(() => row.textContent()).toContain('已接入');
    await shot('approved');
  });

  it("成都's administrator sees the connection active", async () => {
    const fresh = await newPage(browser);
    page = fresh.page;
    await signIn(page, cityUrl, 'admin', ADMIN_PASSWORD);
    await openMenu(page, '组织机构管理', '平台互联');
    await page.getByText('与省级平台的连接').waitFor();
    await page.getByRole('button', { name: '立即连接' }).click();
    await expect.poll(async () => (await page.locator('.ant-card').filter({ hasText: '与省级平台的连接' }).textContent()) ?? '').toContain('已接入');
    await shot('city');
  });
});
