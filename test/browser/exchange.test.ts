import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';
import { startTestExchange, type TestExchange } from './support/exchange.js';

// Data exchange through the screens (SPEC C2, C3): a data user of 省人社厅 queries masked rows through the bus,
// compares a file of records without receiving the provider's data, and exports a resource with progress; the
// platform administrator suspends and resumes the node. A real node serves a CSV file. Run `npm run build:web` first.
describe('data exchange screens', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let exchange: TestExchange;
  let browser: Browser;
  let user: Page;
  let admin: Page;
  const shot = shooter(() => user, 'exchange');
  const shotAdmin = shooter(() => admin, 'exchange-admin');

  beforeAll(async () => {
    server = await startTestServer();
    exchange = await startTestExchange(server.url, server.adminPassword);
    browser = await launch();
    ({ page: user } = await newPage(browser));
    ({ page: admin } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await exchange?.close();
    await server?.close();
  });

  const resultRows = (page: Page) => page.locator('.ant-card').filter({ hasText: '查询结果' }).locator('.ant-table-tbody tr.ant-table-row');

  it('lists the usable data and queries it in the console: masked rows, filters, next page', async () => {
    await signIn(user, server.url, 'rst_user', DEMO_PASSWORD);
    await openMenu(user, '数据交换', '可用数据');
    const row = user.getByRole('row').filter({ hasText: exchange.name });
    await expect(row.textContent()).resolves.toContain('已接入');
    await shot('usable');
    await row.getByRole('link', { name: '查询', exact: true }).click();
    await user.waitForURL(/\/exchange\/query\?code=/);
    await user.getByText('返回的信息项').waitFor();

    // One person by ID number: the node masks what the catalog says (id_number, name, phone).
    await user.getByRole('button', { name: '添加条件' }).click();
    await user.getByLabel('第 1 个条件的信息项').click();
    await user.locator('.ant-select-dropdown:visible').getByTitle('身份证号', { exact: true }).click();
    await user.getByLabel('第 1 个条件的值').fill('510104199202022345');
    await user.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => resultRows(user).count()).toBe(1);
    const text = (await resultRows(user).first().textContent()) ?? '';
    expect(text).toContain('510104********2345');
    expect(text).toContain('李**');
    expect(text).toContain('139****2222');
    expect(text).not.toContain('510104199202022345');
    expect(text).not.toContain('李秀英');
    await user.getByText('部分信息项已按共享规则脱敏，脱敏在提供部门的节点完成，平台不经手原始数据').waitFor();
    await shot('query-masked');

    // All 43 rows, 20 a page: the cursor leads to the next page and back.
    await user.getByRole('button', { name: '删除第 1 个条件' }).click();
    await user.getByRole('button', { name: /查\s*询/ }).click();
    await user.getByText('第 1 页，本页 20 条').waitFor();
    await user.getByRole('button', { name: /下一页/ }).click();
    await user.getByText('第 2 页，本页 20 条').waitFor();
    await expect(resultRows(user).first().locator('td').first().textContent()).resolves.toBe('21');
    await shot('query-page2');
    await user.getByRole('button', { name: /上一页/ }).click();
    await user.getByText('第 1 页，本页 20 条').waitFor();
  });

  it('compares a file of records and downloads the verdicts, never a provider value', async () => {
    await openMenu(user, '数据交换', '可用数据');
    await user.getByRole('row').filter({ hasText: exchange.name }).getByRole('link', { name: '比对', exact: true }).click();
    await user.waitForURL(/\/exchange\/compare\?code=/);
    const csv = ['身份证号,姓名,备注', '510104199001011234,张三丰,相符', '510104199202022345,李秀芳,姓名有误', '510199200001019999,查无此人,不存在', ',缺少证件号,不发送'].join('\r\n');
    await user.locator('input[type=file]').setInputFiles({ name: '低保复核名单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    await user.getByText('低保复核名单.csv：4 条记录').waitFor();
    // Columns named like items are matched; the ID number is the key, the name is compared.
    await expect(user.getByRole('checkbox', { name: '身份证号' }).first().isChecked()).resolves.toBe(true);

    await user.getByRole('button', { name: /开始比对/ }).click();
    await user.getByText('比对须填写用途或案件编号').waitFor();
    await user.getByLabel('比对用途或案件编号').fill('2026 年城乡低保资格复核（川民发〔2026〕12 号）');
    await user.getByRole('button', { name: /开始比对/ }).click();
    const results = user.locator('.ant-card').filter({ hasText: '比对结果' }).last();
    await results.getByText('第 5 行缺少查找依据，未发送（共 1 行）').waitFor();
    const stat = (title: string) =>
      results.locator('.ant-statistic').filter({ has: user.locator('.ant-statistic-title').getByText(title, { exact: true }) }).locator('.ant-statistic-content').textContent();
    await expect(stat('一致')).resolves.toBe('1');
    await expect(stat('不一致')).resolves.toBe('1');
    await expect(stat('未找到')).resolves.toBe('1');
    await shot('compare');

    const [download] = await Promise.all([user.waitForEvent('download'), user.getByRole('button', { name: /下载结果/ }).click()]);
    expect(download.suggestedFilename()).toBe('低保复核名单-比对结果.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['文件行号', '身份证号', '比对结果', '姓名（比对）'],
      [2, '510104199001011234', '一致', '一致'],
      [3, '510104199202022345', '不一致', '不一致'],
      [4, '510199200001019999', '未找到', '未比对'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('李秀英');
  });

  it('exports a resource in the background with progress and a download', async () => {
    await openMenu(user, '数据交换', '批量导出');
    await user.getByLabel('信息资源').click();
    await user.locator('.ant-select-dropdown:visible').getByText(exchange.name).click();
    await user.getByRole('radio', { name: /CSV/ }).check();
    await user.getByRole('button', { name: /开始导出/ }).click();
    const job = user.getByRole('row').filter({ hasText: exchange.code });
    await job.getByText('已完成').waitFor();
    await expect(job.textContent()).resolves.toContain('43 行');
    // The shell says so wherever the user is.
    await user.getByText(`导出完成：${exchange.name}`).waitFor();
    await shot('export');

    const [download] = await Promise.all([user.waitForEvent('download'), job.getByRole('button', { name: /下\s*载/ }).click()]);
    const file = fs.readFileSync(await download.path(), 'utf8');
    // The watermark's signed header and trailer (Art. 39(4)) frame the rows; the rest is the item names and 43 rows.
    expect(file).toMatch(/^\uFEFF?# govshare-watermark /);
    const lines = file.trim().split(/\r?\n/).filter((l) => !/^\uFEFF?# govshare-watermark/.test(l));
    expect(lines).toHaveLength(44);
    expect(lines.join('\n')).toContain('510104********1234');
    expect(lines.join('\n')).not.toContain('510104199001011234');
  });

  it('lets the administrator check, suspend (with a reason) and resume the node', async () => {
    await signIn(admin, server.url, 'admin', server.adminPassword);
    await openMenu(admin, '数据交换', '数据服务节点');
    const row = admin.getByRole('row').filter({ hasText: '省公安厅数据服务节点' });
    await row.getByRole('button', { name: /立即检测/ }).click();
    await admin.getByText(/省公安厅数据服务节点 连接正常，延迟 \d+ ms/).waitFor();
    await expect(row.textContent()).resolves.toContain('运行中');

    await row.getByRole('button', { name: /暂停/ }).click();
    const dialog = admin.getByRole('dialog', { name: '暂停节点“省公安厅数据服务节点”' });
    await dialog.getByRole('button', { name: /暂\s*停/ }).click();
    await dialog.getByText('暂停节点须说明理由').waitFor();
    await dialog.getByLabel('暂停理由').fill('发现异常批量访问，暂停排查');
    await shotAdmin('suspend');
    await dialog.getByRole('button', { name: /暂\s*停/ }).click();
    await admin.getByText('已暂停节点：省公安厅数据服务节点').waitFor();
    await row.getByText('已暂停').waitFor();
    await shotAdmin('suspended');

    // The bus refuses at once, with a message that says why.
    await user.goto(`${server.url}/exchange/query?code=${encodeURIComponent(exchange.code)}`);
    await user.getByRole('button', { name: /查\s*询/ }).click();
    await user.getByText('提供该资源的数据服务节点已暂停').waitFor();
    await shot('suspended-query');

    await row.getByRole('button', { name: /恢复/ }).click();
    await admin.getByRole('dialog').getByRole('button', { name: /恢\s*复/ }).click();
    await admin.getByText('已恢复节点：省公安厅数据服务节点').waitFor();
    await row.getByText('运行中').waitFor();
  });
});
