import { Type, type TSchema } from 'typebox';
import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import { errors } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { IsoDate, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { MASK_PATTERN } from '../catalog/model.js';
import { changeGrantStatus, createGrant } from './grant.service.js';
import { grantUsage, listGrants, type GrantFilter } from './grant.store.js';
import { regionPrefix } from '../orgs/region-code.js';
import { todayOf } from '../scheduler/runtime.js';

/** Which grants the actor sees: a department its own side(s), the office those touching its region, oversight all. */
function grantScope(actor: Actor, role: 'consumer' | 'provider' | 'all'): GrantFilter {
  const v = visibility(actor, 'grant.read');
  if (v.kind === 'none') throw errors.forbidden();
  if (v.kind === 'region') return { regionPrefix: regionPrefix(v.regionCode) };
  if (v.kind === 'all') return {};
  return role === 'consumer' ? { consumerDepartmentId: v.departmentId } : role === 'provider' ? { providerDepartmentId: v.departmentId } : { eitherDepartmentId: v.departmentId };
}

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const GrantOut = Type.Object({
  id: Type.String(), resourceCode: Type.String(), resourceName: Nullable(Type.String()), consumerDepartmentId: Type.String(), consumerName: Type.String(),
  providerDepartmentId: Nullable(Type.String()), providerName: Nullable(Type.String()),
  items: Type.Array(Type.String()), masks: Type.Record(Type.String(), Type.String()), methods: Type.Array(Type.String()), purpose: Type.String(),
  validFrom: Type.String(), validUntil: Type.String(), status: Type.String(), expired: Type.Boolean(), statusReason: Nullable(Type.String()),
  applicationId: Nullable(Type.String()), credentialId: Nullable(Type.String()), maxRecords: Nullable(Type.Integer()), dailyQuota: Nullable(Type.Integer()),
  usage: Type.Object({ calls: Type.Integer(), rows: Type.Integer(), lastUsedAt: Nullable(Type.String()) }), updatedAt: Type.String(),
});

export function grantRoutes(app: App, ctx: AppContext): void {
  app.post('/grants', {
    config: { permission: 'grant.admin' },
    schema: {
      tags: ['exchange'], summary: '直接创建授权（管理员运维用；常规途径为共享申请）/ Create a grant directly (administrators; normally made by an approved application)',
      body: Strict({
        resourceCode: Type.String({ maxLength: 64 }), consumerDepartmentId: Uuid, items: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 500 }),
        masks: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ pattern: MASK_PATTERN }))),
        methods: Type.Optional(Type.Array(Type.Union(['query', 'compare', 'export', 'api'].map((m) => Type.Literal(m))), { minItems: 1 })),
        purpose: Type.String({ minLength: 1, maxLength: 500 }), validFrom: IsoDate, validUntil: IsoDate,
        maxRecords: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), credentialId: Type.Optional(Type.String({ maxLength: 128 })),
        dailyQuota: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
      }),
      response: { 201: Type.Object({ id: Type.String() }), ...StdErrors },
    },
  }, async (req, reply) => {
    const b = req.body;
    const id = await createGrant(ctx, req.actor, {
      resourceCode: b.resourceCode, consumerDepartmentId: b.consumerDepartmentId, items: b.items, masks: b.masks ?? {}, methods: b.methods ?? ['query', 'export', 'compare', 'api'],
      purpose: b.purpose, validFrom: b.validFrom, validUntil: b.validUntil, dailyQuota: b.dailyQuota ?? null, maxRecords: b.maxRecords ?? null, credentialId: b.credentialId ?? null, applicationId: null,
    }, req.id);
    return reply.status(201).send({ id });
  });

  app.get('/grants', {
    config: { permission: 'grant.read' },
    schema: {
      tags: ['exchange'],
      summary: '授权列表：本部门作为使用方（consumer）、提供方（provider）或两者（all）；管理机构为本区域全部 / Grants (as consumer, provider or both; the office: its region)',
      querystring: Strict({
        role: Type.Optional(Type.Union([Type.Literal('consumer'), Type.Literal('provider'), Type.Literal('all')])), resource: Type.Optional(Type.String({ maxLength: 64 })),
        status: Type.Optional(Type.Union(['active', 'suspended', 'revoked', 'expired'].map((x) => Type.Literal(x)))),
      }),
      response: { 200: Type.Object({ items: Type.Array(GrantOut) }), ...StdErrors },
    },
  }, async (req) => {
    const today = todayOf(ctx);
    const rows = await listGrants(ctx.db, { ...grantScope(req.actor, req.query.role ?? 'consumer'), resourceCode: req.query.resource, status: req.query.status as GrantFilter['status'], today });
    const usage = await grantUsage(ctx.db, rows.map((g) => g.id));
    return {
      items: rows.map((g) => {
        const u = usage.get(g.id);
        return {
          id: g.id, resourceCode: g.resource_code, resourceName: g.resource_name, consumerDepartmentId: g.consumer_department_id, consumerName: g.consumer_name,
          providerDepartmentId: g.provider_department_id, providerName: g.provider_name, items: g.items as unknown as string[], masks: g.masks, methods: g.methods, purpose: g.purpose,
          validFrom: g.valid_from, validUntil: g.valid_until, status: g.status, expired: g.status !== 'revoked' && g.valid_until < today, statusReason: g.status_reason,
          applicationId: g.application_id, credentialId: g.credential_id, maxRecords: g.max_records, dailyQuota: g.daily_quota,
          usage: { calls: u?.calls ?? 0, rows: u?.rows ?? 0, lastUsedAt: u?.lastUsedAt ? u.lastUsedAt.toISOString() : null }, updatedAt: new Date(g.updated_at).toISOString(),
        };
      }),
    };
  });

  for (const [action, status] of [['suspend', 'suspended'], ['revoke', 'revoked'], ['resume', 'active']] as const) {
    app.post(`/grants/:id/${action}`, {
      config: { permission: 'grant.manage' },
      schema: {
        tags: ['exchange'], summary: `授权${action === 'suspend' ? '暂停' : action === 'revoke' ? '撤销' : '恢复'} / ${action} a grant`,
        params: Strict({ id: Uuid }), body: Strict({ reason: Type.String({ minLength: 1, maxLength: 500 }) }), response: { 204: Type.Null(), ...StdErrors },
      },
    }, async (req, reply) => {
      await changeGrantStatus(ctx, req.actor, req.params.id, status, req.body.reason, req.id);
      return reply.status(204).send(null);
    });
  }
}
