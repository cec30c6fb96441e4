import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, RegionCode, StdErrors, Strict } from '../http/schemas.js';
import { projectGate } from './projects.service.js';

const S = Type.String();
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const GateStatus = Type.Union([Type.Literal('blocked_approval'), Type.Literal('blocked_acceptance'), Type.Literal('ok')]);
const GateOut = Type.Object({
  total: Type.Integer(),
  counts: Type.Object({ blocked_approval: Type.Integer(), blocked_acceptance: Type.Integer(), ok: Type.Integer() }),
  items: Type.Array(Type.Object({
    id: S, name: S, departmentId: S, departmentName: S, regionCode: S, approvalNo: Nullable(S),
    projectStatus: S, status: GateStatus,
    reason: Type.Union([Type.Object({ code: S, message: S, messageEn: S }), Type.Null()]),
    plannedCount: Type.Integer(), publishedCount: Type.Integer(),
    missing: Type.Array(Type.Object({ index: Type.Integer(), name: S, code: Nullable(S), state: S })),
    createdAt: S, acceptedAt: Nullable(S),
  })),
});

/** 项目目录关口 (Art. 35): IT projects held at approval (no catalog) or acceptance (catalog not published). */
export function projectGateRoutes(app: App, ctx: AppContext): void {
  app.get('/supervision/projects', {
    config: { permission: 'supervision.project.read' },
    schema: {
      tags: ['supervision'], summary: '信息化项目目录关口 / IT projects blocked at approval or acceptance (Art. 35)',
      querystring: Strict({ status: Type.Optional(GateStatus), region: Type.Optional(RegionCode), ...Paging }),
      response: { 200: GateOut, ...StdErrors },
    },
  }, async (req) => projectGate(ctx, req.actor, { status: req.query.status, region: req.query.region, page: req.query.page ?? 1, size: req.query.size ?? 20 }));
}
