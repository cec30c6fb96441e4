import type { DbOrTx } from '../db/database.js';
import type { ResourceBody } from '../catalog/model.js';
import { findResource, findVersion } from '../catalog/resource.store.js';

export interface PublishedResource {
  code: string;
  departmentId: string;
  regionCode: string;
  version: number;
  body: ResourceBody;
}

/** The published version of a resource, or undefined (unknown, never published, or retired). */
export async function publishedResource(db: DbOrTx, code: string): Promise<PublishedResource | undefined> {
  const r = await findResource(db, { code });
  if (!r || r.status === 'retired' || r.published_version === null) return undefined;
  const v = await findVersion(db, r.id, r.published_version);
  if (!v) return undefined;
  return { code: r.code, departmentId: r.department_id, regionCode: r.region_code, version: v.version, body: v.body as unknown as ResourceBody };
}

/**
 * A small time-bounded cache for the bus's hot lookups (resource, grants, node). Entries live `ttlMs`; a local
 * change drops them at once (`invalidate`), and the short TTL bounds how long another instance's change takes.
 */
export class TtlCache<V> {
  private readonly map = new Map<string, { value: V; at: number }>();
  constructor(private readonly ttlMs: number, private readonly max = 10_000) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.map.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = await load();
    if (this.map.size >= this.max) this.map.clear(); // bounded memory; a full miss costs one reload each
    this.map.set(key, { value, at: now });
    return value;
  }

  invalidate(prefix?: string): void {
    if (prefix === undefined) return this.map.clear();
    for (const k of this.map.keys()) if (k.startsWith(prefix)) this.map.delete(k);
  }
}
