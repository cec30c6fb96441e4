import { request } from './client';

/** The open-data portal's public API (no login): /api/v1/open/… */
export interface OpenDomain { key: string; zh: string; en: string; count: number }
export interface OpenSummary { code: string; name: string; departmentName: string; format: string; updateCycle: string; publishDate: string | null; domain: string | null }
export interface OpenEntry {
  code: string; name: string; abstract: string; departmentName: string; format: string; updateCycle: string; publishDate: string | null;
  openConditions: string | null; licence: string; domain: string | null; downloadable: boolean;
  items: Array<{ name: string; nameEn: string | null; dataType: string; description: string | null; masked: string | null }>;
  usage: { view: number; download: number; api: number };
}

export const openApi = {
  domains: (signal?: AbortSignal) => request<{ items: OpenDomain[] }>('/open/domains', { signal }),
  search: (q: { q?: string; domain?: string; page: number; size: number }, signal?: AbortSignal) =>
    request<{ items: OpenSummary[]; total: number }>('/open/resources', { query: q, signal }),
  entry: (code: string, signal?: AbortSignal) => request<OpenEntry>(`/open/resources/${encodeURIComponent(code)}`, { signal }),
  downloadUrl: (code: string, format: 'csv' | 'json' | 'xlsx') => `/api/v1/open/resources/${encodeURIComponent(code)}/download?format=${format}`,
  apiUrl: (code: string) => `/api/v1/open/api/${encodeURIComponent(code)}`,
};
