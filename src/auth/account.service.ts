import type { AppContext } from '../http/context.js';
import { DomainError, errors } from '../errors.js';
import { auditActor, type Actor } from './actor.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password.js';
import { can } from './policy.js';
import { findSessionById, findUserById, listUserSessions, recentPasswordHashes, revokeSessionById, revokeUserSessions, setPassword } from './session.store.js';

type Ctx = Pick<AppContext, 'db' | 'audit' | 'config' | 'tx'>;

function selfUser(actor: Actor): string {
  if (actor.kind !== 'user' || !actor.id) throw errors.forbidden('Only a signed-in user has a password and sessions');
  return actor.id;
}

/**
 * The user changes their own password: the current one is asked again, the new one meets the policy and is not
 * one of the last N (GOVSHARE_PASSWORD_HISTORY); the user's other sessions end. Refusals are audited with their code.
 */
export async function changePassword(ctx: Ctx, actor: Actor, current: string, next: string, requestId: string): Promise<{ otherSessionsRevoked: number }> {
  const userId = selfUser(actor);
  const user = await findUserById(ctx.db, userId);
  if (!user) throw errors.unauthenticated();
  const refuse = async (err: DomainError): Promise<never> => {
    await ctx.audit.record({ action: 'auth.password.change', outcome: 'failure', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId, detail: { reason: err.code } });
    throw err;
  };
  if (!(await verifyPassword(current, user.password_hash))) {
    await refuse(new DomainError('PASSWORD_CURRENT_WRONG', 400, '当前密码错误', 'The current password is wrong'));
  }
  try {
    checkPasswordPolicy(next, { username: user.username, minLength: ctx.config.security.passwordMinLength });
  } catch (err) {
    if (err instanceof DomainError) await refuse(err);
    throw err;
  }
  const n = ctx.config.security.passwordHistory;
  for (const old of [user.password_hash, ...(await recentPasswordHashes(ctx.db, userId, n - 1))].slice(0, Math.max(n, 1))) {
    if (await verifyPassword(next, old)) {
      await refuse(new DomainError('PASSWORD_REUSED', 400, `新密码不能与最近 ${Math.max(n, 1)} 次使用过的密码相同`, `The new password must differ from the last ${Math.max(n, 1)} passwords`, { history: Math.max(n, 1) }));
    }
  }
  const hash = await hashPassword(next, ctx.config.scryptCost);
  return ctx.tx(async (tx) => {
    await setPassword(tx, userId, user.password_hash, hash, n);
    const revoked = await revokeUserSessions(tx, userId, actor.sessionId);
    await ctx.audit.inTx(tx, { action: 'auth.password.change', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId, detail: { otherSessionsRevoked: revoked } });
    return { otherSessionsRevoked: revoked };
  });
}

/** Live sessions of the actor, or of any user for an administrator (session.manage). */
export async function listSessions(ctx: Ctx, actor: Actor, userId?: string) {
  const own = selfUserOrNull(actor);
  const target = userId ?? own;
  if (!target) throw errors.forbidden();
  if (target !== own && !can(actor, 'session.manage')) throw errors.forbidden();
  const rows = await listUserSessions(ctx.db, target, new Date());
  return {
    items: rows.map((r) => ({
      id: r.id, createdAt: new Date(r.created_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString(),
      lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null, ip: r.ip, userAgent: r.user_agent,
      current: r.token_hash === actor.sessionId,
    })),
  };
}

function selfUserOrNull(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

/** Ends one session at once: the user's own, or anyone's for an administrator. Another's session answers 404. */
export async function revokeSession(ctx: Ctx, actor: Actor, sessionId: string, requestId: string): Promise<void> {
  const s = await findSessionById(ctx.db, sessionId);
  const mine = !!s && s.kind === 'user' && s.user_id === selfUserOrNull(actor);
  if (!s || (!mine && !can(actor, 'session.manage'))) throw errors.notFound('Session', '会话');
  await ctx.tx(async (tx) => {
    await revokeSessionById(tx, sessionId);
    await ctx.audit.inTx(tx, { action: 'auth.session.revoke', actor: auditActor(actor), objectType: 'session', objectId: sessionId, requestId, detail: { userId: s.user_id, own: mine, alreadyRevoked: !!s.revoked_at } });
  });
}
