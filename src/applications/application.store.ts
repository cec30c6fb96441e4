import type { Insertable, Updateable } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { ApplicationStatus, ApplicationTable } from '../db/schema.js';
import { regionPrefix } from '../orgs/region-code.js';

export async function insertApplication(tx: Tx, row: Insertable<ApplicationTable>): Promise<void> {
  await tx.insertInto('applications').values(row).execute();
}

const COLUMNS = [
  'a.id', 'a.resource_code', 'a.resource_version', 'a.resource_name', 'a.provider_department_id', 'a.consumer_department_id', 'a.items', 'a.approved_items', 'a.masks',
  'a.methods', 'a.purpose', 'a.legal_basis', 'a.expected_volume', 'a.credential_id', 'a.valid_from', 'a.valid_until', 'a.status', 'a.filed_on', 'a.accept_by',
  'a.accept_by_provisional', 'a.decided_at', 'a.decided_by', 'a.decision_reason', 'a.sign_by', 'a.previous_id', 'a.link_kind', 'a.grant_id', 'a.overdue_at',
  'a.created_by', 'a.created_at', 'a.updated_at', 'a.max_records',
] as const;

function withNames(db: DbOrTx) {
  return db.selectFrom('applications as a')
    .innerJoin('departments as pd', 'pd.id', 'a.provider_department_id')
    .innerJoin('departments as cd', 'cd.id', 'a.consumer_department_id')
    .select([...COLUMNS, 'pd.name as provider_name', 'pd.region_code as provider_region', 'cd.name as consumer_name', 'cd.region_code as consumer_region']);
}

export async function findApplication(db: DbOrTx, id: string) {
  return withNames(db).where('a.id', '=', id).executeTakeFirst();
}

export type ApplicationRow = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

/** Locks the row for a state change (two approvers clicking at once: the second sees the first's result). */
export async function lockApplication(tx: Tx, id: string): Promise<void> {
  await tx.selectFrom('applications').select('id').where('id', '=', id).forUpdate().execute();
}

export async function updateApplication(tx: Tx, id: string, set: Updateable<ApplicationTable>): Promise<void> {
  await tx.updateTable('applications').set({ ...set, updated_at: new Date() }).where('id', '=', id).execute();
}

export async function pendingDuplicate(db: DbOrTx, consumerDepartmentId: string, resourceCode: string) {
  return db.selectFrom('applications').select('id').where('consumer_department_id', '=', consumerDepartmentId)
    .where('resource_code', '=', resourceCode).where('status', 'in', ['pending', 'approved']).executeTakeFirst();
}

export async function followUps(db: DbOrTx, id: string) {
  return db.selectFrom('applications').select(['id', 'link_kind', 'status', 'filed_on']).where('previous_id', '=', id).orderBy('created_at').execute();
}

export interface ListFilter {
  role?: 'consumer' | 'provider' | undefined;
  status?: ApplicationStatus | undefined;
  resourceCode?: string | undefined;
}

/** Department users see their side (consumer or provider); the office its region (either side); oversight all. */
export async function listApplications(db: DbOrTx, v: Visibility, f: ListFilter, page: number, size: number) {
  let q = withNames(db);
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where(f.role === 'provider' ? 'a.provider_department_id' : 'a.consumer_department_id', '=', v.departmentId);
  if (v.kind === 'region') {
    const p = `${regionPrefix(v.regionCode)}%`;
    q = q.where((eb) => eb.or([eb('pd.region_code', 'like', p), eb('cd.region_code', 'like', p)]));
  }
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.resourceCode) q = q.where('a.resource_code', '=', f.resourceCode);
  const [items, count] = await Promise.all([
    q.orderBy('a.created_at', 'desc').orderBy('a.id').limit(size).offset((page - 1) * size).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Every application in a status (scheduler sweeps, to-do lists), optionally for one side. */
export async function applicationsIn(db: DbOrTx, statuses: ApplicationStatus[], side?: { provider?: string | undefined; consumer?: string | undefined }) {
  let q = withNames(db).where('a.status', 'in', statuses);
  if (side?.provider) q = q.where('a.provider_department_id', '=', side.provider);
  if (side?.consumer) q = q.where('a.consumer_department_id', '=', side.consumer);
  return q.orderBy('a.created_at').limit(5000).execute();
}

export async function grantOf(db: DbOrTx, grantId: string) {
  return db.selectFrom('grants').select(['id', 'status', 'status_reason', 'valid_from', 'valid_until', 'updated_at']).where('id', '=', grantId).executeTakeFirst();
}

export async function credentialOf(db: DbOrTx, id: string) {
  return db.selectFrom('credentials').select(['id', 'department_id', 'revoked_at', 'name']).where('id', '=', id).executeTakeFirst();
}
