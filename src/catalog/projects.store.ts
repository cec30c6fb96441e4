import { sql } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { regionPrefix } from '../orgs/region-code.js';
import type { HeldItem } from './duplicates.js';

export async function insertProject(tx: Tx, p: { id: string; name: string; departmentId: string; approvalNo: string | null; resources: unknown[]; actorId: string | null }) {
  await tx.insertInto('catalog_projects').values({
    id: p.id, name: p.name, department_id: p.departmentId, approval_no: p.approvalNo, resources: JSON.stringify(p.resources), resource_count: p.resources.length,
    status: 'registered', accepted_codes: null, created_by: p.actorId, accepted_by: null, accepted_at: null,
  }).execute();
}

export async function lockProject(tx: Tx, id: string) {
  return tx.selectFrom('catalog_projects as p').innerJoin('departments as d', 'd.id', 'p.department_id')
    .select(['p.id', 'p.name', 'p.department_id', 'p.approval_no', 'p.resources', 'p.resource_count', 'p.status', 'p.accepted_codes', 'p.created_at', 'p.accepted_at', 'd.region_code', 'd.name as department_name'])
    .where('p.id', '=', id).forUpdate('p').executeTakeFirst();
}

export async function markAccepted(tx: Tx, id: string, codes: string[], actorId: string | null) {
  await tx.updateTable('catalog_projects').set({ status: 'accepted', accepted_codes: JSON.stringify(codes), accepted_by: actorId, accepted_at: new Date() }).where('id', '=', id).execute();
}

export async function listProjects(db: DbOrTx, v: Visibility, f: { missingCatalog?: boolean | undefined; department?: string | undefined; status?: string | undefined }, page: number, size: number) {
  let q = db.selectFrom('catalog_projects as p').innerJoin('departments as d', 'd.id', 'p.department_id');
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where('p.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('d.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.missingCatalog !== undefined) q = q.where('p.resource_count', f.missingCatalog ? '=' : '>', 0);
  if (f.department) q = q.where('p.department_id', '=', f.department);
  if (f.status) q = q.where('p.status', '=', f.status as 'registered');
  const [items, count] = await Promise.all([
    q.select(['p.id', 'p.name', 'p.department_id', 'd.name as department_name', 'p.approval_no', 'p.resource_count', 'p.status', 'p.accepted_codes', 'p.created_at', 'p.accepted_at'])
      .orderBy('p.created_at', 'desc').orderBy('p.id').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Every item of every published resource, for the duplicate finder. */
export async function publishedItems(db: DbOrTx): Promise<HeldItem[]> {
  const r = await sql<{ code: string; resource_name: string; kind: string; department_id: string; department_name: string; item_name: string; data_type: string; base: boolean | null }>`
    SELECT v.code, v.name AS resource_name, v.kind, v.department_id, d.name AS department_name,
           i->>'name' AS item_name, i->>'dataType' AS data_type, (i->>'base')::boolean AS base
      FROM catalog_versions v
      JOIN departments d ON d.id = v.department_id
      CROSS JOIN LATERAL jsonb_array_elements(v.body->'items') AS i
     WHERE v.status = ${'published'}
     ORDER BY v.code`.execute(db);
  return r.rows.map((x) => ({ code: x.code, resourceName: x.resource_name, kind: x.kind, departmentId: x.department_id, departmentName: x.department_name, itemName: x.item_name, dataType: x.data_type, base: x.base === true }));
}
