import { sql } from 'kysely';
import type { Tx } from '../db/database.js';

/**
 * Keeps the search index (catalog_search) and the facet counts (catalog_facet_counts) in step with the published
 * catalog, in the transaction that publishes or retires: a resource is indexed with its published version only.
 */
const DIMS = ['region_code', 'department_id', 'kind', 'share_type', 'format', 'update_cycle', 'open'] as const;
type Dims = { region_code: string; department_id: string; kind: string; share_type: string; format: string; update_cycle: string; open: boolean };

async function bump(tx: Tx, rows: Array<Dims & { n: number }>): Promise<void> {
  if (rows.length === 0) return;
  await tx.insertInto('catalog_facet_counts').values(rows)
    .onConflict((oc) => oc.columns(['department_id', 'kind', 'share_type', 'format', 'update_cycle', 'open', 'region_code']).doUpdateSet({ n: sql<number>`catalog_facet_counts.n + excluded.n` }))
    .execute();
}

async function unindex(tx: Tx, resourceIds: readonly string[]): Promise<void> {
  if (resourceIds.length === 0) return;
  const old = await tx.deleteFrom('catalog_search').where('resource_id', 'in', [...resourceIds]).returning(DIMS).execute();
  await bump(tx, old.map((o) => ({ ...o, n: -1 })));
}

/** Indexes the published versions of these resources (replacing what was indexed for them). */
export async function indexPublished(tx: Tx, resourceIds: readonly string[]): Promise<void> {
  if (resourceIds.length === 0) return;
  await unindex(tx, resourceIds);
  const inserted = await tx.insertInto('catalog_search')
    .columns(['resource_id', 'version', 'code', 'name', ...DIMS, 'publish_date', 'published_at', 'rank_tsv', 'tsv'])
    .expression((eb) => eb.selectFrom('catalog_versions')
      // rank_tsv: the name's lexemes (weight A) with positions, for ranking; tsv: every lexeme without positions, for matching
      .select(['resource_id', 'version', 'code', 'name', ...DIMS, 'publish_date', sql<Date>`coalesce(published_at, now())`.as('published_at'),
        sql<string>`ts_filter(tsv, '{a}')`.as('rank_tsv'), sql<string>`strip(tsv)`.as('tsv')])
      .where('resource_id', 'in', [...resourceIds]).where('status', '=', 'published'))
    .returning(DIMS).execute();
  const counts = new Map<string, Dims & { n: number }>();
  for (const r of inserted) {
    const key = DIMS.map((d) => String(r[d])).join('|');
    const c = counts.get(key) ?? { ...r, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  await bump(tx, [...counts.values()]);
}

/** A retired resource leaves the search index. */
export async function unindexResource(tx: Tx, resourceId: string): Promise<void> {
  await unindex(tx, [resourceId]);
}
