import { request } from './client';

/** Federation (src/federation/): city platforms connected to the province platform (SPEC C8). */
export interface PlatformRow {
  id: string; regionCode: string; name: string; url: string; status: 'pending' | 'active' | 'suspended'; statusReason: string | null;
  fingerprint: string; requestedAt: string; decidedAt: string | null; lastSeenAt: string | null; version: string | null;
}
export interface OwnKey { level: 'province' | 'city'; regionCode: string; publicKey: string; fingerprint: string }
export interface ParentView {
  level: string; parentUrl: string | null; ownFingerprint: string;
  state: null | { url: string; status: string; statusReason: string | null; fingerprint: string | null; lastAttemptAt: string; lastContactAt: string | null; lastError: string | null };
}

export const federationApi = {
  key: () => request<OwnKey>('/federation/key'),
  platforms: () => request<{ items: PlatformRow[] }>('/platforms'),
  decide: (id: string, action: 'approve' | 'suspend' | 'resume', reason?: string) => request<PlatformRow>(`/platforms/${id}/${action}`, { method: 'POST', body: reason ? { reason } : {} }),
  parent: () => request<ParentView>('/federation/parent'),
  connectNow: () => request<{ state: ParentView['state'] }>('/federation/parent/connect', { method: 'POST', body: {} }),
};
