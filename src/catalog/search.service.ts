import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import type { DbOrTx } from '../db/database.js';
import { FORMAT_LABELS, KIND_LABELS, SHARE_TYPE_LABELS, STATUSES, UPDATE_CYCLE_LABELS } from './model.js';
import { queryText } from './search.tokens.js';
import * as store from './search.store.js';

interface Row {
  resource_id: string; version: number; code: string; name: string; kind: string; department_id: string; region_code: string; share_type: string;
  format: string; update_cycle: string; open: boolean; publish_date: string | null; updated_at?: Date; published_at?: Date; resource_status?: string;
  department_name?: string; abstract?: string | null; score?: number | null;
}

function summary(r: Row, departmentNames?: Map<string, string>) {
  return {
    id: r.resource_id, code: r.code, status: r.resource_status ?? 'published', version: r.version, name: r.name, kind: r.kind as 'base',
    departmentId: r.department_id, departmentName: r.department_name ?? departmentNames?.get(r.department_id) ?? '', regionCode: r.region_code,
    abstract: r.abstract ?? '', shareType: r.share_type as 'none', format: r.format as 'file', updateCycle: r.update_cycle as 'other',
    open: r.open, publishDate: r.publish_date, updatedAt: new Date((r.updated_at ?? r.published_at)!).toISOString(), ...(r.score !== undefined && r.score !== null ? { score: Number(r.score) } : {}),
  };
}

const byCount = (a: { count: number; value: string }, b: { count: number; value: string }) => b.count - a.count || a.value.localeCompare(b.value);

export interface SearchInput {
  q?: string | undefined;
  region?: string | undefined;
  /** Multi-select facets: any of the values (comma-separated in the query string). */
  department?: readonly string[] | undefined;
  kind?: readonly string[] | undefined;
  shareType?: readonly string[] | undefined;
  format?: readonly string[] | undefined;
  updateCycle?: readonly string[] | undefined;
  open?: boolean | undefined;
  sort?: store.Sort | undefined;
  order?: store.Order | undefined;
}

const VOCABULARY: Partial<Record<store.FacetKey, Record<string, string>>> = {
  kind: KIND_LABELS, shareType: SHARE_TYPE_LABELS, format: FORMAT_LABELS, updateCycle: UPDATE_CYCLE_LABELS, open: { true: '向社会开放', false: '不向社会开放' },
};

/**
 * GET /resources: the published catalog (every region's, filtered by `region` per Art. 9), ranked or sorted, with
 * facets. Each facet is counted with every other active filter but not its own, so a chosen value's alternatives
 * keep their counts (multi-select faceting); a chosen value always appears in its facet, with count 0 if need be.
 */
export async function searchCatalog(db: DbOrTx, f: SearchInput, page: number, size: number) {
  const tsq = f.q ? queryText(f.q) : null;
  const emptyFacets = Object.fromEntries(store.FACET_KEYS.map((k) => [k, [] as Array<{ value: string; label: string; count: number }>])) as Record<store.FacetKey, Array<{ value: string; label: string; count: number }>>;
  if (f.q && !tsq) return { items: [], total: 0, facets: emptyFacets };
  const { region, sort = 'relevance', order, q: _q, ...rest } = f;
  const filter: store.ListFilter = { ...rest, q: tsq, region: region ? await store.regionScope(db, region) : undefined };
  // With a query, one pass over its matches gives the page and the narrowed facets; without, the page comes from
  // an index and the facets from the combinations.
  const found = tsq ? await store.searchWithFacets(db, { ...filter, q: tsq }, sort, order, page, size) : null;
  const [rows, counts] = await Promise.all([
    found ? found.rows : store.pagePublished(db, filter, sort, order, page, size),
    store.facetCounts(db, filter, store.FACET_SAMPLE, found?.narrowed),
  ]);
  const chosen: Partial<Record<store.FacetKey, readonly string[]>> = { ...rest, open: f.open === undefined ? undefined : [String(f.open)], region: region ? [region] : undefined };
  for (const key of store.FACET_KEYS) {
    for (const value of chosen[key] ?? []) if (!counts.facets.some((c) => c.facet === key && c.value === value)) counts.facets.push({ facet: key, value, n: 0 });
  }
  const values = (key: store.FacetKey) => counts.facets.filter((c) => c.facet === key).map((c) => c.value);
  const labels = await store.facetLabels(db, values('region'), values('department'));
  const facets = emptyFacets;
  for (const c of counts.facets) facets[c.facet].push({ value: c.value, count: c.n, label: VOCABULARY[c.facet]?.[c.value] ?? labels.get(c.value) ?? c.value });
  for (const key of store.FACET_KEYS) facets[key].sort(byCount);
  return { items: rows.map((r) => summary(r, labels)), total: counts.total, facets, ...(counts.approximate.length > 0 ? { approximateFacets: counts.approximate } : {}) };
}

/** GET /catalog/mine: working copies of the resources the actor's catalog role covers, with their lifecycle status and the count per status. */
export async function listMine(db: DbOrTx, actor: Actor, f: { status?: string | undefined; q?: string | undefined; department?: string | undefined }, page: number, size: number) {
  const tsq = f.q ? queryText(f.q) : null;
  // A search of punctuation only has no words: it matches nothing (as on GET /resources), not everything.
  if (f.q && !tsq) return { items: [], total: 0, counts: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<(typeof STATUSES)[number], number> };
  const { items, total, statusCounts } = await store.listWorking(db, visibility(actor, 'catalog.drafts.read'), { ...f, q: tsq }, page, size);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, statusCounts.get(s) ?? 0])) as Record<(typeof STATUSES)[number], number>;
  return { items: items.map((r) => summary(r)), total, counts };
}
