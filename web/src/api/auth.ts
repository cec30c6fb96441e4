import { request, setToken } from './client';

export interface LoginUser {
  id: string;
  username: string;
  roles: string[];
  departmentId: string | null;
}

export interface Me {
  id: string;
  username: string;
  roles: string[];
  departmentId: string | null;
  departmentName: string | null;
  regionCode: string | null;
}

/** `totp`: the one-time or recovery code, once the server answered TOTP_REQUIRED. */
export async function login(username: string, password: string, totp?: string): Promise<LoginUser & { totpEnrollmentRequired: boolean }> {
  const res = await request<{ token: string; user: LoginUser; totpEnrollmentRequired?: boolean }>('/auth/login', {
    method: 'POST',
    body: { username, password, ...(totp ? { totp } : {}) },
  });
  setToken(res.token);
  return { ...res.user, totpEnrollmentRequired: !!res.totpEnrollmentRequired };
}

/** Ends the session on the server; the local token is dropped even if the server cannot be reached. */
export async function logout(): Promise<void> {
  try {
    await request<void>('/auth/logout', { method: 'POST' });
  } finally {
    setToken(null);
  }
}

export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return request<Me>('/auth/me', { signal });
}
