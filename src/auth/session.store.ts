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

export async function insertSession(db: DbOrTx, s: { tokenHash: string; kind: 'user' | 'system'; userId?: string; credentialId?: string; expiresAt: Date }): Promise<void> {
  await db.insertInto('sessions').values({
    token_hash: s.tokenHash, kind: s.kind, user_id: s.userId ?? null, credential_id: s.credentialId ?? null, expires_at: s.expiresAt, revoked_at: null,
  }).execute();
}

export async function revokeSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).execute();
}

/** The actor behind a live session, or undefined (unknown, expired, revoked, disabled, or revoked credential). */
export async function actorForSession(db: DbOrTx, tokenHash: string, now: Date): Promise<Actor | undefined> {
  const s = await db.selectFrom('sessions as s')
    .leftJoin('users as u', 'u.id', 's.user_id')
    .leftJoin('credentials as c', 'c.id', 's.credential_id')
    .leftJoin('departments as d', (j) => j.on((eb) => eb('d.id', '=', eb.fn.coalesce('u.department_id', 'c.department_id'))))
    .select(['s.kind', 's.user_id', 's.credential_id', 'u.username', 'u.disabled', 'c.name as credential_name', 'c.revoked_at as credential_revoked_at', 'd.id as department_id', 'd.region_code'])
    .where('s.token_hash', '=', tokenHash).where('s.revoked_at', 'is', null).where('s.expires_at', '>', now)
    .executeTakeFirst();
  if (!s) return undefined;
  if (s.kind === 'user') {
    if (!s.user_id || s.disabled) return undefined;
    return { kind: 'user', id: s.user_id, name: s.username ?? '', roles: await rolesOf(db, s.user_id), departmentId: s.department_id, regionCode: s.region_code, sessionId: tokenHash };
  }
  if (!s.credential_id || s.credential_revoked_at) return undefined;
  // A department's information system acts as a data user of its department (Art. 13, 15).
  return { kind: 'system', id: s.credential_id, name: `system:${s.credential_name ?? ''}`, roles: ['data_user'], departmentId: s.department_id, regionCode: s.region_code, sessionId: tokenHash };
}

export async function findCredential(db: DbOrTx, id: string) {
  return db.selectFrom('credentials').select(['id', 'secret_hash', 'department_id', 'name', 'revoked_at']).where('id', '=', id).executeTakeFirst();
}
