import { request } from './client';
import { useRequest } from './useRequest';
import type { Deadline } from './workflow';

/** Supervision (SPEC C7): evaluation, rectification notices, dashboards — docs/evaluation.md. */
export type CriterionKey = 'completeness' | 'timeliness' | 'shareRatio' | 'applications' | 'objections' | 'nodeAvailability' | 'dataQuality' | 'misuse';

export interface Figure {
  key: string;
  value: number | null;
  evidence?: { type: string; ids: string[] };
}

export interface CriterionResult {
  key: CriterionKey;
  weight: number;
  share: number;
  points: number;
  maxPoints: number;
  figures: Figure[];
}

export interface DepartmentResult {
  departmentId: string;
  departmentName: string;
  regionCode: string;
  regionName: string;
  score: number;
  rank: number;
  criteria: CriterionResult[];
}

export interface RegionResult {
  regionCode: string;
  regionName: string;
  level: string;
  parentCode: string | null;
  departments: number;
  score: number | null;
}

export interface RangeParams {
  year?: number;
  region?: string;
}

export interface Ranking {
  from: string;
  to: string;
  asOf: string;
  weights: Record<CriterionKey, number>;
  departments: DepartmentResult[];
  regions: RegionResult[];
}

export function useEvaluation(p: RangeParams) {
  return useRequest(`evaluation:${p.year}:${p.region ?? ''}`, (signal) => request<Ranking>('/evaluation', { signal, query: { year: p.year, region: p.region } }));
}

export function useDepartmentEvaluation(id: string | undefined, p: RangeParams) {
  return useRequest(id ? `evaluation:${id}:${p.year}` : null, (signal) =>
    request<{ from: string; to: string; asOf: string; department: DepartmentResult }>(`/evaluation/departments/${encodeURIComponent(id!)}`, { signal, query: { year: p.year } }),
  );
}

export interface EvidenceRow {
  id: string;
  label: string;
  detail: string | null;
  date: string | null;
}

export function fetchEvidence(id: string, year: number, criterion: CriterionKey, figure: string) {
  return request<{ type: string; total: number; items: EvidenceRow[] }>(`/evaluation/departments/${encodeURIComponent(id)}/evidence`, { query: { year, criterion, figure } });
}

export interface Dashboard {
  from: string;
  to: string;
  asOf: string;
  scope: 'department' | 'region';
  ranking: Array<{ departmentId: string; departmentName: string; regionName: string; score: number; rank: number }>;
  criteria: Array<{ key: CriterionKey; share: number; points: number; maxPoints: number }>;
  regions: RegionResult[];
  shareTypes: Array<{ shareType: string; count: number }>;
  monthly: Array<{ month: string; exchanges: number; applications: number; refused: number }>;
  backlog: Array<{ kind: string; count: number }>;
  notices: Array<{ status: string; count: number }>;
  topResources: Array<{ code: string; name: string; departmentName: string; exchanges: number }>;
  nodes: Array<{ id: string; name: string; departmentName: string; status: string; lastLatencyMs: number | null; lastError: string | null; lastSeenAt: string | null; health: 'up' | 'down' | 'suspended' | 'unknown' }>;
}

export function useDashboard(p: RangeParams) {
  return useRequest(`dashboard:${p.year}:${p.region ?? ''}`, (signal) => request<Dashboard>('/supervision/dashboard', { signal, query: { year: p.year, region: p.region } }));
}

export type NoticeStatus = 'proposed' | 'dismissed' | 'issued' | 'replied' | 'closed' | 'circulated';

export interface Notice {
  id: string;
  department: { id: string; name: string };
  region: { code: string; name: string };
  ground: number;
  groundLabel: string;
  facts: string;
  status: NoticeStatus;
  statusLabel: string;
  source: 'office' | 'detected';
  detectionKind: string | null;
  evidence: Array<{ type: string; id: string }>;
  deadlineWorkdays: number | null;
  issuedOn: string | null;
  dueOn: string | null;
  deadline: Deadline | null;
  reply: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  circular: string | null;
  circulatedAt: string | null;
  dismissReason: string | null;
  createdAt: string;
}

export interface NoticeDetail extends Notice {
  history: Array<{ at: string; action: string; actorName: string | null; text: string | null }>;
}

export function useNotices(f: { status?: string; page: number }) {
  return useRequest(`notices:${f.status ?? ''}:${f.page}`, (signal) => request<{ items: Notice[]; total: number }>('/notices', { signal, query: { status: f.status, page: f.page } }));
}

export function useCirculars(page: number) {
  return useRequest(`circulars:${page}`, (signal) => request<{ items: Notice[]; total: number }>('/notices/circulars', { signal, query: { page } }));
}

export function useNotice(id: string | undefined) {
  return useRequest(id ? `notice:${id}` : null, (signal) => request<NoticeDetail>(`/notices/${id}`, { signal }));
}

export function issueNotice(body: { departmentId: string; ground: number; facts: string; deadlineWorkdays?: number }) {
  return request<NoticeDetail>('/notices', { method: 'POST', body });
}
export function detectNotices() {
  return request<{ proposed: Record<string, number> }>('/notices/detect', { method: 'POST' });
}
export function confirmNotice(id: string, body: { facts?: string; deadlineWorkdays?: number }) {
  return request<NoticeDetail>(`/notices/${id}/confirm`, { method: 'POST', body });
}
export function dismissNotice(id: string, reason: string) {
  return request<NoticeDetail>(`/notices/${id}/dismiss`, { method: 'POST', body: { reason } });
}
export function replyNotice(id: string, reply: string) {
  return request<NoticeDetail>(`/notices/${id}/reply`, { method: 'POST', body: { reply } });
}
export function reviewNotice(id: string, decision: 'accept' | 'reject', comment?: string) {
  return request<NoticeDetail>(`/notices/${id}/review`, { method: 'POST', body: { decision, comment } });
}
