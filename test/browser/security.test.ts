import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { apiAs, DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// The security screens (Art. 31, 32) as their users work them: the office handles an alert the monitoring job raised
// from real failed sign-ins; a department's security officer reports an incident and follows it.
describe('security alerts and incidents', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const shot = shooter(() => page, 'security');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launch();
    // Failed sign-ins of an unknown account (no department: the office is told), then the scheduler runs the rules.
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'intruder', password: `guess-${i}` }) });
      expect(r.status).toBe(401);
    }
    const admin = await apiAs(server.url, 'admin', server.adminPassword);
    await admin.call('POST', '/scheduler/run', {});
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the office sees the alert with its evidence, acknowledges and closes it with a note', async () => {
    ({ page } = await newPage(browser));
    await signIn(page, server.url, 'office', DEMO_PASSWORD);
    await openMenu(page, '安全监控', '安全告警');
    await page.getByRole('heading', { name: '安全告警' }).waitFor();
    await page.getByRole('link', { name: '多次登录失败' }).first().click();
    await page.getByText(/intruder/).first().waitFor();
    await page.getByText('auth.login').first().waitFor(); // the evidence events themselves
    await shot('alert');
    await page.getByRole('button', { name: /确\s*认/ }).first().click();
    const ack = page.getByRole('dialog', { name: '确认' });
    await ack.getByLabel('处理说明').fill('已核实为外部地址的口令猜测，已封禁来源地址');
    await ack.getByRole('button', { name: /提\s*交/ }).click();
    await ack.waitFor({ state: 'hidden' });
    await page.getByText('已确认').first().waitFor();
    await page.getByRole('button', { name: '关 闭', exact: true }).click();
    const close = page.getByRole('dialog', { name: '关闭' });
    await close.getByLabel('处理说明').fill('处置完毕');
    await close.getByRole('button', { name: /提\s*交/ }).click();
    await close.waitFor({ state: 'hidden' });
    await page.getByText(/office 于 .*处置完毕/).waitFor();
    await page.getByText('已关闭').first().waitFor();
    await shot('alert-closed');
  });

  it('a security officer reports an incident and sees it forwarded state and timeline', async () => {
    ({ page } = await newPage(browser));
    await signIn(page, server.url, 'gat_security', DEMO_PASSWORD);
    await openMenu(page, '安全监控', '安全事件');
    await page.getByText('暂无安全事件').waitFor();
    await page.getByRole('button', { name: '报告安全事件' }).click();
    const dialog = page.getByRole('dialog', { name: '报告安全事件' });
    await dialog.getByLabel('事件名称').fill('系统凭据疑似泄露');
    // The picker's popup can miss the first click while the dialog is still animating in: click until it shows.
    const picker = dialog.getByLabel('发现时间');
    await expect.poll(async () => {
      await picker.click();
      return page.getByText('此刻').isVisible();
    }, { timeout: 15_000 }).toBe(true);
    await page.getByText('此刻').click();
    await dialog.getByLabel('事件经过').fill('外部地址使用本厅系统凭据调用共享接口。');
    await dialog.getByLabel('已采取的措施').fill('已吊销凭据，保全日志。');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await page.getByRole('heading', { name: '系统凭据疑似泄露' }).waitFor();
    await page.getByText('未配置安全主管部门的接收地址，事件未转报').first().waitFor();
    await shot('incident');
    expect(await page.getByText('已报告').count()).toBeGreaterThan(0);
  });
});
