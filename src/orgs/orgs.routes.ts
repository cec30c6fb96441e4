import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { Paging, RegionCode, StdErrors, Strict, Uuid } from '../http/schemas.js';
import * as service from './orgs.service.js';
import * as store from './orgs.store.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const RegionOut = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), parentCode: Nullable(Type.String()) });
const DepartmentOut = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), regionCode: Type.String(), regionName: Type.Optional(Type.String()), parentId: Nullable(Type.String()) });
const UserOut = Type.Object({
  id: Type.String(), username: Type.String(), roles: Type.Array(Type.String()), departmentId: Nullable(Type.String()),
  departmentName: Type.Optional(Nullable(Type.String())), displayName: Type.Optional(Nullable(Type.String())), locked: Type.Optional(Type.Boolean()), createdAt: Type.Optional(Type.String()),
});
const CredentialOut = Type.Object({ clientId: Type.String(), name: Type.String(), departmentId: Type.String(), departmentName: Type.String(), createdAt: Type.String(), revokedAt: Nullable(Type.String()) });

export function orgRoutes(app: App, ctx: AppContext): void {
  app.get('/regions', {
    config: { permission: 'region.read' },
    schema: { tags: ['orgs'], summary: '行政区划列表 / Regions', response: { 200: Type.Object({ items: Type.Array(RegionOut) }), ...StdErrors } },
  }, async () => ({ items: (await store.listRegions(ctx.db)).map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code })) }));

  app.post('/regions', {
    config: { permission: 'region.create' },
    schema: {
      tags: ['orgs'], summary: '新建行政区划 / Create a region',
      body: Strict({ code: RegionCode, name: Type.String({ minLength: 1, maxLength: 64 }), level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]), parentCode: Type.Optional(RegionCode) }),
      response: { 201: RegionOut, ...StdErrors },
    },
  }, async (req, reply) => reply.status(201).send(await service.createRegion(ctx, req.actor, req.body, req.id)));

  app.get('/departments', {
    config: { permission: 'department.read' },
    schema: {
      tags: ['orgs'], summary: '政务部门列表 / Departments',
      querystring: Strict({ region: Type.Optional(RegionCode), q: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(DepartmentOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, region, q } = req.query;
    const r = await store.listDepartments(ctx.db, { region, q }, page, size);
    return { total: r.total, items: r.items.map((d) => ({ id: d.id, code: d.code, name: d.name, regionCode: d.region_code, regionName: d.region_name, parentId: d.parent_id })) };
  });

  app.post('/departments', {
    config: { permission: 'department.create' },
    schema: {
      tags: ['orgs'], summary: '新建政务部门 / Create a department',
      body: Strict({ code: Type.String({ minLength: 1, maxLength: 32 }), name: Type.String({ minLength: 1, maxLength: 128 }), regionCode: RegionCode, parentId: Type.Optional(Uuid) }),
      response: { 201: DepartmentOut, ...StdErrors },
    },
  }, async (req, reply) => reply.status(201).send(await service.createDepartment(ctx, req.actor, req.body, req.id)));

  app.get('/users', {
    config: { permission: 'user.read' },
    schema: {
      tags: ['orgs'], summary: '用户列表 / Users',
      querystring: Strict({ department: Type.Optional(Uuid), ...Paging }),
      response: { 200: Type.Object({ items: Type.Array(UserOut), total: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => {
    const { page = 1, size = 20, department } = req.query;
    const r = await service.listUsers(ctx, req.actor, { departmentId: department }, page, size);
    const now = Date.now();
    return {
      total: r.total,
      items: r.items.map((u) => ({
        id: u.id, username: u.username, roles: u.roles, departmentId: u.department_id, departmentName: u.department_name, displayName: u.display_name,
        locked: !!u.locked_until && u.locked_until.getTime() > now, createdAt: u.created_at.toISOString(),
      })),
    };
  });

  app.post('/users', {
    config: { permission: 'user.create' },
    schema: {
      tags: ['orgs'], summary: '新建用户 / Create a user',
      body: Strict({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }), departmentId: Type.Optional(Uuid), displayName: Type.Optional(Type.String({ maxLength: 64 })), roles: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 10 }) }),
      response: { 201: UserOut, ...StdErrors },
    },
  }, async (req, reply) => reply.status(201).send(await service.createUser(ctx, req.actor, req.body, req.id)));

  app.post('/users/:id/unlock', {
    config: { permission: 'user.unlock' },
    schema: { tags: ['orgs'], summary: '解锁用户 / Unlock a user', params: Strict({ id: Uuid }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await service.unlockUser(ctx, req.actor, req.params.id, req.id);
    return reply.status(204).send(null);
  });

  app.get('/credentials', {
    config: { permission: 'credential.read' },
    schema: {
      tags: ['orgs'], summary: '系统凭证列表 / System credentials',
      querystring: Strict({ department: Type.Optional(Uuid) }),
      response: { 200: Type.Object({ items: Type.Array(CredentialOut) }), ...StdErrors },
    },
  }, async (req) => ({
    items: (await service.listCredentials(ctx, req.actor, { departmentId: req.query.department })).map((c) => ({
      clientId: c.id, name: c.name, departmentId: c.department_id, departmentName: c.department_name, createdAt: c.created_at.toISOString(), revokedAt: c.revoked_at?.toISOString() ?? null,
    })),
  }));

  app.post('/credentials', {
    config: { permission: 'credential.create' },
    schema: {
      tags: ['orgs'], summary: '新建系统凭证（密钥仅显示一次）/ Create a system credential (secret shown once)',
      body: Strict({ departmentId: Uuid, name: Type.String({ minLength: 1, maxLength: 128 }) }),
      response: { 201: Type.Object({ clientId: Type.String(), clientSecret: Type.String() }), ...StdErrors },
    },
  }, async (req, reply) => reply.status(201).send(await service.createCredential(ctx, req.actor, req.body, req.id)));

  app.delete('/credentials/:clientId', {
    config: { permission: 'credential.revoke' },
    schema: { tags: ['orgs'], summary: '吊销系统凭证 / Revoke a system credential', params: Strict({ clientId: Type.String({ maxLength: 128 }) }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await service.revokeCredential(ctx, req.actor, req.params.clientId, req.id);
    return reply.status(204).send(null);
  });
}
