import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

/**
 * Keeps the search index (catalog_search) and the facet counts (catalog_facet_counts) in step with the published
 * catalog, in the transaction that publishes or retires: a resource is indexed with its published version only.
 * Each indexed row points at its combination of facet values (facet_id), so a query's facets are counted per
 * combination (search.store.ts) rather than per matching row.
 */
const DIMS = ['region_code', 'department_id', 'kind', 'share_type', 'format', 'update_cycle', 'open'] as const;
const SAME_DIMS = sql.join(DIMS.map((d) => sql`fc.${sql.ref(d)} = v.${sql.ref(d)}`), sql` AND `);

async function unindex(tx: Tx, resourceIds: readonly string[]): Promise<void> {
  if (resourceIds.length === 0) return;
  const old = await tx.deleteFrom('catalog_search').where('resource_id', 'in', [...resourceIds]).returning('facet_id').execute();
  const less = new Map<number, number>();
  for (const o of old) less.set(o.facet_id, (less.get(o.facet_id) ?? 0) + 1);
  for (const [id, n] of less) await tx.updateTable('catalog_facet_counts').set({ n: sql<number>`n - ${n}` }).where('id', '=', id).execute();
}

/** Indexes the published versions of these resources (replacing what was indexed for them). */
export async function indexPublished(tx: Tx, resourceIds: readonly string[]): Promise<void> {
  if (resourceIds.length === 0) return;
  await unindex(tx, resourceIds);
  const ids = sql.join([...resourceIds]);
  // Count the new rows into their combinations first (creating combinations on first use) …
  await sql`INSERT INTO catalog_facet_counts (${sql.join(DIMS.map((d) => sql.ref(d)))}, n)
    SELECT ${sql.join(DIMS.map((d) => sql.ref(d)))}, count(*) FROM catalog_versions
     WHERE resource_id IN (${ids}) AND status = 'published' GROUP BY ${sql.join(DIMS.map((d) => sql.ref(d)))}
    ON CONFLICT (department_id, kind, share_type, format, update_cycle, open, region_code) DO UPDATE SET n = catalog_facet_counts.n + excluded.n`.execute(tx);
  // … then index them with the combination's id. rank_tsv: the name's lexemes (weight A) with positions, for
  // ranking; tsv: every lexeme without positions, for matching.
  await sql`INSERT INTO catalog_search (resource_id, version, code, name, ${sql.join(DIMS.map((d) => sql.ref(d)))}, publish_date, published_at, rank_tsv, tsv, facet_id)
    SELECT v.resource_id, v.version, v.code, v.name, ${sql.join(DIMS.map((d) => sql`v.${sql.ref(d)}`))}, v.publish_date, coalesce(v.published_at, now()),
           ts_filter(v.tsv, '{a}'), strip(v.tsv), fc.id
      FROM catalog_versions v JOIN catalog_facet_counts fc ON ${SAME_DIMS}
     WHERE v.resource_id IN (${ids}) AND v.status = 'published'`.execute(tx);
}

/** A retired resource leaves the search index. */
export async function unindexResource(tx: Tx, resourceId: string): Promise<void> {
  await unindex(tx, [resourceId]);
}
