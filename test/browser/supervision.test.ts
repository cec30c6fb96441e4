import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// Supervision through the screens (SPEC C7, Art. 34, 39): the office opens its dashboard, drills into 省公安厅's
// evaluation and the rows behind a figure, and issues a rectification notice; 省公安厅's head replies with its
// rectification. Two browser contexts, one per person. Run `npm run build:web` first.
describe('supervision: dashboard → evaluation evidence → notice → reply', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let office: Page;
  let head: Page;
  let noticeUrl = '';
  const facts = '浏览器测试：资源目录部分条目未挂接前置节点，请补充（第三十九条）';
  const shotO = shooter(() => office, 'sup-office');
  const shotH = shooter(() => head, 'sup-head');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launch();
    ({ page: office } = await newPage(browser));
    ({ page: head } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the office its dashboard with charts and the ranking', async () => {
    await signIn(office, server.url, 'office', DEMO_PASSWORD);
    await openMenu(office, '监督评估', '监督看板');
    await office.getByRole('heading', { name: '监督看板' }).waitFor();
    for (const chart of ['部门得分排名', '共享类型构成', '月度趋势']) await office.locator(`[data-chart="${chart}"] canvas`).first().waitFor();
    await office.getByText('目录超期未更新').waitFor();
    await office.getByRole('link', { name: '四川省公安厅' }).first().waitFor();
    await shotO('dashboard');
  });

  it("drills into 省公安厅's evaluation and the rows behind a figure", async () => {
    await office.getByRole('link', { name: '四川省公安厅' }).first().click();
    await office.waitForURL(/\/supervision\/evaluation\/[^/?]+\?year=\d{4}$/);
    await office.getByRole('heading', { name: /评估明细 · 四川省公安厅/ }).waitFor();
    await expect(office.getByTestId('score').textContent()).resolves.toMatch(/^\d+(\.\d)?$/);
    await office.getByRole('cell', { name: '目录完整性' }).waitFor();
    await office.getByRole('button', { name: /^已发布资源 [1-9]\d*$/ }).click();
    const drawer = office.getByRole('dialog', { name: /目录完整性 · 已发布资源/ });
    await drawer.getByRole('list').locator('.ant-list-item').first().waitFor();
    await expect(drawer.locator('.ant-list-item').first().textContent()).resolves.toMatch(/（\d+\/\d+）/); // 资源名称（代码）
    await shotO('evidence');
    await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();
    await drawer.waitFor({ state: 'hidden' });
  });

  it('issues a notice from the evaluation: ground, facts, deadline in workdays', async () => {
    await office.getByRole('button', { name: '下发整改通知' }).click();
    const dialog = office.getByRole('dialog', { name: /下发整改通知 · 四川省公安厅/ });
    // facts are required: the form says so before anything is sent
    await dialog.getByRole('button', { name: '下发整改通知' }).click();
    await dialog.getByText('请填写事实').waitFor();
    await dialog.getByLabel('整改事由（第三十九条）').click();
    await office.getByTitle(/（三）提供不真实/).click();
    await dialog.getByLabel('事实').fill(facts);
    await dialog.getByLabel('整改期限（工作日）').fill('10');
    await dialog.getByRole('button', { name: '下发整改通知' }).click();
    await office.waitForURL(/\/supervision\/notices\/[0-9a-f-]{36}$/);
    noticeUrl = office.url();
    await office.locator('.ant-descriptions').getByText(facts).waitFor();
    await office.locator('.ant-descriptions').getByText('整改中').waitFor();
    await expect(office.locator('.ant-descriptions').textContent()).resolves.toMatch(/剩余 \d+ 个工作日/);
    await shotO('issued');
  });

  it("lets 省公安厅's head find the notice and reply with the rectification", async () => {
    await signIn(head, server.url, 'gat_head', DEMO_PASSWORD);
    await openMenu(head, '监督评估', '整改通知');
    const row = head.getByRole('row').filter({ hasText: facts });
    await row.getByRole('link', { name: '四川省公安厅' }).click();
    await head.waitForURL(noticeUrl);
    await head.getByRole('button', { name: '反馈整改情况' }).click();
    const dialog = head.getByRole('dialog', { name: '反馈整改情况' });
    await dialog.getByLabel('整改情况').fill('已为全部资源挂接前置节点并补充更新周期');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await head.locator('.ant-descriptions').getByText('已反馈整改').waitFor();
    await head.locator('.ant-descriptions').getByText(/已为全部资源挂接前置节点/).waitFor();
    await shotH('replied');

    // the office sees the reply and may accept it
    await office.reload();
    await office.getByRole('button', { name: '确认整改完成' }).click();
    await office.locator('.ant-descriptions').getByText('整改完成').waitFor();
  });
});
