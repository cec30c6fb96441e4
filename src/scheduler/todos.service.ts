import type { Actor } from '../auth/actor.js';
import { can, visibility } from '../auth/policy.js';
import { isAfter } from '../calendar/dates.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import type { AppContext } from '../http/context.js';
import { applicationsIn } from '../applications/application.store.js';
import { disputesIn } from '../objections/dispute.store.js';
import { openObjections } from '../objections/objection.store.js';
import { isWithin } from '../orgs/region-code.js';
import { deadlineState, workdaysOverdue, type Level } from './deadlines.js';
import { awaitingSignatures } from './reminders.store.js';
import { todayOf } from './runtime.js';

type Ctx = Pick<AppContext, 'db' | 'calendar'>;

/** One waiting step with its deadline: 我的待办 (STYLE.md: a date plus workdays left; orange from 2 left, red when overdue). */
export interface Todo {
  type: 'application.decide' | 'agreement.sign' | 'objection.reply' | 'dispute.negotiate' | 'dispute.respond' | 'dispute.coordinate' | 'dispute.rule';
  subjectType: 'application' | 'objection' | 'dispute';
  subjectId: string;
  title: string;
  party?: 'consumer' | 'provider';
  counterpart: { id: string; name: string } | null;
  dueDate: string;
  workdaysLeft: number;
  provisional: boolean;
  level: Level;
}

/** A step that waits on someone, before it is assigned to a person (shared by to-dos and the overdue list). */
interface Step extends Omit<Todo, 'workdaysLeft' | 'provisional' | 'level'> { departmentId: string | null; departmentName?: string; regionCode: string | null; role: 'party' | 'office' | 'leading_group' }

async function openSteps(ctx: Ctx): Promise<Step[]> {
  const [pending, signing, objections, disputes] = await Promise.all([
    applicationsIn(ctx.db, ['pending']), awaitingSignatures(ctx.db), openObjections(ctx.db),
    disputesIn(ctx.db, ['negotiation', 'office_coordination', 'office_decided', 'leading_group']),
  ]);
  const steps: Step[] = [];
  for (const a of pending) {
    steps.push({ type: 'application.decide', subjectType: 'application', subjectId: a.id, title: `受理共享申请：${a.resource_name}`, counterpart: { id: a.consumer_department_id, name: a.consumer_name }, dueDate: a.accept_by, departmentId: a.provider_department_id, departmentName: a.provider_name, regionCode: a.provider_region, role: 'party' });
  }
  for (const a of signing) {
    if (!a.sign_by) continue;
    const base = { type: 'agreement.sign' as const, subjectType: 'application' as const, subjectId: a.id, title: `签署共享安全协议：${a.resource_name}`, dueDate: a.sign_by, role: 'party' as const };
    if (!a.consumer_signed_at) steps.push({ ...base, party: 'consumer', counterpart: { id: a.provider_department_id, name: a.provider_name }, departmentId: a.consumer_department_id, departmentName: a.consumer_name, regionCode: a.consumer_region });
    if (!a.provider_signed_at) steps.push({ ...base, party: 'provider', counterpart: { id: a.consumer_department_id, name: a.consumer_name }, departmentId: a.provider_department_id, departmentName: a.provider_name, regionCode: a.provider_region });
  }
  for (const o of objections) {
    steps.push({ type: 'objection.reply', subjectType: 'objection', subjectId: o.id, title: `答复数据异议：${o.resource_name}`, counterpart: { id: o.consumer_department_id, name: o.consumer_name }, dueDate: o.reply_by, departmentId: o.provider_department_id, departmentName: o.provider_name, regionCode: o.provider_region, role: 'party' });
  }
  for (const d of disputes) {
    if (!d.step_due) continue;
    const base = { subjectType: 'dispute' as const, subjectId: d.id, dueDate: d.step_due };
    if (d.status === 'office_coordination') steps.push({ ...base, type: 'dispute.coordinate', title: `协调争议：${d.consumer_name} 与 ${d.provider_name}`, counterpart: null, departmentId: null, regionCode: d.region_code, role: 'office' });
    else if (d.status === 'leading_group') steps.push({ ...base, type: 'dispute.rule', title: `裁定争议：${d.consumer_name} 与 ${d.provider_name}`, counterpart: null, departmentId: null, regionCode: d.region_code, role: 'leading_group' });
    else {
      const type = d.status === 'negotiation' ? 'dispute.negotiate' as const : 'dispute.respond' as const;
      const title = d.status === 'negotiation' ? '协商争议' : '确认或提请裁定协调意见';
      steps.push({ ...base, type, title: `${title}：${d.provider_name}`, party: 'consumer', counterpart: { id: d.provider_department_id, name: d.provider_name }, departmentId: d.consumer_department_id, departmentName: d.consumer_name, regionCode: d.consumer_region, role: 'party' });
      steps.push({ ...base, type, title: `${title}：${d.consumer_name}`, party: 'provider', counterpart: { id: d.consumer_department_id, name: d.consumer_name }, departmentId: d.provider_department_id, departmentName: d.provider_name, regionCode: d.provider_region, role: 'party' });
    }
  }
  return steps;
}

const PERMISSION = { 'application.decide': 'application.decide', 'agreement.sign': 'application.sign', 'objection.reply': 'objection.reply' } as const;

/** Whether the step waits on this actor: the right role in the right department (or region, or the leading group). */
function waitsOn(actor: Actor, s: Step): boolean {
  if (actor.kind !== 'user') return false;
  if (s.role === 'office') return can(actor, 'dispute.coordinate', { regionCode: s.regionCode });
  if (s.role === 'leading_group') return can(actor, 'dispute.rule', {});
  if (actor.departmentId !== s.departmentId) return false;
  const permission = s.type in PERMISSION ? PERMISSION[s.type as keyof typeof PERMISSION] : 'dispute.participate';
  return can(actor, permission, { departmentId: s.departmentId });
}

function withDeadline(cal: WorkdayCalendar, today: string, s: Step): Todo {
  const { departmentId: _d, departmentName: _n, regionCode: _r, role: _role, ...rest } = s;
  const st = deadlineState(cal, s.dueDate, today);
  return { ...rest, workdaysLeft: st.workdaysLeft, provisional: st.provisional, level: st.level };
}

export async function todosFor(ctx: Ctx, actor: Actor): Promise<Todo[]> {
  const [steps, cal] = await Promise.all([openSteps(ctx), ctx.calendar.get()]);
  const today = todayOf(ctx);
  return steps.filter((s) => waitsOn(actor, s)).map((s) => withDeadline(cal, today, s)).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
}

/**
 * GET /deadlines/overdue: every step past its date, with who is responsible (the department, the office of the region,
 * or the leading group) and by how many workdays; feeds supervision (Art. 39). A department head sees the department's.
 */
export async function overdueFor(ctx: Ctx, actor: Actor) {
  const [steps, cal] = await Promise.all([openSteps(ctx), ctx.calendar.get()]);
  const today = todayOf(ctx);
  const v = visibility(actor, 'deadline.read');
  const visible = (s: Step) => v.kind === 'all' || (v.kind === 'department' && s.departmentId === v.departmentId)
    || (v.kind === 'region' && !!s.regionCode && isWithin(s.regionCode, v.regionCode));
  const late = steps.filter((s) => isAfter(today, s.dueDate) && visible(s));
  const codes = [...new Set(late.map((s) => s.regionCode).filter((c): c is string => !!c))];
  const regions = new Map(codes.length ? (await ctx.db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()).map((r) => [r.code, r.name]) : []);
  return late.map((s) => ({
    type: s.type, subjectType: s.subjectType, subjectId: s.subjectId, title: s.title, party: s.party ?? null, responsible: s.role,
    departmentId: s.departmentId, departmentName: s.departmentName ?? null, regionCode: s.regionCode, regionName: s.regionCode ? regions.get(s.regionCode) ?? null : null,
    dueDate: s.dueDate, workdaysOverdue: workdaysOverdue(cal, s.dueDate, today),
  })).sort((a, b) => b.workdaysOverdue - a.workdaysOverdue || a.dueDate.localeCompare(b.dueDate));
}
