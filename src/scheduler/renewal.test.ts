import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../calendar/dates.js';
import { loadConfig } from '../config.js';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';
import { demoDepartmentId } from '../demo/seed.js';
import { configureWorkflow, workflow } from './runtime.js';
import { Scheduler } from './scheduler.js';

// Renewal reminders (issue 6 item 3): N workdays before a grant ends (setting GOVSHARE_RENEWAL_REMINDER_WORKDAYS) the
// consumer's data users get one notice — in the inbox and through the department's delivery channels — once per grant,
// however often and however many schedulers run; none when a renewal is already filed.
let f: WorkflowFixture;
let s: Scheduler;
const END = '2026-12-31';
const rst = demoDepartmentId('rst');

async function activeGrant(code: string, who = 'rst_user'): Promise<string> {
  const { id } = (await f.post('/applications', who, apply(code, { validUntil: END }))).json();
  await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'approve' });
  await f.post(`/applications/${id}/agreement`, 'gat_approver', { party: 'provider', signedBy: '李四' });
  const signed = (await f.post(`/applications/${id}/agreement`, who, { party: 'consumer', signedBy: '张三' })).json();
  if (signed.status !== 'active') throw new Error(`not active: ${JSON.stringify(signed)}`);
  return id;
}

const expiring = (subjectId: string) => f.p.ctx.db.selectFrom('notifications').select(['id', 'department_id', 'role'])
  .where('kind', '=', 'grant.expiring').where('subject_id', '=', subjectId).execute();

beforeAll(async () => {
  f = await startWorkflowPlatform({ GOVSHARE_RENEWAL_REMINDER_WORKDAYS: '5' });
  // An SMTP server is configured (it is not reached here: only the queued delivery is checked; email.test.ts sends).
  configureWorkflow(f.p.ctx, { config: { smtpUrl: 'smtp://127.0.0.1:9' } });
  s = new Scheduler(f.p.ctx, workflow(f.p.ctx));
  f.setToday('2026-11-02');
  const put = await f.p.app.inject({ method: 'PUT', url: `/api/v1/notification-settings/${rst}`, headers: f.h.office, payload: { email: 'gxzd@rst.sc.gov.cn', webhookUrl: null } });
  if (put.statusCode !== 200) throw new Error(put.body);
}, 180_000);
afterAll(async () => f?.p.close());

describe('renewal reminder before a grant expires', () => {
  it('reads the lead time from the config (default 15 workdays)', () => {
    expect(loadConfig({}).workflow.renewalReminderWorkdays).toBe(15);
    expect(f.p.ctx.config.workflow.renewalReminderWorkdays).toBe(5);
    expect(() => loadConfig({ GOVSHARE_RENEWAL_REMINDER_WORKDAYS: '-1' })).toThrow(/GOVSHARE_RENEWAL_REMINDER_WORKDAYS/);
  });

  it('reminds once, 5 workdays before the end, in the inbox and by e-mail', async () => {
    const id = await activeGrant(f.codes.conditional);
    const cal = await f.p.ctx.calendar.get();
    // The first day with at most 5 workdays left, and the day before it (6 left).
    let d5 = END;
    while (cal.workdaysBetween(addDays(d5, -1), END).days <= 5) d5 = addDays(d5, -1);
    const d6 = addDays(d5, -1);
    expect(cal.workdaysBetween(d6, END).days).toBe(6);

    f.setToday(d6);
    await s.runJob('grant-expiry');
    expect(await expiring(id)).toEqual([]);

    f.setToday(d5);
    const runs = await Promise.all([s.runJob('grant-expiry'), s.runJob('grant-expiry')]);
    expect(runs.map((r) => r['grant.renewal.remind'] ?? 0).sort()).toEqual([0, 1]);
    const notices = await expiring(id);
    expect(notices).toEqual([{ id: expect.any(String), department_id: rst, role: 'data_user' }]);
    const inbox = (await f.get('/inbox', 'rst_user')).json().items.find((n: { kind: string }) => n.kind === 'grant.expiring');
    expect(inbox).toMatchObject({ title: '共享授权即将到期：机动车驾驶人信息（测试）', subject: { type: 'application', id }, read: false });
    expect(inbox.body).toContain(`授权将于 ${END} 到期`);
    const deliveries = await f.p.ctx.db.selectFrom('notification_deliveries').select(['channel', 'address', 'status']).where('notification_id', '=', notices[0]!.id).execute();
    expect(deliveries).toEqual([{ channel: 'email', address: 'gxzd@rst.sc.gov.cn', status: 'pending' }]);

    f.setToday(addDays(d5, 2));
    await s.runJob('grant-expiry');
    expect(await expiring(id)).toHaveLength(1); // once per grant
  });

  it('does not remind when a renewal has already been filed', async () => {
    f.setToday('2026-11-02');
    const id = await activeGrant(f.codes.conditional2, 'rst_user');
    const renewal = await f.post(`/applications/${id}/amend`, 'rst_user', { validFrom: addDays(END, 1), validUntil: addDays(END, 365) });
    expect(renewal.statusCode).toBe(201);
    f.setToday(addDays(END, -1));
    await s.runJob('grant-expiry');
    expect(await expiring(id)).toEqual([]);
  });
});
