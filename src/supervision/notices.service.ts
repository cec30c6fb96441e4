import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can, visibility } from '../auth/policy.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import type { Tx } from '../db/database.js';
import type { NoticeStatus } from '../db/schema.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { notify, type Recipient } from '../notifications/notify.js';
import { parentOf } from '../orgs/region-code.js';
import { deadlineState } from '../scheduler/deadlines.js';
import { todayOf, workflow, type WorkflowRuntime } from '../scheduler/runtime.js';
import { circularText, GROUNDS, STATUS_LABELS, transition, type NoticeAction } from './notices.rules.js';
import * as store from './notices.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'calendar' | 'config'>;
const notFound = () => errors.notFound('Notice', '整改通知');

export function presentNotice(n: store.NoticeRow, cal: WorkdayCalendar, today: string) {
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: n.id, department: { id: n.department_id, name: n.department_name }, region: { code: n.region_code, name: n.region_name },
    ground: n.ground, groundLabel: GROUNDS[n.ground]!.zh, facts: n.facts, status: n.status, statusLabel: STATUS_LABELS[n.status],
    source: n.source, detectionKind: n.detection_kind, evidence: n.evidence,
    deadlineWorkdays: n.deadline_workdays, issuedOn: n.issued_on, dueOn: n.due_on, dueProvisional: n.due_provisional,
    deadline: n.due_on && n.status === 'issued' ? { date: n.due_on, ...deadlineState(cal, n.due_on, today) } : null,
    reply: n.reply, repliedAt: iso(n.replied_at), closedAt: iso(n.closed_at), circular: n.circular, circulatedAt: iso(n.circulated_at),
    dismissReason: n.dismiss_reason, createdAt: iso(n.created_at)!,
  };
}

/** The notice as `actor` may see it: the office of its region (or above), oversight roles, or the department itself once issued. */
async function visibleNotice(ctx: Ctx, actor: Actor, id: string): Promise<store.NoticeRow> {
  const n = await store.findNotice(ctx.db, id);
  if (!n || !can(actor, 'notice.read', { departmentId: n.department_id, regionCode: n.region_code })) throw notFound();
  const office = can(actor, 'notice.issue', { regionCode: n.region_code }) || visibility(actor, 'notice.read').kind === 'all';
  if (!office && (n.status === 'proposed' || n.status === 'dismissed')) throw notFound();
  return n;
}

async function step(ctx: Ctx, actor: Actor, id: string, action: NoticeAction, requestId: string,
  check: (n: store.NoticeRow) => void, apply: (tx: Tx, n: store.NoticeRow, next: NoticeStatus, rt: WorkflowRuntime) => Promise<{ text?: string | null; detail?: Record<string, unknown> }>) {
  const rt = workflow(ctx);
  await ctx.tx(async (tx) => {
    await store.lockNotice(tx, id);
    const n = await store.findNotice(tx, id);
    if (!n) throw notFound();
    check(n);
    const next = transition(n.status, action);
    const e = await apply(tx, n, next, rt);
    await store.addNoticeEvent(tx, id, { action: `notice.${action}`, actor: auditActor(actor), text: e.text ?? null, detail: { from: n.status, to: next, ...e.detail } });
    await ctx.audit.inTx(tx, { action: `notice.${action}`, actor: auditActor(actor), objectType: 'notice', objectId: id, requestId, detail: { departmentId: n.department_id, ground: n.ground, from: n.status, to: next, ...e.detail } });
  });
  return noticeDetail(ctx, actor, id);
}

function checkDeadline(days: number | undefined, dflt: number): number {
  const n = days ?? dflt;
  if (!Number.isInteger(n) || n < 1 || n > 120) throw errors.validation('deadlineWorkdays must be 1 to 120', '整改期限应为 1 到 120 个工作日');
  return n;
}

async function issueFields(ctx: Ctx, days: number, today: string) {
  const due = await ctx.calendar.compute((cal) => cal.addWorkdays(today, days));
  return { deadline_workdays: days, issued_on: today, due_on: due.date, due_provisional: due.provisional };
}

const toDepartment = (departmentId: string): Recipient[] => [{ departmentId, role: 'dept_head' }, { departmentId, role: 'catalog_editor' }, { departmentId, role: 'share_approver' }];

async function notifyIssued(tx: Tx, rt: WorkflowRuntime, id: string, departmentId: string, ground: number, dueOn: string) {
  await notify(tx, rt, {
    kind: 'notice.issued', subject: { type: 'notice', id }, to: toDepartment(departmentId),
    title: `整改通知：${GROUNDS[ground]!.zh}`, body: `请于 ${dueOn} 前完成整改并反馈整改情况；逾期未完成的将予以书面通报（第三十九条）。`,
  });
}

export interface IssueInput { departmentId: string; ground: number; facts: string; deadlineWorkdays?: number | undefined; evidence?: Array<{ type: string; id: string }> | undefined }

/** Art. 39: the office orders a department of its region to rectify, with the ground, the facts and a deadline. */
export async function issueNotice(ctx: Ctx, actor: Actor, input: IssueInput, requestId: string) {
  const dept = await ctx.db.selectFrom('departments').select(['id', 'name', 'region_code']).where('id', '=', input.departmentId).executeTakeFirst();
  if (!dept || !can(actor, 'notice.issue', { departmentId: dept.id, regionCode: dept.region_code })) throw errors.notFound('Department', '部门');
  if (!GROUNDS[input.ground]) throw new DomainError('NOTICE_GROUND_INVALID', 400, '整改事由应为第三十九条第（一）至（七）项之一', 'The ground must be one of Art. 39 (1)–(7)');
  const facts = input.facts.trim();
  if (!facts) throw new DomainError('NOTICE_FACTS_REQUIRED', 400, '请写明需要整改的事实', 'State the facts to be rectified');
  const days = checkDeadline(input.deadlineWorkdays, ctx.config.supervision.noticeDeadlineWorkdays);
  const today = todayOf(ctx);
  const fields = await issueFields(ctx, days, today);
  const id = randomUUID();
  const rt = workflow(ctx);
  await ctx.tx(async (tx) => {
    await store.insertNotice(tx, {
      id, department_id: dept.id, region_code: dept.region_code, ground: input.ground, facts, status: 'issued', source: 'office',
      detection_kind: null, detection_key: null, evidence: JSON.stringify(input.evidence ?? []), ...fields,
      issued_by: actor.id, reply: null, replied_at: null, replied_by: null, closed_at: null, circular: null, circulated_at: null, dismiss_reason: null, created_by: actor.id,
    });
    await store.addNoticeEvent(tx, id, { action: 'notice.issue', actor: auditActor(actor), text: facts, detail: { ground: input.ground, dueOn: fields.due_on } });
    await ctx.audit.inTx(tx, { action: 'notice.issue', actor: auditActor(actor), objectType: 'notice', objectId: id, requestId, detail: { departmentId: dept.id, ground: input.ground, dueOn: fields.due_on } });
    await notifyIssued(tx, rt, id, dept.id, input.ground, fields.due_on);
  });
  return noticeDetail(ctx, actor, id);
}

const officeOf = (actor: Actor) => (n: store.NoticeRow) => {
  if (!can(actor, 'notice.issue', { departmentId: n.department_id, regionCode: n.region_code })) throw notFound();
};

/** The office confirms a proposal of the platform (it may reword the facts, change the ground or the deadline). */
export async function confirmProposal(ctx: Ctx, actor: Actor, id: string, input: { facts?: string | undefined; ground?: number | undefined; deadlineWorkdays?: number | undefined }, requestId: string) {
  const days = checkDeadline(input.deadlineWorkdays, ctx.config.supervision.noticeDeadlineWorkdays);
  if (input.ground !== undefined && !GROUNDS[input.ground]) throw new DomainError('NOTICE_GROUND_INVALID', 400, '整改事由应为第三十九条第（一）至（七）项之一', 'The ground must be one of Art. 39 (1)–(7)');
  const fields = await issueFields(ctx, days, todayOf(ctx));
  return step(ctx, actor, id, 'issue', requestId, officeOf(actor), async (tx, n, status, rt) => {
    const facts = input.facts?.trim() || n.facts;
    const ground = input.ground ?? n.ground;
    await store.updateNotice(tx, id, { status, facts, ground, issued_by: actor.id, ...fields });
    await notifyIssued(tx, rt, id, n.department_id, ground, fields.due_on);
    return { text: facts, detail: { ground, dueOn: fields.due_on } };
  });
}

export async function dismissProposal(ctx: Ctx, actor: Actor, id: string, reason: string, requestId: string) {
  if (!reason.trim()) throw new DomainError('NOTICE_REASON_REQUIRED', 400, '驳回平台建议须说明理由', 'Say why the proposal is dismissed');
  return step(ctx, actor, id, 'dismiss', requestId, officeOf(actor), async (tx, _n, status) => {
    await store.updateNotice(tx, id, { status, dismiss_reason: reason.trim() });
    return { text: reason.trim() };
  });
}

/** The department reports its rectification (Art. 38: the head answers for it). */
export async function replyNotice(ctx: Ctx, actor: Actor, id: string, reply: string, requestId: string) {
  const text = reply.trim();
  if (!text) throw new DomainError('NOTICE_REPLY_REQUIRED', 400, '请填写整改情况', 'Describe the rectification');
  return step(ctx, actor, id, 'reply', requestId, (n) => {
    if (!can(actor, 'notice.reply', { departmentId: n.department_id }) || n.status === 'proposed' || n.status === 'dismissed') throw notFound();
  }, async (tx, n, status, rt) => {
    await store.updateNotice(tx, id, { status, reply: text, replied_at: rt.now(), replied_by: actor.id });
    const to: Recipient[] = [{ regionCode: n.region_code, role: 'office' }];
    await notify(tx, rt, { kind: 'notice.replied', subject: { type: 'notice', id }, to, title: `整改情况已反馈：${n.department_name}`, body: text.slice(0, 200) });
    return { text };
  });
}

/** The office accepts the rectification (closing the notice) or sends it back (the deadline stands). */
export async function reviewReply(ctx: Ctx, actor: Actor, id: string, input: { decision: 'accept' | 'reject'; comment?: string | undefined }, requestId: string) {
  const comment = input.comment?.trim() || null;
  if (input.decision === 'reject' && !comment) throw new DomainError('NOTICE_REASON_REQUIRED', 400, '退回整改须说明理由', 'Say why the rectification is sent back');
  return step(ctx, actor, id, input.decision, requestId, (n) => {
    officeOf(actor)(n);
    if (!n.replied_at) throw new DomainError('NOTICE_NOT_REPLIED', 409, '部门尚未反馈整改情况', 'The department has not replied yet');
  }, async (tx, n, status, rt) => {
    await store.updateNotice(tx, id, status === 'closed' ? { status, closed_at: rt.now() } : { status });
    await notify(tx, rt, {
      kind: `notice.${input.decision}`, subject: { type: 'notice', id }, to: toDepartment(n.department_id),
      title: input.decision === 'accept' ? '整改已确认完成' : '整改情况被退回', body: comment ?? (input.decision === 'accept' ? '管理机构已确认整改完成。' : ''),
    });
    return { text: comment };
  });
}

export async function noticeDetail(ctx: Ctx, actor: Actor, id: string) {
  const n = await visibleNotice(ctx, actor, id);
  const cal = await ctx.calendar.get();
  return { ...presentNotice(n, cal, todayOf(ctx)), history: await store.noticeHistory(ctx.db, id) };
}

export async function listVisibleNotices(ctx: Ctx, actor: Actor, f: store.NoticeFilter, page: number, size: number) {
  const r = await store.listNotices(ctx.db, visibility(actor, 'notice.read'), f, page, size);
  const cal = await ctx.calendar.get();
  return { total: r.total, items: r.items.map((n) => presentNotice(n, cal, todayOf(ctx))) };
}

/** Written circulars of the actor's region and the regions below it (everyone there may read them). */
export async function listVisibleCirculars(ctx: Ctx, actor: Actor, page: number, size: number) {
  const all = visibility(actor, 'notice.read').kind === 'all';
  if (!all && !actor.regionCode) return { total: 0, items: [] };
  const r = await store.listCirculars(ctx.db, all ? null : actor.regionCode, page, size);
  const cal = await ctx.calendar.get();
  return { total: r.total, items: r.items.map((n) => presentNotice(n, cal, todayOf(ctx))) };
}

/** Scheduler: issued notices past their deadline become written circulars, sent to the region (Art. 39). */
export async function circulateOverdue(env: { tx: Tx; ctx: Pick<AppContext, 'audit'>; rt: WorkflowRuntime; today: string }): Promise<Record<string, number>> {
  let circulated = 0;
  const system = { id: null, name: 'system', departmentId: null };
  for (const n of await store.overdueIssued(env.tx, env.today)) {
    const circular = circularText({ departmentName: n.department_name, ground: n.ground, facts: n.facts, issuedOn: n.issued_on ?? '', dueOn: n.due_on ?? '' });
    await store.updateNotice(env.tx, n.id, { status: transition(n.status, 'circulate'), circular, circulated_at: env.rt.now() });
    await store.addNoticeEvent(env.tx, n.id, { action: 'notice.circulate', actor: system, text: circular, detail: { from: 'issued', to: 'circulated', dueOn: n.due_on } });
    await env.ctx.audit.inTx(env.tx, { action: 'notice.circulate', actor: system, objectType: 'notice', objectId: n.id, detail: { departmentId: n.department_id, dueOn: n.due_on } });
    const parent = parentOf(n.region_code);
    await notify(env.tx, env.rt, {
      kind: 'notice.circulated', subject: { type: 'notice', id: n.id }, title: `书面通报：${n.department_name}逾期未完成整改`, body: circular,
      to: [
        ...toDepartment(n.department_id), { regionCode: n.region_code, role: 'office' }, { regionCode: n.region_code, role: 'dept_head' },
        ...(parent ? [{ regionCode: parent, role: 'office' as const }] : []), { role: 'leading_group' },
      ],
    });
    circulated++;
  }
  return { circulated };
}
