import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../../src/test-support/server.js';
import { DEMO_PASSWORD } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';
import { startTestExchange, type TestExchange } from './support/exchange.js';

// The sharing workflow through the screens (SPEC C4, Art. 23, 24, 30): 省人社厅's data user applies for a
// conditional 省公安厅 resource; 省公安厅's share approver finds it in 我的待办, cannot refuse without a reason,
// approves; both sides sign the security agreement and the grant is active. Then an objection is filed and
// answered. Two browser contexts, one per person. Run `npm run build:web` first.
describe('sharing workflow: apply → decide → sign → grant; objection → reply', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let user: Page;
  let approver: Page;
  let code = '';
  let applicationUrl = '';
  const name = '人口基本信息（工作流测试）';
  let exchange: TestExchange;
  const shotU = shooter(() => user, 'wf-user');
  const shotA = shooter(() => approver, 'wf-approver');

  beforeAll(async () => {
    server = await startTestServer();
    // The resource is served by a real data-service node of 省公安厅 (a CSV file), so the grant can be used at the end.
    exchange = await startTestExchange(server.url, server.adminPassword, {
      name,
      abstract: '浏览器测试用：经审批后共享的人员基本信息。',
      shareType: 'conditional',
      shareConditions: '用于依法履职需要，经省公安厅审批后使用',
    });
    code = exchange.code;
    browser = await launch();
    ({ page: user } = await newPage(browser));
    ({ page: approver } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await exchange?.close();
    await server?.close();
  });

  it('lets the data user apply from the catalog and follow the application', async () => {
    await signIn(user, server.url, 'rst_user', DEMO_PASSWORD);
    await user.goto(`${server.url}/catalog/resources/${code}`);
    await user.getByRole('heading', { name }).waitFor();
    await user.getByRole('button', { name: /申请使用/ }).click();
    const apply = user.getByRole('dialog', { name: `申请使用“${name}”` });
    // A subset of the items (Art. 23): the phone number is not needed.
    await apply.getByRole('checkbox', { name: '联系电话' }).uncheck();
    await apply.getByLabel('用途').fill('社会保险待遇资格认证');
    await apply.getByLabel('依据').fill('《社会保险法》第七十二条');
    await apply.getByRole('button', { name: '提交申请' }).click();
    await apply.waitFor({ state: 'hidden' });

    await openMenu(user, '共享申请', '申请办理');
    await user.getByRole('tab', { name: '本部门提出的申请', selected: true }).waitFor();
    const row = user.getByRole('row').filter({ hasText: name });
    await expect(row.textContent()).resolves.toContain('待受理');
    await expect(row.textContent()).resolves.toMatch(/剩余 \d+ 个工作日/);
    await shotU('list');
    await row.getByRole('link', { name }).click();
    await user.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    applicationUrl = user.url();
    // The breadcrumb names the application's resource under 共享申请 / 申请办理.
    await user.locator('.gs-breadcrumb').getByText(name).waitFor();
    await expect(user.locator('.gs-breadcrumb').textContent()).resolves.toContain('共享申请/申请办理/');
    await user.locator('.ant-descriptions').getByText('社会保险待遇资格认证').waitFor();
    await user.getByRole('button', { name: '变更申请' }).waitFor();
    await user.getByRole('button', { name: '撤回申请' }).waitFor();
    await shotU('pending');
  });

  it("shows it in the approver's to-dos; a refusal needs a reason; the approver approves and signs", async () => {
    await signIn(approver, server.url, 'gat_approver', DEMO_PASSWORD);
    const todo = approver.getByRole('row').filter({ hasText: name });
    await expect(todo.textContent()).resolves.toContain('受理共享申请');
    await expect(todo.textContent()).resolves.toMatch(/\d{4}-\d{2}-\d{2}（剩余 \d+ 个工作日）/);
    await shotA('todos');
    await todo.getByRole('link').click();
    await approver.waitForURL(applicationUrl);

    await approver.getByRole('button', { name: /不予共享/ }).click();
    const refuse = approver.getByRole('dialog', { name: '不予共享' });
    await refuse.getByRole('button', { name: '确认不予共享' }).click();
    await refuse.getByText('不予共享须说明理由').waitFor();
    await shotA('refuse-blocked');
    await refuse.getByRole('button', { name: /取\s*消/ }).click();
    await refuse.waitFor({ state: 'hidden' });

    await approver.getByRole('button', { name: /批\s*准/ }).click();
    const approve = approver.getByRole('dialog', { name: '批准共享申请' });
    await approve.getByLabel('单次最多记录数').fill('500'); // the grant's quota, enforced by the node
    await approve.getByRole('button', { name: '确认批准' }).click();
    await approve.waitFor({ state: 'hidden' });
    await approver.getByText('已批准待签署协议').first().waitFor();
    await approver.getByText('双方均签署后授权生效，申请方即可通过共享交换平台使用数据。').first().waitFor();

    await approver.getByRole('button', { name: '以提供方身份签署' }).click();
    const sign = approver.getByRole('dialog', { name: '以提供方身份签署' });
    await expect(sign.getByLabel('签署人（姓名、职务）').inputValue()).resolves.toBe('gat_approver');
    await sign.getByRole('button', { name: '确认签署' }).click();
    await sign.waitFor({ state: 'hidden' });
    await approver.getByText(/gat_approver 于 .* 签署/).waitFor();
    await shotA('signed');
  });

  it('lets the data user sign too, and the grant is active', async () => {
    await user.goto(applicationUrl);
    // The approval reached the applicant's inbox: the bell counts it, the drawer lists it, marking read clears it.
    await user.locator('.gs-header .ant-badge-count').waitFor();
    await user.getByRole('button', { name: '站内消息' }).click();
    const inbox = user.getByRole('dialog', { name: '站内消息' });
    await inbox.locator('.ant-list-item').first().waitFor();
    await user.waitForTimeout(400); // let the drawer finish sliding in for the screenshot
    await shotU('inbox');
    await inbox.getByRole('button', { name: '全部标为已读' }).click();
    await user.locator('.gs-header .ant-badge-count').waitFor({ state: 'hidden' });
    await user.keyboard.press('Escape');
    await inbox.waitFor({ state: 'hidden' });

    await user.getByRole('button', { name: '以申请方身份签署' }).click();
    const sign = user.getByRole('dialog', { name: '以申请方身份签署' });
    await sign.getByRole('button', { name: '确认签署' }).click();
    await sign.waitFor({ state: 'hidden' });
    await user.getByText(/授权已生效/).waitFor();
    await user.getByText('已授权').first().waitFor();
    await user.getByText(/rst_user 于 .* 签署/).waitFor();
    await user.getByText(/gat_approver 于 .* 签署/).waitFor();
    await shotU('active');
  });

  const resultRows = (page: Page) => page.locator('.ant-card').filter({ hasText: '查询结果' }).locator('.ant-table-tbody tr.ant-table-row');

  it('lets the data user query within the grant (masked rows) and refuses an item outside it', async () => {
    await openMenu(user, '数据交换', '可用数据');
    await user.getByRole('row').filter({ hasText: name }).getByRole('link', { name: '查询', exact: true }).click();
    await user.waitForURL(/\/exchange\/query\?code=/);
    await user.getByText('返回的信息项').waitFor();
    // The console offers the granted items only: the phone number was not applied for.
    await user.getByRole('checkbox', { name: /姓名/ }).waitFor();
    await expect(user.getByRole('checkbox', { name: /联系电话/ }).count()).resolves.toBe(0);

    await user.getByRole('button', { name: '添加条件' }).click();
    await user.getByLabel('第 1 个条件的信息项').click();
    await user.locator('.ant-select-dropdown:visible').getByTitle('身份证号', { exact: true }).click();
    await user.getByLabel('第 1 个条件的值').fill('510104199202022345');
    await user.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => resultRows(user).count()).toBe(1);
    const text = (await resultRows(user).first().textContent()) ?? '';
    expect(text).toContain('510104********2345');
    expect(text).toContain('李**');
    expect(text).not.toContain('510104199202022345');
    expect(text).not.toContain('李秀英');
    expect(text).not.toContain('139');
    await shotU('query-granted');

    // A list loaded before the grant was narrowed (simulated: the phone number added back) lets the user ask for an
    // item outside the grant; the bus refuses it (ITEM_NOT_GRANTED) and the console shows why.
    await user.route('**/api/v1/exchange/usable**', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { items: Array<{ code: string; items: Array<{ name: string; dataType: string; mask: string | null }> }> };
      for (const u of body.items) if (u.code === code) u.items.push({ name: '联系电话', dataType: 'C', mask: 'phone' });
      await route.fulfill({ response: res, json: body });
    });
    await user.reload();
    await user.getByRole('checkbox', { name: /联系电话/ }).check();
    await user.getByRole('button', { name: /查\s*询/ }).click();
    await user.getByText('以下信息项不在授权范围内：联系电话').waitFor();
    await shotU('query-refused');
    await user.unroute('**/api/v1/exchange/usable**');
  });

  it('lists the grant in 授权管理 with its usage; the provider suspends (reason required) and resumes it; the user files a renewal', async () => {
    await openMenu(approver, '共享申请', '授权管理');
    await approver.getByRole('tab', { name: '本部门资源的授权' }).click();
    const row = approver.getByRole('row').filter({ hasText: name });
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('生效中');
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('四川省人力资源和社会保障厅');
    expect(text).toContain('身份证号');
    expect(text).not.toContain('联系电话');
    expect(text).toContain('每次最多 500 条');
    expect(text).toMatch(/1 次，\d+ 条/); // the one successful query; the refused one is not use
    await shotA('grants');

    await row.getByRole('button', { name: /暂\s*停/ }).click();
    const suspend = approver.getByRole('dialog', { name: `暂停授权“${name}”` });
    await suspend.getByRole('button', { name: /暂\s*停/ }).click();
    await suspend.getByText('须说明理由').waitFor();
    await suspend.getByLabel('理由').fill('发现异常批量访问，暂停核查');
    await suspend.getByRole('button', { name: /暂\s*停/ }).click();
    await approver.getByText(`已暂停授权：${name}`).waitFor();
    await row.getByText('已暂停').waitFor();
    await shotA('grant-suspended');

    // The consumer sees it suspended, and the data is no longer usable.
    await openMenu(user, '共享申请', '授权管理');
    await user.getByRole('tab', { name: '本部门获得的授权', selected: true }).waitFor();
    await user.getByRole('row').filter({ hasText: name }).getByText('已暂停').waitFor();
    await openMenu(user, '数据交换', '可用数据');
    await user.waitForURL(/\/exchange\/usable/);
    await user.getByRole('link', { name: '查询', exact: true }).first().waitFor(); // the list has loaded (other departments' open data)
    await expect(user.getByRole('row').filter({ hasText: name }).count()).resolves.toBe(0);

    await row.getByRole('button', { name: /恢\s*复/ }).click();
    const resume = approver.getByRole('dialog', { name: `恢复授权“${name}”` });
    await resume.getByLabel('理由').fill('核查完毕，恢复使用');
    await resume.getByRole('button', { name: /恢\s*复/ }).click();
    await approver.getByText(`已恢复授权：${name}`).waitFor();
    await row.getByText('生效中').waitFor();

    // Renewal: an amendment pre-filled from the grant, linked to the application.
    await openMenu(user, '共享申请', '授权管理');
    const mine = user.getByRole('row').filter({ hasText: name });
    await mine.getByText('生效中').waitFor();
    await mine.getByRole('button', { name: /续期申请/ }).click();
    const renew = user.getByRole('dialog', { name: `续期申请：${name}` });
    await expect(renew.getByLabel('使用用途').inputValue()).resolves.toBe('社会保险待遇资格认证');
    await expect(renew.getByRole('checkbox', { name: '姓名' }).isChecked()).resolves.toBe(true);
    await shotU('renew');
    await renew.getByRole('button', { name: '提交续期申请' }).click();
    await user.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    expect(user.url()).not.toBe(applicationUrl);
    await user.getByText('待受理').first().waitFor();
  });

  it('files an objection from the resource page and the provider replies with a correction', async () => {
    await user.goto(`${server.url}/catalog/resources/${code}`);
    await user.getByRole('button', { name: '提出数据异议' }).click();
    const file = user.getByRole('dialog', { name: '提出数据异议' });
    await file.getByRole('checkbox', { name: '出生日期' }).check();
    await file.getByLabel('异议内容').fill('部分人员出生日期与户籍档案记载不一致。');
    await file.getByRole('button', { name: /提\s*交/ }).click();
    await user.waitForURL(/\/objections\/[0-9a-f-]{36}$/);
    const objectionUrl = user.url();
    await user.locator('.ant-descriptions').getByText('部分人员出生日期与户籍档案记载不一致。').waitFor();
    await user.getByText('待答复').first().waitFor();
    await shotU('objection');

    await approver.goto(`${server.url}/objections?role=provider`);
    await approver.getByRole('row').filter({ hasText: name }).getByRole('link').click();
    await approver.waitForURL(objectionUrl);
    await approver.getByRole('button', { name: /答\s*复/ }).click();
    const reply = approver.getByRole('dialog', { name: '答复' });
    await reply.getByLabel('答复意见').fill('经核实属实，已按户籍档案更正。');
    await reply.getByLabel('更正记录').fill('更正 12 条记录的出生日期。');
    await reply.getByRole('button', { name: /提\s*交/ }).click();
    await reply.waitFor({ state: 'hidden' });
    await approver.getByText('已更正').first().waitFor();
    await approver.locator('.ant-descriptions').getByText('更正 12 条记录的出生日期。').waitFor();
    await shotA('objection-replied');
  });
});
