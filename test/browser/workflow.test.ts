import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { demoDepartmentId } from '../../src/demo/seed.js';
import { startTestServer } from '../../src/test-support/server.js';
import { apiAs, DEMO_PASSWORD, publishResource } from './support/api.js';
import { launch, newPage, openMenu, shooter, signIn } from './support/browser.js';

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
  const name = '机动车驾驶人信息（工作流测试）';
  const shotU = shooter(() => user, 'wf-user');
  const shotA = shooter(() => approver, 'wf-approver');

  beforeAll(async () => {
    server = await startTestServer();
    const editor = await apiAs(server.url, 'gat_editor');
    const reviewer = await apiAs(server.url, 'gat_reviewer');
    ({ code } = await publishResource(editor, reviewer, {
      name,
      kind: 'department',
      departmentId: demoDepartmentId('gat'),
      abstract: '全省机动车驾驶人的准驾车型、驾驶证状态信息。',
      format: 'database',
      items: [
        { name: '公民身份号码', dataType: 'C', length: 18 },
        { name: '姓名', dataType: 'C', length: 50 },
        { name: '准驾车型', dataType: 'C', length: 10 },
      ],
      shareType: 'conditional',
      shareConditions: '用于依法履职需要，经省公安厅审批后使用',
      shareMethods: ['api'],
      open: { toPublic: false },
      updateCycle: 'daily',
    }));
    browser = await launch();
    ({ page: user } = await newPage(browser));
    ({ page: approver } = await newPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets the data user apply from the catalog and follow the application', async () => {
    await signIn(user, server.url, 'rst_user', DEMO_PASSWORD);
    await user.goto(`${server.url}/catalog/resources/${code}`);
    await user.getByRole('heading', { name }).waitFor();
    await user.getByRole('button', { name: /申请使用/ }).click();
    const apply = user.getByRole('dialog', { name: `申请使用“${name}”` });
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

  it('files an objection from the resource page and the provider replies with a correction', async () => {
    await user.goto(`${server.url}/catalog/resources/${code}`);
    await user.getByRole('button', { name: '提出数据异议' }).click();
    const file = user.getByRole('dialog', { name: '提出数据异议' });
    await file.getByRole('checkbox', { name: '准驾车型' }).check();
    await file.getByLabel('异议内容').fill('部分驾驶人准驾车型与驾驶证记载不一致。');
    await file.getByRole('button', { name: /提\s*交/ }).click();
    await user.waitForURL(/\/objections\/[0-9a-f-]{36}$/);
    const objectionUrl = user.url();
    await user.getByText('部分驾驶人准驾车型与驾驶证记载不一致。').waitFor();
    await user.getByText('待答复').first().waitFor();
    await shotU('objection');

    await approver.goto(`${server.url}/objections?role=provider`);
    await approver.getByRole('row').filter({ hasText: name }).getByRole('link').click();
    await approver.waitForURL(objectionUrl);
    await approver.getByRole('button', { name: /答\s*复/ }).click();
    const reply = approver.getByRole('dialog', { name: '答复' });
    await reply.getByLabel('答复意见').fill('经核实属实，已按驾驶证档案更正。');
    await reply.getByLabel('更正记录').fill('更正 12 条记录的准驾车型。');
    await reply.getByRole('button', { name: /提\s*交/ }).click();
    await reply.waitFor({ state: 'hidden' });
    await approver.getByText('已更正').first().waitFor();
    await approver.locator('.ant-descriptions').getByText('更正 12 条记录的准驾车型。').waitFor();
    await shotA('objection-replied');
  });
});
