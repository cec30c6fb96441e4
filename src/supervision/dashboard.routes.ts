import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict } from '../http/schemas.js';
import { dashboard } from './dashboard.service.js';
import { RangeQuery } from './evaluation.schema.js';
import { resolveRange } from './evaluation.service.js';

const N = Type.Number();
const S = Type.String();
const DashboardOut = Type.Object({
  from: S, to: S, asOf: S, scope: Type.Union([Type.Literal('department'), Type.Literal('region')]),
  ranking: Type.Array(Type.Object({ departmentId: S, departmentName: S, regionName: S, score: N, rank: Type.Integer() })),
  criteria: Type.Array(Type.Object({ key: S, share: N, points: N, maxPoints: N })),
  regions: Type.Array(Type.Object({ regionCode: S, regionName: S, level: S, parentCode: Type.Union([S, Type.Null()]), departments: Type.Integer(), score: Type.Union([N, Type.Null()]) })),
  shareTypes: Type.Array(Type.Object({ shareType: S, count: Type.Integer() })),
  monthly: Type.Array(Type.Object({ month: S, exchanges: Type.Integer(), applications: Type.Integer(), refused: Type.Integer() })),
  backlog: Type.Array(Type.Object({ kind: S, count: Type.Integer() })),
  notices: Type.Array(Type.Object({ status: S, count: Type.Integer() })),
  topResources: Type.Array(Type.Object({ code: S, name: S, departmentName: S, exchanges: Type.Integer() })),
  nodes: Type.Array(Type.Object({
    id: S, name: S, departmentName: S, status: S, lastLatencyMs: Type.Union([N, Type.Null()]), lastError: Type.Union([S, Type.Null()]),
    lastSeenAt: Type.Union([S, Type.Null()]), health: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('suspended'), Type.Literal('unknown')]),
  })),
});

/** 监督看板: one call per dashboard (the office's region overview, or a department's own). */
export function dashboardRoutes(app: App, ctx: AppContext): void {
  app.get('/supervision/dashboard', {
    config: { permission: 'evaluation.read' },
    schema: { tags: ['supervision'], summary: '监督看板 / Supervision dashboard', querystring: Strict(RangeQuery), response: { 200: DashboardOut, ...StdErrors } },
  }, async (req) => dashboard(ctx, req.actor, { ...resolveRange(ctx, req.query), regionCode: req.query.region }));
}
