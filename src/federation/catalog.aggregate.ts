import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/database.js';
import type { ResourceBody } from '../catalog/model.js';
import { insertResource, insertVersion, setResourceState, setVersionStatus, versionRow } from '../catalog/resource.store.js';
import { indexPublished, unindexResource } from '../catalog/search.index.js';
import { isWithin } from '../orgs/region-code.js';

/**
 * The province's side of catalog aggregation (Art. 9; SPEC C8): a city platform's published entries, kept under their
 * own codes with the platform they came from. Idempotent by (code, version): replaying a batch changes nothing; a
 * later version supersedes the earlier one; a retirement retires. An entry the city may not speak for — another
 * region's department, a code already used by the province or another city, a classified entry on an extranet
 * platform — is refused with a reason and the rest of the batch still applies.
 */
export interface FederatedEntry {
  code: string;
  version: number;
  status: 'published' | 'retired';
  classCode: string;
  department: { code: string; name: string; regionCode: string };
  body: ResourceBody;
  publishedAt: string | null;
  publishDate: string | null;
}

export interface AggregateResult { applied: number; unchanged: number; refused: Array<{ code: string; reason: string }> }

function shapeProblem(e: FederatedEntry): string | null {
  const b = e.body as Partial<ResourceBody> | undefined;
  if (!b || typeof b.name !== 'string' || !Array.isArray(b.items) || !Array.isArray(b.shareMethods) || typeof b.shareType !== 'string' || !b.open || typeof b.kind !== 'string') return 'BODY_INVALID';
  if (!Number.isInteger(e.version) || e.version < 1) return 'VERSION_INVALID';
  return null;
}

export async function aggregateEntries(tx: Tx, platform: { id: string; region_code: string }, entries: readonly FederatedEntry[], network: 'extranet' | 'intranet'): Promise<AggregateResult> {
  const out: AggregateResult = { applied: 0, unchanged: 0, refused: [] };
  const reindex: string[] = [];
  for (const e of entries) {
    const problem = shapeProblem(e)
      ?? (!isWithin(e.department.regionCode, platform.region_code) ? 'REGION_OUTSIDE_PLATFORM' : null)
      ?? (e.body.classified && network === 'extranet' ? 'CLASSIFIED_ON_EXTRANET' : null);
    if (problem) { out.refused.push({ code: e.code, reason: problem }); continue; }
    const region = await tx.selectFrom('regions').select('code').where('code', '=', e.department.regionCode).executeTakeFirst();
    if (!region) { out.refused.push({ code: e.code, reason: 'REGION_UNKNOWN' }); continue; }
    let dept = await tx.selectFrom('departments').select(['id', 'region_code']).where('code', '=', e.department.code).executeTakeFirst();
    if (dept && dept.region_code !== e.department.regionCode) { out.refused.push({ code: e.code, reason: 'DEPARTMENT_REGION_MISMATCH' }); continue; }
    if (!dept) {
      dept = { id: randomUUID(), region_code: e.department.regionCode };
      await tx.insertInto('departments').values({ id: dept.id, code: e.department.code, name: e.department.name, region_code: e.department.regionCode, parent_id: null }).execute();
    }
    const res = await tx.selectFrom('catalog_resources').select(['id', 'status', 'published_version', 'origin_platform_id']).where('code', '=', e.code).executeTakeFirst();
    if (res && res.origin_platform_id !== platform.id) { out.refused.push({ code: e.code, reason: 'CODE_TAKEN' }); continue; }
    const meta = { code: e.code, departmentId: dept.id, regionCode: e.department.regionCode, departmentName: e.department.name, actorId: null };
    const publishVersion = async (id: string) => {
      await insertVersion(tx, versionRow(id, e.version, 'published', e.body, meta));
      await setVersionStatus(tx, id, e.version, 'published', { published_at: e.publishedAt ? new Date(e.publishedAt) : new Date(), ...(e.publishDate ? { publish_date: e.publishDate } : {}) });
    };
    if (!res) {
      if (e.status === 'retired') { out.unchanged++; continue; } // never seen, already retired: nothing to show
      const id = randomUUID();
      await insertResource(tx, { id, code: e.code, departmentId: dept.id, regionCode: e.department.regionCode, kind: e.body.kind, classCode: e.classCode, actorId: null });
      await tx.updateTable('catalog_resources').set({ origin_platform_id: platform.id }).where('id', '=', id).execute();
      await publishVersion(id);
      await setResourceState(tx, id, { status: 'published', head_version: e.version, published_version: e.version });
      reindex.push(id);
      out.applied++;
    } else if (e.status === 'retired') {
      if (res.status === 'retired') { out.unchanged++; continue; }
      if (res.published_version !== null) await setVersionStatus(tx, res.id, res.published_version, 'retired');
      await setResourceState(tx, res.id, { status: 'retired', retired_at: new Date() });
      await unindexResource(tx, res.id);
      out.applied++;
    } else if (e.version > (res.published_version ?? 0) || res.status === 'retired') {
      if (e.version <= (res.published_version ?? 0)) { out.unchanged++; continue; } // a retired entry comes back only as a new version
      if (res.published_version !== null) await setVersionStatus(tx, res.id, res.published_version, 'superseded');
      await publishVersion(res.id);
      await setResourceState(tx, res.id, { status: 'published', head_version: e.version, published_version: e.version });
      reindex.push(res.id);
      out.applied++;
    } else {
      out.unchanged++;
    }
  }
  await indexPublished(tx, reindex);
  return out;
}

/** What the province holds from one platform: the city compares it with its own catalog to repair gaps. */
export async function aggregatedState(db: Tx | import('../db/database.js').Db, platformId: string) {
  const rows = await db.selectFrom('catalog_resources').select(['code', 'status', 'published_version']).where('origin_platform_id', '=', platformId).execute();
  return rows.map((r) => ({ code: r.code, version: r.published_version ?? 0, status: r.status === 'retired' ? 'retired' as const : 'published' as const }));
}
