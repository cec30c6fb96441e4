import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/roles.js';
import { addDays, isAfter, todayInShanghai } from '../calendar/dates.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import type { Tx } from '../db/database.js';
import type { ApplicationStatus } from '../db/schema.js';
import { createGrantInTx } from '../exchange/grant.service.js';
import { publishedResource, type PublishedResource } from '../exchange/resource-lookup.js';
import type { AppContext } from '../http/context.js';
import { generateAgreementInTx } from '../applications/agreement.service.js';
import { methodsFor } from '../applications/application.rules.js';
import { findApplication, insertApplication, updateApplication } from '../applications/application.store.js';
import { addEvent, SYSTEM_ACTOR } from '../applications/history.store.js';
import { notify } from '../notifications/notify.js';
import { insertDispute } from '../objections/dispute.store.js';
import { insertObjection } from '../objections/objection.store.js';
import { claimReminder } from '../scheduler/reminders.store.js';
import { workflow } from '../scheduler/runtime.js';

/**
 * Demo workflow (issue 6 item 8): applications to 省公安厅 in every state, objections and one dispute, dated relative to
 * today so that to-do lists show normal, warning and overdue deadlines. Runs in `govshare demo` only (config.demo),
 * after the catalog is seeded; a few dozen inserts in one transaction.
 */
const PURPOSES = [
  ['社会保险待遇资格认证中的身份核验', '《社会保险法》第七十二条'],
  ['出生医学证明签发中的父母身份核验', '《母婴保健法》第二十三条'],
  ['就业困难人员认定中的户籍信息核查', '《就业促进法》第五十二条'],
  ['医疗机构执业人员身份核验', '《医师法》第十三条'],
  ['养老保险待遇领取资格复核', '《社会保险法》第十六条'],
  ['劳动保障监察案件当事人身份核实', '《劳动保障监察条例》第十五条'],
] as const;

/** The date n workdays before `date` (the calendar only counts forward). */
function workdaysBefore(cal: WorkdayCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, -1);
    if (cal.isWorkday(d)) left--;
  }
  return d;
}

async function actorOf(tx: Tx, username: string): Promise<Actor> {
  const u = await tx.selectFrom('users').innerJoin('departments', 'departments.id', 'users.department_id')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.id', 'users.username', 'users.department_id', 'departments.region_code', 'user_roles.role'])
    .where('users.username', '=', username).executeTakeFirstOrThrow();
  return { kind: 'user', id: u.id, name: u.username, roles: [u.role as Role], departmentId: u.department_id, regionCode: u.region_code, sessionId: null };
}

async function conditionalResources(tx: Tx, providerId: string): Promise<PublishedResource[]> {
  const rows = await tx.selectFrom('catalog_versions').select('code').where('department_id', '=', providerId)
    .where('status', '=', 'published').where('share_type', '=', 'conditional').orderBy('code').limit(12).execute();
  const out: PublishedResource[] = [];
  for (const r of rows) {
    const p = await publishedResource(tx, r.code);
    if (p && p.body.items.length >= 2 && methodsFor(p.body.shareMethods).length > 0) out.push(p);
  }
  return out;
}

export async function seedWorkflow(ctx: AppContext): Promise<void> {
  if (!ctx.config.demo) return;
  const rt = workflow(ctx);
  const cal = await ctx.calendar.get();
  const today = todayInShanghai(rt.now());
  await ctx.tx(async (tx) => {
    if (await tx.selectFrom('applications').select('id').limit(1).executeTakeFirst()) return;
    const approver = await actorOf(tx, 'gat_approver');
    const consumers = [await actorOf(tx, 'rst_user'), await actorOf(tx, 'wjw_user')];
    const res = await conditionalResources(tx, approver.departmentId!);
    if (res.length === 0) return; // a catalog without conditional resources of 省公安厅: nothing to apply for
    const pick = (i: number) => res[i % res.length]!;

    const file = async (i: number, filedWorkdaysAgo: number, status: ApplicationStatus) => {
      const r = pick(i);
      const consumer = consumers[i % 2]!;
      const filed = workdaysBefore(cal, today, filedWorkdaysAgo);
      const acceptBy = cal.addWorkdays(filed, 10).date;
      const id = randomUUID();
      const [purpose, basis] = PURPOSES[i % PURPOSES.length]!;
      await insertApplication(tx, {
        id, resource_code: r.code, resource_version: r.version, resource_name: r.body.name, provider_department_id: r.departmentId, consumer_department_id: consumer.departmentId!,
        items: JSON.stringify(r.body.items.slice(0, 3).map((it) => it.name)), approved_items: null, masks: '{}', methods: JSON.stringify(methodsFor(r.body.shareMethods)),
        purpose, legal_basis: basis, expected_volume: '每日约 1000 次', credential_id: null, valid_from: filed, valid_until: addDays(filed, 365), status: 'pending',
        filed_on: filed, accept_by: acceptBy, accept_by_provisional: false, decided_at: null, decided_by: null, decision_reason: null, sign_by: null,
        previous_id: null, link_kind: null, grant_id: null, overdue_at: null, created_by: consumer.id,
      });
      await addEvent(tx, 'application', id, { action: 'application.file', actor: consumer, detail: { acceptBy } }, new Date(`${filed}T09:30:00+08:00`));
      await notify(tx, rt, { kind: 'application.filed', title: `新的共享申请待受理：${r.body.name}`, body: `请在 ${acceptBy} 前受理（第二十三条）。`, subject: { type: 'application', id }, to: [{ departmentId: r.departmentId, role: 'share_approver' }] });
      if (status === 'pending') return { id, consumer, r, filed, acceptBy };
      const decidedOn = workdaysBefore(cal, today, Math.max(0, filedWorkdaysAgo - 3));
      const at = new Date(`${decidedOn}T15:00:00+08:00`);
      if (status === 'refused') {
        await updateApplication(tx, id, { status: 'refused', decided_at: at, decided_by: approver.id, decision_reason: '申请用途与所列履职依据不一致，请补充说明后重新申请' });
        await addEvent(tx, 'application', id, { action: 'application.refuse', actor: approver, text: '申请用途与所列履职依据不一致，请补充说明后重新申请' }, at);
      } else if (status === 'withdrawn') {
        await updateApplication(tx, id, { status: 'withdrawn' });
        await addEvent(tx, 'application', id, { action: 'application.withdraw', actor: consumer, text: '业务需求调整' }, at);
      } else {
        const items = r.body.items.slice(0, 2).map((it) => it.name);
        const signBy = cal.addWorkdays(decidedOn, 10).date;
        await updateApplication(tx, id, { status: 'approved', decided_at: at, decided_by: approver.id, approved_items: JSON.stringify(items), sign_by: signBy });
        await generateAgreementInTx(tx, ctx, (await findApplication(tx, id))!, { items, masks: {} }, decidedOn);
        await addEvent(tx, 'application', id, { action: 'application.approve', actor: approver, detail: { items, signBy } }, at);
        await tx.updateTable('agreements').set({ provider_signed_by: '省公安厅科技信息化总队 王五', provider_user_id: approver.id, provider_signed_at: at }).where('application_id', '=', id).execute();
        await addEvent(tx, 'application', id, { action: 'agreement.sign', actor: approver, text: '省公安厅科技信息化总队 王五', detail: { party: 'provider' } }, at);
        if (status === 'active') {
          await tx.updateTable('agreements').set({ consumer_signed_by: `${consumer.name} 信息中心主任`, consumer_user_id: consumer.id, consumer_signed_at: at }).where('application_id', '=', id).execute();
          const row = (await findApplication(tx, id))!;
          const grantId = await createGrantInTx(tx, ctx, consumer, {
            resourceCode: r.code, consumerDepartmentId: consumer.departmentId!, items, masks: {}, methods: row.methods, purpose: row.purpose, validFrom: decidedOn,
            validUntil: row.valid_until, dailyQuota: null, maxRecords: null, credentialId: null, applicationId: id,
          }, undefined);
          await updateApplication(tx, id, { status: 'active', grant_id: grantId });
          await addEvent(tx, 'application', id, { action: 'grant.create', actor: consumer, detail: { grantId } }, at);
        }
      }
      return { id, consumer, r, filed, acceptBy };
    };

    await file(0, 1, 'pending');
    await file(1, 8, 'pending'); // two workdays left: a warning on the approver's to-do list
    const overdue = await file(2, 12, 'pending');
    await updateApplication(tx, overdue.id, { overdue_at: new Date() });
    await claimReminder(tx, 'application.accept.overdue', 'application', overdue.id, overdue.acceptBy);
    await addEvent(tx, 'application', overdue.id, { action: 'application.overdue', actor: SYSTEM_ACTOR, detail: { acceptBy: overdue.acceptBy } });
    const refused = await file(3, 15, 'refused');
    await file(4, 4, 'approved');
    await file(5, 30, 'active');
    await file(6, 6, 'withdrawn');

    // Objections (Art. 24): one open, one open and reported late, one answered with a correction.
    const objection = async (i: number, discoveredAgo: number, filedAgo: number, description: string, accepted: boolean) => {
      const r = pick(i);
      const consumer = consumers[i % 2]!;
      const discovered = workdaysBefore(cal, today, discoveredAgo);
      const filed = workdaysBefore(cal, today, filedAgo);
      const reportBy = cal.addWorkdays(discovered, 5).date;
      const id = randomUUID();
      await insertObjection(tx, {
        id, resource_code: r.code, resource_name: r.body.name, provider_department_id: r.departmentId, consumer_department_id: consumer.departmentId!, description,
        items: JSON.stringify([r.body.items[1]!.name]), example_keys: '[]', discovered_on: discovered, filed_on: filed, report_by: reportBy, late: isAfter(filed, reportBy),
        reply_by: cal.addWorkdays(filed, 10).date, reply_by_provisional: false, status: accepted ? 'accepted' : 'open',
        reply: accepted ? '经核实，源系统批量导入时字段错位，已更正' : null,
        correction: accepted ? JSON.stringify({ description: '更正 37 条记录', correctedOn: today, items: [r.body.items[1]!.name], records: 37 }) : null,
        replied_at: accepted ? new Date() : null, replied_by: accepted ? approver.id : null, overdue_at: null, created_by: consumer.id,
      });
      await addEvent(tx, 'objection', id, { action: 'objection.file', actor: consumer, text: description }, new Date(`${filed}T10:00:00+08:00`));
      if (accepted) await addEvent(tx, 'objection', id, { action: 'objection.accept', actor: approver, text: '经核实，源系统批量导入时字段错位，已更正' });
    };
    await objection(0, 2, 1, '部分记录的姓名与身份证号不对应', false);
    await objection(1, 14, 3, '发现部分记录更新时间停留在去年', false);
    await objection(2, 12, 10, '批量比对时发现字段错位', true);

    // One dispute (Art. 25) over the refused application, now with the office.
    const disputeId = randomUUID();
    await insertDispute(tx, {
      id: disputeId, subject_type: 'application', subject_id: refused.id, consumer_department_id: refused.consumer.departmentId!, provider_department_id: approver.departmentId!,
      region_code: '510000', opened_by_department_id: refused.consumer.departmentId!, statement: '申请用途属于法定职责，依据充分，请求重新审查', status: 'office_coordination',
      step_started_on: workdaysBefore(cal, today, 2), step_due: cal.addWorkdays(workdaysBefore(cal, today, 2), 15).date,
      office_decision: null, office_decided_at: null, office_decided_by: null, ruling: null, ruled_at: null, ruled_by: null, closed_at: null, created_by: refused.consumer.id,
    });
    const when = (ago: number) => new Date(`${workdaysBefore(cal, today, ago)}T11:00:00+08:00`);
    await addEvent(tx, 'dispute', disputeId, { action: 'dispute.open', actor: refused.consumer, text: '申请用途属于法定职责，依据充分，请求重新审查', detail: { to: 'negotiation' } }, when(8));
    await addEvent(tx, 'dispute', disputeId, { action: 'dispute.message', actor: approver, text: '可考虑以比对方式提供，请说明调用量', detail: { to: 'negotiation' } }, when(6));
    await addEvent(tx, 'dispute', disputeId, { action: 'dispute.escalate', actor: refused.consumer, text: '协商未果，提请省政府办公厅协调', detail: { to: 'office_coordination' } }, when(2));
    await notify(tx, rt, { kind: 'dispute.escalate', title: '争议已提请管理机构协调', body: '省人社厅与省公安厅的共享争议待协调（第二十五条）。', subject: { type: 'dispute', id: disputeId }, to: [{ regionCode: '510000', role: 'office' }] });
    await ctx.audit.inTx(tx, { action: 'demo.workflow.seed', actor: { id: null, name: 'system', departmentId: null }, detail: { applications: 7, objections: 3, disputes: 1 } });
  });
}
