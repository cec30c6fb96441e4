import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// The catalog's lifecycle through the screens (SPEC C1, Art. 10): an editor of 省公安厅 creates and submits an
// entry; the department's reviewer rejects one item with a comment; the editor fixes it and resubmits; the
// reviewer approves and publishes. Two browser contexts, one per person. Run `npm run build:web` first.
describe('catalog workflow: edit → submit → review → fix → approve → publish', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let editor: Page;
  let reviewer: Page;
  let workingUrl = '';
  const name = '机动车检验合格标志核发信息';
  const shotE = shooter(() => editor, 'workflow-editor');
  const shotR = shooter(() => reviewer, 'workflow-reviewer');

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launch();
    ({ page: editor } = await newPage(browser));
    ({ page: reviewer } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function pick(page: Page, label: string, option: string) {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }

  it('lets the editor create an entry, checked while typing, and submit it', async () => {
    await signIn(editor, server.url, 'gat_editor', DEMO_PASSWORD);
    await openMenu(editor, '资源目录', '我的目录');
    // An editor starts at the department's drafts.
    await editor.getByRole('tab', { name: /草稿/, selected: true }).waitFor();
    await editor.getByRole('button', { name: '新建资源' }).click();
    await editor.getByRole('heading', { name: '新建信息资源' }).waitFor();

    await editor.getByLabel('信息资源名称').fill(name);
    await pick(editor, '信息资源格式', '数据库');
    await editor.getByLabel('格式类型').fill('达梦');
    await pick(editor, '更新周期', '每日');
    // The abstract's rule, with the server's wording, as soon as the field is emptied.
    const abstract = editor.getByLabel('信息资源摘要');
    await abstract.fill('x');
    await abstract.fill('');
    await editor.getByText('信息资源摘要不能为空').waitFor();
    await abstract.fill('机动车安全技术检验合格后核发检验合格标志的记录。');

    await editor.getByLabel('第 1 个信息项名称').fill('号牌号码');
    await editor.getByLabel('第 1 个信息项数据长度').fill('10');
    await editor.getByRole('button', { name: '添加信息项' }).click();
    await editor.getByLabel('第 2 个信息项名称').fill('号牌号码');
    await editor.getByText('信息项名称“号牌号码”重复').waitFor();
    await editor.getByLabel('第 2 个信息项名称').fill('所有人姓名');
    await editor.getByLabel('第 2 个信息项数据长度').fill('50');
    await editor.getByRole('button', { name: '添加信息项' }).click();
    await editor.getByLabel('第 3 个信息项名称').fill('检验日期');
    await pick(editor, '第 3 个信息项数据类型', '日期型（D）');

    await editor.getByLabel('共享条件').fill('用于依法履职需要，经省公安厅审批后使用');
    await editor.getByRole('checkbox', { name: '库表' }).check();
    await shotE('form');

    await editor.getByRole('button', { name: '保存并提交审核' }).click();
    await editor.waitForURL(/\/catalog\/mine\/[0-9a-f-]{36}$/);
    workingUrl = editor.url();
    await editor.getByText(`已保存并提交审核：${name}`).waitFor();
    await editor.getByText('已提交，等待本部门审核员逐条审核。').waitFor();
    await shotE('submitted');
  });

  it('lets the reviewer reject one item with a comment', async () => {
    await signIn(reviewer, server.url, 'gat_reviewer', DEMO_PASSWORD);
    await openMenu(reviewer, '资源目录', '我的目录');
    // A reviewer starts at what waits for review.
    await reviewer.getByRole('tab', { name: /待审核/, selected: true }).waitFor();
    const row = reviewer.getByRole('row').filter({ hasText: name });
    await row.getByRole('link', { name: '审核' }).click();
    await reviewer.getByText('逐条审核：对每个信息项选择“通过”或“退回”').waitFor();

    const owner = reviewer.getByRole('row').filter({ hasText: '所有人姓名' });
    await owner.getByText('退回', { exact: true }).click();
    // A rejected item needs a reason before anything is sent.
    await reviewer.getByRole('button', { name: '退回修改' }).click();
    await reviewer.getByText('退回信息项“所有人姓名”须说明理由').waitFor();
    await reviewer.getByLabel('退回理由：所有人姓名').fill('所有人姓名属个人信息，应设置姓名脱敏');
    await expect(reviewer.getByRole('button', { name: '审核通过' }).isDisabled()).resolves.toBe(true);
    await shotR('reject-item');
    await reviewer.getByRole('button', { name: '退回修改' }).click();
    await reviewer.getByRole('dialog').getByRole('button', { name: '退回修改' }).click();
    await reviewer.getByText(`已退回修改：${name}`).waitFor();
    await reviewer.getByText(/已被退回（审核员/).waitFor();
  });

  it('lets the editor see the comment, fix the item and resubmit', async () => {
    await editor.goto(workingUrl);
    await editor.getByText(/已被退回（审核员/).waitFor();
    await editor.getByText('1 个信息项被退回，见“信息项”页签中的理由。').waitFor();
    const rejected = editor.locator('tr.gs-row-rejected');
    await expect(rejected.textContent()).resolves.toContain('所有人姓名属个人信息，应设置姓名脱敏');
    await shotE('rejected');

    await editor.getByRole('button', { name: /修\s*改$/ }).click();
    await editor.getByText('退回理由：所有人姓名属个人信息，应设置姓名脱敏').waitFor();
    await pick(editor, '第 2 个信息项脱敏规则', '姓名脱敏（仅保留首字）');
    await shotE('fix');
    await editor.getByRole('button', { name: '保存并提交审核' }).click();
    await editor.waitForURL(workingUrl);
    await editor.getByText('已提交，等待本部门审核员逐条审核。').waitFor();
  });

  it('lets the reviewer approve and publish it', async () => {
    await reviewer.goto(`${workingUrl}/review`);
    const owner = reviewer.getByRole('row').filter({ hasText: '所有人姓名' });
    await expect(owner.textContent()).resolves.toContain('姓名脱敏（仅保留首字）');
    await reviewer.getByRole('button', { name: '审核通过' }).click();
    await reviewer.getByRole('dialog').getByRole('button', { name: '审核通过' }).click();
    await reviewer.getByText('审核通过（已注册），可以发布。').waitFor();

    await reviewer.locator('.gs-resource-head').getByRole('button', { name: /发\s*布$/ }).click();
    await reviewer.getByRole('dialog').getByRole('button', { name: /^发\s*布$/ }).click();
    await reviewer.getByText(`已发布：${name}`).waitFor();
    await reviewer.getByRole('dialog').waitFor({ state: 'hidden' });
    await reviewer.locator('.gs-resource-head').getByText('已发布', { exact: true }).waitFor();
    await shotR('published');

    // Now in the province catalog for everyone.
    await reviewer.getByRole('button', { name: '查看已发布版本' }).click();
    await reviewer.waitForURL(/\/catalog\/resources\/\d+\/\d+$/);
    await reviewer.getByRole('heading', { name }).waitFor();
  });

  it('imports the spreadsheet: a row-level error report first, nothing imported, then the fixed file', async () => {
    await openMenu(editor, '资源目录', '目录导入导出');
    const [template] = await Promise.all([editor.waitForEvent('download'), editor.getByRole('button', { name: /下载 Excel 模板/ }).click()]);
    const original = fs.readFileSync(await template.path());

    // Break the template's example (a data type the guide does not have) and add an entry without an abstract.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(original as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const col = (header: string) => (ws.getRow(1).values as unknown[]).indexOf(header);
    const example = String(ws.getRow(2).getCell(col('信息资源名称')).value);
    ws.getRow(2).getCell(col('数据类型')).value = 'X';
    const added = ws.getRow(ws.rowCount + 1);
    const cells: Record<string, string> = {
      信息资源名称: '出入境证件签发信息', 资源分类: '部门', 信息资源格式: '数据库', 信息项名称: '证件号码', 数据类型: 'C',
      共享类型: '无条件共享', 共享方式: '接口', 是否向社会开放: '否', 更新周期: '每日',
    };
    for (const [header, value] of Object.entries(cells)) added.getCell(col(header)).value = value;
    const broken = Buffer.from(await wb.xlsx.writeBuffer());

    const upload = (name: string, buffer: Buffer) =>
      editor.locator('input[type=file]').setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await upload('公安厅目录.xlsx', broken);
    await editor.getByText(/公安厅目录\.xlsx 有 \d+ 处错误，未导入任何资源/).waitFor();
    const report = editor.locator('.ant-table').filter({ hasText: '错误说明' });
    // Sheet, row and column as the clerk sees them in Excel.
    const letter = (header: string) => String.fromCharCode(64 + col(header));
    const typeRow = report.getByRole('row').filter({ hasText: '“数据类型”的值“X”' });
    await expect(typeRow.textContent()).resolves.toMatch(new RegExp(`^${ws.name}2${letter('数据类型')} 数据类型`));
    const abstractRow = report.getByRole('row').filter({ hasText: '信息资源摘要不能为空' });
    await expect(abstractRow.textContent()).resolves.toMatch(new RegExp(`^${ws.name}${added.number}${letter('信息资源摘要')} 信息资源摘要`));
    await shotE('import-errors');

    await upload('公安厅目录.xlsx', original);
    await editor.getByText(/导入成功：\d+ 个资源已保存为草稿/).waitFor();
    await editor.getByRole('link', { name: example }).waitFor();
    await shotE('import-done');
  });

  it('retires the published entry only with a reason, shown in its history; my catalog counts it under its tab', async () => {
    await reviewer.goto(workingUrl);
    await reviewer.locator('.gs-resource-head').getByRole('button', { name: /下\s*线/ }).click();
    const dialog = reviewer.getByRole('dialog', { name: `下线“${name}”？` });
    await dialog.getByRole('button', { name: /下\s*线/ }).click();
    await dialog.getByText('请填写下线理由').waitFor();
    await dialog.getByLabel('下线理由').fill('检验合格标志改为电子证照，数据并入电子证照基础信息');
    await dialog.getByRole('button', { name: /下\s*线/ }).click();
    await reviewer.getByText(`已下线：${name}`).waitFor();
    await reviewer.getByText('下线理由：检验合格标志改为电子证照，数据并入电子证照基础信息').waitFor();
    await reviewer.getByRole('tab', { name: '版本与变更' }).click();
    await reviewer.getByRole('row').filter({ hasText: '检验合格标志改为电子证照' }).waitFor();
    await shotR('retired');

    await openMenu(editor, '资源目录', '我的目录');
    const retiredTab = editor.getByRole('tab', { name: /已下线/ });
    await expect.poll(async () => (await retiredTab.textContent()) ?? '').toMatch(/已下线\s*1$/);
    const draftTab = editor.getByRole('tab', { name: /草稿/ });
    await expect.poll(async () => (await draftTab.textContent()) ?? '').toMatch(/草稿\s*\d+$/);
  });
});
