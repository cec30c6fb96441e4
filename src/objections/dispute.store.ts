import type { Insertable, Updateable } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { DisputeStatus, DisputeTable } from '../db/schema.js';
import { regionPrefix } from '../orgs/region-code.js';

export async function insertDispute(tx: Tx, row: Insertable<DisputeTable>): Promise<void> {
  await tx.insertInto('disputes').values(row).execute();
}

function withNames(db: DbOrTx) {
  return db.selectFrom('disputes as d')
    .innerJoin('departments as pd', 'pd.id', 'd.provider_department_id')
    .innerJoin('departments as cd', 'cd.id', 'd.consumer_department_id')
    .innerJoin('regions as r', 'r.code', 'd.region_code')
    .selectAll('d')
    .select(['pd.name as provider_name', 'pd.region_code as provider_region', 'cd.name as consumer_name', 'cd.region_code as consumer_region', 'r.name as region_name']);
}

export async function findDispute(db: DbOrTx, id: string) {
  return withNames(db).where('d.id', '=', id).executeTakeFirst();
}

export type DisputeRow = NonNullable<Awaited<ReturnType<typeof findDispute>>>;

export async function openDisputeFor(db: DbOrTx, subjectType: string, subjectId: string) {
  return db.selectFrom('disputes').select('id').where('subject_type', '=', subjectType as 'application' | 'objection').where('subject_id', '=', subjectId)
    .where('status', 'not in', ['resolved', 'ruled']).executeTakeFirst();
}

export async function lockDispute(tx: Tx, id: string): Promise<void> {
  await tx.selectFrom('disputes').select('id').where('id', '=', id).forUpdate().execute();
}

export async function updateDispute(tx: Tx, id: string, set: Updateable<DisputeTable>): Promise<void> {
  await tx.updateTable('disputes').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function listDisputes(db: DbOrTx, v: Visibility, f: { status?: DisputeStatus | undefined; open?: boolean | undefined }, page: number, size: number) {
  let q = withNames(db);
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where((eb) => eb.or([eb('d.consumer_department_id', '=', v.departmentId), eb('d.provider_department_id', '=', v.departmentId)]));
  if (v.kind === 'region') q = q.where('d.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.open) q = q.where('d.status', 'not in', ['resolved', 'ruled']);
  const [items, count] = await Promise.all([
    q.orderBy('d.created_at', 'desc').orderBy('d.id').limit(size).offset((page - 1) * size).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Open disputes in the given statuses (to-do lists, deadline sweeps). */
export async function disputesIn(db: DbOrTx, statuses: DisputeStatus[]) {
  return withNames(db).where('d.status', 'in', statuses).orderBy('d.step_due').limit(5000).execute();
}

/** The two parties of the subject a dispute is about. */
export async function subjectParties(db: DbOrTx, type: 'application' | 'objection', id: string) {
  const cols = ['id', 'status', 'consumer_department_id', 'provider_department_id', 'resource_name'] as const;
  return type === 'application'
    ? db.selectFrom('applications').select(cols).where('id', '=', id).executeTakeFirst()
    : db.selectFrom('objections').select(cols).where('id', '=', id).executeTakeFirst();
}
