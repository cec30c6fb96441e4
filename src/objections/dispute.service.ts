import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can, visibility, type Target } from '../auth/policy.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import type { DisputeStatus } from '../db/schema.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { notify, type Recipient } from '../notifications/notify.js';
import { findDepartment } from '../orgs/orgs.store.js';
import { deadlineState } from '../scheduler/deadlines.js';
import { todayOf, workflow } from '../scheduler/runtime.js';
import type { DisputeStepWorkdays } from '../scheduler/workflow-config.js';
import { addEvent, history } from '../applications/history.store.js';
import { commonRegion, DISPUTE_STATUS_LABELS, disputeTransition, isClosed, stepWorkdays, type DisputeAction, type DisputeRole } from './dispute.rules.js';
import * as store from './dispute.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'calendar'>;
const notFound = () => errors.notFound('Dispute', '争议');

/** Which subjects can be disputed (Art. 25): a refused application, a rejected objection. */
const DISPUTABLE = { application: 'refused', objection: 'rejected' } as const;

export interface OpenInput { subjectType: 'application' | 'objection'; subjectId: string; statement: string }

function isParty(actor: Actor, d: { consumer_department_id: string; provider_department_id: string }): boolean {
  return [d.consumer_department_id, d.provider_department_id].some((dept) => actor.departmentId === dept && can(actor, 'dispute.participate', { departmentId: dept }));
}

/** The actor's roles in this dispute: a party, the coordinating office (its region contains the common region), the leading group. */
export function rolesIn(actor: Actor, d: store.DisputeRow): DisputeRole[] {
  const roles: DisputeRole[] = [];
  if (actor.kind !== 'user') return roles;
  if (isParty(actor, d)) roles.push('party');
  if (can(actor, 'dispute.coordinate', { regionCode: d.region_code })) roles.push('office');
  if (can(actor, 'dispute.rule', {})) roles.push('leading_group');
  return roles;
}

function mayRead(actor: Actor, d: store.DisputeRow): boolean {
  const targets: Target[] = [
    { departmentId: d.consumer_department_id, regionCode: d.consumer_region }, { departmentId: d.provider_department_id, regionCode: d.provider_region }, { regionCode: d.region_code },
  ];
  return targets.some((t) => can(actor, 'dispute.read', t));
}

const parties = (d: { consumer_department_id: string; provider_department_id: string }): Recipient[] => [
  { departmentId: d.consumer_department_id, role: 'data_user' }, { departmentId: d.provider_department_id, role: 'share_approver' },
];

/** Pure on a calendar fetched beforehand: inside a transaction nothing may query outside it (PGlite has one session). */
function stepDue(cal: WorkdayCalendar, steps: DisputeStepWorkdays, status: DisputeStatus, today: string): string | null {
  const n = stepWorkdays(steps, status);
  return n === undefined ? null : cal.addWorkdays(today, n).date;
}

/** Either side brings a refused application or a rejected objection to negotiation (POST /disputes). */
export async function openDispute(ctx: Ctx, actor: Actor, input: OpenInput, requestId: string) {
  const subject = await store.subjectParties(ctx.db, input.subjectType, input.subjectId);
  if (!subject || actor.kind !== 'user' || !isParty(actor, subject)) throw errors.notFound(input.subjectType === 'application' ? 'Application' : 'Objection', input.subjectType === 'application' ? '共享申请' : '数据异议');
  if (subject.status !== DISPUTABLE[input.subjectType]) {
    throw new DomainError('DISPUTE_SUBJECT_NOT_DISPUTABLE', 409, input.subjectType === 'application' ? '只有不予共享的申请可以提出争议' : '只有被认定无误（驳回）的异议可以提出争议',
      `Only a ${DISPUTABLE[input.subjectType]} ${input.subjectType} can be disputed`, { status: subject.status });
  }
  const statement = input.statement.trim();
  if (!statement) throw errors.validation('statement is empty', '争议陈述不能为空');
  const [c, p] = await Promise.all([findDepartment(ctx.db, subject.consumer_department_id), findDepartment(ctx.db, subject.provider_department_id)]);
  const region = commonRegion(c!.region_code, p!.region_code);
  const today = todayOf(ctx);
  const due = stepDue(await ctx.calendar.get(), workflow(ctx).config.disputeStepWorkdays, 'negotiation', today);
  const id = randomUUID();
  await ctx.tx(async (tx) => {
    if (await store.openDisputeFor(tx, input.subjectType, input.subjectId)) throw errors.conflict('DISPUTE_EXISTS', '该事项已有进行中的争议', 'This subject already has an open dispute');
    await store.insertDispute(tx, {
      id, subject_type: input.subjectType, subject_id: input.subjectId, consumer_department_id: subject.consumer_department_id, provider_department_id: subject.provider_department_id,
      region_code: region, opened_by_department_id: actor.departmentId!, statement, status: 'negotiation', step_started_on: today, step_due: due,
      office_decision: null, office_decided_at: null, office_decided_by: null, ruling: null, ruled_at: null, ruled_by: null, closed_at: null, created_by: actor.id,
    });
    await addEvent(tx, 'dispute', id, { action: 'dispute.open', actor, text: statement, detail: { to: 'negotiation', stepDue: due } });
    await addEvent(tx, input.subjectType, input.subjectId, { action: 'dispute.open', actor, detail: { disputeId: id } });
    await ctx.audit.inTx(tx, { action: 'dispute.open', actor: auditActor(actor), objectType: 'dispute', objectId: id, requestId, detail: { subjectType: input.subjectType, subjectId: input.subjectId, region } });
    await notify(tx, workflow(ctx), { kind: 'dispute.opened', title: `争议协商：${subject.resource_name}`, body: `对方提出争议，请在 ${due} 前协商（第二十五条）：${statement}`, subject: { type: 'dispute', id }, to: parties(subject) });
  });
  return { id, status: 'negotiation' as const, stepDue: due };
}

const TITLES: Record<DisputeAction, string> = { message: '争议有新的协商意见', escalate: '争议已提请上一级', decide: '争议已作出决定', settle: '争议已解决' };

/** One step of a dispute: a dated message, an escalation, a decision (office or leading group) or a settlement. */
export async function act(ctx: Ctx, actor: Actor, id: string, action: DisputeAction, text: string, requestId: string) {
  const found = await store.findDispute(ctx.db, id);
  if (!found || !mayRead(actor, found)) throw notFound();
  const body = text.trim();
  if (!body) throw errors.validation('text is empty', '内容不能为空');
  const rt = workflow(ctx);
  const today = todayOf(ctx);
  const cal = await ctx.calendar.get();
  return ctx.tx(async (tx) => {
    await store.lockDispute(tx, id);
    const d = (await store.findDispute(tx, id))!;
    const { next, as } = disputeTransition(d.status, action, rolesIn(actor, d));
    const moved = next !== d.status;
    const due = moved ? stepDue(cal, rt.config.disputeStepWorkdays, next, today) : d.step_due;
    const now = rt.now();
    await store.updateDispute(tx, id, {
      status: next, ...(moved ? { step_started_on: today, step_due: due } : {}), ...(isClosed(next) ? { closed_at: now } : {}),
      ...(action === 'decide' && as === 'office' ? { office_decision: body, office_decided_at: now, office_decided_by: actor.id } : {}),
      ...(action === 'decide' && as === 'leading_group' ? { ruling: body, ruled_at: now, ruled_by: actor.id } : {}),
    });
    await addEvent(tx, 'dispute', id, { action: `dispute.${action}`, actor, text: body, detail: { as, from: d.status, to: next, ...(moved ? { stepDue: due } : {}) } });
    await ctx.audit.inTx(tx, { action: `dispute.${action}`, actor: auditActor(actor), objectType: 'dispute', objectId: id, requestId, detail: { as, from: d.status, to: next } });
    const to: Recipient[] = parties(d).filter((r) => !('departmentId' in r) || r.departmentId !== actor.departmentId);
    if (next !== 'negotiation' || d.status !== 'negotiation') to.push({ regionCode: d.region_code, role: 'office' });
    if (next === 'leading_group') to.push({ role: 'leading_group' });
    await notify(tx, rt, { kind: `dispute.${action}`, title: `${TITLES[action]}（${DISPUTE_STATUS_LABELS[next]}）`, body, subject: { type: 'dispute', id }, to });
    return { id, status: next, stepDue: due };
  });
}

export function presentDispute(d: store.DisputeRow, cal: WorkdayCalendar, today: string) {
  const iso = (x: Date | null) => (x ? new Date(x).toISOString() : null);
  return {
    id: d.id, subjectType: d.subject_type, subjectId: d.subject_id, status: d.status, statusLabel: DISPUTE_STATUS_LABELS[d.status],
    region: { code: d.region_code, name: d.region_name }, consumer: { id: d.consumer_department_id, name: d.consumer_name }, provider: { id: d.provider_department_id, name: d.provider_name },
    openedByDepartmentId: d.opened_by_department_id, statement: d.statement, stepStartedOn: d.step_started_on, stepDue: d.step_due,
    deadline: d.step_due && !isClosed(d.status) ? { date: d.step_due, ...deadlineState(cal, d.step_due, today) } : null,
    officeDecision: d.office_decision ? { text: d.office_decision, at: iso(d.office_decided_at), by: d.office_decided_by } : null,
    ruling: d.ruling ? { text: d.ruling, at: iso(d.ruled_at), by: d.ruled_by } : null,
    closedAt: iso(d.closed_at), createdAt: iso(d.created_at)!,
  };
}

export async function disputeDetail(ctx: Ctx, actor: Actor, id: string) {
  const d = await store.findDispute(ctx.db, id);
  if (!d || !mayRead(actor, d)) throw notFound();
  const cal = await ctx.calendar.get();
  return { ...presentDispute(d, cal, todayOf(ctx)), myRoles: rolesIn(actor, d), timeline: await history(ctx.db, 'dispute', id) };
}

export async function listVisibleDisputes(ctx: Ctx, actor: Actor, f: { status?: DisputeStatus | undefined; open?: boolean | undefined }, page: number, size: number) {
  const r = await store.listDisputes(ctx.db, visibility(actor, 'dispute.read'), f, page, size);
  const cal = await ctx.calendar.get();
  return { total: r.total, items: r.items.map((d) => presentDispute(d, cal, todayOf(ctx))) };
}
