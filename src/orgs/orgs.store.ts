import type { DbOrTx } from '../db/database.js';
import type { Visibility } from '../auth/policy.js';
import { regionPrefix } from './region-code.js';
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

export async function findRegion(db: DbOrTx, code: string) {
  return db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listRegions(db: DbOrTx) {
  return db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code']).orderBy('code').execute();
}

export async function insertRegion(db: DbOrTx, r: { code: string; name: string; level: 'province' | 'city' | 'county'; parentCode: string | null }) {
  await db.insertInto('regions').values({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode }).execute();
}

export async function findDepartment(db: DbOrTx, id: string) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDepartmentByCode(db: DbOrTx, code: string) {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertDepartment(db: DbOrTx, d: { id: string; code: string; name: string; regionCode: string; parentId: string | null }) {
  await db.insertInto('departments').values({ id: d.id, code: d.code, name: d.name, region_code: d.regionCode, parent_id: d.parentId }).execute();
}

/** Departments whose region lies within `regionCode` (GB/T 2260 prefix of the region's level). */
function withinRegion<O>(q: SelectQueryBuilder<Database, 'departments', O>, regionCode: string) {
  return q.where('departments.region_code', 'like', `${regionPrefix(regionCode)}%`);
}

export async function listDepartments(db: DbOrTx, f: { region?: string | undefined; q?: string | undefined }, page: number, size: number) {
  let q = db.selectFrom('departments');
  if (f.region) q = withinRegion(q, f.region);
  if (f.q) q = q.where((eb) => eb.or([eb('departments.name', 'like', `%${escapeLike(f.q!)}%`), eb('departments.code', '=', f.q!.toUpperCase())]));
  const [items, count] = await Promise.all([
    q.innerJoin('regions', 'regions.code', 'departments.region_code')
      .select(['departments.id', 'departments.code', 'departments.name', 'departments.region_code', 'departments.parent_id', 'regions.name as region_name'])
      .orderBy('departments.region_code').orderBy('departments.name').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function visibleUsers(db: DbOrTx, v: Visibility) {
  let q = db.selectFrom('users').leftJoin('departments', 'departments.id', 'users.department_id');
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where('users.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('departments.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  return q;
}

export async function listUsers(db: DbOrTx, v: Visibility, f: { departmentId?: string | undefined }, page: number, size: number) {
  let q = visibleUsers(db, v);
  if (f.departmentId) q = q.where('users.department_id', '=', f.departmentId);
  const [rows, count] = await Promise.all([
    q.select(['users.id', 'users.username', 'users.department_id', 'users.display_name', 'users.locked_until', 'users.created_at', 'departments.name as department_name'])
      .orderBy('users.username').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const roles = rows.length === 0 ? [] : await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', rows.map((r) => r.id)).execute();
  return {
    items: rows.map((r) => ({ ...r, roles: roles.filter((x) => x.user_id === r.id).map((x) => x.role).sort() })),
    total: Number(count.n),
  };
}

export async function findUser(db: DbOrTx, id: string) {
  return db.selectFrom('users').leftJoin('departments', 'departments.id', 'users.department_id')
    .select(['users.id', 'users.username', 'users.department_id', 'departments.region_code', 'departments.name as department_name'])
    .where('users.id', '=', id).executeTakeFirst();
}

export async function insertUser(db: DbOrTx, u: { id: string; username: string; passwordHash: string; departmentId: string | null; displayName: string | null; roles: string[] }) {
  await db.insertInto('users').values({ id: u.id, username: u.username, password_hash: u.passwordHash, department_id: u.departmentId, display_name: u.displayName, locked_until: null }).execute();
  await db.insertInto('user_roles').values(u.roles.map((role) => ({ user_id: u.id, role }))).execute();
}

export async function usernameTaken(db: DbOrTx, username: string): Promise<boolean> {
  return !!(await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
}

export async function unlockUser(db: DbOrTx, id: string) {
  await db.updateTable('users').set({ locked_until: null, failed_attempts: 0 }).where('id', '=', id).execute();
}

export async function insertCredential(db: DbOrTx, c: { id: string; departmentId: string; name: string; secretHash: string; createdBy: string | null }) {
  await db.insertInto('credentials').values({ id: c.id, department_id: c.departmentId, name: c.name, secret_hash: c.secretHash, created_by: c.createdBy, revoked_at: null }).execute();
}

export async function findCredentialWithRegion(db: DbOrTx, id: string) {
  return db.selectFrom('credentials').innerJoin('departments', 'departments.id', 'credentials.department_id')
    .select(['credentials.id', 'credentials.department_id', 'credentials.revoked_at', 'departments.region_code'])
    .where('credentials.id', '=', id).executeTakeFirst();
}

export async function listCredentials(db: DbOrTx, v: Visibility, f: { departmentId?: string | undefined }) {
  let q = db.selectFrom('credentials').innerJoin('departments', 'departments.id', 'credentials.department_id')
    .select(['credentials.id', 'credentials.name', 'credentials.department_id', 'credentials.created_at', 'credentials.revoked_at', 'departments.name as department_name']);
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where('credentials.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('departments.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.departmentId) q = q.where('credentials.department_id', '=', f.departmentId);
  return q.orderBy('credentials.created_at', 'desc').limit(500).execute();
}

export async function revokeCredential(db: DbOrTx, id: string) {
  await db.updateTable('credentials').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}
