import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import { errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { isWithin } from '../orgs/region-code.js';
import { todayOf } from '../scheduler/runtime.js';
import { monthsOf } from '../supervision/dashboard.service.js';
import * as dash from '../supervision/dashboard.store.js';
import { evaluate } from '../supervision/evaluation.service.js';
import type { Criterion } from '../supervision/evaluation.weights.js';
import * as store from './annual.store.js';

type Ctx = Pick<AppContext, 'db' | 'calendar' | 'config'>;

export interface Activity { exchanges: number; received: number; refused: number; filed: number; objections: number }
export interface ReportDepartment extends Activity {
  rank: number; departmentName: string; regionCode: string; regionName: string; score: number;
  criteria: Array<{ key: Criterion; weight: number; share: number; points: number; maxPoints: number }>;
}
export interface ReportRegion extends Activity { regionCode: string; regionName: string; level: string; departments: number; score: number | null }
export interface AnnualReport {
  year: number; from: string; to: string; asOf: string; generatedOn: string;
  region: { code: string; name: string; level: string };
  weights: Record<string, number>;
  summary: Activity & { departments: number; meanScore: number | null; published: number; shared: number };
  departments: ReportDepartment[];
  subRegions: ReportRegion[];
  monthly: Array<{ month: string; exchanges: number; applications: number; refused: number }>;
  shareTypes: Array<{ shareType: string; count: number }>;
}

const ZERO: Activity = { exchanges: 0, received: 0, refused: 0, filed: 0, objections: 0 };
const add = (a: Activity, b: Activity): Activity => ({
  exchanges: a.exchanges + b.exchanges, received: a.received + b.received, refused: a.refused + b.refused, filed: a.filed + b.filed, objections: a.objections + b.objections,
});

/**
 * The region a caller may have the report of (Art. 34): the office its own region and below, the leading group and
 * the auditor any; another region answers 404 as the evaluation does. Without a region: the caller's own, or the
 * platform's region.
 */
export function reportRegion(ctx: Pick<AppContext, 'config'>, actor: Actor | null, requested: string | undefined): string {
  if (!actor) return requested ?? ctx.config.region;
  const v = visibility(actor, 'report.read');
  if (v.kind === 'none' || v.kind === 'department') throw errors.forbidden();
  if (v.kind === 'region') {
    if (requested && !isWithin(requested, v.regionCode)) throw errors.notFound('Region', '行政区划');
    return requested ?? v.regionCode;
  }
  return requested ?? ctx.config.region;
}

/**
 * The annual report of a region: evaluation per department (src/supervision/evaluation.service.ts) with the year's
 * activity, one row per direct sub-region (a province's cities, a city's counties) aggregating everything below it,
 * the monthly trend and the share-type mix. `actor` null: the CLI, which decides scope itself.
 */
export async function annualReport(ctx: Ctx, actor: Actor | null, q: { year: number; regionCode?: string | undefined }): Promise<AnnualReport> {
  if (!Number.isInteger(q.year) || q.year < 2000 || q.year > 2100) throw errors.validation('year must be between 2000 and 2100', '年度应在 2000 至 2100 之间');
  const code = reportRegion(ctx, actor, q.regionCode);
  const region = await store.regionByCode(ctx.db, code);
  if (!region) throw errors.notFound('Region', '行政区划');
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  const scope = { regionCode: code };
  const [e, activity, children, shareTypes, exchanges, applications] = await Promise.all([
    evaluate(ctx, null, { from, to, regionCode: code }), store.activityByDepartment(ctx.db, code, from, to), store.childRegions(ctx.db, code),
    dash.shareTypeMix(ctx.db, scope), dash.exchangesByMonth(ctx.db, scope, from, to), dash.applicationsByMonth(ctx.db, scope, from, to),
  ]);
  const act = new Map(activity.map((r) => [r.department_id, r]));
  const actOf = (id: string): Activity => {
    const r = act.get(id);
    return r ? { exchanges: r.exchanges, received: r.received, refused: r.refused, filed: r.filed, objections: r.objections } : ZERO;
  };
  const departments: ReportDepartment[] = e.departments.map((d) => ({
    rank: d.rank, departmentName: d.departmentName, regionCode: d.regionCode, regionName: d.regionName, score: d.score, ...actOf(d.departmentId),
    criteria: d.criteria.map((c) => ({ key: c.key, weight: c.weight, share: c.share, points: c.points, maxPoints: c.maxPoints })),
  }));
  const regionScore = new Map(e.regions.map((r) => [r.regionCode, r]));
  const subRegions: ReportRegion[] = children.map((c) => {
    const inside = e.departments.filter((d) => isWithin(d.regionCode, c.code));
    return {
      regionCode: c.code, regionName: c.name, level: c.level, departments: inside.length, score: regionScore.get(c.code)?.score ?? null,
      ...inside.reduce((s, d) => add(s, actOf(d.departmentId)), ZERO),
    };
  });
  const total = departments.reduce<Activity>((s, d) => add(s, d), ZERO);
  const mean = departments.length ? Math.round((departments.reduce((s, d) => s + d.score, 0) / departments.length) * 10) / 10 : null;
  const published = shareTypes.reduce((s, r) => s + r.n, 0);
  const shared = shareTypes.filter((r) => r.share_type !== 'none').reduce((s, r) => s + r.n, 0);
  const ex = new Map(exchanges.map((r) => [r.month, r.n]));
  const ap = new Map(applications.map((r) => [r.month, r]));
  return {
    year: q.year, from, to, asOf: e.asOf, generatedOn: todayOf(ctx),
    region: { code: region.code, name: region.name, level: region.level },
    weights: e.weights,
    summary: { ...total, departments: departments.length, meanScore: mean, published, shared },
    departments, subRegions,
    monthly: monthsOf(from, to).map((m) => ({ month: m, exchanges: ex.get(m) ?? 0, applications: ap.get(m)?.filed ?? 0, refused: ap.get(m)?.refused ?? 0 })),
    shareTypes: shareTypes.map((r) => ({ shareType: r.share_type, count: r.n })),
  };
}
