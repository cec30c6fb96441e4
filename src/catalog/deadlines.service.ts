import { randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { can, visibility } from '../auth/policy.js';
import { todayInShanghai } from '../calendar/dates.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import { DomainError, errors } from '../errors.js';
import { findDepartment } from './resource.store.js';
import type { Ctx } from './resource.service.js';
import * as store from './deadlines.store.js';

/** Art. 10: a department updates its catalog within 15 workdays of an organisational or legal-duty change. */
export const CATALOG_UPDATE_WORKDAYS = 15;

export type DeadlineStatus = 'open' | 'overdue' | 'closed';

/** Status and workdays left of a deadline on `today` (pure; negative when overdue, null once closed). */
export function deadlineState(cal: WorkdayCalendar, d: { due_on: string; closed_at: Date | null }, today: string): { status: DeadlineStatus; workdaysLeft: number | null } {
  if (d.closed_at) return { status: 'closed', workdaysLeft: null };
  const left = cal.workdaysBetween(today, d.due_on).days;
  return { status: today > d.due_on ? 'overdue' : 'open', workdaysLeft: left };
}

export interface OrgChangeInput { departmentId: string; kind: 'reorganisation' | 'legal_duty'; description: string; effectiveOn: string }

export async function recordOrgChange(ctx: Ctx, actor: Actor, input: OrgChangeInput, requestId: string) {
  const due = await ctx.calendar.compute((cal) => cal.addWorkdays(input.effectiveOn, CATALOG_UPDATE_WORKDAYS));
  if (!input.description.trim()) throw new DomainError('DESCRIPTION_REQUIRED', 400, '请说明机构改革或职责调整的内容', 'Describe the organisational or legal-duty change');
  return ctx.tx(async (tx) => {
    const dept = await findDepartment(tx, input.departmentId);
    if (!dept) throw errors.notFound('Department', '部门');
    if (!can(actor, 'catalog.orgchange.write', { departmentId: dept.id, regionCode: dept.region_code })) throw errors.forbidden('The office records changes of departments in its own region only');
    const id = randomUUID();
    await store.insertOrgChange(tx, { id, departmentId: dept.id, kind: input.kind, description: input.description.trim(), effectiveOn: input.effectiveOn, dueOn: due.date, provisional: due.provisional, actorId: actor.id });
    await ctx.audit.inTx(tx, { action: 'catalog.orgchange.record', actor: auditActor(actor), objectType: 'department', objectId: dept.id, requestId, detail: { id, kind: input.kind, effectiveOn: input.effectiveOn, dueOn: due.date } });
    const today = todayInShanghai();
    const cal = await ctx.calendar.get();
    return {
      id, departmentId: dept.id, departmentName: dept.name, kind: input.kind, description: input.description.trim(), effectiveOn: input.effectiveOn,
      dueOn: due.date, provisional: due.provisional, ...deadlineState(cal, { due_on: due.date, closed_at: null }, today), closedAt: null, closedByCode: null,
    };
  });
}

export async function listDeadlines(ctx: Ctx, actor: Actor, f: Omit<store.DeadlineFilter, 'today'>, page: number, size: number, today = todayInShanghai()) {
  const { items, total } = await store.listOrgChanges(ctx.db, visibility(actor, 'catalog.deadline.read'), { ...f, today }, page, size);
  const cal = await ctx.calendar.get();
  return {
    total,
    items: items.map((d) => ({
      id: d.id, departmentId: d.department_id, departmentName: d.department_name, kind: d.kind, description: d.description,
      effectiveOn: d.effective_on, dueOn: d.due_on, provisional: d.provisional, ...deadlineState(cal, d, today),
      closedAt: d.closed_at ? new Date(d.closed_at).toISOString() : null, closedByCode: d.closed_by_code,
    })),
  };
}
