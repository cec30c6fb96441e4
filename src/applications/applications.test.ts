import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../calendar/dates.js';
import { Bus } from '../exchange/bus.service.js';
import type { DomainError } from '../errors.js';
import { apply, deptActor, startWorkflowPlatform, type WorkflowFixture } from './workflow.test-support.js';

let f: WorkflowFixture;
beforeAll(async () => {
  f = await startWorkflowPlatform();
}, 180_000);
afterAll(async () => f?.p.close());

const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;
const busCheck = async (resource: string, items: string[] = []) => {
  try {
    const prepared = await new Bus(f.p.ctx).prepare(deptActor('rst_user', 'rst'), resource, 'query', items, '待遇资格认证');
    return { ok: true as const, claims: prepared.claims };
  } catch (err) {
    return { ok: false as const, code: (err as DomainError).code };
  }
};

describe('applications (Art. 23) and agreements (Art. 30)', () => {
  it('files, approves with narrowed items and a mask, signs on both sides, and only then the bus lets the consumer in; revocation shuts it again', async () => {
    const resource = f.codes.conditional;
    expect(await busCheck(resource)).toEqual({ ok: false, code: 'GRANT_REQUIRED' });

    const filed = await f.post('/applications', 'rst_user', apply(resource, { items: ['公民身份号码', '姓名', '准驾车型'], expectedVolume: '每日约 2000 次' }));
    expect(filed.statusCode).toBe(201);
    const { id, status, acceptBy } = filed.json();
    expect(status).toBe('pending');
    const expected = await f.p.ctx.calendar.compute((cal) => cal.addWorkdays(todayInShanghai(), 10));
    expect(acceptBy).toBe(expected.date);
    expect(Object.keys(filed.json()).sort()).toEqual(['acceptBy', 'id', 'status']);

    // the provider's approver sees it as a to-do; the consumer sees it in its list
    const todos = (await f.get('/todos', 'gat_approver')).json();
    expect(todos.items.find((t: { subjectId: string }) => t.subjectId === id)).toMatchObject({ type: 'application.decide', dueDate: acceptBy, level: 'normal' });
    expect((await f.get('/applications?role=consumer&status=pending', 'rst_user')).json().items.map((a: { id: string }) => a.id)).toContain(id);
    expect((await f.get('/applications?role=provider', 'gat_approver')).json().items.map((a: { id: string }) => a.id)).toContain(id);

    expect(code(await f.post(`/applications/${id}/agreement`, 'rst_user', { party: 'consumer', signedBy: '张三' }))).toBe('APPLICATION_INVALID_TRANSITION');
    const approved = await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'approve', items: ['公民身份号码', '姓名'], masks: { 姓名: 'hash' } });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ id, status: 'approved' });
    expect(code(await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'refuse', reason: '再想想' }))).toBe('APPLICATION_INVALID_TRANSITION');

    // the consumer's data user cannot sign for the provider; each side signs once
    expect(code(await f.post(`/applications/${id}/agreement`, 'rst_user', { party: 'provider', signedBy: '张三' }))).toBe('AGREEMENT_PARTY_MISMATCH');
    const first = await f.post(`/applications/${id}/agreement`, 'rst_user', { party: 'consumer', signedBy: '张三（省人社厅信息中心主任）' });
    expect(first.json()).toMatchObject({ status: 'approved', grantId: null });
    expect(code(await f.post(`/applications/${id}/agreement`, 'rst_user', { party: 'consumer', signedBy: '张三' }))).toBe('AGREEMENT_ALREADY_SIGNED');
    expect(await busCheck(resource)).toEqual({ ok: false, code: 'GRANT_REQUIRED' });

    const both = await f.post(`/applications/${id}/agreement`, 'gat_approver', { party: 'provider', signedBy: '李四（省公安厅科技信息化总队）' });
    expect(both.json()).toMatchObject({ status: 'active' });
    const grantId = both.json().grantId;
    expect(grantId).toBeTruthy();

    const allowed = await busCheck(resource, ['公民身份号码', '姓名']);
    expect(allowed.ok).toBe(true);
    if (allowed.ok) {
      expect(allowed.claims.items).toEqual(['公民身份号码', '姓名']);
      expect(allowed.claims.masks).toEqual({ 公民身份号码: 'id_number', 姓名: 'hash' }); // the grant's stricter mask wins over the catalog's
    }
    expect(await busCheck(resource, ['准驾车型'])).toEqual({ ok: false, code: 'ITEM_NOT_GRANTED' });

    const detail = (await f.get(`/applications/${id}`, 'rst_user')).json();
    expect(detail).toMatchObject({ status: 'active', approvedItems: ['公民身份号码', '姓名'], grant: { id: grantId, status: 'active' } });
    expect(detail.agreement.consumer.signedBy).toContain('张三');
    expect(detail.history.map((e: { action: string }) => e.action)).toEqual(['application.file', 'application.approve', 'agreement.sign', 'agreement.sign', 'grant.create']);
    expect(detail.history.every((e: { at: string }) => /^\d{4}-\d\d-\d\dT/.test(e.at))).toBe(true);

    // revocation: the consumer cannot, another department's approver cannot see it, the provider can
    expect((await f.post(`/applications/${id}/grant/revoke`, 'rst_user', { reason: 'x' })).statusCode).toBe(403);
    expect((await f.post(`/applications/${id}/grant/revoke`, 'scjgj_approver', { reason: 'x' })).statusCode).toBe(404);
    const revoked = await f.post(`/applications/${id}/grant/revoke`, 'gat_approver', { reason: '使用部门超出约定用途使用数据' });
    expect(revoked.json()).toMatchObject({ grantStatus: 'revoked' });
    expect(await busCheck(resource)).toEqual({ ok: false, code: 'GRANT_REQUIRED' });
    expect((await f.get(`/applications/${id}`, 'rst_user')).json().status).toBe('revoked');
    const inbox = (await f.get('/inbox', 'rst_user')).json();
    expect(inbox.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['application.approved', 'grant.active', 'grant.revoke']));
  });

  it('refuses a refusal without reason, hides the application from other departments, and answers coded 4xx to bad input', async () => {
    const filed = await f.post('/applications', 'wjw_user', apply(f.codes.conditional2));
    const id = filed.json().id;
    expect(filed.statusCode).toBe(201);

    const bare = await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'refuse' });
    expect(bare.statusCode).toBe(400);
    expect(code(bare)).toBe('APPLICATION_REASON_REQUIRED');
    expect(code(await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'refuse', reason: '   ' }))).toBe('APPLICATION_REASON_REQUIRED');
    expect((await f.post(`/applications/${id}/decision`, 'scjgj_approver', { decision: 'approve' })).statusCode).toBe(404); // existence is sensitive
    expect((await f.post(`/applications/${id}/decision`, 'wjw_user', { decision: 'approve' })).statusCode).toBe(403); // wrong role
    expect((await f.get(`/applications/${id}`, 'rst_user')).statusCode).toBe(404);
    expect((await f.get(`/applications/${id}`, 'office')).statusCode).toBe(200);
    expect(code(await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'approve', items: ['不存在的项'] }))).toBe('APPLICATION_ITEMS_INVALID');
    expect(code(await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'maybe' }))).toBe('VALIDATION_FAILED');
    expect((await f.post('/applications/not-a-uuid/decision', 'gat_approver', { decision: 'approve' })).statusCode).toBe(400);
    expect((await f.post('/applications/00000000-0000-4000-8000-000000000000/decision', 'gat_approver', { decision: 'approve' })).statusCode).toBe(404);

    const refused = await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'refuse', reason: '申请用途与所列履职依据不符' });
    expect(refused.json()).toMatchObject({ status: 'refused' });
    const view = (await f.get(`/applications/${id}`, 'wjw_user')).json();
    expect(view).toMatchObject({ status: 'refused', decisionReason: '申请用途与所列履职依据不符' });

    // resubmission: a new application linked to the refused one
    expect(code(await f.post(`/applications/${id}/withdraw`, 'wjw_user'))).toBe('APPLICATION_INVALID_TRANSITION');
    expect((await f.post(`/applications/${id}/resubmit`, 'rst_user', {})).statusCode).toBe(404);
    const again = await f.post(`/applications/${id}/resubmit`, 'wjw_user', { purpose: '出生医学证明签发中的父母身份核验', items: ['公民身份号码'] });
    expect(again.statusCode).toBe(201);
    const next = (await f.get(`/applications/${again.json().id}`, 'wjw_user')).json();
    expect(next).toMatchObject({ previousId: id, linkKind: 'resubmit', items: ['公民身份号码'], legalBasis: '《社会保险法》第七十二条', status: 'pending' });
    expect((await f.get(`/applications/${id}`, 'wjw_user')).json().followUps).toEqual([expect.objectContaining({ id: again.json().id, linkKind: 'resubmit' })]);

    // amend a pending one: the old one is superseded; then withdraw the amendment
    const amended = await f.post(`/applications/${again.json().id}/amend`, 'wjw_user', { items: ['公民身份号码', '姓名'] });
    expect(amended.statusCode).toBe(201);
    expect((await f.get(`/applications/${again.json().id}`, 'wjw_user')).json().status).toBe('superseded');
    expect(code(await f.post('/applications', 'wjw_user', apply(f.codes.conditional2)))).toBe('APPLICATION_DUPLICATE');
    const w = await f.post(`/applications/${amended.json().id}/withdraw`, 'wjw_user', { reason: '业务调整' });
    expect(w.json()).toMatchObject({ status: 'withdrawn' });
    expect((await f.get('/inbox', 'gat_approver')).json().items.map((n: { kind: string }) => n.kind)).toContain('application.withdrawn');
  });

  it('answers what a department must not or need not apply for', async () => {
    const none = await f.post('/applications', 'rst_user', apply(f.codes.none));
    expect(none.statusCode).toBe(403);
    expect(none.json().error).toMatchObject({ code: 'SHARE_TYPE_NONE', details: { legalBasis: '《中华人民共和国个人信息保护法》第二十八条' } });
    expect(none.json().error.message).toContain('个人信息保护法');
    expect(code(await f.post('/applications', 'rst_user', apply(f.codes.unconditional)))).toBe('APPLICATION_NOT_NEEDED');
    expect(code(await f.post('/applications', 'rst_user', apply(f.codes.conditional, { items: ['血型'] })))).toBe('ITEM_UNKNOWN');
    expect((await f.post('/applications', 'rst_user', apply('999999999/000001'))).statusCode).toBe(404);
    expect(code(await f.post('/applications', 'gat_approver', apply(f.codes.conditional)))).toBe('FORBIDDEN');
    expect(code(await f.post('/applications', 'rst_user', { ...apply(f.codes.conditional), purpose: undefined }))).toBe('VALIDATION_FAILED');
    expect(code(await f.post('/applications', 'rst_user', { ...apply(f.codes.conditional), extra: 1 }))).toBe('VALIDATION_FAILED');
    expect(code(await f.post('/applications', 'rst_user', apply(f.codes.conditional, { validUntil: '2020-01-01' })))).toBe('APPLICATION_PERIOD_INVALID');
    expect(code(await f.post('/applications', 'rst_user', apply(f.codes.conditional, { validUntil: '2020-02-30' })))).toBe('APPLICATION_PERIOD_INVALID');
    expect(code(await f.post('/applications', 'rst_user', apply(f.codes.conditional, { credentialId: 'gsc_nope' })))).toBe('CREDENTIAL_INVALID');
    expect(code(await f.post('/applications', 'rst_user', apply(f.codes.conditional, { methods: ['file'] })))).toBe('METHOD_NOT_OFFERED');
    const bad = await f.p.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { ...f.h.rst_user, 'content-type': 'application/json' }, payload: '{"resourceCode":' });
    expect(bad.json().error.code).toBe('MALFORMED_JSON');
    expect((await f.get('/applications', 'gat_editor')).statusCode).toBe(403);
  });

  it('answers every workflow endpoint with a coded 4xx for bad bodies, wrong roles and other departments\' objects, never a 500', async () => {
    const own = (await f.post('/applications', 'rst_user', apply(f.codes.conditional2))).json().id as string;
    expect(code(await f.get(`/applications/${own}/agreement`, 'rst_user'))).toBe('AGREEMENT_NOT_READY');
    expect(code(await f.post(`/applications/${own}/grant/suspend`, 'gat_approver', { reason: '检查' }))).toBe('APPLICATION_NO_GRANT');
    expect(code(await f.post(`/applications/${own}/agreement`, 'rst_user', { party: 'both', signedBy: 'x' }))).toBe('VALIDATION_FAILED');
    expect(code(await f.post(`/applications/${own}/amend`, 'rst_user', { items: [] }))).toBe('VALIDATION_FAILED');
    expect((await f.post(`/applications/${own}/withdraw`, 'wjw_user')).statusCode).toBe(404);
    expect((await f.post(`/applications/${own}/amend`, 'wjw_user', {})).statusCode).toBe(404);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const routes: Array<[string, string]> = [
      ['POST', '/applications'], ['GET', '/applications'], ['GET', `/applications/${own}`], ['POST', `/applications/${own}/decision`],
      ['POST', `/applications/${own}/withdraw`], ['POST', `/applications/${own}/resubmit`], ['POST', `/applications/${own}/amend`],
      ['GET', `/applications/${own}/agreement`], ['GET', `/applications/${own}/agreement.pdf`], ['POST', `/applications/${own}/agreement`],
      ['POST', `/applications/${own}/grant/revoke`], ['POST', `/applications/${unknown}/decision`], ['GET', `/applications/${unknown}`],
      ['POST', '/objections'], ['GET', '/objections'], ['GET', `/objections/${unknown}`], ['POST', `/objections/${unknown}/reply`], ['GET', '/resources/x/objections'],
      ['POST', '/disputes'], ['GET', '/disputes'], ['GET', `/disputes/${unknown}`], ['POST', `/disputes/${unknown}/messages`], ['POST', `/disputes/${unknown}/escalate`],
      ['POST', `/disputes/${unknown}/decision`], ['POST', `/disputes/${unknown}/settle`], ['GET', '/inbox'], ['GET', '/inbox/unread-count'], ['POST', `/inbox/${unknown}/read`],
      ['POST', '/inbox/read-all'], ['GET', `/notification-settings/${unknown}`], ['PUT', `/notification-settings/${unknown}`], ['GET', '/todos'], ['GET', '/deadlines/overdue'],
      ['GET', '/scheduler/status'], ['POST', '/scheduler/run'],
    ];
    const bodies = [undefined, {}, { decision: 'approve', reason: 1 }, { unexpected: true }, []];
    for (const [method, url] of routes) {
      for (const who of ['rst_user', 'scjgj_approver', 'leader']) {
        for (const payload of method === 'GET' ? [undefined] : bodies) {
          const res = await f.p.app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: f.h[who], ...(payload !== undefined ? { payload } : {}) });
          expect(res.statusCode, `${method} ${url} as ${who} with ${JSON.stringify(payload)}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
        }
      }
    }
    expect((await f.p.app.inject({ method: 'GET', url: '/api/v1/todos' })).statusCode).toBe(401);
  });
});
