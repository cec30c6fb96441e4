import { openDownload, request } from './client';
import { useRequest } from './useRequest';

/** Workflow screens (SPEC C4): docs/workflow-api.md. */
export interface Deadline {
  date: string;
  workdaysLeft: number;
  level: 'normal' | 'warning' | 'overdue';
  overdue: boolean;
  provisional: boolean;
}

export interface Party {
  id: string;
  name: string;
}

export interface Todo {
  type: string;
  subjectType: 'application' | 'objection' | 'dispute';
  subjectId: string;
  title: string;
  party?: 'consumer' | 'provider';
  counterpart: Party | null;
  dueDate: string;
  workdaysLeft: number;
  provisional: boolean;
  level: 'normal' | 'warning' | 'overdue';
}

export interface TodoList {
  items: Todo[];
  counts: Record<string, number> & { total: number; warning: number; overdue: number };
}

export function useTodos() {
  return useRequest('todos', (signal) => request<TodoList>('/todos', { signal }));
}

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  subject: { type: string; id: string } | null;
  createdAt: string;
  read: boolean;
}

export function fetchInbox(unread: boolean) {
  return request<{ items: InboxItem[]; total: number }>('/inbox', { query: { unread: unread || undefined, size: 50 } });
}
export function fetchUnreadCount() {
  return request<{ count: number }>('/inbox/unread-count');
}
export function markRead(id: string) {
  return request<void>(`/inbox/${id}/read`, { method: 'POST' });
}
export function markAllRead() {
  return request<{ marked: number }>('/inbox/read-all', { method: 'POST' });
}

export interface HistoryEntry {
  at: string;
  action: string;
  text: string;
  detail: unknown;
  actor: { id: string; name: string; departmentId: string | null; departmentName: string | null } | null;
}

export interface Signature {
  signedBy: string;
  signedAt: string;
}

export interface Application {
  id: string;
  resourceCode: string;
  resourceName: string;
  resourceVersion: number;
  provider: Party;
  consumer: Party;
  items: string[];
  approvedItems: string[] | null;
  /** Records per request the approval allows (null: the bus's default). */
  maxRecords: number | null;
  masks: Record<string, string>;
  methods: string[];
  purpose: string;
  legalBasis: string;
  expectedVolume: string | null;
  credentialId: string | null;
  validFrom: string;
  validUntil: string;
  status: string;
  statusLabel: string;
  filedOn: string;
  acceptBy: string;
  decidedAt: string | null;
  decisionReason: string | null;
  signBy: string | null;
  previousId: string | null;
  linkKind: 'resubmit' | 'amend' | null;
  deadline: Deadline | null;
  grant: { id: string; status: string; statusReason: string | null; validFrom: string; validUntil: string } | null;
  createdAt: string;
}

export interface ApplicationDetail extends Application {
  agreement: { number: string; digest: string; digestAlg: string; keyId: string; provider: Signature | null; consumer: Signature | null } | null;
  followUps: { id: string; linkKind: string; status: string; filedOn: string }[];
  history: HistoryEntry[];
}

export function useApplications(q: { role: 'consumer' | 'provider'; status?: string; page: number; size: number }) {
  return useRequest(JSON.stringify(q), (signal) => request<{ items: Application[]; total: number }>('/applications', { query: q, signal }));
}
export function useApplication(id: string | undefined) {
  return useRequest(id ?? null, (signal) => request<ApplicationDetail>(`/applications/${id}`, { signal }));
}
export function decideApplication(id: string, body: { decision: 'approve' | 'refuse'; reason?: string; items?: string[]; masks?: Record<string, string>; maxRecords?: number }) {
  return request<{ id: string; status: string }>(`/applications/${id}/decision`, { method: 'POST', body });
}
export function withdrawApplication(id: string, reason?: string) {
  return request<{ id: string; status: string }>(`/applications/${id}/withdraw`, { method: 'POST', body: { reason } });
}
export function refileApplication(id: string, kind: 'resubmit' | 'amend', body: Record<string, unknown>) {
  return request<{ id: string; status: string; acceptBy: string }>(`/applications/${id}/${kind}`, { method: 'POST', body });
}

export interface Agreement {
  applicationId: string;
  content: Record<string, unknown> & { clauses?: { title: string; basis: string; text: string }[] };
  digest: string;
  digestAlg: string;
  signatureAlg: string;
  keyId: string;
  provider: Signature | null;
  consumer: Signature | null;
}
export function useAgreement(id: string | null, tick: number) {
  return useRequest(id ? `${id}#${tick}` : null, (signal) => request<Agreement>(`/applications/${id}/agreement`, { signal }));
}
export function signAgreement(id: string, party: 'consumer' | 'provider', signedBy: string) {
  return request<{ applicationId: string; party: string; status: string; grantId: string | null }>(`/applications/${id}/agreement`, {
    method: 'POST',
    body: { party, signedBy },
  });
}
export function agreementPdf(id: string) {
  return openDownload(`/applications/${id}/agreement.pdf`, { accept: 'application/pdf' });
}

export interface Objection {
  id: string;
  resourceCode: string;
  resourceName: string;
  provider: Party;
  consumer: Party;
  description: string;
  items: string[];
  exampleKeys?: string[];
  discoveredOn: string;
  filedOn: string;
  late: boolean;
  replyBy: string;
  status: 'open' | 'accepted' | 'rejected';
  statusLabel: string;
  reply: string | null;
  correction: { description: string; correctedOn?: string; items?: string[] } | null;
  repliedAt: string | null;
  deadline: Deadline | null;
  createdAt: string;
}
export interface ObjectionDetail extends Objection {
  history: HistoryEntry[];
}
export function useObjections(q: { role: 'consumer' | 'provider'; status?: string }) {
  return useRequest(JSON.stringify(q), (signal) => request<{ items: Objection[]; total: number }>('/objections', { query: q, signal }));
}
export function useObjection(id: string | undefined) {
  return useRequest(id ?? null, (signal) => request<ObjectionDetail>(`/objections/${id}`, { signal }));
}
export function fileObjection(body: { resourceCode: string; description: string; discoveredOn: string; items?: string[] }) {
  return request<{ id: string; replyBy: string; late?: boolean }>('/objections', { method: 'POST', body });
}
export function replyObjection(id: string, body: { decision: 'accept' | 'reject'; reply: string; correction?: { description: string } }) {
  return request<{ id: string; status: string }>(`/objections/${id}/reply`, { method: 'POST', body });
}

export interface Dispute {
  id: string;
  subjectType: 'application' | 'objection';
  subjectId: string;
  status: string;
  statusLabel: string;
  region: { code: string; name: string };
  consumer: Party;
  provider: Party;
  statement: string;
  stepStartedOn: string;
  stepDue: string | null;
  deadline: Deadline | null;
  officeDecision: { text: string; at: string; by: string } | null;
  ruling: { text: string; at: string; by: string } | null;
  closedAt: string | null;
  createdAt: string;
}
export interface DisputeDetail extends Dispute {
  myRoles: ('party' | 'office' | 'leading_group')[];
  timeline: HistoryEntry[];
}
export function useDisputes() {
  return useRequest('disputes', (signal) => request<{ items: Dispute[]; total: number }>('/disputes', { signal }));
}
export function useDispute(id: string | undefined) {
  return useRequest(id ?? null, (signal) => request<DisputeDetail>(`/disputes/${id}`, { signal }));
}
export function openDispute(body: { subjectType: 'application' | 'objection'; subjectId: string; statement: string }) {
  return request<{ id: string }>('/disputes', { method: 'POST', body });
}
export function disputeAction(id: string, action: 'messages' | 'escalate' | 'decision' | 'settle', body: Record<string, string>) {
  return request<{ id: string; status: string }>(`/disputes/${id}/${action}`, { method: 'POST', body });
}

/** 授权管理 (Art. 23, 30): src/exchange/grant.routes.ts; a grant made by an application is changed through it (history, notices). */
export interface ManagedGrant {
  id: string;
  resourceCode: string;
  resourceName: string | null;
  consumerDepartmentId: string;
  consumerName: string;
  providerDepartmentId: string | null;
  providerName: string | null;
  items: string[];
  masks: Record<string, string>;
  methods: string[];
  purpose: string;
  validFrom: string;
  validUntil: string;
  status: 'active' | 'suspended' | 'revoked';
  expired: boolean;
  statusReason: string | null;
  applicationId: string | null;
  credentialId: string | null;
  maxRecords: number | null;
  dailyQuota: number | null;
  usage: { calls: number; rows: number; lastUsedAt: string | null };
  updatedAt: string;
}
export type GrantSide = 'consumer' | 'provider' | 'all';
export type GrantAction = 'suspend' | 'revoke' | 'resume';

export function useManagedGrants(q: { role: GrantSide; status?: string }) {
  return useRequest(`grants:${JSON.stringify(q)}`, (signal) => request<{ items: ManagedGrant[] }>('/grants', { query: q, signal }));
}
export function changeGrant(g: Pick<ManagedGrant, 'id' | 'applicationId'>, action: GrantAction, reason: string) {
  return g.applicationId
    ? request<unknown>(`/applications/${g.applicationId}/grant/${action}`, { method: 'POST', body: { reason } })
    : request<unknown>(`/grants/${g.id}/${action}`, { method: 'POST', body: { reason } });
}

/** 超期督办: GET /deadlines/overdue (docs/workflow-api.md "Overdue list"). */
export interface OverdueStep {
  type: string;
  subjectType: 'application' | 'objection' | 'dispute';
  subjectId: string;
  title: string;
  party: 'consumer' | 'provider' | null;
  responsible: 'party' | 'office' | 'leading_group';
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string | null;
  regionName: string | null;
  dueDate: string;
  workdaysOverdue: number;
}
export function useOverdue() {
  return useRequest('deadlines/overdue', (signal) => request<{ items: OverdueStep[] }>('/deadlines/overdue', { signal }));
}
