import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import type { AppContext } from '../http/context.js';
import { todayOf } from '../scheduler/runtime.js';
import * as store from './dashboard.store.js';
import { evaluate, type EvaluationQuery } from './evaluation.service.js';

type Ctx = Pick<AppContext, 'db' | 'calendar' | 'config'>;

/** Every month of the range as 'YYYY-MM', so a chart shows the empty months too. */
export function monthsOf(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) return out;
    out.push(key);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/**
 * The supervision dashboard in one answer (SPEC C7): ranking, regions, share-type mix, monthly trend, overdue backlog
 * and notices. The office sees its region; a department sees its own (the department dashboard) — same query, scoped.
 */
export async function dashboard(ctx: Ctx, actor: Actor, q: EvaluationQuery) {
  const e = await evaluate(ctx, actor, q);
  const v = visibility(actor, 'evaluation.read');
  const scope = v.kind === 'department' ? { departmentId: v.departmentId } : { regionCode: q.regionCode ?? (v.kind === 'region' ? v.regionCode : undefined) };
  const today = todayOf(ctx);
  const [shareTypes, exchanges, applications, backlog, notices, top, nodes] = await Promise.all([
    store.shareTypeMix(ctx.db, scope), store.exchangesByMonth(ctx.db, scope, e.from, e.to), store.applicationsByMonth(ctx.db, scope, e.from, e.to),
    store.backlog(ctx.db, scope, today), store.noticeCounts(ctx.db, scope, v.kind !== 'department'),
    store.topResources(ctx.db, scope, e.from, e.to), store.nodeHealth(ctx.db, scope),
  ]);
  const ex = new Map(exchanges.map((r) => [r.month, r.n]));
  const ap = new Map(applications.map((r) => [r.month, r]));
  return {
    from: e.from, to: e.to, asOf: e.asOf, scope: v.kind === 'department' ? 'department' as const : 'region' as const,
    ranking: e.departments.map((d) => ({ departmentId: d.departmentId, departmentName: d.departmentName, regionName: d.regionName, score: d.score, rank: d.rank })),
    criteria: e.departments.length === 1 ? e.departments[0]!.criteria.map((c) => ({ key: c.key, share: c.share, points: c.points, maxPoints: c.maxPoints })) : [],
    regions: e.regions.map((r) => ({ regionCode: r.regionCode, regionName: r.regionName, level: r.level, parentCode: r.parentCode, departments: r.departments, score: r.score })),
    shareTypes: shareTypes.map((r) => ({ shareType: r.share_type, count: r.n })),
    monthly: monthsOf(e.from, e.to).map((m) => ({ month: m, exchanges: ex.get(m) ?? 0, applications: ap.get(m)?.filed ?? 0, refused: ap.get(m)?.refused ?? 0 })),
    backlog: backlog.map((r) => ({ kind: r.kind, count: r.n })),
    notices: notices.map((r) => ({ status: r.status, count: r.n })),
    topResources: top.map((r) => ({ code: r.code, name: r.name ?? r.code, departmentName: r.department_name, exchanges: r.n })),
    nodes: nodes.map((n) => ({
      id: n.id, name: n.name, departmentName: n.department_name, status: n.status, lastLatencyMs: n.last_latency_ms, lastError: n.last_error,
      lastSeenAt: n.last_seen_at ? new Date(n.last_seen_at).toISOString() : null,
      health: n.status !== 'active' ? 'suspended' as const : n.last_error ? 'down' as const : n.last_seen_at ? 'up' as const : 'unknown' as const,
    })),
  };
}
