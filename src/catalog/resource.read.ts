import type { Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import type { DbOrTx } from '../db/database.js';
import { DomainError, errors } from '../errors.js';
import type { ResourceBody } from './model.js';
import { diffVersions } from './resource.diff.js';
import { presentResource, presentRetirement } from './resource.present.js';
import * as store from './resource.store.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HISTORY = new Set(['published', 'superseded', 'retired']);
const notFound = () => errors.notFound('Resource', '信息资源');

type ResourceRow = NonNullable<Awaited<ReturnType<typeof store.findResource>>>;

/** A path reference is a resource id (uuid) or its code (URL-decoded by the router, e.g. 101001001/000123). */
export async function resolveRef(db: DbOrTx, actor: Actor, ref: string): Promise<{ res: ResourceRow; seesWorking: boolean }> {
  const res = await store.findResource(db, UUID.test(ref) ? { id: ref.toLowerCase() } : { code: ref });
  if (!res) throw notFound();
  const seesWorking = can(actor, 'catalog.drafts.read', { departmentId: res.department_id, regionCode: res.region_code });
  // A resource never published exists only for its provider's staff and the office (others get 404).
  if (!seesWorking && res.published_version === null) throw notFound();
  return { res, seesWorking };
}

/** Which version a reader gets: an explicit one, the working copy (by id, for the provider), or the published one. */
function pickVersion(res: ResourceRow, seesWorking: boolean, byId: boolean, version?: number): number {
  if (version !== undefined) return version;
  if (byId && seesWorking) return res.head_version;
  if (res.published_version === null) throw notFound();
  return res.published_version;
}

export async function loadVersion(db: DbOrTx, res: ResourceRow, seesWorking: boolean, version: number) {
  const v = await store.findVersion(db, res.id, version);
  if (!v || (!HISTORY.has(v.status) && !seesWorking)) throw new DomainError('VERSION_NOT_FOUND', 404, `版本 ${version} 不存在或无权访问`, `Version ${version} not found`);
  return v;
}

export async function departmentMap(db: DbOrTx, ids: readonly string[]) {
  return new Map((await store.departmentsByIds(db, ids)).map((d) => [d.id, d]));
}

export async function getResource(db: DbOrTx, actor: Actor, ref: string, version?: number) {
  const { res, seesWorking } = await resolveRef(db, actor, ref);
  const v = await loadVersion(db, res, seesWorking, pickVersion(res, seesWorking, UUID.test(ref), version));
  const body = v.body as unknown as ResourceBody;
  const depts = await departmentMap(db, [res.department_id, ...body.contributingDepartmentIds]);
  return presentResource({ resource: res, version: v, departments: depts });
}

export async function versionHistory(db: DbOrTx, actor: Actor, ref: string) {
  const { res, seesWorking } = await resolveRef(db, actor, ref);
  const rows = (await store.listVersions(db, res.id)).filter((v) => seesWorking || HISTORY.has(v.status));
  return {
    id: res.id, code: res.code, status: res.status, publishedVersion: res.published_version,
    items: rows.map((v) => ({
      version: v.version, status: v.status, createdAt: new Date(v.created_at).toISOString(), updatedAt: new Date(v.updated_at).toISOString(),
      publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null, publishDate: v.publish_date, retirement: presentRetirement(v.retirement),
    })),
  };
}

export async function versionDiff(db: DbOrTx, actor: Actor, ref: string, from: number, to: number) {
  const { res, seesWorking } = await resolveRef(db, actor, ref);
  const [a, b] = await Promise.all([loadVersion(db, res, seesWorking, from), loadVersion(db, res, seesWorking, to)]);
  return { code: res.code, from, to, ...diffVersions(a.body as unknown as ResourceBody, b.body as unknown as ResourceBody) };
}
