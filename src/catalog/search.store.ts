import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { parentOf, regionPrefix } from '../orgs/region-code.js';

/** The facets of GET /resources and the column each counts. */
export const FACET_KEYS = ['region', 'department', 'kind', 'shareType', 'format', 'updateCycle', 'open'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];
const COLUMN = { region: 'region_code', department: 'department_id', kind: 'kind', shareType: 'share_type', format: 'format', updateCycle: 'update_cycle', open: 'open' } as const;

export interface ListFilter {
  q?: string | null | undefined; // a tsquery literal made by search.tokens.ts queryText()
  /** Region codes in scope (regionScope); the other facets match any of their values (multi-select). */
  region?: readonly string[] | undefined;
  department?: readonly string[] | undefined;
  kind?: readonly string[] | undefined;
  shareType?: readonly string[] | undefined;
  format?: readonly string[] | undefined;
  updateCycle?: readonly string[] | undefined;
  open?: boolean | undefined;
}

export const SORTS = ['relevance', 'publishDate', 'name', 'updated'] as const;
export type Sort = (typeof SORTS)[number];
export type Order = 'asc' | 'desc';

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

/** The facet filters as SQL conditions on the facet columns, leaving out `except` (a facet never narrows itself). */
function conditions(f: ListFilter, except?: FacetKey, alias?: string): RawBuilder<boolean>[] {
  const out: RawBuilder<boolean>[] = [];
  for (const key of FACET_KEYS) {
    if (key === except) continue;
    const col = sql.ref(alias ? `${alias}.${COLUMN[key]}` : COLUMN[key]);
    const v = f[key];
    if (key === 'open') {
      if (typeof v === 'boolean') out.push(sql<boolean>`${col} = ${v}`);
    } else if (Array.isArray(v) && v.length > 0) {
      out.push(sql<boolean>`${col} IN (${sql.join(v as string[])})`);
    }
  }
  return out;
}

const all = (cs: RawBuilder<boolean>[]) => (cs.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(cs, sql` AND `)})`);

function applyFilter<O>(q: SelectQueryBuilder<Database, 'catalog_search', O>, f: ListFilter): SelectQueryBuilder<Database, 'catalog_search', O> {
  let x = q;
  if (f.q) x = x.where(sql<boolean>`tsv @@ ${f.q}::tsquery`);
  for (const c of conditions(f)) x = x.where(c);
  return x;
}

export type FacetCount = { facet: FacetKey; value: string; n: number };

/**
 * A facet with an active filter is counted without that filter over at most this many query matches: beyond it the
 * counts are scaled from the first matches read and flagged approximate (reading every match of a broad term such
 * as "登记", 70% of the catalog, costs far more than the 30 ms a search may take; docs/performance.md).
 */
export const FACET_SAMPLE = 2_000;

/**
 * The matches as facet combinations with a count (`fc.*`, `fc.hn`): without a query the combinations' own counts
 * (no join), with one the matching rows grouped on their combination (one integer per row: facet_id).
 */
function combos(f: ListFilter, except: FacetKey | undefined, limit?: number): RawBuilder<unknown> {
  if (!f.q) return sql`(SELECT *, n AS hn FROM catalog_facet_counts WHERE n > 0 AND ${all(conditions(f, except))}) fc`;
  const rows = sql`SELECT facet_id FROM catalog_search WHERE tsv @@ ${f.q}::tsquery AND ${all(conditions(f, except))}${limit ? sql` LIMIT ${limit}` : sql``}`;
  return matchedCombos(sql`SELECT facet_id, count(*) AS n FROM (${rows}) r GROUP BY facet_id`);
}

const matchedCombos = (hits: RawBuilder<unknown>) => sql`(SELECT c.*, h.n AS hn FROM (${hits}) h JOIN catalog_facet_counts c ON c.id = h.facet_id) fc`;

/**
 * Facet counts and the total of a listing. Each facet is counted with every other active filter but not its own
 * (multi-select faceting): the facets without an active filter and the total come from one pass over the matches
 * of every filter; each facet with an active filter from a pass without it. The filters apply to the combinations
 * (catalog_facet_counts, a few thousand rows) when there is no query, else to the matching rows.
 */
const activeFacets = (f: ListFilter) => FACET_KEYS.filter((k) => (k === 'open' ? typeof f.open === 'boolean' : (f[k] as readonly string[] | undefined)?.length));

/** Counts of the facets without an active filter, and the total, over `source` (combinations with counts, as fc). */
function narrowedFacets(f: ListFilter, source: RawBuilder<unknown>) {
  const free = FACET_KEYS.filter((k) => !activeFacets(f).includes(k));
  return sql`SELECT ${free.length > 0 ? sql`GROUPING(${sql.join(free.map((k) => sql.ref(`fc.${COLUMN[k]}`)))}) AS g, ${sql.join(free.map((k) => sql.ref(`fc.${COLUMN[k]}`)))},` : sql`0 AS g,`} sum(fc.hn) AS n
      FROM ${source}
     GROUP BY GROUPING SETS (${sql.join([...free.map((k) => sql`(${sql.ref(`fc.${COLUMN[k]}`)})`), sql`()`])})`;
}

type NarrowedRow = { g: number; n: string | number | null } & Record<string, unknown>;

export async function facetCounts(db: DbOrTx, f: ListFilter, sample = FACET_SAMPLE, precomputed?: NarrowedRow[]): Promise<{ facets: FacetCount[]; total: number; approximate: FacetKey[] }> {
  const active = activeFacets(f);
  const free = FACET_KEYS.filter((k) => !active.includes(k));
  const narrowed = precomputed ? Promise.resolve({ rows: precomputed }) : sql<NarrowedRow>`${narrowedFacets(f, combos(f, undefined))}`.execute(db);
  const own = active.map(async (k) => {
    const limit = f.q ? sample + 1 : undefined;
    const r = await sql<{ v: unknown; n: string }>`SELECT fc.${sql.ref(COLUMN[k])} AS v, sum(fc.hn) AS n FROM ${combos(f, k, limit)} GROUP BY 1`.execute(db);
    return { key: k, rows: r.rows, read: r.rows.reduce((n, x) => n + Number(x.n), 0) };
  });
  const [wide, ...owned] = await Promise.all([narrowed, ...own]);
  const facets: FacetCount[] = [];
  let total = 0;
  const width = free.length;
  for (const row of wide.rows) {
    const g = Number(row.g);
    if (g === 2 ** width - 1) {
      total = Number(row.n ?? 0);
      continue;
    }
    // GROUPING() sets a bit for each column not grouped; the facet's column is the one bit left clear.
    const key = free.find((_, j) => (g & (1 << (width - 1 - j))) === 0)!;
    facets.push({ facet: key, value: String(row[COLUMN[key]]), n: Number(row.n) });
  }
  const approximate: FacetKey[] = [];
  for (const o of owned) {
    // Sampled: the matches read hold this facet's chosen values in the same proportion as all of them (estimate).
    const sampled = f.q !== undefined && f.q !== null && o.read > sample;
    const chosenRead = o.rows.filter((x) => (f[o.key] === undefined ? false : o.key === 'open' ? String(x.v) === String(f.open) : (f[o.key] as readonly string[]).includes(String(x.v)))).reduce((n, x) => n + Number(x.n), 0);
    const scale = sampled && chosenRead > 0 ? total / chosenRead : 1;
    if (sampled) approximate.push(o.key);
    for (const x of o.rows) facets.push({ facet: o.key, value: String(x.v), n: Math.round(Number(x.n) * scale) });
  }
  return { facets: facets.filter((x) => x.n > 0), total, approximate };
}

/** The abstract of a listed version, from its body (the search table stays narrow). */
const ABSTRACT = sql<string | null>`(SELECT body->>'abstract' FROM catalog_versions cv WHERE cv.resource_id = catalog_search.resource_id AND cv.version = catalog_search.version)`.as('abstract');
const PAGE_COLUMNS = ['resource_id', 'version', 'code', 'name', 'kind', 'department_id', 'region_code', 'share_type', 'format', 'update_cycle', 'open', 'publish_date', 'published_at'] as const;
export type PageRow = { abstract: string | null; resource_id: string; version: number; code: string; name: string; kind: string; department_id: string; region_code: string; share_type: string; format: string; update_cycle: string; open: boolean; publish_date: string | null; published_at: Date; score?: number };

/**
 * One page of the published catalog. Relevance (the default with a query) ranks on the name's lexemes (rank_tsv;
 * other matches rank after); a base resource is the single source of its data (一数一源) and ranks ahead of
 * departments' copies. Without a query "relevance" means newest first. Ties break on the code, so pages are stable.
 */
export async function pagePublished(db: DbOrTx, f: ListFilter, sort: Sort, order: Order | undefined, page: number, size: number): Promise<PageRow[]> {
  const score = f.q
    ? sql<number | null>`ts_rank(rank_tsv, ${f.q}::tsquery) * CASE kind WHEN 'base' THEN 1.5 WHEN 'theme' THEN 1.2 ELSE 1 END`
    : sql<number | null>`NULL::real`;
  let q = applyFilter(db.selectFrom('catalog_search'), f).select([...PAGE_COLUMNS, ABSTRACT, score.as('score')]);
  const dir = order ?? (sort === 'name' ? 'asc' : 'desc');
  const flip: Order = dir === 'desc' ? 'asc' : 'desc';
  // The code breaks ties in the direction the indexes (published_at DESC, code), (publish_date DESC, code) and
  // (name, code) are read, so a listing without a query reads its page straight from an index.
  if (sort === 'relevance' && f.q) q = q.orderBy('score', dir).orderBy('published_at', 'desc').orderBy('code');
  else if (sort === 'name') q = q.orderBy('name', dir).orderBy('code', dir);
  else if (sort === 'publishDate') q = q.orderBy('publish_date', dir).orderBy('code', flip);
  else q = q.orderBy('published_at', dir).orderBy('code', flip);
  return q.limit(size).offset((page - 1) * size).execute() as Promise<PageRow[]>;
}

/**
 * A query's page and the facets narrowed by every filter in one pass over its matches: the matches are read once
 * (MATERIALIZED, narrow: id, combination, sort keys), grouped on their combination for the facets and sorted for
 * the page; the page's columns are then read for its 20 rows only.
 */
export async function searchWithFacets(db: DbOrTx, f: ListFilter & { q: string }, sort: Sort, order: Order | undefined, page: number, size: number): Promise<{ rows: PageRow[]; narrowed: NarrowedRow[] }> {
  const score = sql`ts_rank(rank_tsv, ${f.q}::tsquery) * CASE kind WHEN 'base' THEN 1.5 WHEN 'theme' THEN 1.2 ELSE 1 END`;
  const dir = order ?? (sort === 'name' ? 'asc' : 'desc');
  const flip = dir === 'desc' ? 'asc' : 'desc';
  const d = (o: Order) => (o === 'desc' ? sql`DESC` : sql`ASC`);
  const orderBy = sort === 'name' ? sql`name ${d(dir)}, code ${d(dir)}`
    : sort === 'publishDate' ? sql`publish_date ${d(dir)}, code ${d(flip)}`
      : sort === 'updated' ? sql`published_at ${d(dir)}, code ${d(flip)}`
        : sql`score ${d(dir)}, published_at DESC, code`;
  const r = await sql<{ facets: NarrowedRow[] | null; page: Array<{ resource_id: string; score: number }> | null }>`
    WITH m AS MATERIALIZED (
      SELECT resource_id, facet_id, ${sort === 'relevance' ? score : sql`NULL::real`} AS score, published_at, publish_date, name, code
        FROM catalog_search WHERE tsv @@ ${f.q}::tsquery AND ${all(conditions(f))})
    SELECT (SELECT json_agg(x) FROM (${narrowedFacets(f, matchedCombos(sql`SELECT facet_id, count(*) AS n FROM m GROUP BY facet_id`))}) x) AS facets,
           (SELECT json_agg(p) FROM (SELECT resource_id, score FROM m ORDER BY ${orderBy} LIMIT ${size} OFFSET ${(page - 1) * size}) p) AS page`.execute(db);
  const top = r.rows[0]?.page ?? [];
  if (top.length === 0) return { rows: [], narrowed: r.rows[0]?.facets ?? [] };
  const cols = await db.selectFrom('catalog_search').select([...PAGE_COLUMNS, ABSTRACT]).where('resource_id', 'in', top.map((t) => t.resource_id)).execute();
  const byId = new Map(cols.map((c) => [c.resource_id, c]));
  const rows = top.map((t) => ({ ...byId.get(t.resource_id)!, score: sort === 'relevance' ? t.score : null })) as PageRow[];
  return { rows, narrowed: r.rows[0]?.facets ?? [] };
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
  if (f.q) q = q.where(sql<boolean>`v.tsv @@ ${f.q}::tsquery`);
  // The per-status counts (the screen's tabs) ignore the status filter, like a facet.
  const byStatus = await q.select(['r.status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('r.status').execute();
  if (f.status) q = q.where('r.status', '=', f.status as 'draft');
  const items = await q.select(['v.resource_id', 'v.version', 'v.code', 'v.name', 'v.kind', 'v.department_id', 'v.region_code', 'v.share_type', 'v.format', 'v.update_cycle', 'v.open', 'v.publish_date', 'v.updated_at', 'r.status as resource_status', 'd.name as department_name', sql<string>`v.body->>'abstract'`.as('abstract')])
    .orderBy('r.updated_at', 'desc').orderBy('r.code').limit(size).offset((page - 1) * size).execute();
  const statusCounts = new Map(byStatus.map((s) => [s.status as string, Number(s.n)]));
  const total = f.status ? statusCounts.get(f.status) ?? 0 : [...statusCounts.values()].reduce((a, b) => a + b, 0);
  return { items, total, statusCounts };
}
