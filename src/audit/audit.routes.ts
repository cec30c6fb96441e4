import { Type } from 'typebox';
import { visibility } from '../auth/policy.js';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict } from '../http/schemas.js';
import { listEvents } from './audit.store.js';
import { proofRoutes } from './proof.routes.js';

const EventOut = Type.Object({
  seq: Type.Integer(), at: Type.String(), actorId: Type.Union([Type.String(), Type.Null()]), actorName: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.String(), Type.Null()]), action: Type.String(), objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]), outcome: Type.String(), requestId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]), hash: Type.String(),
});

export function auditRoutes(app: App, ctx: AppContext): void {
  app.get('/audit/events', {
    config: { permission: 'audit.read' },
    schema: {
      tags: ['audit'], summary: '审计日志 / Audit events (newest first)',
      querystring: Strict({ action: Type.Optional(Type.String({ maxLength: 64 })), actor: Type.Optional(Type.String({ maxLength: 64 })), objectType: Type.Optional(Type.String({ maxLength: 64 })), objectId: Type.Optional(Type.String({ maxLength: 128 })), department: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(EventOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, action, actor, objectType, objectId, department } = req.query;
    const v = visibility(req.actor, 'audit.read');
    // A department's security officer sees its own department's events only.
    const departmentId = v.kind === 'department' ? v.departmentId : department;
    const regionCode = v.kind === 'region' ? v.regionCode : undefined;
    const { items, total } = await listEvents(ctx.db, { action, actorId: actor, objectType, objectId, departmentId, regionCode }, page, size);
    return { total, items: items.map(({ prevHash: _p, ...e }) => e) };
  });

  app.get('/audit/verify', {
    config: { permission: 'audit.verify' },
    schema: {
      tags: ['audit'], summary: '校验日志哈希链与签名检查点 / Verify the hash chain and the signed checkpoints',
      response: {
        200: Type.Object({
          ok: Type.Boolean(), checked: Type.Integer(), checkpoints: Type.Integer(), unsealed: Type.Optional(Type.Integer()),
          firstBadSeq: Type.Optional(Type.Integer()), reason: Type.Optional(Type.String()), checkpointIndex: Type.Optional(Type.Integer()),
        }),
        ...StdErrors,
      },
    },
  }, async () => {
    await ctx.audit.flush();
    const r = await ctx.audit.verify();
    return r.ok ? { ok: true, checked: r.checked, checkpoints: r.checkpoints, unsealed: r.unsealed } : r;
  });

  proofRoutes(app, ctx);
}
