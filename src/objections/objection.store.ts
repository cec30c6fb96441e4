import type { Insertable, Updateable } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { ObjectionTable } from '../db/schema.js';
import { regionPrefix } from '../orgs/region-code.js';

export async function insertObjection(tx: Tx, row: Insertable<ObjectionTable>): Promise<void> {
  await tx.insertInto('objections').values(row).execute();
}

function withNames(db: DbOrTx) {
  return db.selectFrom('objections as o')
    .innerJoin('departments as pd', 'pd.id', 'o.provider_department_id')
    .innerJoin('departments as cd', 'cd.id', 'o.consumer_department_id')
    .selectAll('o')
    .select(['pd.name as provider_name', 'pd.region_code as provider_region', 'cd.name as consumer_name', 'cd.region_code as consumer_region']);
}

export async function findObjection(db: DbOrTx, id: string) {
  return withNames(db).where('o.id', '=', id).executeTakeFirst();
}

export type ObjectionRow = NonNullable<Awaited<ReturnType<typeof findObjection>>>;

export async function lockObjection(tx: Tx, id: string): Promise<void> {
  await tx.selectFrom('objections').select('id').where('id', '=', id).forUpdate().execute();
}

export async function updateObjection(tx: Tx, id: string, set: Updateable<ObjectionTable>): Promise<void> {
  await tx.updateTable('objections').set(set).where('id', '=', id).execute();
}

export interface ObjectionFilter { role?: 'consumer' | 'provider' | undefined; status?: 'open' | 'accepted' | 'rejected' | undefined; resourceCode?: string | undefined }

export async function listObjections(db: DbOrTx, v: Visibility, f: ObjectionFilter, page: number, size: number) {
  let q = withNames(db);
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where(f.role === 'provider' ? 'o.provider_department_id' : 'o.consumer_department_id', '=', v.departmentId);
  if (v.kind === 'region') {
    const p = `${regionPrefix(v.regionCode)}%`;
    q = q.where((eb) => eb.or([eb('pd.region_code', 'like', p), eb('cd.region_code', 'like', p)]));
  }
  if (f.status) q = q.where('o.status', '=', f.status);
  if (f.resourceCode) q = q.where('o.resource_code', '=', f.resourceCode);
  const [items, count] = await Promise.all([
    q.orderBy('o.created_at', 'desc').orderBy('o.id').limit(size).offset((page - 1) * size).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** A resource's objections for its catalog page: the open ones and the corrections made (newest first). */
export async function objectionsOfResource(db: DbOrTx, code: string) {
  return withNames(db).where('o.resource_code', '=', code).where('o.status', 'in', ['open', 'accepted'])
    .orderBy('o.created_at', 'desc').limit(200).execute();
}

export async function openObjections(db: DbOrTx, providerDepartmentId?: string) {
  let q = withNames(db).where('o.status', '=', 'open');
  if (providerDepartmentId) q = q.where('o.provider_department_id', '=', providerDepartmentId);
  return q.orderBy('o.reply_by').limit(5000).execute();
}
