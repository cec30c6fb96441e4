import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDepartmentId } from '../../src/demo/seed.js';
import { startTestServer } from '../../src/test-support/server.js';
import { apiAs, publishResource } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

// The published catalog as a data user sees it: Chinese full-text and pinyin search, facets, a resource's detail
// page with its items and the field-level diff of two published versions. Run `npm run build:web` first.
describe('catalog search and resource detail', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  let code: string;
  const name = '危险化学品运输车辆通行信息';
  const shot = shooter(() => page, 'catalog');

  beforeAll(async () => {
    server = await startTestServer();
    // 省公安厅 publishes an entry (v1), then a second version with a new item (v2), as its editor and reviewer would.
    const editor = await apiAs(server.url, 'gat_editor');
    const reviewer = await apiAs(server.url, 'gat_reviewer');
    const body = {
      name,
      kind: 'department',
      departmentId: demoDepartmentId('gat'),
      abstract: '全省危险化学品道路运输车辆的通行证及通行路线信息。',
      format: 'database',
      items: [
        { name: '车牌号码', dataType: 'C', length: 10 },
        { name: '通行证编号', dataType: 'C', length: 30 },
        { name: '危险化学品类别', dataType: 'C', length: 50 },
        { name: '通行路线', dataType: 'M' },
        { name: '有效期至', dataType: 'D' },
      ],
      shareType: 'conditional',
      shareConditions: '用于交通运输、应急管理部门依法监管',
      shareMethods: ['api'],
      open: { toPublic: false },
      updateCycle: 'daily',
    };
    const v1 = await publishResource(editor, reviewer, body);
    code = v1.code;
    await editor.call('PUT', `/resources/${v1.id}`, {
      ...body,
      abstract: '全省危险化学品道路运输车辆的通行证、通行路线及押运人员信息。',
      items: [...body.items, { name: '押运员姓名', dataType: 'C', length: 50, mask: 'name' }],
    });
    await editor.call('POST', `/resources/${v1.id}/submit`);
    await reviewer.call('POST', `/resources/${v1.id}/review`, { decision: 'approve' });
    await reviewer.call('POST', `/resources/${v1.id}/publish`);

    browser = await launch();
    ({ page } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('finds a resource by a Chinese query and narrows the results with a facet', async () => {
    await signIn(page, server.url, 'rst_user', 'Govshare@2026');
    await openMenu(page, '资源目录', '目录检索');
    await page.getByRole('heading', { name: '目录检索' }).waitFor();
    // The demo catalog is there before any query.
    await page.getByText(/共 \d+ 个资源/).waitFor();
    await shot('browse');

    const search = page.getByRole('searchbox', { name: '检索资源目录' });
    await search.fill('危险化学品');
    await search.press('Enter');
    await page.waitForURL(/q=/);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.filter({ hasText: name }).waitFor();
    // Another department's entry on hazardous chemicals matches too, until the provider facet narrows it.
    expect(await rows.count()).toBeGreaterThan(1);
    const sortSelect = page.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: '排序', exact: true }) });
    await expect.poll(() => sortSelect.textContent()).toContain('相关度');
    await shot('query');

    const providers = page.getByRole('region', { name: '提供部门' });
    const gat = providers.getByRole('button', { name: /四川省公安厅/ });
    await expect(gat.textContent()).resolves.toMatch(/1$/);
    await gat.click();
    await page.waitForURL(/department=/);
    await page.getByText('提供部门：四川省公安厅').waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(name);
    await page.getByText('共 1 个资源').waitFor();
    // The provider facet does not narrow itself: the other providers stay offered with their counts, and a second
    // one widens the result (any of the chosen providers).
    const others = providers.getByRole('button', { pressed: false });
    await expect.poll(() => others.count()).toBeGreaterThan(0);
    await others.first().click();
    await page.waitForURL(/department=[^&]+%2C|department=[^&]+,/);
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.ant-tag').filter({ hasText: '提供部门：' }).count()).toBe(2);
    await gat.click(); // clears that one value only
    await expect.poll(() => page.locator('.ant-tag').filter({ hasText: '提供部门：' }).count()).toBe(1);
    await shot('facet');
  });

  it('sorts the results by name instead of relevance', async () => {
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.getByRole('combobox', { name: '排序', exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('名称', { exact: true }).click();
    await page.waitForURL(/sort=name/);
    const names = page.locator('.ant-table-tbody tr.ant-table-row td:first-child a');
    const sorted = (xs: string[]) => xs.length > 2 && xs.every((x, i) => i === 0 || xs[i - 1]! <= x);
    await expect.poll(async () => sorted(await names.allTextContents()), { timeout: 15_000 }).toBe(true);
    await page.getByRole('combobox', { name: '排序方向' }).waitFor();
  });

  it('finds it by pinyin initials too', async () => {
    const search = page.getByRole('searchbox', { name: '检索资源目录' });
    await search.fill('wxhxpys');
    await search.press('Enter');
    await page.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: name }).waitFor();
  });

  it('shows the resource on its own page with items, versions and the diff', async () => {
    await page.getByRole('link', { name }).click();
    await page.waitForURL(`**/catalog/resources/${code}`);
    await page.getByRole('heading', { name }).waitFor();
    // The breadcrumb names the resource under the page it was found from.
    const crumbs = page.locator('.gs-breadcrumb');
    await expect(crumbs.textContent()).resolves.toMatch(new RegExp(`资源目录.*目录检索.*${name}`));
    await page.getByText('用于交通运输、应急管理部门依法监管').waitFor();
    await page.getByText(/该资源为有条件共享，本部门尚无有效授权/).waitFor();
    await shot('detail');

    // Art. 23: a conditional resource is applied for; the dialog files the application with the provider.
    await page.getByRole('button', { name: /申请使用/ }).click();
    const apply = page.getByRole('dialog', { name: `申请使用“${name}”` });
    await expect(apply.getByRole('checkbox', { name: '车牌号码' }).isChecked()).resolves.toBe(true);
    await apply.getByLabel('用途').fill('危险化学品运输企业安全生产许可审查');
    await apply.getByLabel('依据').fill('《危险化学品安全管理条例》第四十三条');
    await apply.getByRole('button', { name: '提交申请' }).click();
    await page.getByText(/已提交共享申请，提供部门应在 \d{4}-\d{2}-\d{2} 前受理/).waitFor();
    await apply.waitFor({ state: 'hidden' });

    await page.getByRole('tab', { name: '信息项（6）' }).click();
    const escort = page.getByRole('row').filter({ hasText: '押运员姓名' });
    await escort.waitFor();
    await expect(escort.textContent()).resolves.toContain('姓名脱敏（仅保留首字）');
    await expect(escort.textContent()).resolves.toContain('有条件共享');
    await shot('items');

    await page.getByRole('tab', { name: '版本与变更' }).click();
    await page.getByRole('row').filter({ hasText: '历史版本' }).waitFor();
    await page.getByText('新增信息项').waitFor();
    const versions = page.getByRole('tabpanel', { name: '版本与变更' });
    await versions.locator('.ant-tag', { hasText: '押运员姓名' }).waitFor();
    const abstractRow = versions.getByRole('row').filter({ hasText: '信息资源摘要' });
    await expect(abstractRow.textContent()).resolves.toContain('押运人员信息');
    await shot('diff');
  });

  it('answers an unknown code with a clear page', async () => {
    await page.goto(`${server.url}/catalog/resources/999999/000001`);
    await page.getByText('资源不存在').waitFor();
    await page.getByRole('button', { name: '返回目录检索' }).waitFor();
  });
});
