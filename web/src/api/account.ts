import { request } from './client';

/** The signed-in user's own account: password, sessions, second factor (src/auth/auth.routes.ts). */
export interface SessionRow {
  id: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string | null;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface TotpStatus { enrolled: boolean; mandatory: boolean; recoveryCodesLeft: number }

export const changePassword = (currentPassword: string, newPassword: string) =>
  request<{ otherSessionsRevoked: number }>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });

export const listSessions = (signal?: AbortSignal) => request<{ items: SessionRow[] }>('/auth/sessions', { signal });

export const revokeSession = (id: string) => request<void>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const totpStatus = (signal?: AbortSignal) => request<TotpStatus>('/auth/totp', { signal });

export const startTotp = () => request<{ secret: string; uri: string }>('/auth/totp/enroll', { method: 'POST' });

export const confirmTotp = (code: string) => request<{ recoveryCodes: string[] }>('/auth/totp/confirm', { method: 'POST', body: { code } });

export const disableTotp = (code: string) => request<void>('/auth/totp/disable', { method: 'POST', body: { code } });
