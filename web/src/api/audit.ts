import { request } from './client';
import type { Page } from './orgs';
import { useRequest } from './useRequest';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  seq: number;
  at: string;
  actorName: string | null;
  departmentId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
}

export interface AuditQuery {
  page: number;
  size: number;
  action?: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq?: number;
}

export function useAuditEvents(query: AuditQuery) {
  return useRequest(`audit?${JSON.stringify(query)}`, (signal) =>
    request<Page<AuditEvent>>('/audit/events', { query: { ...query }, signal }),
  );
}

export function verifyAuditChain() {
  return request<VerifyResult>('/audit/verify');
}
