import { openDownload, request } from './client';
import type { Page } from './orgs';
import { useRequest } from './useRequest';

export type TraceCategory = 'collection' | 'share' | 'query' | 'comparison' | 'download' | 'access' | 'update';
export const TRACE_CATEGORIES: TraceCategory[] = ['collection', 'share', 'query', 'comparison', 'download', 'access', 'update'];

export interface TraceRow {
  id: number;
  source: string;
  sourceSeq: number;
  at: string;
  category: TraceCategory;
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  resource: string | null;
  providerDepartmentName: string | null;
  departmentName: string | null;
  userName: string | null;
  userId: string | null;
  grantId: string | null;
  rows: number | null;
  exportId: string | null;
  match: 'key' | 'bulk' | null;
}

export interface TraceCriteria {
  resource?: string;
  department?: string;
  user?: string;
  recordKey?: string;
  category?: TraceCategory;
  from?: string;
  to?: string;
}

/** Only asks when a criterion is given: a trace is an investigation, not a browse of the whole log. */
export function useTrace(criteria: TraceCriteria | null, page: number, size: number) {
  return useRequest(criteria ? `trace?${JSON.stringify({ criteria, page, size })}` : null, (signal) =>
    request<Page<TraceRow>>('/trace', { query: { ...criteria, page, size }, signal }),
  );
}

export function downloadTrace(criteria: TraceCriteria, format: 'csv' | 'xlsx') {
  return openDownload('/trace', { query: { ...criteria, format } });
}
