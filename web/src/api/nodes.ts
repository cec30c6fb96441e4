import { request } from './client';
import { useRequest } from './useRequest';

/** Data-service nodes (src/exchange/node.routes.ts): a provider's process next to its own data (Art. 14). */
export interface NodeSource {
  name: string;
  type: string;
  status: 'up' | 'down';
  latencyMs?: number;
  code?: string;
}

/** What the node's GET /healthz answered at the last probe. */
export interface NodeHealth {
  status?: 'ok' | 'degraded';
  version?: string;
  crypto?: string;
  sources?: NodeSource[];
}

export interface DataNode {
  id: string;
  departmentId: string;
  departmentName: string;
  name: string;
  url: string;
  publicKey: string;
  status: 'active' | 'suspended' | string;
  statusReason: string | null;
  registeredAt: string;
  keyRotatedAt: string | null;
  lastSeenAt: string | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  version: string | null;
  health: NodeHealth | null;
}

export function useNodes(department?: string) {
  return useRequest(`nodes:${department ?? ''}`, (signal) =>
    request<{ items: DataNode[] }>('/nodes', { query: { department }, signal }),
  );
}

export function suspendNode(id: string, reason: string) {
  return request<void>(`/nodes/${encodeURIComponent(id)}/suspend`, { method: 'POST', body: { reason } });
}

export function resumeNode(id: string) {
  return request<void>(`/nodes/${encodeURIComponent(id)}/resume`, { method: 'POST' });
}

export function checkNode(id: string) {
  return request<{ ok: boolean; latencyMs: number | null; error?: string }>(`/nodes/${encodeURIComponent(id)}/check`, { method: 'POST' });
}

export function useNode(id: string | null) {
  return useRequest(id === null ? null : `node:${id}`, (signal) => request<DataNode>(`/nodes/${encodeURIComponent(id ?? '')}`, { signal }));
}
