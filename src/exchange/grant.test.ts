import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInShanghai } from '../calendar/dates.js';
import { demoDepartmentId } from '../demo/seed.js';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';

// The grant management lists and actions (issue 6 item 3): each side sees its own grants, the office its region,
// with usage from the bus's audit events; suspend → resume → revoke by the provider or the office, with a reason.
let f: WorkflowFixture;
let grantId: string;
let applicationId: string;
const today = todayInShanghai();
type GrantOut = { id: string; status: string; expired: boolean; usage: { calls: number; rows: number; lastUsedAt: string | null } } & Record<string, unknown>;
const ids = async (url: string, who: string) => ((await f.get(url, who)).json().items as GrantOut[]).map((g) => g.id);

beforeAll(async () => {
  f = await startWorkflowPlatform();
  f.setToday(today);
  applicationId = (await f.post('/applications', 'rst_user', apply(f.codes.conditional, { items: ['公民身份号码', '姓名'], validUntil: addDays(today, 60) }))).json().id;
  await f.post(`/applications/${applicationId}/decision`, 'gat_approver', { decision: 'approve', items: ['公民身份号码', '姓名'], masks: { 姓名: 'name' }, maxRecords: 500 });
  await f.post(`/applications/${applicationId}/agreement`, 'gat_approver', { party: 'provider', signedBy: '李四' });
  grantId = (await f.post(`/applications/${applicationId}/agreement`, 'rst_user', { party: 'consumer', signedBy: '张三' })).json().grantId;
}, 180_000);
afterAll(async () => f?.p.close());

describe('grant management (lists by side and region, status changes)', () => {
  it('lists a grant for its consumer, its provider and the office of the region, with names, items, masks and period', async () => {
    expect(grantId).toMatch(/^[0-9a-f-]{36}$/);
    const mine = ((await f.get('/grants?role=consumer', 'rst_user')).json().items as GrantOut[]).find((g) => g.id === grantId);
    expect(mine).toMatchObject({
      resourceCode: f.codes.conditional, resourceName: '机动车驾驶人信息（测试）', consumerDepartmentId: demoDepartmentId('rst'), consumerName: '四川省人力资源和社会保障厅',
      providerDepartmentId: demoDepartmentId('gat'), providerName: '四川省公安厅', items: ['公民身份号码', '姓名'], masks: { 姓名: 'name' }, validUntil: addDays(today, 60),
      status: 'active', expired: false, applicationId, maxRecords: 500, dailyQuota: null, usage: { calls: 0, rows: 0, lastUsedAt: null },
    });
    expect((await f.get(`/applications/${applicationId}`, 'rst_user')).json().maxRecords).toBe(500); // the limit set at approval
    expect((await f.get(`/applications/${applicationId}/agreement`, 'rst_user')).json().content.maxRecords).toBe(500); // and agreed to
    expect((await f.post(`/applications/${applicationId}/decision`, 'gat_approver', { decision: 'approve', maxRecords: 0 })).statusCode).toBe(400);
    expect(await ids('/grants?role=provider', 'rst_user')).not.toContain(grantId);
    expect(await ids('/grants?role=provider', 'gat_approver')).toContain(grantId);
    expect(await ids('/grants?role=consumer', 'gat_approver')).not.toContain(grantId);
    expect(await ids('/grants?role=all', 'gat_approver')).toContain(grantId);
    expect(await ids('/grants', 'wjw_user')).not.toContain(grantId); // another department
    expect(await ids('/grants', 'office')).toContain(grantId); // the province's office: both sides are in its region
    expect(await ids('/grants', 'cd_office')).not.toContain(grantId); // 成都's office: neither side is
    expect((await f.get('/grants?status=bogus', 'office')).statusCode).toBe(400);
  });

  it('counts the use recorded by the bus (successful exchanges with the grant)', async () => {
    const actor = { id: null, name: 'rst_user', departmentId: demoDepartmentId('rst') };
    await f.p.ctx.audit.record({ action: 'exchange.query', outcome: 'success', actor, objectType: 'resource', objectId: f.codes.conditional, detail: { grant: grantId, rows: 20 } });
    await f.p.ctx.audit.record({ action: 'exchange.export', outcome: 'success', actor, objectType: 'resource', objectId: f.codes.conditional, detail: { grant: grantId, rows: 5 } });
    await f.p.ctx.audit.record({ action: 'exchange.query', outcome: 'denied', actor, objectType: 'resource', objectId: f.codes.conditional, detail: { grant: grantId } });
    await f.p.ctx.audit.record({ action: 'exchange.ticket.query', outcome: 'success', actor, objectType: 'resource', objectId: f.codes.conditional, detail: { grant: grantId } });
    const g = ((await f.get('/grants?role=consumer', 'rst_user')).json().items as GrantOut[]).find((x) => x.id === grantId)!;
    expect(g.usage).toMatchObject({ calls: 2, rows: 25 });
    expect(g.usage.lastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('suspends, resumes and revokes with a reason, by the provider or the office only, and filters by status', async () => {
    expect((await f.post(`/grants/${grantId}/suspend`, 'gat_approver', {})).statusCode).toBe(400); // reason required
    expect((await f.post(`/grants/${grantId}/suspend`, 'gat_approver', { reason: '' })).statusCode).toBe(400);
    expect((await f.post(`/grants/${grantId}/suspend`, 'rst_user', { reason: '自行暂停' })).statusCode).toBe(403); // the consumer cannot
    expect((await f.post(`/grants/${grantId}/suspend`, 'scjgj_approver', { reason: '越权' })).statusCode).toBe(404); // another provider's approver
    expect((await f.post(`/grants/${grantId}/suspend`, 'gat_approver', { reason: '发现异常批量访问，暂停核查' })).statusCode).toBe(204);
    expect((await f.post(`/grants/${grantId}/suspend`, 'gat_approver', { reason: '再次暂停' })).json().error.code).toBe('GRANT_NOT_ACTIVE');
    expect(await ids('/grants?role=consumer&status=suspended', 'rst_user')).toContain(grantId);
    expect(await ids('/grants?role=consumer&status=active', 'rst_user')).not.toContain(grantId);
    expect(((await f.get('/grants?role=consumer', 'rst_user')).json().items as GrantOut[]).find((g) => g.id === grantId)).toMatchObject({ status: 'suspended', statusReason: '发现异常批量访问，暂停核查' });

    expect((await f.post(`/grants/${grantId}/resume`, 'office', { reason: '核查完毕，恢复使用' })).statusCode).toBe(204);
    expect((await f.post(`/grants/${grantId}/resume`, 'office', { reason: '再次恢复' })).json().error.code).toBe('GRANT_NOT_SUSPENDED');
    expect(await ids('/grants?status=active', 'office')).toContain(grantId);

    // After the period the grant is listed as expired (the bus already refuses it from that day).
    f.setToday(addDays(today, 61));
    expect(await ids('/grants?role=consumer&status=expired', 'rst_user')).toContain(grantId);
    expect(await ids('/grants?role=consumer&status=active', 'rst_user')).not.toContain(grantId);
    f.setToday(today);

    expect((await f.post(`/grants/${grantId}/revoke`, 'gat_approver', { reason: '使用方已不再承担该项职能' })).statusCode).toBe(204);
    expect((await f.post(`/grants/${grantId}/resume`, 'gat_approver', { reason: '误操作' })).json().error.code).toBe('GRANT_REVOKED');
    expect(await ids('/grants?status=revoked', 'office')).toContain(grantId);
    await f.p.ctx.audit.flush();
    const chained = await f.p.ctx.db.selectFrom('audit_events').select('action').where('object_id', '=', grantId).execute();
    expect(chained.map((c) => c.action).filter((a) => a.startsWith('grant.')).sort()).toEqual(['grant.create', 'grant.resume', 'grant.revoke', 'grant.suspend']);
  });
});
