import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import type { DbOrTx } from '../db/database.js';
import { FORMAT_LABELS, KIND_LABELS, SHARE_TYPE_LABELS, UPDATE_CYCLE_LABELS } from './model.js';
import { queryText } from './search.tokens.js';
import * as store from './search.store.js';

interface Row {
  resource_id: string; version: number; code: string; name: string; kind: string; department_id: string; region_code: string; share_type: string;
  format: string; update_cycle: string; open: boolean; publish_date: string | null; updated_at?: Date; published_at?: Date; resource_status?: string;
  department_name?: string; abstract?: string | null; score?: number;
}

function summary(r: Row, departmentNames?: Map<string, string>) {
  return {
    id: r.resource_id, code: r.code, status: r.resource_status ?? 'published', version: r.version, name: r.name, kind: r.kind as 'base',
    departmentId: r.department_id, departmentName: r.department_name ?? departmentNames?.get(r.department_id) ?? '', regionCode: r.region_code,
    abstract: r.abstract ?? '', shareType: r.share_type as 'none', format: r.format as 'file', updateCycle: r.update_cycle as 'other',
    open: r.open, publishDate: r.publish_date, updatedAt: new Date((r.updated_at ?? r.published_at)!).toISOString(), ...(r.score !== undefined ? { score: Number(r.score) } : {}),
  };
}

const byCount = (a: { count: number; value: string }, b: { count: number; value: string }) => b.count - a.count || a.value.localeCompare(b.value);

/** GET /resources: the published catalog (every region's, filtered by `region` per Art. 9), ranked, with facets. */
export async function searchCatalog(db: DbOrTx, f: Omit<store.ListFilter, 'q' | 'regions'> & { q?: string | undefined; region?: string | undefined }, page: number, size: number) {
  const tsq = f.q ? queryText(f.q) : null;
  if (f.q && !tsq) return { items: [], total: 0, facets: { region: [], department: [], kind: [], shareType: [], format: [], updateCycle: [], open: [] } };
  const { region, ...rest } = f;
  const filter: store.ListFilter = { ...rest, q: tsq, regions: region ? await store.regionScope(db, region) : undefined };
  const { rows, facets: facetRows } = tsq
    ? await store.searchPublished(db, { ...filter, q: tsq }, page, size)
    : { rows: await store.browsePublished(db, filter, page, size), facets: await store.facetCounts(db, filter) };
  const pick = (key: keyof store.FacetRow) => facetRows.filter((r) => r[key] !== null).map((r) => ({ value: String(r[key]), count: r.n }));
  const regions = pick('region_code');
  const departments = pick('department_id');
  const labels = await store.facetLabels(db, regions.map((r) => r.value), departments.map((d) => d.value));
  const label = (m: Record<string, string>) => (x: { value: string; count: number }) => ({ ...x, label: m[x.value] ?? x.value });
  const kinds = pick('kind');
  return {
    items: rows.map((r) => summary(r, labels)),
    total: kinds.reduce((n, k) => n + k.count, 0),
    facets: {
      region: regions.map((r) => ({ ...r, label: labels.get(r.value) ?? r.value })).sort(byCount),
      department: departments.map((d) => ({ ...d, label: labels.get(d.value) ?? d.value })).sort(byCount),
      kind: kinds.map(label(KIND_LABELS)).sort(byCount),
      shareType: pick('share_type').map(label(SHARE_TYPE_LABELS)).sort(byCount),
      format: pick('format').map(label(FORMAT_LABELS)).sort(byCount),
      updateCycle: pick('update_cycle').map(label(UPDATE_CYCLE_LABELS)).sort(byCount),
      open: pick('open').map(label({ true: '向社会开放', false: '不向社会开放' })).sort(byCount),
    },
  };
}

/** GET /catalog/mine: working copies of the resources the actor's catalog role covers, with their lifecycle status. */
export async function listMine(db: DbOrTx, actor: Actor, f: { status?: string | undefined; q?: string | undefined; department?: string | undefined }, page: number, size: number) {
  const tsq = f.q ? queryText(f.q) : null;
  const { items, total } = await store.listWorking(db, visibility(actor, 'catalog.drafts.read'), { ...f, q: tsq }, page, size);
  return { items: items.map((r) => summary(r)), total };
}
