import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '../db/database.js';
import { composeCode, displayClassPath, resolveClass } from './classification.js';
import type { ResourceInput } from './model.js';
import { checkResource, normalise } from './resource.rules.js';
import { classCodeFor, nextCounter, versionRow } from './resource.store.js';
import { indexPublished } from './search.index.js';

/**
 * Multi-row inserts of many resources in the caller's transaction: the demo seed and the search benchmark.
 * Every body goes through the same rules as the API (a seed that breaks a rule fails loudly).
 */
export interface BulkResource {
  input: ResourceInput;
  status: 'draft' | 'submitted' | 'published';
  publishDate?: string | undefined;
}

export interface BulkDepartment { id: string; name: string; region_code: string; region_level: 'province' | 'city' | 'county' }

const CHUNK = 500;
const classKey = (c: { itemPrefix: string; dirKey: string; subKey: string }) => `${c.itemPrefix}|${c.dirKey}|${c.subKey}`;

export async function bulkInsert(tx: Tx, departments: ReadonlyMap<string, BulkDepartment>, list: readonly BulkResource[], network: 'extranet' | 'intranet', actorId: string | null = null): Promise<string[]> {
  const prepared = list.map((r) => {
    const dept = departments.get(r.input.departmentId);
    if (!dept) throw new Error(`bulkInsert: unknown department ${r.input.departmentId}`);
    const resolved = resolveClass(r.input.kind, r.input.classPath, { id: dept.id, regionLevel: dept.region_level }, r.input.name);
    const body = normalise(r.input, displayClassPath(r.input.kind, resolved, r.input.classPath, dept.name));
    const issues = checkResource(body, { network });
    if (issues.length > 0) throw new Error(`bulkInsert: "${body.name}" breaks ${issues.map((i) => i.code).join(', ')}`);
    return { r, dept, body, resolved };
  });
  // Codes: one 目 lookup per distinct class, one counter reservation per class code (ranges, no per-row round trip).
  const classCodes = new Map<string, string>();
  for (const p of prepared) {
    const key = classKey(p.resolved);
    if (!classCodes.has(key)) classCodes.set(key, await classCodeFor(tx, p.resolved));
  }
  const perClass = new Map<string, number>();
  for (const p of prepared) {
    const cc = classCodes.get(classKey(p.resolved))!;
    perClass.set(cc, (perClass.get(cc) ?? 0) + 1);
  }
  const next = new Map<string, number>();
  for (const [cc, n] of perClass) next.set(cc, (await nextCounter(tx, `seq:${cc}`, n)) - n + 1);
  const now = Date.now();
  const rows = prepared.map((p, i) => {
    const classCode = classCodes.get(classKey(p.resolved))!;
    const seq = next.get(classCode)!;
    next.set(classCode, seq + 1);
    const code = composeCode(classCode, seq);
    const id = randomUUID();
    const published = p.r.status === 'published';
    const at = new Date(now - (prepared.length - i) * 1000);
    const version = versionRow(id, 1, p.r.status, p.body, { code, departmentId: p.dept.id, regionCode: p.dept.region_code, departmentName: p.dept.name, actorId });
    return {
      code,
      resource: { id, code, department_id: p.dept.id, region_code: p.dept.region_code, kind: p.body.kind, class_code: classCode, status: p.r.status, head_version: 1, published_version: published ? 1 : null, created_by: actorId, retired_at: null, created_at: at, updated_at: at },
      version: { ...version, created_at: at, updated_at: at, ...(published ? { published_at: at, publish_date: p.r.publishDate ?? at.toISOString().slice(0, 10) } : {}), ...(p.r.status === 'submitted' ? { submitted_at: at, submitted_by: actorId } : {}) },
    };
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.insertInto('catalog_resources').values(chunk.map((r) => r.resource)).execute();
    await tx.insertInto('catalog_versions').values(chunk.map((r) => r.version)).execute();
    await indexPublished(tx, chunk.filter((r) => r.resource.status === 'published').map((r) => r.resource.id));
  }
  return rows.map((r) => r.code);
}

/** Departments with their region level, for bulkInsert. */
export async function loadBulkDepartments(tx: Tx): Promise<Map<string, BulkDepartment>> {
  const rows = await tx.selectFrom('departments').innerJoin('regions', 'regions.code', 'departments.region_code')
    .select(['departments.id', 'departments.name', 'departments.region_code', 'regions.level as region_level']).execute();
  return new Map(rows.map((d) => [d.id, d]));
}

/** Refreshes planner statistics after a bulk load (search plans depend on them). */
export async function analyzeCatalog(tx: Tx): Promise<void> {
  await sql`ANALYZE catalog_versions`.execute(tx);
  await sql`ANALYZE catalog_resources`.execute(tx);
  await sql`ANALYZE catalog_search`.execute(tx);
  await sql`ANALYZE catalog_facet_counts`.execute(tx);
}
