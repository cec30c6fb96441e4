import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import { diffDays, isIsoDate } from '../calendar/dates.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import { errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { isWithin } from '../orgs/region-code.js';
import { todayOf } from '../scheduler/runtime.js';
import { asOfDate, combine, CYCLE_DAYS, median, misuseShare, round1, share, type CriterionScore } from './evaluation.rules.js';
import * as store from './evaluation.store.js';
import { evidenceRows } from './evidence.store.js';
import { CRITERIA, type Criterion, type Weights } from './evaluation.weights.js';

type Ctx = Pick<AppContext, 'db' | 'calendar' | 'config'>;

/** What a figure counts, and the rows behind it (ids of `type`), so a screen can drill down. */
export interface Figure { key: string; value: number | null; evidence?: { type: string; ids: string[] } }
export interface CriterionResult extends CriterionScore { figures: Figure[] }
export interface DepartmentResult { departmentId: string; departmentName: string; regionCode: string; regionName: string; score: number; rank: number; criteria: CriterionResult[] }
export interface RegionResult { regionCode: string; regionName: string; level: string; parentCode: string | null; departments: number; score: number | null; criteria: Array<{ key: Criterion; share: number | null }> }
export interface Evaluation { from: string; to: string; asOf: string; weights: Weights; departments: DepartmentResult[]; regions: RegionResult[] }

export interface EvaluationQuery { from: string; to: string; regionCode?: string | undefined; departmentId?: string | undefined }

const ev = (type: string, ids: string[]) => ({ type, ids });
const fig = (key: string, type: string, ids: string[]): Figure => ({ key, value: ids.length, evidence: ev(type, ids) });
const num = (key: string, value: number | null): Figure => ({ key, value });
const groupBy = <T extends { department_id: string }>(rows: T[]) => {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(r.department_id, [...(m.get(r.department_id) ?? []), r]);
  return (id: string) => m.get(id) ?? [];
};

/** The actor's scope narrowed by the query: a department sees itself, the office its region, oversight everything. */
function scopeFor(actor: Actor | null, q: EvaluationQuery): store.Scope {
  if (!actor) return { regionCode: q.regionCode, departmentId: q.departmentId };
  const v = visibility(actor, 'evaluation.read');
  if (v.kind === 'none') throw errors.forbidden();
  if (v.kind === 'department') {
    if (q.departmentId && q.departmentId !== v.departmentId) throw errors.notFound('Department', '部门');
    return { departmentId: v.departmentId, regionCode: q.regionCode };
  }
  if (v.kind === 'region') {
    if (q.regionCode && !isWithin(q.regionCode, v.regionCode)) throw errors.notFound('Region', '行政区划');
    return { regionCode: q.regionCode ?? v.regionCode, departmentId: q.departmentId };
  }
  return { regionCode: q.regionCode, departmentId: q.departmentId };
}

/**
 * Art. 34 evaluation for a date range: per department a score with its breakdown and the evidence of each figure,
 * and per region the mean over the departments in it (sub-regions included). The annual report builds on this;
 * `actor` null means the caller (a CLI report) has already decided what may be seen.
 */
export async function evaluate(ctx: Ctx, actor: Actor | null, q: EvaluationQuery): Promise<Evaluation> {
  if (!isIsoDate(q.from) || !isIsoDate(q.to)) throw errors.validation('from and to must be real dates YYYY-MM-DD', '起止日期不合法');
  if (q.from > q.to) throw errors.validation('from is after to', '开始日期晚于结束日期');
  if (diffDays(q.from, q.to) > 3 * 366) throw errors.validation('the range is longer than three years', '评估区间不能超过三年');
  const scope = scopeFor(actor, q);
  const range: store.Range = { from: q.from, to: q.to, asOf: asOfDate(q.to, todayOf(ctx)) };
  const db = ctx.db;
  const [depts, regions, resources, deadlines, apps, objs, probes, fixes, alerts] = await Promise.all([
    store.departmentsIn(db, scope), store.regionsIn(db, scope), store.publishedResources(db, scope, range), store.catalogDeadlines(db, scope, range),
    store.providerApplications(db, scope, range), store.providerObjections(db, scope, range), store.nodeProbes(db, scope, range),
    store.corrections(db, scope, range), store.misuseAlerts(db, scope, range),
  ]);
  const cal = await ctx.calendar.get();
  const weights = ctx.config.supervision.weights;
  const by = { resources: groupBy(resources), deadlines: groupBy(deadlines), apps: groupBy(apps), objs: groupBy(objs), probes: groupBy(probes), fixes: groupBy(fixes), alerts: groupBy(alerts) };
  // Data freshness compares the nodes' current report with the cycle; it says nothing about a range that has ended.
  const judgeFreshness = range.asOf === todayOf(ctx);

  const results = depts.map((d) => {
    const figures = departmentFigures(d.id, by, range.asOf, judgeFreshness, cal);
    const { score, criteria } = combine(figures.shares, weights);
    return {
      departmentId: d.id, departmentName: d.name, regionCode: d.region_code, regionName: d.region_name, score, rank: 0,
      criteria: criteria.map((c) => ({ ...c, figures: figures.figures[c.key] })),
    };
  });
  const ranked = [...results].sort((a, b) => b.score - a.score);
  for (const r of results) r.rank = ranked.findIndex((x) => x.score === r.score) + 1; // equal scores share a rank
  results.sort((a, b) => a.rank - b.rank || a.regionCode.localeCompare(b.regionCode) || a.departmentName.localeCompare(b.departmentName));

  const regionResults = regions.map((reg) => {
    const inside = results.filter((r) => isWithin(r.regionCode, reg.code));
    const mean = (f: (r: DepartmentResult) => number) => (inside.length ? inside.reduce((s, r) => s + f(r), 0) / inside.length : null);
    const m = mean((r) => r.score);
    return {
      regionCode: reg.code, regionName: reg.name, level: reg.level, parentCode: reg.parent_code, departments: inside.length, score: m === null ? null : round1(m),
      criteria: CRITERIA.map((key) => {
        const s = mean((r) => r.criteria.find((c) => c.key === key)!.share);
        return { key, share: s === null ? null : Math.round(s * 10000) / 10000 };
      }),
    };
  }).filter((r) => r.departments > 0);
  return { from: q.from, to: q.to, asOf: range.asOf, weights, departments: results, regions: regionResults };
}

type Lookups = {
  resources: (id: string) => Awaited<ReturnType<typeof store.publishedResources>>;
  deadlines: (id: string) => Awaited<ReturnType<typeof store.catalogDeadlines>>;
  apps: (id: string) => Awaited<ReturnType<typeof store.providerApplications>>;
  objs: (id: string) => Awaited<ReturnType<typeof store.providerObjections>>;
  probes: (id: string) => Awaited<ReturnType<typeof store.nodeProbes>>;
  fixes: (id: string) => Awaited<ReturnType<typeof store.corrections>>;
  alerts: (id: string) => Awaited<ReturnType<typeof store.misuseAlerts>>;
};

/** Shares and figures of one department, from its rows (docs/evaluation.md defines each). */
function departmentFigures(id: string, by: Lookups, asOf: string, judgeFreshness: boolean, cal: WorkdayCalendar) {
  const res = by.resources(id);
  const ids = (rows: Array<{ resource_id: string }>) => rows.map((r) => r.resource_id);
  const complete = res.filter((r) => r.has_items && r.has_node && r.has_cycle);

  const dl = by.deadlines(id);
  const met = dl.filter((d) => d.met).map((d) => d.id);
  const overdue = dl.filter((d) => !d.met).map((d) => d.id);
  const cycled = judgeFreshness ? res.filter((r) => r.update_cycle && CYCLE_DAYS[r.update_cycle] !== undefined) : [];
  const reported = cycled.filter((r) => r.last_change !== null);
  const fresh = reported.filter((r) => diffDays(r.last_change!, asOf) <= CYCLE_DAYS[r.update_cycle!]!);
  const stale = reported.filter((r) => !fresh.includes(r));

  const shared = res.filter((r) => r.share_type === 'unconditional' || r.share_type === 'conditional');

  const apps = by.apps(id);
  const good = apps.filter((a) => a.on_time && !a.unreasoned);
  const late = apps.filter((a) => !a.on_time);
  const days = apps.filter((a) => a.decided_on).map((a) => cal.workdaysBetween(a.filed_on, a.decided_on!).days);

  const objs = by.objs(id);
  const replied = objs.filter((o) => o.on_time);
  const probes = by.probes(id);
  const probeTotal = probes.reduce((s, p) => s + p.total, 0);
  const probeOk = probes.reduce((s, p) => s + p.ok, 0);
  const fixes = by.fixes(id);
  const fixedCodes = [...new Set(fixes.map((f) => f.resource_code))];
  const alerts = by.alerts(id);

  const shares: Record<Criterion, number> = {
    // nothing catalogued is a failure of Art. 9 itself, not "nothing to judge"
    completeness: res.length === 0 ? 0 : complete.length / res.length,
    timeliness: share(met.length + fresh.length, dl.length + reported.length),
    shareRatio: res.length === 0 ? 0 : shared.length / res.length,
    applications: share(good.length, apps.length),
    objections: share(replied.length, objs.length),
    nodeAvailability: share(probeOk, probeTotal),
    dataQuality: res.length === 0 ? 1 : Math.max(0, 1 - fixedCodes.length / res.length),
    misuse: misuseShare(alerts.length),
  };
  const figures: Record<Criterion, Figure[]> = {
    completeness: [
      fig('published', 'resource', ids(res)), fig('complete', 'resource', ids(complete)),
      fig('missingItems', 'resource', ids(res.filter((r) => !r.has_items))), fig('missingNode', 'resource', ids(res.filter((r) => !r.has_node))),
      fig('missingCycle', 'resource', ids(res.filter((r) => !r.has_cycle))),
    ],
    timeliness: [
      fig('deadlinesMet', 'org_change', met), fig('deadlinesOverdue', 'org_change', overdue),
      fig('cycleMatched', 'resource', ids(fresh)), fig('cycleStale', 'resource', ids(stale)),
      fig('cycleUnreported', 'resource', ids(cycled.filter((r) => r.last_change === null))),
    ],
    shareRatio: [
      fig('unconditional', 'resource', ids(res.filter((r) => r.share_type === 'unconditional'))),
      fig('conditional', 'resource', ids(res.filter((r) => r.share_type === 'conditional'))),
      fig('notShared', 'resource', ids(res.filter((r) => r.share_type === 'none'))),
    ],
    applications: [
      fig('judged', 'application', apps.map((a) => a.id)), fig('decidedOnTime', 'application', apps.filter((a) => a.on_time).map((a) => a.id)),
      fig('late', 'application', late.map((a) => a.id)), fig('refusedWithoutReason', 'application', apps.filter((a) => a.unreasoned).map((a) => a.id)),
      num('medianWorkdays', median(days)),
    ],
    objections: [fig('judged', 'objection', objs.map((o) => o.id)), fig('repliedOnTime', 'objection', replied.map((o) => o.id)), fig('late', 'objection', objs.filter((o) => !o.on_time).map((o) => o.id))],
    nodeAvailability: [
      fig('nodes', 'node', probes.map((p) => p.node_id)), num('probes', probeTotal), num('probesOk', probeOk),
      fig('probesFailed', 'node_probe', probes.flatMap((p) => p.failed)),
    ],
    dataQuality: [fig('corrections', 'objection', fixes.map((f) => f.id)), { key: 'resourcesCorrected', value: fixedCodes.length, evidence: ev('resource_code', fixedCodes) }],
    misuse: [fig('alerts', alerts[0]?.source ?? 'alert', alerts.map((a) => a.id))],
  };
  return { shares, figures };
}

/** The same result without the id lists (the ranking and the dashboard need the numbers only). */
export function withoutEvidence(d: DepartmentResult): DepartmentResult {
  return { ...d, criteria: d.criteria.map((c) => ({ ...c, figures: c.figures.map((f) => ({ key: f.key, value: f.value })) })) };
}

/** `year`, or `from`/`to`; by default the current year (judged as of today). */
export function resolveRange(ctx: object, q: { year?: number | undefined; from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  if (q.year !== undefined) {
    if (q.from || q.to) throw errors.validation('give either year or from/to', '请指定年度或起止日期，不能同时指定');
    return { from: `${q.year}-01-01`, to: `${q.year}-12-31` };
  }
  const year = todayOf(ctx).slice(0, 4);
  return { from: q.from ?? `${year}-01-01`, to: q.to ?? `${year}-12-31` };
}

/** One department's result with evidence (the drill-down); another region's department answers 404. */
export async function departmentEvaluation(ctx: Ctx, actor: Actor, departmentId: string, q: Omit<EvaluationQuery, 'departmentId'>) {
  const e = await evaluate(ctx, actor, { ...q, departmentId });
  const department = e.departments[0];
  if (!department) throw errors.notFound('Department', '部门');
  return { from: e.from, to: e.to, asOf: e.asOf, weights: e.weights, department };
}

/** The rows behind one figure of one department's result. */
export async function figureEvidence(ctx: Ctx, actor: Actor, departmentId: string, q: Omit<EvaluationQuery, 'departmentId'>, criterion: Criterion, figure: string) {
  const { department } = await departmentEvaluation(ctx, actor, departmentId, q);
  const f = department.criteria.find((c) => c.key === criterion)?.figures.find((x) => x.key === figure);
  if (!f?.evidence) throw errors.notFound('Figure', '评估指标');
  const ids = f.evidence.ids.slice(0, 500);
  return { type: f.evidence.type, total: f.evidence.ids.length, items: await evidenceRows(ctx.db, f.evidence.type, ids) };
}
