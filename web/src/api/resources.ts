import { openDownload, request, upload } from './client';
import type { Page } from './orgs';
import type { DataType, Format, Kind, ShareMethod, ShareType, Status, UpdateCycle, VersionStatus } from './resources.model';
import { useRequest } from './useRequest';

/** The catalog API (src/catalog/resource.routes.ts, work.routes.ts, io.routes.ts; shapes from resource.schema.ts). */
export * from './resources.model';

export interface ItemInput {
  name: string;
  nameEn?: string;
  dataType: DataType;
  length?: number;
  description?: string;
  base?: boolean;
  mask?: string;
  sensitive?: boolean;
}

/** Body of POST /resources and PUT /resources/{id}. */
export interface ResourceInput {
  name: string;
  kind: Kind;
  classPath?: string[];
  departmentId: string;
  abstract: string;
  format: Format;
  formatDetail?: string;
  items: ItemInput[];
  shareType: ShareType;
  shareConditions?: string;
  shareMethods: ShareMethod[];
  open: { toPublic: boolean; conditions?: string };
  updateCycle: UpdateCycle;
  legalBasis?: string;
  classified?: boolean;
  nodeId?: string;
  relatedCodes?: string[];
  usageRequirements?: string;
  electronic?: boolean;
  digitisation?: { plan: string; date: string };
  contributingDepartmentIds?: string[];
}

export interface ItemReview {
  decision: 'approve' | 'reject';
  comment: string | null;
}

export interface Item {
  name: string;
  nameEn: string | null;
  dataType: DataType;
  length: number | null;
  description: string | null;
  base: boolean;
  mask: string | null;
  sensitive: boolean;
  effectiveShareType: ShareType;
  review?: ItemReview;
}

export interface Review {
  decision: 'approve' | 'reject';
  comments: string | null;
  reviewer: string;
  at: string;
  items: Array<{ name: string } & ItemReview>;
}

export interface DepartmentRef {
  id: string;
  name: string;
  code: string;
}

/** GET /resources/{ref}: one version of a resource. */
export interface Resource {
  id: string;
  code: string;
  status: VersionStatus;
  version: number;
  publishedVersion: number | null;
  name: string;
  kind: Kind;
  classPath: string[];
  classCode: string;
  departmentId: string;
  departmentName: string;
  departmentCode: string;
  regionCode: string;
  leadDepartmentId: string | null;
  contributingDepartments: DepartmentRef[];
  abstract: string;
  format: Format;
  formatDetail: string | null;
  items: Item[];
  shareType: ShareType;
  shareConditions: string | null;
  shareMethods: ShareMethod[];
  open: { toPublic: boolean; conditions: string | null };
  updateCycle: UpdateCycle;
  publishDate: string | null;
  publishedAt: string | null;
  relatedCodes: string[];
  classified: boolean;
  legalBasis: string | null;
  usageRequirements: string | null;
  electronic: boolean;
  digitisation: { plan: string; date: string } | null;
  nodeId: string | null;
  review: Review | null;
  retirement: Retirement | null;
  createdAt: string;
  updatedAt: string;
}

/** Who retired a version, when and why. */
export interface Retirement {
  reason: string;
  by: string;
  at: string;
}

export interface ResourceSummary {
  id: string;
  code: string;
  status: Status;
  version: number;
  name: string;
  kind: Kind;
  departmentId: string;
  departmentName: string;
  regionCode: string;
  abstract: string;
  shareType: ShareType;
  format: Format;
  updateCycle: UpdateCycle;
  open: boolean;
  publishDate: string | null;
  updatedAt: string;
  score?: number;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export const FACETS = ['region', 'department', 'kind', 'shareType', 'format', 'updateCycle', 'open'] as const;
export type FacetKey = (typeof FACETS)[number];
export type Facets = Record<FacetKey, FacetValue[]>;

/** Sort orders of GET /resources: relevance (the default; newest first without a query), publish date, name, last update. */
export const SORTS = ['relevance', 'publishDate', 'name', 'updated'] as const;
export type SortKey = (typeof SORTS)[number];

/** Facet values are comma-separated when several are chosen (any of them matches). */
export interface SearchQuery extends Partial<Record<FacetKey, string>> {
  q?: string;
  sort?: SortKey;
  order?: 'asc' | 'desc';
  page: number;
  size: number;
}

export interface Transition {
  id: string;
  code: string;
  status: Status;
  version: number;
}

export interface VersionEntry {
  version: number;
  status: VersionStatus;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishDate: string | null;
  retirement: Retirement | null;
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface VersionDiff {
  code: string;
  from: number;
  to: number;
  changes: FieldChange[];
  items: { added: Item[]; removed: Item[]; changed: Array<{ name: string; changes: FieldChange[] }> };
}

/** A resource code in a path: it contains `/`, which must be encoded (DESIGN.md). */
export const refPath = (ref: string) => `/resources/${encodeURIComponent(ref)}`;

// The published catalog

export function useCatalogSearch(query: SearchQuery) {
  return useRequest(`resources?${JSON.stringify(query)}`, (signal) =>
    request<Page<ResourceSummary> & { facets: Facets; approximateFacets?: FacetKey[] }>('/resources', { query: { ...query }, signal }),
  );
}

/** By code: the published version; by id, for the provider's staff: the working copy. */
export function useResource(ref: string | null, version?: number) {
  return useRequest(ref === null ? null : `resource:${ref}:${version ?? ''}`, (signal) =>
    request<Resource>(refPath(ref ?? ''), { query: { version }, signal }),
  );
}

export function useVersions(ref: string | null) {
  return useRequest(ref === null ? null : `versions:${ref}`, (signal) =>
    request<{ id: string; code: string; status: Status; publishedVersion: number | null; items: VersionEntry[] }>(`${refPath(ref ?? '')}/versions`, { signal }),
  );
}

export function useVersionDiff(ref: string | null, from: number | undefined, to: number | undefined) {
  const key = ref !== null && from !== undefined && to !== undefined && from !== to ? `diff:${ref}:${from}:${to}` : null;
  return useRequest(key, (signal) => request<VersionDiff>(`${refPath(ref ?? '')}/diff`, { query: { from, to }, signal }));
}

// Working copies and the lifecycle

export interface MineQuery {
  status?: Status;
  q?: string;
  page: number;
  size: number;
}

/** GET /catalog/mine: a page of working copies, and the count per status (ignoring the status filter). */
export function listMine(query: MineQuery, signal?: AbortSignal) {
  return request<Page<ResourceSummary> & { counts: Record<Status, number> }>('/catalog/mine', { query: { ...query }, signal });
}

export function useMine(query: MineQuery) {
  return useRequest(`mine?${JSON.stringify(query)}`, (signal) => listMine(query, signal));
}

export function createResource(body: ResourceInput) {
  return request<Transition>('/resources', { method: 'POST', body });
}

export function updateResource(id: string, body: ResourceInput) {
  return request<Transition>(`/resources/${encodeURIComponent(id)}`, { method: 'PUT', body });
}

export function submitResource(id: string) {
  return request<Transition>(`/resources/${encodeURIComponent(id)}/submit`, { method: 'POST' });
}

export interface ReviewInput {
  decision: 'approve' | 'reject';
  comments?: string;
  items?: Array<{ name: string; decision: 'approve' | 'reject'; comment?: string }>;
}

export function reviewResource(id: string, body: ReviewInput) {
  return request<Transition>(`/resources/${encodeURIComponent(id)}/review`, { method: 'POST', body });
}

export function publishResource(id: string) {
  return request<Transition>(`/resources/${encodeURIComponent(id)}/publish`, { method: 'POST' });
}

/** Retiring needs a reason (RETIRE_REASON_REQUIRED), kept with the retired version. */
export function retireResource(id: string, reason: string) {
  return request<Transition>(`/resources/${encodeURIComponent(id)}/retire`, { method: 'POST', body: { reason } });
}

// Art. 10 deadlines

export interface Deadline {
  id: string;
  departmentId: string;
  departmentName: string;
  kind: 'reorganisation' | 'legal_duty';
  description: string;
  effectiveOn: string;
  dueOn: string;
  provisional: boolean;
  status: 'open' | 'overdue' | 'closed';
  workdaysLeft: number | null;
  closedAt: string | null;
  closedByCode: string | null;
}

export function useDeadlines(query: { status?: 'open' | 'overdue' | 'closed'; page: number; size: number } | null) {
  return useRequest(query === null ? null : `deadlines?${JSON.stringify(query)}`, (signal) =>
    request<Page<Deadline>>('/catalog/deadlines', { query: { ...query }, signal }),
  );
}

// Import and export (xlsx in the layout departments fill in; JSON; DCAT-AP)

export interface ImportError {
  sheet: string;
  row: number;
  column: string;
  header: string;
  code: string;
  message: string;
  messageEn: string;
}

/** resources: new drafts; updatedResources: rows that carried an own resource code became its new draft version. */
export interface ImportResult {
  imported: number;
  updated: number;
  resources: Array<{ id: string; code: string; name: string; version: number }>;
  updatedResources: Array<{ id: string; code: string; name: string; version: number }>;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The xlsx goes as the raw request body; all or nothing (IMPORT_INVALID carries `details.errors`). */
export function importCatalog(file: Blob) {
  return upload<ImportResult>('/catalog/import', new Blob([file], { type: XLSX_TYPE }));
}

export function importErrorsOf(details: unknown): ImportError[] {
  const list = (details as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(list) ? (list as ImportError[]) : [];
}

export type ExportFormat = 'xlsx' | 'json' | 'dcat';

export function downloadTemplate() {
  return openDownload('/catalog/template.xlsx');
}

export function downloadExport(format: ExportFormat, department?: string) {
  return openDownload('/catalog/export', { query: { format, department } });
}

/** Reference data: which network this platform serves (classified entries only on the intranet, Art. 23). */
export function useCatalogReference() {
  return useRequest('catalog:reference', (signal) =>
    request<{ network: 'extranet' | 'intranet'; classItems: Record<Kind, string[]> }>('/catalog/reference', { signal }),
  );
}
