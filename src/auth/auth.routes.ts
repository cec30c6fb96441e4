import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict } from '../http/schemas.js';
import { findDepartment } from '../orgs/orgs.store.js';
import { issueSystemToken, login, logout } from './session.service.js';

const UserOut = Type.Object({ id: Type.String(), username: Type.String(), roles: Type.Array(Type.String()), departmentId: Type.Union([Type.String(), Type.Null()]) });

export function authRoutes(app: App, ctx: AppContext): void {
  app.post('/auth/login', {
    config: { public: true },
    schema: {
      tags: ['auth'], summary: '用户登录 / Sign in', security: [],
      body: Strict({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: Type.Object({ token: Type.String(), user: UserOut }), ...StdErrors },
    },
  }, async (req) => login(ctx, req.body.username, req.body.password, req.id));

  app.post('/auth/logout', {
    config: { permission: 'session.self' },
    schema: { tags: ['auth'], summary: '退出登录 / Sign out', response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await logout(ctx, req.actor, req.id);
    return reply.status(204).send(null);
  });

  app.post('/auth/token', {
    config: { public: true },
    schema: {
      tags: ['auth'], summary: '系统凭证换取令牌 / Token for a system credential', security: [],
      body: Strict({ clientId: Type.String({ minLength: 1, maxLength: 128 }), clientSecret: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: Type.Object({ token: Type.String(), expiresIn: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => issueSystemToken(ctx, req.body.clientId, req.body.clientSecret, req.id));

  app.get('/auth/me', {
    config: { permission: 'session.self' },
    schema: {
      tags: ['auth'], summary: '当前用户 / Who am I',
      response: { 200: Type.Object({ id: Type.Union([Type.String(), Type.Null()]), kind: Type.String(), username: Type.String(), roles: Type.Array(Type.String()), departmentId: Type.Union([Type.String(), Type.Null()]), departmentName: Type.Union([Type.String(), Type.Null()]), regionCode: Type.Union([Type.String(), Type.Null()]) }), ...StdErrors },
    },
  }, async (req) => {
    const a = req.actor;
    const dept = a.departmentId ? await findDepartment(ctx.db, a.departmentId) : undefined;
    return { id: a.id, kind: a.kind, username: a.name, roles: [...a.roles], departmentId: a.departmentId, departmentName: dept?.name ?? null, regionCode: a.regionCode };
  });
}
