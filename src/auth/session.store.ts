import type { DbOrTx } from '../db/database.js';
import { isRole, type Role } from './roles.js';
import type { Actor } from './actor.js';

export async function findUserForLogin(db: DbOrTx, username: string) {
  return db.selectFrom('users').select(['id', 'username', 'password_hash', 'failed_attempts', 'locked_until', 'disabled', 'department_id'])
    .where('username', '=', username).executeTakeFirst();
}

export async function rolesOf(db: DbOrTx, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute();
  return rows.map((r) => r.role).filter(isRole);
}

export async function recordFailure(db: DbOrTx, userId: string, threshold: number, lockUntil: Date): Promise<{ locked: boolean }> {
  const row = await db.updateTable('users')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', userId).returning('failed_attempts').executeTakeFirstOrThrow();
  if (row.failed_attempts >= threshold) {
    await db.updateTable('users').set({ locked_until: lockUntil, failed_attempts: 0 }).where('id', '=', userId).execute();
    return { locked: true };
  }
  return { locked: false };
}

export async function clearFailures(db: DbOrTx, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', userId).execute();
}

export interface NewSession {
  tokenHash: string; kind: 'user' | 'system'; userId?: string; credentialId?: string; expiresAt: Date;
  ip?: string | null; userAgent?: string | null; mfaPending?: boolean;
}

export async function insertSession(db: DbOrTx, s: NewSession): Promise<void> {
  await db.insertInto('sessions').values({
    token_hash: s.tokenHash, kind: s.kind, user_id: s.userId ?? null, credential_id: s.credentialId ?? null, expires_at: s.expiresAt, revoked_at: null,
    ip: s.ip ?? null, user_agent: s.userAgent?.slice(0, 300) ?? null, mfa_pending: s.mfaPending ?? false,
  }).execute();
}

/** A user's live sessions, newest first (GET /auth/sessions). */
export async function listUserSessions(db: DbOrTx, userId: string, now: Date) {
  return db.selectFrom('sessions').select(['id', 'token_hash', 'created_at', 'expires_at', 'last_seen_at', 'ip', 'user_agent', 'mfa_pending'])
    .where('user_id', '=', userId).where('kind', '=', 'user').where('revoked_at', 'is', null).where('expires_at', '>', now)
    .orderBy('created_at', 'desc').limit(200).execute();
}

export async function findSessionById(db: DbOrTx, id: string) {
  return db.selectFrom('sessions').select(['id', 'user_id', 'kind', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

export async function revokeSessionById(db: DbOrTx, id: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Every live session of a user but one (after a password change: other devices must sign in again). */
export async function revokeUserSessions(db: DbOrTx, userId: string, exceptTokenHash: string | null): Promise<number> {
  let q = db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptTokenHash) q = q.where('token_hash', '<>', exceptTokenHash);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function clearMfaPending(db: DbOrTx, userId: string): Promise<void> {
  await db.updateTable('sessions').set({ mfa_pending: false }).where('user_id', '=', userId).where('mfa_pending', '=', true).execute();
}

export async function revokeSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

const LAST_SEEN_EVERY_MS = 5 * 60_000;

/** The actor behind a live session, or undefined (unknown, expired, revoked, disabled, or revoked credential). */
export async function actorForSession(db: DbOrTx, tokenHash: string, now: Date): Promise<Actor | undefined> {
  const s = await db.selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('credentials as c', 'c.id', 's.credential_id')
    .leftJoin('departments as d', (j) => j.on((eb) => eb('d.id', '=', eb.fn.coalesce('u.department_id', 'c.department_id'))))
    .select(['s.kind', 's.id', 's.mfa_pending', 's.last_seen_at', 's.user_id', 's.credential_id', 'u.username', 'u.disabled', 'c.name as credential_name', 'c.revoked_at as credential_revoked_at', 'd.id as department_id', 'd.region_code'])
    .where('s.token_hash', '=', tokenHash).where('s.revoked_at', 'is', null).where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!s) return undefined;
  // "Last seen" for the session list, written at most every few minutes so reads stay reads.
  if (!s.last_seen_at || now.getTime() - new Date(s.last_seen_at).getTime() > LAST_SEEN_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', tokenHash).execute();
  }
  if (s.kind === 'user') {
    if (!s.user_id || s.disabled) return undefined;
    return {
      kind: 'user', id: s.user_id, name: s.username ?? '', roles: await rolesOf(db, s.user_id), departmentId: s.department_id, regionCode: s.region_code,
      sessionId: tokenHash, sessionRef: s.id, ...(s.mfa_pending ? { mfaPending: true } : {}),
    };
  }
  if (!s.credential_id || s.credential_revoked_at) return undefined;
  // A department's information system acts as a data user of its department (Art. 13, 15).
  return { kind: 'system', id: s.credential_id, name: `system:${s.credential_name ?? ''}`, roles: ['data_user'], departmentId: s.department_id, regionCode: s.region_code, sessionId: tokenHash, sessionRef: s.id };
}

export async function findCredential(db: DbOrTx, id: string) {
  return db.selectFrom('credentials').select(['id', 'secret_hash', 'department_id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}

export async function findUserById(db: DbOrTx, id: string) {
  return db.selectFrom('users').select(['id', 'username', 'password_hash', 'department_id']).where('id', '=', id).executeTakeFirst();
}

export async function recentPasswordHashes(db: DbOrTx, userId: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const rows = await db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(n).execute();
  return rows.map((r) => r.password_hash);
}

/** The new hash replaces the current one, which goes to the history (only the last `keep` are kept). */
export async function setPassword(db: DbOrTx, userId: string, oldHash: string, newHash: string, keep: number): Promise<void> {
  await db.insertInto('password_history').values({ user_id: userId, password_hash: oldHash }).execute();
  await db.updateTable('users').set({ password_hash: newHash, password_changed_at: new Date() }).where('id', '=', userId).execute();
  const stale = await db.selectFrom('password_history').select('created_at').where('user_id', '=', userId).orderBy('created_at', 'desc').offset(Math.max(keep, 1) - 1).limit(1).executeTakeFirst();
  if (stale) await db.deleteFrom('password_history').where('user_id', '=', userId).where('created_at', '<', stale.created_at).execute();
}
