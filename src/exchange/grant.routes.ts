import { Type } from 'typebox';
import { visibility } from '../auth/policy.js';
import { errors } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { IsoDate, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { MASK_PATTERN } from '../catalog/model.js';
import { changeGrantStatus, createGrant } from './grant.service.js';
import { listGrants } from './grant.store.js';

const GrantOut = Type.Object({
  id: Type.String(), resourceCode: Type.String(), consumerDepartmentId: Type.String(), providerDepartmentId: Type.Union([Type.String(), Type.Null()]),
  items: Type.Array(Type.String()), masks: Type.Record(Type.String(), Type.String()), methods: Type.Array(Type.String()), purpose: Type.String(),
  validFrom: Type.String(), validUntil: Type.String(), status: Type.String(), statusReason: Type.Union([Type.String(), Type.Null()]),
  applicationId: Type.Union([Type.String(), Type.Null()]), credentialId: Type.Union([Type.String(), Type.Null()]), maxRecords: Type.Union([Type.Integer(), Type.Null()]),
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
      }),
      response: { 201: Type.Object({ id: Type.String() }), ...StdErrors },
    },
  }, async (req, reply) => {
    const b = req.body;
    const id = await createGrant(ctx, req.actor, {
      resourceCode: b.resourceCode, consumerDepartmentId: b.consumerDepartmentId, items: b.items, masks: b.masks ?? {}, methods: b.methods ?? ['query', 'export', 'compare', 'api'],
      purpose: b.purpose, validFrom: b.validFrom, validUntil: b.validUntil, dailyQuota: null, maxRecords: b.maxRecords ?? null, credentialId: b.credentialId ?? null, applicationId: null,
    }, req.id);
    return reply.status(201).send({ id });
  });

  app.get('/grants', {
    config: { permission: 'grant.read' },
    schema: {
      tags: ['exchange'], summary: '授权列表（本部门作为使用方或提供方）/ Grants (as consumer or provider)',
      querystring: Strict({ role: Type.Optional(Type.Union([Type.Literal('consumer'), Type.Literal('provider')])), resource: Type.Optional(Type.String({ maxLength: 64 })) }),
      response: { 200: Type.Object({ items: Type.Array(GrantOut) }), ...StdErrors },
    },
  }, async (req) => {
    const v = visibility(req.actor, 'grant.read');
    if (v.kind === 'none') throw errors.forbidden();
    const dept = v.kind === 'department' ? v.departmentId : undefined;
    const role = req.query.role ?? 'consumer';
    const rows = await listGrants(ctx.db, { resourceCode: req.query.resource, ...(dept ? (role === 'consumer' ? { consumerDepartmentId: dept } : { providerDepartmentId: dept }) : {}) });
    return {
      items: rows.map((g) => ({
        id: g.id, resourceCode: g.resource_code, consumerDepartmentId: g.consumer_department_id, providerDepartmentId: g.provider_department_id, items: g.items as unknown as string[],
        masks: g.masks, methods: g.methods, purpose: g.purpose, validFrom: g.valid_from, validUntil: g.valid_until, status: g.status, statusReason: g.status_reason,
        applicationId: g.application_id, credentialId: g.credential_id, maxRecords: g.max_records,
      })),
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
