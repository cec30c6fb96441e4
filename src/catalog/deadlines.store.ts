import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { regionPrefix } from '../orgs/region-code.js';

export async function insertOrgChange(tx: Tx, c: { id: string; departmentId: string; kind: 'reorganisation' | 'legal_duty'; description: string; effectiveOn: string; dueOn: string; provisional: boolean; actorId: string | null }) {
  await tx.insertInto('catalog_org_changes').values({
    id: c.id, department_id: c.departmentId, kind: c.kind, description: c.description, effective_on: c.effectiveOn, due_on: c.dueOn,
    provisional: c.provisional, created_by: c.actorId, closed_at: null, closed_by_code: null, closed_by_version: null,
  }).execute();
}

/** Art. 10: a published version closes the department's open deadlines whose change has taken effect. */
export async function closeDeadlinesOnPublish(tx: Tx, departmentId: string, today: string, code: string, version: number): Promise<number> {
  const r = await tx.updateTable('catalog_org_changes').set({ closed_at: new Date(), closed_by_code: code, closed_by_version: version })
    .where('department_id', '=', departmentId).where('closed_at', 'is', null).where('effective_on', '<=', today).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface DeadlineFilter { departmentId?: string | undefined; region?: string | undefined; status?: 'open' | 'overdue' | 'closed' | undefined; today: string }

export async function listOrgChanges(db: DbOrTx, v: Visibility, f: DeadlineFilter, page: number, size: number) {
  let q = db.selectFrom('catalog_org_changes as c').innerJoin('departments as d', 'd.id', 'c.department_id');
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where('c.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('d.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.departmentId) q = q.where('c.department_id', '=', f.departmentId);
  if (f.region) q = q.where('d.region_code', 'like', `${regionPrefix(f.region)}%`);
  if (f.status === 'closed') q = q.where('c.closed_at', 'is not', null);
  if (f.status === 'open') q = q.where('c.closed_at', 'is', null).where('c.due_on', '>=', f.today);
  if (f.status === 'overdue') q = q.where('c.closed_at', 'is', null).where('c.due_on', '<', f.today);
  const [items, count] = await Promise.all([
    q.select(['c.id', 'c.department_id', 'd.name as department_name', 'd.region_code', 'c.kind', 'c.description', 'c.effective_on', 'c.due_on', 'c.provisional', 'c.created_at', 'c.closed_at', 'c.closed_by_code', 'c.closed_by_version'])
      .orderBy('c.due_on').orderBy('c.id').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
