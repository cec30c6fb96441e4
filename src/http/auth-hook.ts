import type { FastifyRequest } from 'fastify';
import { PUBLIC_ACTOR, auditActor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import { authenticate } from '../auth/session.service.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from './context.js';

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1];
}

/**
 * Runs before every route: who is calling, and does any of their roles grant the route's declared permission.
 * Object-level scope (own department, own region) is checked again in the services with the same `can`.
 * Deny by default: a route with no declared permission answers 403 PERMISSION_UNDECLARED, never runs.
 */
export function authHook(ctx: AppContext) {
  return async function onRequest(req: FastifyRequest): Promise<void> {
    req.actor = PUBLIC_ACTOR;
    if (req.is404) return; // the not-found handler answers; nothing to authorize
    const cfg = req.routeOptions.config;
    const token = bearer(req);
    if (cfg.public) {
      if (token) req.actor = (await authenticate(ctx.db, token)) ?? PUBLIC_ACTOR;
      return;
    }
    if (!cfg.permission) {
      req.log.error({ url: req.routeOptions.url }, 'route declares no permission; refused');
      throw new DomainError('PERMISSION_UNDECLARED', 403, '该接口未声明访问权限，已拒绝', 'This endpoint declares no permission and is refused');
    }
    const actor = token ? await authenticate(ctx.db, token) : undefined;
    if (!actor) throw errors.unauthenticated();
    req.actor = actor;
    // A mandatory second factor not yet enrolled: only the caller's own session and enrolment (docs/security.md).
    if (actor.mfaPending && cfg.permission !== 'session.self') {
      throw new DomainError('TOTP_ENROLLMENT_REQUIRED', 403, '请先启用动态验证码', 'Enrol a second factor (TOTP) first');
    }
    if (!can(actor, cfg.permission)) {
      await ctx.audit.record({ action: cfg.permission, outcome: 'denied', actor: auditActor(actor), requestId: req.id, detail: { method: req.method, url: req.routeOptions.url } });
      throw errors.forbidden();
    }
  };
}
