import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';
import { demoDepartmentId } from '../demo/seed.js';
import { countReminders } from './reminders.store.js';
import { workflow } from './runtime.js';
import { JOBS, Scheduler } from './scheduler.js';

let f: WorkflowFixture;
let s: Scheduler;
beforeAll(async () => {
  f = await startWorkflowPlatform();
  s = new Scheduler(f.p.ctx, workflow(f.p.ctx));
}, 180_000);
afterAll(async () => f?.p.close());

const notices = async (kind: string, subjectId: string) => (await f.p.ctx.db.selectFrom('notifications').select(['id', 'department_id', 'role'])
  .where('kind', '=', kind).where('subject_id', '=', subjectId).execute());

describe('scheduler: reminders, overdue marks, to-dos (SPEC C4)', () => {
  it('reminds 2 workdays before the deadline and marks overdue after it, each notice once even when two sweeps run at the same time', async () => {
    f.setToday('2026-09-28');
    const { id, acceptBy } = (await f.post('/applications', 'rst_user', apply(f.codes.conditional, { validUntil: '2027-03-31' }))).json();
    expect(acceptBy).toBe('2026-10-16');

    f.setToday('2026-10-13'); // 3 workdays left: nothing yet
    expect(await s.runJob('application-deadlines')).toEqual({});
    expect((await f.get('/todos', 'gat_approver')).json().items.find((t: { subjectId: string }) => t.subjectId === id)).toMatchObject({ workdaysLeft: 3, level: 'normal' });

    f.setToday('2026-10-14'); // 2 workdays left
    const both = await Promise.all([s.runJob('application-deadlines'), s.runJob('application-deadlines')]);
    expect(both.map((r) => r['application.accept.remind'] ?? 0).sort()).toEqual([0, 1]);
    expect(await notices('application.reminder', id)).toHaveLength(1);
    expect(await countReminders(f.p.ctx.db, 'application.accept.remind')).toBe(1);
    const todo = (await f.get('/todos', 'gat_approver')).json();
    expect(todo.items.find((t: { subjectId: string }) => t.subjectId === id)).toMatchObject({ type: 'application.decide', dueDate: '2026-10-16', workdaysLeft: 2, level: 'warning' });
    expect(todo.counts.warning).toBeGreaterThanOrEqual(1);
    expect((await f.get('/todos', 'rst_user')).json().items.find((t: { subjectId: string }) => t.subjectId === id)).toBeUndefined();

    f.setToday('2026-10-19'); // the Monday after the Friday deadline
    await Promise.all([s.runJob('application-deadlines'), s.runJob('application-deadlines'), s.runJob('application-deadlines')]);
    await s.runOnce();
    const overdue = await notices('application.overdue', id);
    expect(overdue.map((n) => n.role).sort()).toEqual(['data_user', 'share_approver']); // once to each side
    expect(await notices('application.reminder', id)).toHaveLength(1);
    const view = (await f.get(`/applications/${id}`, 'rst_user')).json();
    expect(view.deadline).toMatchObject({ date: '2026-10-16', level: 'overdue', workdaysLeft: -1 });
    expect(view.history.map((e: { action: string }) => e.action)).toContain('application.overdue');
    const row = await f.p.ctx.db.selectFrom('applications').select('overdue_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.overdue_at).not.toBeNull();

    const list = (await f.get('/deadlines/overdue', 'office')).json().items;
    expect(list.find((x: { subjectId: string }) => x.subjectId === id)).toMatchObject({ type: 'application.decide', responsible: 'party', departmentId: demoDepartmentId('gat'), departmentName: '四川省公安厅', regionName: '四川省', dueDate: '2026-10-16', workdaysOverdue: 1 });
    expect((await f.get('/deadlines/overdue', 'gat_head')).json().items.map((x: { subjectId: string }) => x.subjectId)).toContain(id);
    expect((await f.get('/deadlines/overdue', 'rst_user')).statusCode).toBe(403);

    // a late decision is still possible and is recorded as late
    await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'approve' });
    expect((await f.get(`/applications/${id}`, 'rst_user')).json().history.find((e: { action: string }) => e.action === 'application.approve').detail.late).toBe(true);
    const signTodo = (await f.get('/todos', 'rst_user')).json().items.find((t: { subjectId: string }) => t.subjectId === id);
    expect(signTodo).toMatchObject({ type: 'agreement.sign', party: 'consumer', dueDate: (await f.p.ctx.calendar.get()).addWorkdays('2026-10-19', 10).date });
  });

  it('reminds of objection replies and dispute steps, and is run by an administrator on demand', async () => {
    f.setToday('2026-11-02');
    const o = (await f.post('/objections', 'wjw_user', { resourceCode: f.codes.conditional2, description: '记录重复', discoveredOn: '2026-11-02' })).json();
    f.setToday(o.replyBy);
    await Promise.all([s.runJob('objection-deadlines'), s.runJob('objection-deadlines')]);
    expect(await notices('objection.reminder', o.id)).toHaveLength(2); // the provider's approvers and catalog editors, once each
    expect((await f.get('/todos', 'gat_editor')).json().items.find((t: { subjectId: string }) => t.subjectId === o.id)).toMatchObject({ type: 'objection.reply', workdaysLeft: 0, level: 'warning' });

    const refused = (await f.post('/applications', 'rst_user', apply(f.codes.conditional2, { validUntil: '2027-06-30' }))).json();
    await f.post(`/applications/${refused.id}/decision`, 'gat_approver', { decision: 'refuse', reason: '依据不足' });
    const d = (await f.post('/disputes', 'rst_user', { subjectType: 'application', subjectId: refused.id, statement: '依据充分' })).json();
    f.setToday(d.stepDue);
    await Promise.all([s.runJob('dispute-deadlines'), s.runJob('dispute-deadlines')]);
    expect((await notices('dispute.reminder', d.id)).map((n) => n.role).sort()).toEqual(['data_user', 'share_approver']);

    // Past the dates: the overdue list names the objection's provider and both parties of the dispute step.
    f.setToday((await f.p.ctx.calendar.get()).addWorkdays(d.stepDue, 2).date);
    const late = (await f.get('/deadlines/overdue', 'office')).json().items as Array<Record<string, unknown>>;
    expect(late.find((x) => x.subjectId === o.id)).toMatchObject({ type: 'objection.reply', responsible: 'party', departmentName: '四川省公安厅' });
    expect(late.filter((x) => x.subjectId === d.id).map((x) => [x.type, x.party, x.departmentName]).sort()).toEqual([
      ['dispute.negotiate', 'consumer', '四川省人力资源和社会保障厅'], ['dispute.negotiate', 'provider', '四川省公安厅'],
    ]);
    expect(late.find((x) => x.subjectId === d.id)?.workdaysOverdue).toBe(2);
    const own = (await f.get('/deadlines/overdue', 'gat_head')).json().items as Array<{ departmentId: string | null }>;
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((x) => x.departmentId === demoDepartmentId('gat'))).toBe(true);

    expect((await f.post('/scheduler/run', 'office')).statusCode).toBe(403);
    const run = await f.post('/scheduler/run', 'admin');
    expect(run.statusCode).toBe(200);
    // Every job runs, in order (other folders add their jobs to JOBS): the workflow sweeps first, delivery last.
    const names = Object.keys(run.json().results);
    expect(names).toEqual(JOBS.map((job) => job.name));
    expect(names.slice(0, 4)).toEqual(['application-deadlines', 'objection-deadlines', 'dispute-deadlines', 'grant-expiry']);
    expect(names.at(-1)).toBe('notification-delivery');
    const status = (await f.get('/scheduler/status', 'admin')).json();
    expect(status.jobs.every((j: { lastFinishedAt: string | null; lastError: string | null }) => j.lastFinishedAt && !j.lastError)).toBe(true);
  });
});
