/** The platform's API as the browser tests use it to set the scene (data made the way a department makes it). */
export const DEMO_PASSWORD = 'Govshare@2026';

export interface Api {
  token: string;
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiAs(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<Api> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return {
    token,
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const r = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${path} as ${username}: ${r.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

/** Draft → submitted → approved (by the department's reviewer) → published; answers the resource's code. */
export async function publishResource(editor: Api, reviewer: Api, body: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const { id, code } = await editor.call<{ id: string; code: string }>('POST', '/resources', body);
  await editor.call('POST', `/resources/${id}/submit`);
  await reviewer.call('POST', `/resources/${id}/review`, { decision: 'approve' });
  await reviewer.call('POST', `/resources/${id}/publish`);
  return { id, code };
}
