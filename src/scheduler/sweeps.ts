import { isAfter } from '../calendar/dates.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import type { Tx } from '../db/database.js';
import type { AppContext } from '../http/context.js';
import { notify, type Recipient } from '../notifications/notify.js';
import { applicationsIn, followUps, lockApplication, findApplication, updateApplication } from '../applications/application.store.js';
import { expireApplication } from '../applications/grant-lifecycle.service.js';
import { addEvent, SYSTEM_ACTOR } from '../applications/history.store.js';
import { disputesIn } from '../objections/dispute.store.js';
import { DISPUTE_STATUS_LABELS } from '../objections/dispute.rules.js';
import { openObjections, updateObjection } from '../objections/objection.store.js';
import type { DisputeStatus } from '../db/schema.js';
import { reminderStage } from './deadlines.js';
import { awaitingSignatures, claimReminder } from './reminders.store.js';
import type { WorkflowRuntime } from './runtime.js';

/**
 * The deadline sweeps of SPEC C4: a reminder from N workdays before each deadline, an overdue notice (and mark) after
 * it. Each notice is claimed in reminders_sent first, so it is sent once however many sweeps run at the same time.
 */
export interface SweepEnv { tx: Tx; ctx: Pick<AppContext, 'audit'>; rt: WorkflowRuntime; cal: WorkdayCalendar; today: string }
export type Counts = Record<string, number>;

const bump = (c: Counts, k: string) => (c[k] = (c[k] ?? 0) + 1);

async function remindOrFlag(env: SweepEnv, c: Counts, kind: string, subject: { type: string; id: string }, due: string, remindDays: number,
  send: (stage: 'remind' | 'overdue') => Promise<unknown>): Promise<void> {
  const stage = reminderStage(env.cal, due, env.today, remindDays);
  if (stage === 'none') return;
  if (await claimReminder(env.tx, `${kind}.${stage}`, subject.type, subject.id, due)) {
    await send(stage);
    bump(c, `${kind}.${stage}`);
  }
}

export async function sweepApplications(env: SweepEnv): Promise<Counts> {
  const c: Counts = {};
  const days = env.rt.config.reminderWorkdays;
  for (const a of await applicationsIn(env.tx, ['pending'])) {
    const subject = { type: 'application', id: a.id };
    await remindOrFlag(env, c, 'application.accept', subject, a.accept_by, days, async (stage) => {
      const to: Recipient[] = [{ departmentId: a.provider_department_id, role: 'share_approver' }];
      if (stage === 'overdue') {
        await updateApplication(env.tx, a.id, { overdue_at: env.rt.now() });
        await addEvent(env.tx, 'application', a.id, { action: 'application.overdue', actor: SYSTEM_ACTOR, detail: { acceptBy: a.accept_by } });
        await env.ctx.audit.inTx(env.tx, { action: 'application.overdue', actor: SYSTEM_ACTOR, objectType: 'application', objectId: a.id, detail: { acceptBy: a.accept_by } });
        to.push({ departmentId: a.consumer_department_id, role: 'data_user' });
      }
      await notify(env.tx, env.rt, {
        kind: `application.${stage === 'remind' ? 'reminder' : 'overdue'}`, subject,
        title: stage === 'remind' ? `共享申请即将超期：${a.resource_name}` : `共享申请已超期未受理：${a.resource_name}`,
        body: stage === 'remind' ? `请在 ${a.accept_by} 前受理${a.consumer_name}的共享申请（第二十三条：10 个工作日内）。` : `受理期限 ${a.accept_by} 已过，已记为超期（第二十三条）。`, to,
      });
    });
  }
  for (const a of await awaitingSignatures(env.tx)) {
    if (!a.sign_by) continue;
    const unsigned: Recipient[] = [
      ...(a.consumer_signed_at ? [] : [{ departmentId: a.consumer_department_id, role: 'data_user' as const }]),
      ...(a.provider_signed_at ? [] : [{ departmentId: a.provider_department_id, role: 'share_approver' as const }]),
    ];
    await remindOrFlag(env, c, 'agreement.sign', { type: 'application', id: a.id }, a.sign_by, days, (stage) => notify(env.tx, env.rt, {
      kind: `agreement.${stage === 'remind' ? 'reminder' : 'overdue'}`, subject: { type: 'application', id: a.id }, to: unsigned,
      title: `${stage === 'remind' ? '请尽快签署' : '超期未签署'}共享安全协议：${a.resource_name}`, body: `签署期限：${a.sign_by}（第三十条：双方签署后授权生效）。`,
    }));
  }
  return c;
}

export async function sweepObjections(env: SweepEnv): Promise<Counts> {
  const c: Counts = {};
  for (const o of await openObjections(env.tx)) {
    const subject = { type: 'objection', id: o.id };
    await remindOrFlag(env, c, 'objection.reply', subject, o.reply_by, env.rt.config.reminderWorkdays, async (stage) => {
      const to: Recipient[] = [{ departmentId: o.provider_department_id, role: 'share_approver' }, { departmentId: o.provider_department_id, role: 'catalog_editor' }];
      if (stage === 'overdue') {
        await updateObjection(env.tx, o.id, { overdue_at: env.rt.now() });
        await addEvent(env.tx, 'objection', o.id, { action: 'objection.overdue', actor: SYSTEM_ACTOR, detail: { replyBy: o.reply_by } });
        to.push({ departmentId: o.consumer_department_id, role: 'data_user' });
      }
      await notify(env.tx, env.rt, {
        kind: `objection.${stage === 'remind' ? 'reminder' : 'overdue'}`, subject, to,
        title: `${stage === 'remind' ? '数据异议即将超期' : '数据异议已超期未答复'}：${o.resource_name}`, body: `答复期限：${o.reply_by}（第二十四条：10 个工作日内处理和回复）。`,
      });
    });
  }
  return c;
}

/** Who acts at each open step of a dispute. */
export function disputeActors(d: { status: DisputeStatus; consumer_department_id: string; provider_department_id: string; region_code: string }): Recipient[] {
  if (d.status === 'office_coordination') return [{ regionCode: d.region_code, role: 'office' }];
  if (d.status === 'leading_group') return [{ role: 'leading_group' }];
  return [{ departmentId: d.consumer_department_id, role: 'data_user' }, { departmentId: d.provider_department_id, role: 'share_approver' }];
}

export async function sweepDisputes(env: SweepEnv): Promise<Counts> {
  const c: Counts = {};
  for (const d of await disputesIn(env.tx, ['negotiation', 'office_coordination', 'office_decided', 'leading_group'])) {
    if (!d.step_due) continue;
    await remindOrFlag(env, c, `dispute.${d.status}`, { type: 'dispute', id: d.id }, d.step_due, env.rt.config.reminderWorkdays, (stage) => notify(env.tx, env.rt, {
      kind: `dispute.${stage === 'remind' ? 'reminder' : 'overdue'}`, subject: { type: 'dispute', id: d.id }, to: disputeActors(d),
      title: `${stage === 'remind' ? '争议处理即将到期' : '争议处理已超期'}（${DISPUTE_STATUS_LABELS[d.status]}）`, body: `本阶段期限：${d.step_due}。`,
    }));
  }
  return c;
}

/** Grants: a renewal reminder before the period ends, then the application is marked expired (the bus stops at once). */
export async function sweepGrants(env: SweepEnv): Promise<Counts> {
  const c: Counts = {};
  for (const a of await applicationsIn(env.tx, ['active'])) {
    if (isAfter(env.today, a.valid_until)) {
      await lockApplication(env.tx, a.id);
      const current = await findApplication(env.tx, a.id);
      if (current?.status === 'active' && await claimReminder(env.tx, 'grant.expired', 'application', a.id, a.valid_until)) {
        await expireApplication(env.tx, env.rt, current);
        bump(c, 'grant.expired');
      }
      continue;
    }
    if (env.cal.workdaysBetween(env.today, a.valid_until).days > env.rt.config.renewalReminderWorkdays) continue;
    const renewed = (await followUps(env.tx, a.id)).some((f) => f.link_kind === 'amend' && ['pending', 'approved', 'active'].includes(f.status));
    if (renewed || !(await claimReminder(env.tx, 'grant.renewal.remind', 'application', a.id, a.valid_until))) continue;
    await notify(env.tx, env.rt, {
      kind: 'grant.expiring', title: `共享授权即将到期：${a.resource_name}`, subject: { type: 'application', id: a.id },
      body: `授权将于 ${a.valid_until} 到期。如需继续使用，请提前提出续期（变更）申请，提供部门受理需要最多 10 个工作日。`,
      to: [{ departmentId: a.consumer_department_id, role: 'data_user' }],
    });
    bump(c, 'grant.renewal.remind');
  }
  return c;
}
