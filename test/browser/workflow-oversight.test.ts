import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedDemo } from '../../src/demo/seed.js';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '../../src/test-support/platform.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// The oversight screens of the workflow (Art. 23–25, 39) on the demo data (applications in every state, one of them
// overdue): the office's 超期督办 with the responsible department and workdays overdue, a department head's own list,
// and 授权管理 across the region. Run `npm run build:web` first.
describe('workflow oversight: overdue deadlines and grants across the region', () => {
  let platform: TestPlatform;
  let url: string;
  let browser: Browser;
  let page: Page;
  const shot = shooter(() => page, 'wf-oversight');

  beforeAll(async () => {
    platform = await startTestPlatform({ host: '127.0.0.1', port: 0, demo: true });
    await seedDemo(platform.ctx); // with config.demo the workflow demo data is seeded too
    url = await platform.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launch();
    ({ page } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  it("shows the office what is overdue, who is responsible and by how many workdays", async () => {
    const expected = (await platform.app.inject({ method: 'GET', url: '/api/v1/deadlines/overdue', headers: await platform.login('admin', ADMIN_PASSWORD) })).json().items as Array<{ subjectId: string; departmentName: string; workdaysOverdue: number; type: string }>;
    const late = expected.find((x) => x.type === 'application.decide');
    expect(late).toBeDefined();
    await signIn(page, url, 'office', DEMO_PASSWORD);
    await openMenu(page, '共享申请', '超期督办');
    await page.getByText(/共 \d+ 项超期/).waitFor();
    const row = page.getByRole('row').filter({ hasText: '受理共享申请' }).first();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(late!.departmentName);
    expect(text).toContain(`${late!.workdaysOverdue} 个工作日`);
    await shot('overdue');
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/applications/${late!.subjectId}$`));
    await page.getByText('待受理').first().waitFor();
  });

  it('lists every grant of the region for the office, with status, items, period and usage', async () => {
    await openMenu(page, '共享申请', '授权管理');
    await page.getByRole('tab', { name: '本区域全部授权', selected: true }).waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('生效中');
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} ~ \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('0 次，0 条');
    await row.getByRole('button', { name: /撤\s*销/ }).waitFor(); // the office may revoke
    await shot('grants-region');
  });

  it("gives a department head its own department's overdue steps only", async () => {
    const { page: head } = await newPage(browser);
    await signIn(head, url, 'gat_head', DEMO_PASSWORD);
    await openMenu(head, '共享申请', '超期督办');
    await head.getByText(/共 \d+ 项超期/).waitFor();
    const rows = head.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const t of await rows.allTextContents()) expect(t).toContain('四川省公安厅');
  });
});
