import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDepartmentId } from '../../src/demo/seed.js';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD, apiAs } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// Art. 35 and 37 through the screens: 省公安厅 registers an IT project without a catalog and one whose catalog has not
// entered the platform; the auditor (省审计厅, read-only, every department) finds both on 项目目录关口 with the
// reason and the missing resource. Run `npm run build:web` first.
describe('project gate: the auditor sees projects blocked at approval and at acceptance', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  const tag = Date.now().toString(36);
  const noCatalog = `浏览器测试无目录项目${tag}`;
  const unpublished = `浏览器测试目录未入平台项目${tag}`;
  const planned = `项目规划资源${tag}`;
  const shot = shooter(() => page, 'project-gate');

  beforeAll(async () => {
    server = await startTestServer();
    const editor = await apiAs(server.url, 'gat_editor');
    const departmentId = demoDepartmentId('gat');
    await editor.call('POST', '/catalog/projects', { name: noCatalog, departmentId, resources: [] });
    await editor.call('POST', '/catalog/projects', {
      name: unpublished, departmentId, approvalNo: `川发改${tag}`,
      resources: [{
        name: planned, kind: 'department', abstract: '信息化项目建成后形成的数据资源。', format: 'database', items: [{ name: '登记编号', dataType: 'C', length: 30 }],
        shareType: 'unconditional', shareMethods: ['api'], open: { toPublic: false }, updateCycle: 'monthly',
      }],
    });
    browser = await launch();
    ({ page } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists both projects with their gate and reason, filters by gate, and shows the missing resource', async () => {
    await signIn(page, server.url, 'auditor', DEMO_PASSWORD);
    await openMenu(page, '监督评估', '项目目录关口');
    await page.getByRole('heading', { name: '信息化项目目录关口' }).waitFor();
    const rowA = page.getByRole('row').filter({ hasText: noCatalog });
    await rowA.getByText('不予立项', { exact: true }).waitFor();
    await expect(rowA.textContent()).resolves.toContain('不予审批立项');
    const rowB = page.getByRole('row').filter({ hasText: unpublished });
    await rowB.getByText('不予验收', { exact: true }).waitFor();
    await expect(rowB.textContent()).resolves.toContain('0 / 1');
    await rowB.getByRole('button', { name: /展开|Expand/ }).or(rowB.locator('.ant-table-row-expand-icon')).first().click();
    await page.getByText(planned).waitFor();
    await page.getByText('未编入平台').first().waitFor();
    await shot('all');
    await page.getByText(/^不予立项 \(\d+\)$/).click();
    await page.waitForURL(/status=blocked_approval/);
    await page.getByRole('row').filter({ hasText: noCatalog }).waitFor();
    await page.getByRole('row').filter({ hasText: unpublished }).waitFor({ state: 'detached' });
    await shot('approval');
  });
});
