import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';
import { configureWorkflow, workflow } from '../scheduler/runtime.js';

let f: WorkflowFixture;
beforeAll(async () => {
  f = await startWorkflowPlatform();
}, 180_000);
afterAll(async () => f?.p.close());

const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;

describe('disputes (Art. 25)', () => {
  it('climbs negotiation → office coordination → leading group ruling, each step dated, audited and on the right to-do list', async () => {
    f.setToday('2026-11-02');
    const app = (await f.post('/applications', 'rst_user', apply(f.codes.conditional, { validUntil: '2027-06-30' }))).json();
    expect(code(await f.post('/disputes', 'rst_user', { subjectType: 'application', subjectId: app.id, statement: '我们需要这些数据' }))).toBe('DISPUTE_SUBJECT_NOT_DISPUTABLE');
    await f.post(`/applications/${app.id}/decision`, 'gat_approver', { decision: 'refuse', reason: '涉及个人敏感信息，现有依据不足' });

    expect((await f.post('/disputes', 'wjw_user', { subjectType: 'application', subjectId: app.id, statement: 'x' })).statusCode).toBe(404);
    expect((await f.post('/disputes', 'office', { subjectType: 'application', subjectId: app.id, statement: 'x' })).statusCode).toBe(403);
    const opened = await f.post('/disputes', 'rst_user', { subjectType: 'application', subjectId: app.id, statement: '社会保险待遇资格认证系《社会保险法》明确的法定职责，申请依据充分' });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id;
    expect(opened.json()).toMatchObject({ status: 'negotiation', stepDue: (await f.p.ctx.calendar.get()).addWorkdays('2026-11-02', 10).date });
    expect(code(await f.post('/disputes', 'gat_approver', { subjectType: 'application', subjectId: app.id, statement: '再开一个' }))).toBe('DISPUTE_EXISTS');
    expect((await f.get('/todos', 'gat_approver')).json().items.find((t: { subjectId: string }) => t.subjectId === id)).toMatchObject({ type: 'dispute.negotiate' });

    f.setToday('2026-11-03');
    expect((await f.post(`/disputes/${id}/messages`, 'gat_approver', { text: '可以只提供比对结果，不提供姓名' })).json()).toMatchObject({ status: 'negotiation' });
    expect(code(await f.post(`/disputes/${id}/decision`, 'office', { decision: '协调意见' }))).toBe('DISPUTE_INVALID_TRANSITION');
    expect(code(await f.post(`/disputes/${id}/escalate`, 'office', { reason: '我来' }))).toBe('DISPUTE_ROLE_MISMATCH');
    f.setToday('2026-11-05');
    const up1 = await f.post(`/disputes/${id}/escalate`, 'rst_user', { reason: '协商未果，提请省政府办公厅协调' });
    expect(up1.json()).toMatchObject({ status: 'office_coordination', stepDue: (await f.p.ctx.calendar.get()).addWorkdays('2026-11-05', 15).date });
    expect((await f.get('/todos', 'office')).json().items.find((t: { subjectId: string }) => t.subjectId === id)).toMatchObject({ type: 'dispute.coordinate', dueDate: up1.json().stepDue });
    expect((await f.get(`/disputes/${id}`, 'cd_office')).statusCode).toBe(404); // 成都市's office does not coordinate two province departments
    expect(code(await f.post(`/disputes/${id}/decision`, 'leader', { decision: '裁定' }))).toBe('DISPUTE_ROLE_MISMATCH');
    expect(code(await f.post(`/disputes/${id}/decision`, 'rst_user', { decision: '我方胜' }))).toBe('DISPUTE_ROLE_MISMATCH');

    f.setToday('2026-11-10');
    const od = await f.post(`/disputes/${id}/decision`, 'office', { decision: '建议以比对方式共享身份证号，姓名不予提供' });
    expect(od.json()).toMatchObject({ status: 'office_decided' });
    const up2 = await f.post(`/disputes/${id}/escalate`, 'gat_approver', { reason: '比对方式亦涉及敏感信息，请领导小组裁定' });
    expect(up2.json()).toMatchObject({ status: 'leading_group' });
    expect((await f.get('/todos', 'leader')).json().items.find((t: { subjectId: string }) => t.subjectId === id)).toMatchObject({ type: 'dispute.rule' });
    expect(code(await f.post(`/disputes/${id}/decision`, 'office', { decision: 'x' }))).toBe('DISPUTE_ROLE_MISMATCH');
    expect(code(await f.post(`/disputes/${id}/settle`, 'rst_user', { note: '算了' }))).toBe('DISPUTE_INVALID_TRANSITION');

    f.setToday('2026-11-20');
    const ruling = await f.post(`/disputes/${id}/decision`, 'leader', { decision: '省公安厅以比对方式向省人社厅共享公民身份号码，结果仅返回一致/不一致。此为最终裁定。' });
    expect(ruling.json()).toMatchObject({ status: 'ruled', stepDue: null });
    expect(code(await f.post(`/disputes/${id}/messages`, 'rst_user', { text: '收到' }))).toBe('DISPUTE_INVALID_TRANSITION');

    const d = (await f.get(`/disputes/${id}`, 'auditor')).json();
    expect(d).toMatchObject({ status: 'ruled', region: { code: '510000' }, officeDecision: { text: expect.stringContaining('比对') }, ruling: { text: expect.stringContaining('最终裁定') } });
    expect(d.closedAt).toBeTruthy();
    expect(d.timeline.map((e: { action: string; detail: { to?: string } }) => [e.action, e.detail?.to])).toEqual([
      ['dispute.open', 'negotiation'], ['dispute.message', 'negotiation'], ['dispute.escalate', 'office_coordination'],
      ['dispute.decide', 'office_decided'], ['dispute.escalate', 'leading_group'], ['dispute.decide', 'ruled'],
    ]);
    expect(d.timeline.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(['rst_user', 'gat_approver', 'rst_user', 'office', 'gat_approver', 'leader']);
    const audit = (await f.get(`/audit/events?objectId=${id}&size=50`, 'admin')).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['dispute.open', 'dispute.message', 'dispute.escalate', 'dispute.decide']));
    expect((await f.get(`/applications/${app.id}`, 'rst_user')).json().history.map((e: { action: string }) => e.action)).toContain('dispute.open');
    expect((await f.get('/disputes?open=true', 'gat_approver')).json().items.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await f.get('/disputes', 'wjw_user')).json().total).toBe(0);
  });

  it('escalates a rejected objection and can be settled by the parties', async () => {
    f.setToday('2026-11-02');
    const o = (await f.post('/objections', 'wjw_user', { resourceCode: f.codes.conditional2, description: '住址信息过时', discoveredOn: '2026-11-02' })).json();
    await f.post(`/objections/${o.id}/reply`, 'gat_approver', { decision: 'reject', reply: '以户籍登记为准，数据无误' });
    const d = await f.post('/disputes', 'gat_approver', { subjectType: 'objection', subjectId: o.id, statement: '请使用部门说明依据' });
    expect(d.statusCode).toBe(201);
    expect((await f.post(`/disputes/${d.json().id}/settle`, 'wjw_user', { note: '双方确认以户籍登记地址为准' })).json()).toMatchObject({ status: 'resolved' });
    expect((await f.get(`/disputes/${d.json().id}`, 'wjw_user')).json().closedAt).toBeTruthy();
    expect((await f.post('/disputes', 'wjw_user', { subjectType: 'objection', subjectId: o.id, statement: '再议' })).statusCode).toBe(201); // a closed dispute does not block a new one
    expect(code(await f.post('/disputes', 'wjw_user', { subjectType: 'thing', subjectId: o.id, statement: 'x' }))).toBe('VALIDATION_FAILED');
    expect((await f.post('/disputes/00000000-0000-4000-8000-000000000000/messages', 'wjw_user', { text: 'x' })).statusCode).toBe(404);
  });
});

describe('dispute step deadlines are settings (Config.workflow.disputeStepWorkdays)', () => {
  it('dates the negotiation step by the configured number of workdays', async () => {
    const before = workflow(f.p.ctx).config.disputeStepWorkdays;
    expect(before).toEqual({ negotiation: 10, office_coordination: 15, office_decided: 5, leading_group: 20 });
    configureWorkflow(f.p.ctx, { config: { disputeStepWorkdays: { ...before, negotiation: 3 } } });
    try {
      f.setToday('2026-09-28');
      const app = (await f.post('/applications', 'wjw_user', apply(f.codes.conditional2, { validUntil: '2027-06-30' }))).json();
      await f.post(`/applications/${app.id}/decision`, 'gat_approver', { decision: 'refuse', reason: '用途与所申请信息项不相符' });
      const opened = (await f.post('/disputes', 'wjw_user', { subjectType: 'application', subjectId: app.id, statement: '用途相符，请协商' })).json();
      expect(opened.stepDue).toBe('2026-10-08'); // 3 workdays from Monday 28 September: 29, 30 September, then 8 October after National Day
    } finally {
      configureWorkflow(f.p.ctx, { config: { disputeStepWorkdays: before } });
    }
  });
});
