import { openDownload, request } from './client';
import { useRequest } from './useRequest';

/** The exchange bus (src/exchange/bus.routes.ts, usable.ts, grant.routes.ts). A resource code contains `/`: encoded in paths. */
export type ExchangeMethod = 'query' | 'compare' | 'export' | 'api';
export type Access = 'unconditional' | 'base_items' | 'grant' | 'none';

export interface UsableItem {
  name: string;
  dataType: string;
  mask: string | null;
}

export interface UsableResource {
  code: string;
  name: string;
  providerDepartmentId: string;
  providerName: string;
  shareType: string;
  access: Access;
  nodeId: string | null;
  methods: ExchangeMethod[];
  items: UsableItem[];
}

export interface UsableQuery {
  provider?: string;
  page: number;
  size: number;
}

export function listUsable(query: UsableQuery, signal?: AbortSignal) {
  return request<{ total: number; items: UsableResource[] }>('/exchange/usable', { query: { ...query }, signal });
}

export function useUsable(query: UsableQuery | null) {
  return useRequest(query === null ? null : `usable?${JSON.stringify(query)}`, (signal) => listUsable(query!, signal));
}

/** The server pages the list (at most 500 a page); the pickers of the consoles want all of it. */
export async function listAllUsable(signal?: AbortSignal): Promise<UsableResource[]> {
  const size = 500;
  const first = await listUsable({ page: 1, size }, signal);
  const out = [...first.items];
  for (let page = 2; out.length < first.total && page <= 20; page++) out.push(...(await listUsable({ page, size }, signal)).items);
  return out;
}

/** Everything the department may use (null when the user is no data user: the server would refuse). */
export function useAllUsable(enabled = true) {
  return useRequest(enabled ? 'usable:all' : null, (signal) => listAllUsable(signal));
}

const exchangePath = (code: string, what: string) => `/exchange/${encodeURIComponent(code)}/${what}`;

export const FILTER_OPS = ['eq', 'in', 'gt', 'lt', 'between', 'prefix'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];
export type Scalar = string | number | boolean | null;

export interface Filter {
  item: string;
  op: FilterOp;
  value: Scalar | Scalar[];
}

export interface QueryBody {
  items: string[];
  filter?: Filter[];
  limit?: number;
  cursor?: string;
  purpose?: string;
}

export function queryData(code: string, body: QueryBody, signal?: AbortSignal) {
  return request<{ rows: Array<Record<string, unknown>>; next?: string }>(exchangePath(code, 'query'), { method: 'POST', body, signal });
}

export type CompareStatus = 'match' | 'mismatch' | 'not_found';

export interface CompareResult {
  index: number;
  status: CompareStatus;
  items: Record<string, 'match' | 'mismatch'>;
}

export function compareRecords(code: string, body: { records: Array<Record<string, string | number>>; keys: string[]; purpose: string }) {
  return request<{ results: CompareResult[] }>(exchangePath(code, 'compare'), { method: 'POST', body });
}

export type ExportFileFormat = 'ndjson' | 'csv';

export function openExport(code: string, q: { format: ExportFileFormat; items?: string[]; purpose?: string }, signal?: AbortSignal) {
  return openDownload(exchangePath(code, 'export'), {
    query: { format: q.format, items: q.items && q.items.length > 0 ? q.items.join(',') : undefined, purpose: q.purpose },
    signal,
  });
}

export interface Grant {
  id: string;
  resourceCode: string;
  consumerDepartmentId: string;
  providerDepartmentId: string | null;
  items: string[];
  masks: Record<string, string>;
  methods: string[];
  purpose: string;
  validFrom: string;
  validUntil: string;
  status: 'active' | 'suspended' | 'revoked';
  statusReason: string | null;
  maxRecords: number | null;
}

export function useGrants(role: 'consumer' | 'provider', resource?: string) {
  return useRequest(`grants:${role}:${resource ?? ''}`, (signal) =>
    request<{ items: Grant[] }>('/grants', { query: { role, resource }, signal }),
  );
}
