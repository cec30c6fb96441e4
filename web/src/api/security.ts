import { request } from './client';
import { useRequest } from './useRequest';

/** Security alerts (Art. 32) and incidents (Art. 31): docs/security-monitoring.md. */
export type AlertStatus = 'open' | 'acknowledged' | 'closed';

export interface SecurityAlert {
  id: string;
  rule: string;
  ruleLabel: string;
  severity: 'low' | 'medium' | 'high';
  status: AlertStatus;
  title: string;
  departmentId: string | null;
  providerDepartmentId: string | null;
  regionCode: string | null;
  grantId: string | null;
  userId: string | null;
  userName: string | null;
  evidence: { auditSeqs?: number[]; [k: string]: unknown };
  autoAction: string | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgeNote: string | null;
  closedAt: string | null;
  closedBy: string | null;
  closeNote: string | null;
  /** The detail only: the audit events named as evidence. */
  events?: Array<{ seq: number; at: string; action: string; actorName: string | null; outcome: string; objectId: string | null }>;
}

export function useAlerts(q: { status?: string; rule?: string; page: number; size: number }) {
  return useRequest(`alerts:${JSON.stringify(q)}`, (signal) => request<{ items: SecurityAlert[]; total: number }>('/alerts', { query: q, signal }));
}

export function useAlert(id: string) {
  return useRequest(`alert:${id}`, (signal) => request<SecurityAlert>(`/alerts/${id}`, { signal }));
}

export function handleAlert(id: string, step: 'acknowledge' | 'close', note: string) {
  return request<SecurityAlert>(`/alerts/${id}/${step}`, { method: 'POST', body: { note } });
}

export type IncidentStatus = 'reported' | 'investigating' | 'closed';
export type IncidentSeverity = 'general' | 'major' | 'serious' | 'critical';

export interface Incident {
  id: string;
  departmentId: string;
  departmentName: string;
  regionCode: string;
  title: string;
  description: string;
  severity: IncidentSeverity;
  status: IncidentStatus;
  occurredAt: string | null;
  discoveredAt: string;
  dataInvolved: { resources: Array<{ code: string; records?: number }>; records?: number; personalInformation?: boolean; description?: string };
  measures: string;
  reportedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface IncidentDetail extends Incident {
  timeline: Array<{ kind: 'note' | 'status' | 'delivery'; text: string; statusTo: string | null; actorName: string; at: string }>;
  deliveries: Array<{ channel: 'webhook' | 'email'; address: string; status: 'pending' | 'sent' | 'failed'; attempts: number; nextAttemptAt: string | null; lastError: string | null; sentAt: string | null }>;
}

export interface NewIncident {
  title: string;
  description: string;
  severity: IncidentSeverity;
  occurredAt?: string;
  discoveredAt: string;
  dataInvolved: Incident['dataInvolved'];
  measures: string;
}

export function useIncidents(q: { status?: string; page: number; size: number }) {
  return useRequest(`incidents:${JSON.stringify(q)}`, (signal) => request<{ items: Incident[]; total: number }>('/incidents', { query: q, signal }));
}

export function useIncident(id: string) {
  return useRequest(`incident:${id}`, (signal) => request<IncidentDetail>(`/incidents/${id}`, { signal }));
}

export function fileIncident(body: NewIncident) {
  return request<IncidentDetail>('/incidents', { method: 'POST', body });
}

export function addIncidentNote(id: string, note: string, status?: 'investigating' | 'closed') {
  return request<IncidentDetail>(`/incidents/${id}/notes`, { method: 'POST', body: { note, ...(status ? { status } : {}) } });
}
