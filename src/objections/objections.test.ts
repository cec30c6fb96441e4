import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../calendar/dates.js';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';

let f: WorkflowFixture;
beforeAll(async () => {
  f = await startWorkflowPlatform();
}, 180_000);
afterAll(async () => f?.p.close());

const code = (res: { json(): unknown }) => (res.json() as { error?: { code: string } }).error?.code;
const enc = encodeURIComponent;

describe('objections (Art. 24)', () => {
  it('gives the reply-by date 10 workdays after filing across National Day 2026, and flags a report later than 5 workdays after discovery', async () => {
    f.setToday('2026-09-28');
    const cal = await f.p.ctx.calendar.get();
    const onTime = await f.post('/objections', 'rst_user', { resourceCode: f.codes.conditional, description: '部分驾驶证准驾车型与实际不符', discoveredOn: '2026-09-25', items: ['准驾车型'], exampleKeys: ['510104199001011234'] });
    expect(onTime.statusCode).toBe(201);
    expect(Object.keys(onTime.json()).sort()).toEqual(['id', 'replyBy']);
    expect(onTime.json().replyBy).toBe(cal.addWorkdays('2026-09-28', 10).date);
    expect(onTime.json().replyBy).toBe('2026-10-16'); // 9-29, 9-30, [10-1..10-7 holiday], 10-8, 10-9, 10-10 (make-up Saturday), 10-12..10-16
    const late = await f.post('/objections', 'rst_user', { resourceCode: f.codes.conditional, description: '姓名存在错别字', discoveredOn: '2026-09-18' });
    const lateView = (await f.get(`/objections/${late.json().id}`, 'rst_user')).json();
    expect(lateView).toMatchObject({ late: true, reportBy: cal.addWorkdays('2026-09-18', 5).date, filedOn: '2026-09-28', status: 'open' });
    const onTimeView = (await f.get(`/objections/${onTime.json().id}`, 'gat_approver')).json();
    expect(onTimeView).toMatchObject({ late: false, exampleKeys: ['510104199001011234'], deadline: { date: '2026-10-16', level: 'normal' } });

    // the provider's staff reply; the consumer cannot; another department sees nothing
    expect((await f.post(`/objections/${onTime.json().id}/reply`, 'rst_user', { decision: 'reject', reply: 'x' })).statusCode).toBe(403);
    expect((await f.post(`/objections/${onTime.json().id}/reply`, 'scjgj_approver', { decision: 'reject', reply: 'x' })).statusCode).toBe(404);
    expect((await f.get(`/objections/${onTime.json().id}`, 'wjw_user')).statusCode).toBe(404);
    expect(code(await f.post(`/objections/${onTime.json().id}/reply`, 'gat_approver', { decision: 'accept', reply: '已核实' }))).toBe('OBJECTION_CORRECTION_REQUIRED');
    expect(code(await f.post(`/objections/${onTime.json().id}/reply`, 'gat_approver', { decision: 'accept', reply: '已核实', correction: { description: 'x', correctedOn: '2026-02-30' } }))).toBe('VALIDATION_FAILED');
    const accepted = await f.post(`/objections/${onTime.json().id}/reply`, 'gat_editor', { decision: 'accept', reply: '经核实，12 条记录的准驾车型录入有误，已更正', correction: { description: '更正 12 条记录的准驾车型', records: 12 } });
    expect(accepted.json()).toMatchObject({ status: 'accepted' });
    expect(code(await f.post(`/objections/${onTime.json().id}/reply`, 'gat_editor', { decision: 'reject', reply: 'x' }))).toBe('OBJECTION_ALREADY_REPLIED');
    expect((await f.get('/inbox', 'rst_user')).json().items.map((n: { kind: string }) => n.kind)).toContain('objection.accepted');

    // the resource page: open objections and the correction record, without the record keys
    const page = (await f.get(`/resources/${enc(f.codes.conditional)}/objections`, 'wjw_user')).json();
    expect(page.open.map((o: { id: string }) => o.id)).toEqual([late.json().id]);
    expect(page.open[0].exampleKeys).toBeUndefined();
    expect(page.corrections).toEqual([expect.objectContaining({ objectionId: onTime.json().id, correction: expect.objectContaining({ description: '更正 12 条记录的准驾车型', records: 12, correctedOn: '2026-09-28', items: ['准驾车型'] }) })]);
    expect((await f.get(`/resources/${enc('999999999/000001')}/objections`, 'wjw_user')).statusCode).toBe(404);
    const history = (await f.get(`/objections/${onTime.json().id}`, 'rst_user')).json().history;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['objection.file', 'objection.accept']);
  });

  it('refuses bad reports with coded errors', async () => {
    f.setToday('2026-02-13');
    const spring = await f.post('/objections', 'wjw_user', { resourceCode: f.codes.conditional2, description: '数据缺失', discoveredOn: '2026-02-13' });
    expect(spring.json().replyBy).toBe((await f.p.ctx.calendar.get()).addWorkdays('2026-02-13', 10).date);
    expect(spring.json().replyBy).toBe('2026-03-05'); // 春节 2-15..2-23 off, 2-14 and 2-28 are make-up workdays
    expect(code(await f.post('/objections', 'wjw_user', { resourceCode: f.codes.conditional2, description: 'x', discoveredOn: addDays('2026-02-13', 1) }))).toBe('OBJECTION_DISCOVERY_IN_FUTURE');
    expect(code(await f.post('/objections', 'wjw_user', { resourceCode: f.codes.conditional2, description: 'x', discoveredOn: '2026-02-30' }))).toBe('CALENDAR_INPUT_INVALID');
    expect(code(await f.post('/objections', 'wjw_user', { resourceCode: f.codes.conditional2, description: 'x', discoveredOn: '2026-02-01', items: ['血型'] }))).toBe('ITEM_UNKNOWN');
    expect(code(await f.post('/objections', 'wjw_user', { resourceCode: f.codes.conditional2, discoveredOn: '2026-02-01' }))).toBe('VALIDATION_FAILED');
    expect(code(await f.post('/objections', 'gat_approver', { resourceCode: f.codes.conditional2, description: 'x', discoveredOn: '2026-02-01' }))).toBe('FORBIDDEN');
    expect((await f.post('/objections', 'wjw_user', { resourceCode: '999999999/000001', description: 'x', discoveredOn: '2026-02-01' })).statusCode).toBe(404);
    expect((await f.get('/objections?role=provider&status=open', 'gat_approver')).json().total).toBeGreaterThanOrEqual(2);
    expect((await f.get('/objections?role=consumer', 'wjw_user')).json().items.map((o: { id: string }) => o.id)).toEqual([spring.json().id]);
    // a reply after the deadline is recorded as late
    f.setToday('2026-03-06');
    await f.post(`/objections/${spring.json().id}/reply`, 'gat_approver', { decision: 'reject', reply: '经核实数据完整，缺失字段为源系统未采集项' });
    expect((await f.get(`/objections/${spring.json().id}`, 'wjw_user')).json().history.at(-1)).toMatchObject({ action: 'objection.reject', detail: { late: true } });
  });

  it('deadlines of applications land on the right day around National Day and Spring Festival 2026', async () => {
    const cases: Array<[string, string]> = [['2026-09-28', '2026-10-16'], ['2026-09-30', '2026-10-20'], ['2026-02-13', '2026-03-05'], ['2026-02-09', '2026-02-28']];
    const cal = await f.p.ctx.calendar.get();
    for (const [filed, due] of cases) {
      f.setToday(filed);
      const r = await f.post('/applications', 'cd_office', apply(f.codes.conditional)); // wrong role first: nothing is filed
      expect(r.statusCode).toBe(403);
      const ok = await f.post('/applications', 'wjw_user', apply(f.codes.conditional, { validUntil: addDays(filed, 90) }));
      expect(ok.json().acceptBy).toBe(cal.addWorkdays(filed, 10).date);
      expect(ok.json().acceptBy).toBe(due);
      await f.post(`/applications/${ok.json().id}/withdraw`, 'wjw_user');
    }
  });
});
