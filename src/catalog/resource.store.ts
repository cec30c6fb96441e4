import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../db/database.js';
import type { CatalogVersionTable } from '../db/schema.js';
import type { Insertable } from 'kysely';
import type { ResourceBody, VersionStatus } from './model.js';
import { composeClassCode } from './classification.js';
import { documentVector } from './search.tokens.js';

/** Hands out the next number of a counter atomically (no max()+1 race); numbers are never handed out twice. */
export async function nextCounter(tx: DbOrTx, key: string, count = 1): Promise<number> {
  const row = await tx.insertInto('catalog_counters').values({ key, value: count })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<number>`catalog_counters.value + ${count}` }))
    .returning('value').executeTakeFirstOrThrow();
  return Number(row.value); // the last number of the reserved range
}

/** The 目 number of a sub-class or department within a 项, assigned on first use. */
export async function dirNumber(tx: Tx, itemPrefix: string, dirKey: string): Promise<number> {
  const find = () => tx.selectFrom('catalog_class_dirs').select('dir_no').where('item_prefix', '=', itemPrefix).where('dir_key', '=', dirKey).executeTakeFirst();
  const existing = await find();
  if (existing) return existing.dir_no;
  const no = await nextCounter(tx, `dir:${itemPrefix}`);
  await tx.insertInto('catalog_class_dirs').values({ item_prefix: itemPrefix, dir_key: dirKey, dir_no: no }).onConflict((oc) => oc.doNothing()).execute();
  return (await find())!.dir_no;
}

/** The 9-digit 前段码 of a resolved classification: 类+项, then the 目 and 细目 numbers (assigned on first use). */
export async function classCodeFor(tx: Tx, c: { itemPrefix: string; dirKey: string; subKey: string }): Promise<string> {
  const dir = composeClassCode(c.itemPrefix, await dirNumber(tx, c.itemPrefix, c.dirKey));
  return composeClassCode(dir, await dirNumber(tx, dir, c.subKey));
}

export async function findDepartment(db: DbOrTx, id: string) {
  return db.selectFrom('departments').innerJoin('regions', 'regions.code', 'departments.region_code')
    .select(['departments.id', 'departments.code', 'departments.name', 'departments.region_code', 'regions.level as region_level', 'regions.name as region_name'])
    .where('departments.id', '=', id).executeTakeFirst();
}

export async function departmentsByIds(db: DbOrTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('departments').select(['id', 'code', 'name', 'region_code']).where('id', 'in', [...new Set(ids)]).execute();
}

export interface VersionMeta { code: string; departmentId: string; regionCode: string; departmentName: string; actorId: string | null }

/** A version row with its denormalised facets and search lexemes. */
export function versionRow(resourceId: string, version: number, status: VersionStatus, body: ResourceBody, m: VersionMeta): Insertable<CatalogVersionTable> {
  const tsv = documentVector({ name: body.name, abstract: body.abstract, itemNames: body.items.map((i) => i.name), departmentName: m.departmentName, code: m.code });
  return {
    resource_id: resourceId, version, status, body: JSON.stringify(body), review: null, code: m.code, name: body.name,
    department_id: m.departmentId, region_code: m.regionCode, kind: body.kind, share_type: body.shareType, format: body.format,
    update_cycle: body.updateCycle, open: body.open.toPublic, tsv: sql<string>`${tsv}::tsvector` as unknown as string, created_by: m.actorId,
  };
}

export async function insertResource(tx: Tx, r: { id: string; code: string; departmentId: string; regionCode: string; kind: ResourceBody['kind']; classCode: string; actorId: string | null }) {
  await tx.insertInto('catalog_resources').values({
    id: r.id, code: r.code, department_id: r.departmentId, region_code: r.regionCode, kind: r.kind, class_code: r.classCode,
    status: 'draft', head_version: 1, published_version: null, created_by: r.actorId, retired_at: null,
  }).execute();
}

export async function insertVersion(tx: Tx, row: Insertable<CatalogVersionTable>) {
  await tx.insertInto('catalog_versions').values(row).execute();
}

/** Replaces the body of a working version (a published version is never updated except its status). */
export async function replaceWorkingBody(tx: Tx, resourceId: string, version: number, row: Insertable<CatalogVersionTable>) {
  await tx.updateTable('catalog_versions').set({
    body: row.body, name: row.name, kind: row.kind, share_type: row.share_type, format: row.format, update_cycle: row.update_cycle,
    open: row.open, tsv: row.tsv, status: 'draft', updated_at: new Date(),
  }).where('resource_id', '=', resourceId).where('version', '=', version).where('status', 'in', ['draft', 'rejected']).execute();
}

export async function lockResource(tx: Tx, id: string) {
  return tx.selectFrom('catalog_resources').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findResource(db: DbOrTx, by: { id: string } | { code: string }) {
  let q = db.selectFrom('catalog_resources').selectAll();
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('code', '=', by.code);
  return q.executeTakeFirst();
}

export async function findVersion(db: DbOrTx, resourceId: string, version: number) {
  return db.selectFrom('catalog_versions')
    .select(['resource_id', 'version', 'status', 'body', 'review', 'retirement', 'created_at', 'updated_at', 'submitted_by', 'submitted_at', 'published_at', 'publish_date'])
    .where('resource_id', '=', resourceId).where('version', '=', version).executeTakeFirst();
}

export type VersionRecord = NonNullable<Awaited<ReturnType<typeof findVersion>>>;

export async function listVersions(db: DbOrTx, resourceId: string) {
  return db.selectFrom('catalog_versions').select(['version', 'status', 'created_at', 'updated_at', 'submitted_at', 'published_at', 'publish_date', 'created_by', 'retirement'])
    .where('resource_id', '=', resourceId).orderBy('version').execute();
}

export async function setVersionStatus(tx: Tx, resourceId: string, version: number, status: VersionStatus, extra: Partial<{ review: string; retirement: string; submitted_by: string | null; submitted_at: Date; published_at: Date; publish_date: string }> = {}) {
  await tx.updateTable('catalog_versions').set({ status, updated_at: new Date(), ...extra }).where('resource_id', '=', resourceId).where('version', '=', version).execute();
}

export async function setResourceState(tx: Tx, id: string, s: Partial<{ status: VersionStatus; head_version: number; published_version: number; retired_at: Date }>) {
  await tx.updateTable('catalog_resources').set({ ...(s as object), updated_at: new Date() }).where('id', '=', id).execute();
}

/** Codes among `codes` that name a resource ever registered (for relatedCodes). */
export async function existingCodes(db: DbOrTx, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('catalog_resources').select('code').where('code', 'in', [...codes]).execute();
  return new Set(rows.map((r) => r.code));
}
