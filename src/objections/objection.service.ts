import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can, visibility } from '../auth/policy.js';
import { isAfter, isIsoDate } from '../calendar/dates.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import { DomainError, errors } from '../errors.js';
import { publishedResource } from '../exchange/resource-lookup.js';
import type { AppContext } from '../http/context.js';
import { notify } from '../notifications/notify.js';
import { deadlineState } from '../scheduler/deadlines.js';
import { todayOf, workflow } from '../scheduler/runtime.js';
import { addEvent, history } from '../applications/history.store.js';
import { OBJECTION_STATUS_LABELS, objectionDates, replyTransition, type ReplyInput } from './objection.rules.js';
import * as store from './objection.store.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'calendar'>;
const notFound = () => errors.notFound('Objection', '数据异议');

export interface ObjectionInput { resourceCode: string; description: string; discoveredOn: string; items?: string[] | undefined; exampleKeys?: string[] | undefined }

/** Art. 24: a consumer reports doubtful or wrong data of a provider's resource (POST /objections). */
export async function fileObjection(ctx: Ctx, actor: Actor, input: ObjectionInput, requestId: string): Promise<{ id: string; replyBy: string }> {
  if (actor.kind !== 'user' || !actor.departmentId) throw errors.forbidden('Objections are filed by a department\'s data user');
  const resource = await publishedResource(ctx.db, input.resourceCode);
  if (!resource) throw errors.notFound('Resource', '信息资源');
  if (resource.departmentId === actor.departmentId) throw new DomainError('OBJECTION_OWN_RESOURCE', 400, '本部门的资源请直接更正，无需提出异议', 'Correct your own department\'s data directly; no objection needed');
  const items = [...new Set(input.items ?? [])];
  const names = new Set(resource.body.items.map((i) => i.name));
  const unknown = items.filter((n) => !names.has(n));
  if (unknown.length > 0) throw new DomainError('ITEM_UNKNOWN', 400, `信息项不存在：${unknown.join('、')}`, `No such items: ${unknown.join(', ')}`, { items: unknown });
  const description = input.description.trim();
  if (!description) throw errors.validation('description is empty', '问题描述不能为空');
  const today = todayOf(ctx);
  const dates = await ctx.calendar.compute((cal) => objectionDates(cal, input.discoveredOn, today));
  const id = randomUUID();
  await ctx.tx(async (tx) => {
    await store.insertObjection(tx, {
      id, resource_code: resource.code, resource_name: resource.body.name, provider_department_id: resource.departmentId, consumer_department_id: actor.departmentId!,
      description, items: JSON.stringify(items), example_keys: JSON.stringify(input.exampleKeys ?? []), discovered_on: input.discoveredOn, filed_on: today,
      report_by: dates.reportBy, late: dates.late, reply_by: dates.replyBy, reply_by_provisional: dates.provisional, status: 'open',
      reply: null, correction: null, replied_at: null, replied_by: null, overdue_at: null, created_by: actor.id,
    });
    await addEvent(tx, 'objection', id, { action: 'objection.file', actor, text: description, detail: { late: dates.late, replyBy: dates.replyBy } });
    await ctx.audit.inTx(tx, { action: 'objection.file', actor: auditActor(actor), objectType: 'objection', objectId: id, requestId, detail: { resourceCode: resource.code, items, late: dates.late } });
    await notify(tx, workflow(ctx), {
      kind: 'objection.filed', title: `数据异议待核实：${resource.body.name}`, body: `使用部门反馈数据疑义，请在 ${dates.replyBy} 前核实处理并答复（第二十四条）。`,
      subject: { type: 'objection', id }, to: [{ departmentId: resource.departmentId, role: 'share_approver' }, { departmentId: resource.departmentId, role: 'catalog_editor' }],
    });
  });
  return { id, replyBy: dates.replyBy };
}

async function visibleObjection(ctx: Ctx, actor: Actor, id: string): Promise<store.ObjectionRow> {
  const o = await store.findObjection(ctx.db, id);
  const target = (dept: string, region: string) => ({ departmentId: dept, regionCode: region });
  if (!o || !(can(actor, 'objection.read', target(o.consumer_department_id, o.consumer_region)) || can(actor, 'objection.read', target(o.provider_department_id, o.provider_region)))) throw notFound();
  return o;
}

/** The provider answers: accepted with the correction record, or rejected with the reasons (Art. 24). */
export async function replyObjection(ctx: Ctx, actor: Actor, id: string, input: ReplyInput, requestId: string) {
  const found = await store.findObjection(ctx.db, id);
  if (!found || actor.kind !== 'user' || !can(actor, 'objection.reply', { departmentId: found.provider_department_id })) throw notFound();
  const rt = workflow(ctx);
  const today = todayOf(ctx);
  return ctx.tx(async (tx) => {
    await store.lockObjection(tx, id);
    const o = (await store.findObjection(tx, id))!;
    const status = replyTransition(o.status, input);
    if (input.correction?.correctedOn && !isIsoDate(input.correction.correctedOn)) throw errors.validation(`no such date ${input.correction.correctedOn}`, '更正日期不存在');
    const correction = input.decision === 'accept' && input.correction
      ? { description: input.correction.description.trim(), correctedOn: input.correction.correctedOn ?? today, items: input.correction.items ?? o.items, records: input.correction.records ?? null }
      : null;
    await store.updateObjection(tx, id, { status, reply: input.reply.trim(), correction: correction ? JSON.stringify(correction) : null, replied_at: rt.now(), replied_by: actor.id });
    const late = isAfter(today, o.reply_by);
    await addEvent(tx, 'objection', id, { action: `objection.${input.decision}`, actor, text: input.reply.trim(), detail: { correction, late } });
    await ctx.audit.inTx(tx, { action: `objection.${input.decision}`, actor: auditActor(actor), objectType: 'objection', objectId: id, requestId, detail: { late } });
    await notify(tx, rt, {
      kind: `objection.${status}`, title: `数据异议已答复：${o.resource_name}`,
      body: status === 'accepted' ? `提供部门确认有误并已更正：${correction!.description}` : `提供部门核实后认为数据无误：${input.reply.trim()}。如有异议，可提出争议协调（第二十五条）。`,
      subject: { type: 'objection', id }, to: [{ departmentId: o.consumer_department_id, role: 'data_user' }],
    });
    return { id, status };
  });
}

export function presentObjection(o: store.ObjectionRow, cal: WorkdayCalendar, today: string, withKeys: boolean) {
  return {
    id: o.id, resourceCode: o.resource_code, resourceName: o.resource_name,
    provider: { id: o.provider_department_id, name: o.provider_name }, consumer: { id: o.consumer_department_id, name: o.consumer_name },
    description: o.description, items: o.items, ...(withKeys ? { exampleKeys: o.example_keys } : {}),
    discoveredOn: o.discovered_on, filedOn: o.filed_on, reportBy: o.report_by, late: o.late, replyBy: o.reply_by, replyByProvisional: o.reply_by_provisional,
    status: o.status, statusLabel: OBJECTION_STATUS_LABELS[o.status], reply: o.reply, correction: o.correction, repliedAt: o.replied_at ? new Date(o.replied_at).toISOString() : null,
    deadline: o.status === 'open' ? { date: o.reply_by, ...deadlineState(cal, o.reply_by, today) } : null,
    createdAt: new Date(o.created_at).toISOString(),
  };
}

export async function listVisibleObjections(ctx: Ctx, actor: Actor, f: store.ObjectionFilter, page: number, size: number) {
  const r = await store.listObjections(ctx.db, visibility(actor, 'objection.read'), f, page, size);
  const cal = await ctx.calendar.get();
  return { total: r.total, items: r.items.map((o) => presentObjection(o, cal, todayOf(ctx), true)) };
}

export async function objectionDetail(ctx: Ctx, actor: Actor, id: string) {
  const o = await visibleObjection(ctx, actor, id);
  const cal = await ctx.calendar.get();
  return { ...presentObjection(o, cal, todayOf(ctx), true), history: await history(ctx.db, 'objection', id) };
}

/** For the catalog's resource page (SPEC C4): open objections and the correction record; record keys stay with the parties. */
export async function resourceObjections(ctx: Ctx, code: string) {
  if (!(await publishedResource(ctx.db, code))) throw errors.notFound('Resource', '信息资源');
  const rows = await store.objectionsOfResource(ctx.db, code);
  const cal = await ctx.calendar.get();
  const today = todayOf(ctx);
  return {
    resourceCode: code,
    open: rows.filter((o) => o.status === 'open').map((o) => presentObjection(o, cal, today, false)),
    corrections: rows.filter((o) => o.status === 'accepted').map((o) => ({
      objectionId: o.id, consumer: { id: o.consumer_department_id, name: o.consumer_name }, filedOn: o.filed_on, repliedAt: o.replied_at ? new Date(o.replied_at).toISOString() : null,
      description: o.description, reply: o.reply, correction: o.correction,
    })),
  };
}
