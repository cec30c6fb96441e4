import { sql, type SelectQueryBuilder } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { parentOf, regionPrefix } from '../orgs/region-code.js';

export interface ListFilter {
  q?: string | null | undefined; // a tsquery literal made by search.tokens.ts queryText()
  regions?: readonly string[] | undefined; // region codes in scope (regionScope)
  department?: string | undefined;
  shareType?: string | undefined;
  kind?: string | undefined;
  format?: string | undefined;
  updateCycle?: string | undefined;
  open?: boolean | undefined;
}

/**
 * Art. 9: a region's view holds its own and its subordinate regions' entries plus those it builds on (its
 * ancestors: county → city → province). Computed as an explicit list from the (small) regions table, so the
 * planner sees plain equality on region_code.
 */
export async function regionScope(db: DbOrTx, region: string): Promise<string[]> {
  const ancestors: string[] = [];
  for (let p = parentOf(region); p; p = parentOf(p)) ancestors.push(p);
  const below = await db.selectFrom('regions').select('code').where('code', 'like', `${regionPrefix(region)}%`).execute();
  return [...new Set([region, ...ancestors, ...below.map((r) => r.code)])];
}

type Filterable = 'catalog_search' | 'catalog_facet_counts';

function applyFilter<T extends Filterable, O>(q: SelectQueryBuilder<Database, T, O>, f: ListFilter): SelectQueryBuilder<Database, T, O> {
  // Both tables name the facet columns alike; the casts give Kysely one table to check the names against.
  let x = q as unknown as SelectQueryBuilder<Database, 'catalog_search', O>;
  if (f.q) x = x.where(sql<boolean>`tsv @@ ${f.q}::tsquery`);
  if (f.regions) x = x.where('region_code', 'in', [...f.regions]);
  if (f.department) x = x.where('department_id', '=', f.department);
  if (f.shareType) x = x.where('share_type', '=', f.shareType);
  if (f.kind) x = x.where('kind', '=', f.kind);
  if (f.format) x = x.where('format', '=', f.format);
  if (f.updateCycle) x = x.where('update_cycle', '=', f.updateCycle);
  if (f.open !== undefined) x = x.where('open', '=', f.open);
  return x as unknown as SelectQueryBuilder<Database, T, O>;
}

export type FacetRow = { region_code: string | null; department_id: string | null; kind: string | null; share_type: string | null; format: string | null; update_cycle: string | null; open: boolean | null; n: number };
const GROUPS = sql`GROUPING SETS ((region_code), (department_id), (kind), (share_type), (format), (update_cycle), (open))`;
const DIMS = ['region_code', 'department_id', 'kind', 'share_type', 'format', 'update_cycle', 'open'] as const;

/** The abstract of a listed version, from its body (the search table stays narrow). */
const ABSTRACT = sql<string | null>`(SELECT body->>'abstract' FROM catalog_versions cv WHERE cv.resource_id = catalog_search.resource_id AND cv.version = catalog_search.version)`.as('abstract');
const PAGE_COLUMNS = ['resource_id', 'version', 'code', 'name', 'kind', 'department_id', 'region_code', 'share_type', 'format', 'update_cycle', 'open', 'publish_date', 'published_at'] as const;
export type PageRow = { abstract: string | null; resource_id: string; version: number; code: string; name: string; kind: string; department_id: string; region_code: string; share_type: string; format: string; update_cycle: string; open: boolean; publish_date: string | null; published_at: Date; score?: number };

/** A listing without a query: newest first (index on published_at). */
export async function browsePublished(db: DbOrTx, f: ListFilter, page: number, size: number): Promise<PageRow[]> {
  return applyFilter(db.selectFrom('catalog_search'), f).select([...PAGE_COLUMNS, ABSTRACT])
    .orderBy('published_at', 'desc').orderBy('code').limit(size).offset((page - 1) * size).execute();
}

/**
 * A query: the matching resources are read once (MATERIALIZED), then counted per facet (GROUPING SETS) and ranked
 * for the page in the same statement. Ranked on the name's lexemes (rank_tsv; other matches rank after); a base resource is the single
 * source of its data (一数一源) and ranks ahead of departments' copies.
 */
export async function searchPublished(db: DbOrTx, f: ListFilter & { q: string }, page: number, size: number): Promise<{ rows: PageRow[]; facets: FacetRow[] }> {
  const matches = applyFilter(db.selectFrom('catalog_search'), f)
    .select([...PAGE_COLUMNS, sql<number>`ts_rank(rank_tsv, ${f.q}::tsquery) * CASE kind WHEN 'base' THEN 1.5 WHEN 'theme' THEN 1.2 ELSE 1 END`.as('score')]);
  const r = await sql<PageRow & { part: number; n: number }>`
    WITH m AS MATERIALIZED (${matches})
    (SELECT 1 AS part, ${sql.join(DIMS.map((d) => sql.ref(d)))}, count(*) AS n,
            NULL AS resource_id, NULL::integer AS version, NULL AS code, NULL AS name, NULL::date AS publish_date, NULL::timestamptz AS published_at, NULL::real AS score, NULL AS abstract
       FROM m GROUP BY ${GROUPS})
    UNION ALL
    (SELECT 2, ${sql.join(DIMS.map((d) => sql.ref(d)))}, 0, resource_id, version, code, name, publish_date, published_at, score,
            (SELECT body->>'abstract' FROM catalog_versions cv WHERE cv.resource_id = m.resource_id AND cv.version = m.version)
       FROM m ORDER BY score DESC, published_at DESC, code LIMIT ${size} OFFSET ${(page - 1) * size})`.execute(db);
  const facets = r.rows.filter((x) => x.part === 1).map((x) => ({ region_code: x.region_code, department_id: x.department_id, kind: x.kind, share_type: x.share_type, format: x.format, update_cycle: x.update_cycle, open: x.open, n: Number(x.n) }));
  return { rows: r.rows.filter((x) => x.part === 2), facets: facets as FacetRow[] };
}



/** Facet counts of a listing without a query, from the pre-aggregated counts (a few thousand combinations). */
export async function facetCounts(db: DbOrTx, f: ListFilter): Promise<FacetRow[]> {
  const rows = await applyFilter(db.selectFrom('catalog_facet_counts'), f).select([...DIMS, sql<number>`sum(n)`.as('n')]).groupBy(GROUPS).having(sql`sum(n)`, '>', 0).execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) })) as FacetRow[];
}

/** Chinese names of the regions and departments named by facets, in one round trip. */
export async function facetLabels(db: DbOrTx, regionCodes: readonly string[], departmentIds: readonly string[]): Promise<Map<string, string>> {
  if (regionCodes.length + departmentIds.length === 0) return new Map();
  const rows = await db.selectFrom('regions').select(['code as key', 'name']).where('code', 'in', ['', ...regionCodes])
    .unionAll(db.selectFrom('departments').select(['id as key', 'name']).where('id', 'in', ['', ...departmentIds])).execute();
  return new Map(rows.map((r) => [r.key, r.name]));
}

/** The working copies (head versions) a department's staff or the office sees: GET /catalog/mine. */
export async function listWorking(db: DbOrTx, v: Visibility, f: { status?: string | undefined; q?: string | null | undefined; department?: string | undefined }, page: number, size: number) {
  let q = db.selectFrom('catalog_resources as r')
    .innerJoin('catalog_versions as v', (j) => j.onRef('v.resource_id', '=', 'r.id').onRef('v.version', '=', 'r.head_version'))
    .innerJoin('departments as d', 'd.id', 'r.department_id');
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where('r.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('r.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.department) q = q.where('r.department_id', '=', f.department);
  if (f.status) q = q.where('r.status', '=', f.status as 'draft');
  if (f.q) q = q.where(sql<boolean>`v.tsv @@ ${f.q}::tsquery`);
  const [items, count] = await Promise.all([
    q.select(['v.resource_id', 'v.version', 'v.code', 'v.name', 'v.kind', 'v.department_id', 'v.region_code', 'v.share_type', 'v.format', 'v.update_cycle', 'v.open', 'v.publish_date', 'v.updated_at', 'r.status as resource_status', 'd.name as department_name', sql<string>`v.body->>'abstract'`.as('abstract')]).orderBy('r.updated_at', 'desc').orderBy('r.code').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
