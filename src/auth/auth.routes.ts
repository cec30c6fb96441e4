import { Type } from 'typebox';
import type { App, AppContext } from '../http/context.js';
import { ErrorBody, StdErrors, Strict, Uuid } from '../http/schemas.js';
import { findDepartment } from '../orgs/orgs.store.js';
import { changePassword, listSessions, revokeSession } from './account.service.js';
import { requestLimit } from './rate-limit.js';
import { issueSystemToken, login, logout } from './session.service.js';
import { confirmEnrolment, disableTotp, resetTotp, startEnrolment, totpStatus } from './totp.service.js';

const UserOut = Type.Object({ id: Type.String(), username: Type.String(), roles: Type.Array(Type.String()), departmentId: Type.Union([Type.String(), Type.Null()]) });

const SessionOut = Type.Object({
  id: Type.String(), createdAt: Type.String(), expiresAt: Type.String(), lastSeenAt: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]), userAgent: Type.Union([Type.String(), Type.Null()]), current: Type.Boolean(),
});
const Code = Type.String({ minLength: 6, maxLength: 32 });

export function authRoutes(app: App, ctx: AppContext): void {
  const sec = ctx.config.security;
  // Guessing passwords: per client address and per username (whatever the address), on top of the lockout.
  const loginLimits = [
    requestLimit(app, { name: 'login-ip', max: sec.loginPerIpPerMinute }),
    requestLimit(app, { name: 'login-user', max: sec.loginPerUserPerMinute, key: (req) => String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase() }),
  ];

  app.post('/auth/login', {
    config: { public: true },
    preHandler: loginLimits,
    schema: {
      tags: ['auth'], summary: '用户登录 / Sign in', security: [],
      description: '已启用动态验证码的用户须提供 totp（6 位动态码或恢复码）/ users with a second factor send `totp` (a 6-digit code or a recovery code)',
      body: Strict({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }), totp: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })) }),
      response: { 200: Type.Object({ token: Type.String(), user: UserOut, totpEnrollmentRequired: Type.Optional(Type.Boolean()) }), ...StdErrors, 423: ErrorBody, 429: ErrorBody },
    },
  }, async (req) => login(ctx, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] }, req.id));

  app.post('/auth/password', {
    config: { permission: 'session.self' },
    schema: {
      tags: ['auth'], summary: '修改本人密码 / Change my password',
      body: Strict({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }),
      response: { 200: Type.Object({ otherSessionsRevoked: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => changePassword(ctx, req.actor, req.body.currentPassword, req.body.newPassword, req.id));

  app.get('/auth/sessions', {
    config: { permission: 'session.self' },
    schema: {
      tags: ['auth'], summary: '会话列表（本人；管理员可查任一用户）/ Live sessions (mine; any user\'s for an administrator)',
      querystring: Strict({ userId: Type.Optional(Uuid) }),
      response: { 200: Type.Object({ items: Type.Array(SessionOut) }), ...StdErrors },
    },
  }, async (req) => listSessions(ctx, req.actor, req.query.userId));

  app.delete('/auth/sessions/:id', {
    config: { permission: 'session.self' },
    schema: { tags: ['auth'], summary: '结束会话 / Revoke a session', params: Strict({ id: Uuid }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await revokeSession(ctx, req.actor, req.params.id, req.id);
    return reply.status(204).send(null);
  });

  app.get('/auth/totp', {
    config: { permission: 'session.self' },
    schema: {
      tags: ['auth'], summary: '动态验证码状态 / Second factor status',
      response: { 200: Type.Object({ enrolled: Type.Boolean(), mandatory: Type.Boolean(), recoveryCodesLeft: Type.Integer() }), ...StdErrors },
    },
  }, async (req) => totpStatus(ctx, req.actor));

  app.post('/auth/totp/enroll', {
    config: { permission: 'session.self' },
    schema: {
      tags: ['auth'], summary: '开始启用动态验证码（返回密钥与 otpauth URI，仅此一次）/ Start TOTP enrolment (secret and otpauth URI, shown once)',
      response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }), ...StdErrors },
    },
  }, async (req) => startEnrolment(ctx, req.actor, req.id));

  app.post('/auth/totp/confirm', {
    config: { permission: 'session.self' },
    schema: {
      tags: ['auth'], summary: '以动态码确认启用，返回恢复码（仅此一次）/ Confirm with a code; recovery codes shown once',
      body: Strict({ code: Code }),
      response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...StdErrors },
    },
  }, async (req) => confirmEnrolment(ctx, req.actor, req.body.code, req.id));

  app.post('/auth/totp/disable', {
    config: { permission: 'session.self' },
    schema: { tags: ['auth'], summary: '停用动态验证码 / Disable the second factor', body: Strict({ code: Code }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await disableTotp(ctx, req.actor, req.body.code, req.id);
    return reply.status(204).send(null);
  });

  app.post('/auth/totp/reset', {
    config: { permission: 'session.manage' },
    schema: { tags: ['auth'], summary: '重置用户的动态验证码（设备丢失）/ Reset a user\'s second factor (lost device)', body: Strict({ userId: Uuid }), response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await resetTotp(ctx, req.actor, req.body.userId, req.id);
    return reply.status(204).send(null);
  });

  app.post('/auth/logout', {
    config: { permission: 'session.self' },
    schema: { tags: ['auth'], summary: '退出登录 / Sign out', response: { 204: Type.Null(), ...StdErrors } },
  }, async (req, reply) => {
    await logout(ctx, req.actor, req.id);
    return reply.status(204).send(null);
  });

  app.post('/auth/token', {
    config: { public: true },
    preHandler: [requestLimit(app, { name: 'token-ip', max: sec.loginPerIpPerMinute })],
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
