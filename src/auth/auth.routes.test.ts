import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '../test-support/platform.js';

let p: TestPlatform;
let admin: { authorization: string };
const PW = 'Str0ng!Passw0rd';
const login = (username: string, password: string) => p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

beforeAll(async () => {
  p = await startTestPlatform({ lockoutThreshold: 3 });
  admin = await p.login('admin');
  await p.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'locky', password: PW, roles: ['auditor'] } });
});
afterAll(async () => p?.close());

describe('login, sessions, lockout', () => {
  it('answers the DESIGN.md shape', async () => {
    const res = await login('admin', ADMIN_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ token: expect.any(String), user: { username: 'admin', roles: ['admin'], departmentId: null } });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const a = await login('admin', 'nope');
    const b = await login('ghost', 'nope');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(b.json().error.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after repeated failures and an admin unlocks it', async () => {
    for (let i = 0; i < 3; i++) expect((await login('locky', 'wrong')).statusCode).toBe(401);
    const locked = await login('locky', PW);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    const users = (await p.app.inject({ url: '/api/v1/users', headers: admin })).json();
    const locky = users.items.find((u: { username: string }) => u.username === 'locky');
    expect(locky.locked).toBe(true);
    expect((await p.app.inject({ method: 'POST', url: `/api/v1/users/${locky.id}/unlock`, headers: admin })).statusCode).toBe(204);
    expect((await login('locky', PW)).statusCode).toBe(200);
  });

  it('logout revokes the token at once', async () => {
    const t = await p.login('admin');
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: t })).statusCode).toBe(200);
    expect((await p.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: t })).statusCode).toBe(204);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: t })).statusCode).toBe(401);
  });

  it('refuses a forged token and a malformed header', async () => {
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Bearer gsu_forged' } })).statusCode).toBe(401);
    expect((await p.app.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it('audits logins, failures and lockouts', async () => {
    const ev = (await p.app.inject({ url: '/api/v1/audit/events?action=auth.login&size=100', headers: admin })).json();
    const outcomes = ev.items.map((e: { outcome: string; detail: { reason?: string } | null }) => `${e.outcome}:${e.detail?.reason ?? ''}`);
    expect(outcomes).toContain('success:');
    expect(outcomes).toContain('failure:unknown_user');
    expect(outcomes).toContain('failure:wrong_password_locked');
    expect(outcomes).toContain('failure:locked');
  });
});
