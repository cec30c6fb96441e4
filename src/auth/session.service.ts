import { timingSafeEqual } from 'node:crypto';
import type { AuditLog } from '../audit/audit.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { DomainError } from '../errors.js';
import type { Actor } from './actor.js';
import { verifyPassword } from './password.js';
import type { SecretBox } from '../crypto/secrets.js';
import { actorForSession, clearFailures, findCredential, findUserForLogin, insertSession, recordFailure, revokeSession, rolesOf } from './session.store.js';
import { findTotp } from './totp.store.js';
import { totpErrors, useSecondFactor } from './totp.service.js';
import { hashSecret, newSecret } from './tokens.js';

const invalidCredentials = () => new DomainError('INVALID_CREDENTIALS', 401, '用户名或密码错误', 'Wrong username or password');
// Compared against when the username is unknown, so both answers take as long (no user enumeration by timing).
const DUMMY_HASH = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export interface SessionDeps { db: Db; audit: AuditLog; config: Config; secrets: SecretBox }

export interface LoginInput {
  username: string;
  password: string;
  /** TOTP code or a recovery code, once a second factor is enrolled. */
  totp?: string | undefined;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

export async function login(deps: SessionDeps, input: LoginInput, requestId: string) {
  const { db, audit, config } = deps;
  const { username, password } = input;
  const user = await findUserForLogin(db, username);
  const now = new Date();
  const fail = async (reason: string, actorId: string | null) => {
    await audit.record({ action: 'auth.login', outcome: 'failure', actor: { id: actorId, name: username, departmentId: user?.department_id ?? null }, requestId, detail: { reason, ip: input.ip ?? null } });
  };
  const failed = async (reason: string, userId: string) => {
    const { locked } = await recordFailure(db, userId, config.lockoutThreshold, new Date(now.getTime() + config.lockoutMinutes * 60_000));
    await fail(locked ? `${reason}_locked` : reason, userId);
    // The lockout is an event of its own (等保: lockout audited), so monitoring and auditors find it by action.
    if (locked) await audit.record({ action: 'auth.lockout', actor: { id: userId, name: username, departmentId: user?.department_id ?? null }, objectType: 'user', objectId: userId, requestId, detail: { minutes: config.lockoutMinutes, ip: input.ip ?? null } });
  };
  if (!user) {
    await verifyPassword(password, DUMMY_HASH);
    await fail('unknown_user', null);
    throw invalidCredentials();
  }
  if (user.disabled) {
    await fail('disabled', user.id);
    throw invalidCredentials();
  }
  if (user.locked_until && user.locked_until > now) {
    await fail('locked', user.id);
    throw new DomainError('ACCOUNT_LOCKED', 423, `账户因多次登录失败已锁定，请于 ${config.lockoutMinutes} 分钟后重试或联系管理员解锁`,
      `The account is locked after repeated failed sign-ins; try again in ${config.lockoutMinutes} minutes or ask an administrator to unlock it`);
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    await failed('wrong_password', user.id);
    throw invalidCredentials();
  }
  // Second factor, asked only after the password is right (so it tells nothing to someone guessing passwords).
  const factor = await findTotp(db, user.id);
  if (factor?.confirmed_at) {
    if (!input.totp) {
      // A normal step of signing in (the screen asks for the code next), so not an auth.login failure for monitoring.
      await audit.record({ action: 'auth.totp.challenge', actor: { id: user.id, name: user.username, departmentId: user.department_id }, requestId, detail: { ip: input.ip ?? null } });
      throw totpErrors.required();
    }
    if (!(await useSecondFactor(deps, user.id, factor.secret_sealed, input.totp, now))) {
      await failed('totp_invalid', user.id);
      throw totpErrors.invalid();
    }
  }
  await clearFailures(db, user.id);
  const roles = await rolesOf(db, user.id);
  const mfaPending = !factor?.confirmed_at && config.security.totpRequired && roles.some((r) => config.security.totpRoles.includes(r));
  const token = newSecret('gsu_');
  await insertSession(db, {
    tokenHash: hashSecret(token), kind: 'user', userId: user.id, expiresAt: new Date(now.getTime() + config.sessionTtlMinutes * 60_000),
    ip: input.ip ?? null, userAgent: input.userAgent ?? null, mfaPending,
  });
  await audit.record({ action: 'auth.login', actor: { id: user.id, name: user.username, departmentId: user.department_id }, requestId, detail: { ip: input.ip ?? null, secondFactor: !!factor?.confirmed_at, ...(mfaPending ? { totpEnrollmentRequired: true } : {}) } });
  return {
    token,
    user: { id: user.id, username: user.username, roles, departmentId: user.department_id },
    ...(mfaPending ? { totpEnrollmentRequired: true } : {}),
  };
}

export async function logout(deps: SessionDeps, actor: Actor, requestId: string): Promise<void> {
  if (actor.sessionId) await revokeSession(deps.db, actor.sessionId);
  await deps.audit.record({ action: 'auth.logout', actor: { id: actor.id, name: actor.name, departmentId: actor.departmentId }, requestId });
}

/** System credential → short-lived bearer token (POST /auth/token). */
export async function issueSystemToken(deps: SessionDeps, clientId: string, clientSecret: string, requestId: string) {
  const { db, audit } = deps;
  const cred = await findCredential(db, clientId);
  const ok = !!cred && !cred.revoked_at && timingSafeEqual(Buffer.from(hashSecret(clientSecret)), Buffer.from(cred.secret_hash));
  const actor = { id: cred?.id ?? null, name: `system:${clientId}`, departmentId: cred?.department_id ?? null };
  if (!ok) {
    await audit.record({ action: 'auth.token', outcome: 'failure', actor, requestId, detail: { reason: cred?.revoked_at ? 'revoked' : 'bad_secret' } });
    throw new DomainError('INVALID_CLIENT', 401, '系统凭证无效或已吊销', 'The client credential is invalid or revoked');
  }
  const expiresIn = 3600;
  const token = newSecret('gss_');
  await insertSession(db, { tokenHash: hashSecret(token), kind: 'system', credentialId: clientId, expiresAt: new Date(Date.now() + expiresIn * 1000) });
  await audit.record({ action: 'auth.token', actor, requestId });
  return { token, expiresIn };
}

export async function authenticate(db: Db, bearer: string): Promise<Actor | undefined> {
  return actorForSession(db, hashSecret(bearer), new Date());
}
