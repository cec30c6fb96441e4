import { createHmac } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { checkPasswordPolicy } from './password.js';
import { DomainError } from '../errors.js';

/** RFC 6238 computed here, independently of the library the platform uses. */
function base32(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of s.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
}
function totpAt(key: Buffer, t: number, digits = 6, alg = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 1000 / 30)));
  const h = createHmac(alg, key).update(msg).digest();
  const o = h[h.length - 1]! & 0xf;
  const bin = ((h[o]! & 0x7f) << 24) | (h[o + 1]! << 16) | (h[o + 2]! << 8) | h[o + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

const PW = 'Str0ng!Passw0rd';
let p: TestPlatform;
let admin: { authorization: string };
const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: object, payload?: object) => p.app.inject({ method, url: `/api/v1${url}`, headers: headers as Record<string, string>, ...(payload ? { payload } : {}) });
const login = (username: string, password: string, totp?: string, headers: Record<string, string> = {}) =>
  p.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username, password, ...(totp ? { totp } : {}) } });
const bearer = (res: { json(): { token: string } }) => ({ authorization: `Bearer ${res.json().token}` });
const codeOf = (res: { json(): { error?: { code: string } } }) => res.json().error?.code;

beforeAll(async () => {
  p = await startTestPlatform({}, { GOVSHARE_PASSWORD_HISTORY: '3' });
  admin = await p.login('admin');
  for (const u of ['alice', 'bob', 'carol']) {
    const r = await inject('POST', '/users', admin, { username: u, password: PW, roles: ['auditor'] });
    expect(r.statusCode, r.body).toBe(201);
  }
}, 120_000);
afterAll(async () => p?.close());

describe('password policy', () => {
  const code = (pw: string, username?: string) => {
    try {
      checkPasswordPolicy(pw, { username, minLength: 10 });
      return 'ok';
    } catch (e) {
      return (e as DomainError).code;
    }
  };
  it('refuses short, single-class and username-containing passwords with their own codes', () => {
    expect(code('Ab1!')).toBe('PASSWORD_TOO_SHORT');
    expect(code('abcdefghijkl')).toBe('PASSWORD_TOO_WEAK');
    expect(code('Zhangsan@2026x', 'zhangsan')).toBe('PASSWORD_CONTAINS_USERNAME');
    expect(code('Good#Horse42', 'zhangsan')).toBe('ok');
  });

  it('applies at user creation too', async () => {
    const r = await inject('POST', '/users', admin, { username: 'dave', password: 'Dave@Govshare1', roles: ['auditor'] });
    expect(codeOf(r)).toBe('PASSWORD_CONTAINS_USERNAME');
  });

  it('changes a password: current asked again, not one of the last N, other sessions end, refusals audited', async () => {
    const s1 = bearer(await login('alice', PW));
    const s2 = bearer(await login('alice', PW));
    expect(codeOf(await inject('POST', '/auth/password', s1, { currentPassword: 'wrong', newPassword: 'N3w!Password' }))).toBe('PASSWORD_CURRENT_WRONG');
    expect(codeOf(await inject('POST', '/auth/password', s1, { currentPassword: PW, newPassword: PW }))).toBe('PASSWORD_REUSED');
    expect(codeOf(await inject('POST', '/auth/password', s1, { currentPassword: PW, newPassword: 'short' }))).toBe('PASSWORD_TOO_SHORT');
    const ok = await inject('POST', '/auth/password', s1, { currentPassword: PW, newPassword: 'Second!Pass22' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().otherSessionsRevoked).toBe(1);
    expect((await inject('GET', '/auth/me', s2)).statusCode).toBe(401);
    expect((await inject('GET', '/auth/me', s1)).statusCode).toBe(200);
    expect((await inject('POST', '/auth/password', s1, { currentPassword: 'Second!Pass22', newPassword: 'Third!Pass333' })).statusCode).toBe(200);
    // history 3: the current and the two before it
    expect(codeOf(await inject('POST', '/auth/password', s1, { currentPassword: 'Third!Pass333', newPassword: PW }))).toBe('PASSWORD_REUSED');
    expect((await inject('POST', '/auth/password', s1, { currentPassword: 'Third!Pass333', newPassword: 'Fourth!Pass4444' })).statusCode).toBe(200);
    expect((await login('alice', 'Fourth!Pass4444')).statusCode).toBe(200);
    const ev = (await inject('GET', '/audit/events?action=auth.password.change&size=50', admin)).json();
    const seen = ev.items.map((e: { outcome: string; detail: { reason?: string } | null }) => `${e.outcome}:${e.detail?.reason ?? ''}`);
    expect(seen).toEqual(expect.arrayContaining(['failure:PASSWORD_CURRENT_WRONG', 'failure:PASSWORD_REUSED', 'failure:PASSWORD_TOO_SHORT', 'success:']));
  });
});

describe('sessions: list and revoke', () => {
  it('a user sees and revokes their own sessions; another user\'s answers 404; an administrator revokes any', async () => {
    const b1 = bearer(await login('bob', PW, undefined, { 'user-agent': 'Browser One' }));
    const b2 = bearer(await login('bob', PW, undefined, { 'user-agent': 'Browser Two' }));
    const list = (await inject('GET', '/auth/sessions', b1)).json();
    expect(list.items.length).toBe(2);
    expect(list.items.find((s: { current: boolean }) => s.current).userAgent).toBe('Browser One');
    expect(JSON.stringify(list)).not.toMatch(/gsu_|token/i);
    const other = list.items.find((s: { current: boolean }) => !s.current);
    const c = bearer(await login('carol', PW));
    expect((await inject('DELETE', `/auth/sessions/${other.id}`, c)).statusCode).toBe(404);
    expect((await inject('GET', `/auth/sessions?userId=${(await inject('GET', '/auth/me', b1)).json().id}`, c)).statusCode).toBe(403);
    expect((await inject('DELETE', `/auth/sessions/${other.id}`, b1)).statusCode).toBe(204);
    expect((await inject('GET', '/auth/me', b2)).statusCode).toBe(401);
    const bobId = (await inject('GET', '/auth/me', b1)).json().id;
    const byAdmin = (await inject('GET', `/auth/sessions?userId=${bobId}`, admin)).json();
    expect(byAdmin.items.length).toBe(1);
    expect((await inject('DELETE', `/auth/sessions/${byAdmin.items[0].id}`, admin)).statusCode).toBe(204);
    expect((await inject('GET', '/auth/me', b1)).statusCode).toBe(401);
    const ev = (await inject('GET', '/audit/events?action=auth.session.revoke&size=10', admin)).json();
    expect(ev.items.length).toBe(2);
  });
});

describe('TOTP second factor (RFC 6238)', () => {
  it('otpauth agrees with the RFC 6238 Appendix B vectors and with the code computed here', () => {
    const seed = Buffer.from('12345678901234567890');
    for (const [time, expected] of [[59, '94287082'], [1111111109, '07081804'], [1234567890, '89005924'], [20000000000, '65353130']] as const) {
      expect(totpAt(seed, time * 1000, 8)).toBe(expected);
      expect(TOTP.generate({ secret: Secret.fromHex(seed.toString('hex')), digits: 8, timestamp: time * 1000 })).toBe(expected);
    }
  });

  it('enrols with a confirmation code; sign-in then needs a code, refuses a wrong or replayed one, accepts a recovery code once', async () => {
    const c = bearer(await login('carol', PW));
    expect((await inject('GET', '/auth/totp', c)).json()).toEqual({ enrolled: false, mandatory: false, recoveryCodesLeft: 0 });
    const start = (await inject('POST', '/auth/totp/enroll', c)).json();
    expect(start.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(start.uri).toContain('carol');
    const key = base32(start.secret);
    expect(JSON.stringify(await p.ctx.db.selectFrom('user_totp').selectAll().execute())).not.toContain(start.secret);
    expect(codeOf(await inject('POST', '/auth/totp/confirm', c, { code: totpAt(key, Date.now() + 300_000) }))).toBe('TOTP_INVALID');
    const t0 = Date.now();
    const first = totpAt(key, t0);
    const confirmed = await inject('POST', '/auth/totp/confirm', c, { code: first });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const recovery: string[] = confirmed.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(JSON.stringify(await p.ctx.db.selectFrom('user_recovery_codes').selectAll().execute())).not.toContain(recovery[0]);

    expect(codeOf(await login('carol', PW))).toBe('TOTP_REQUIRED');
    expect(codeOf(await login('carol', 'wrong-password', first))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await login('carol', PW, first))).toBe('TOTP_INVALID'); // replay of the confirmation code
    const next = await login('carol', PW, totpAt(key, t0 + 30_000));
    expect(next.statusCode, next.body).toBe(200);
    expect((await login('carol', PW, recovery[0])).statusCode).toBe(200);
    expect(codeOf(await login('carol', PW, recovery[0]))).toBe('TOTP_INVALID');
    expect((await inject('GET', '/auth/totp', bearer(next))).json()).toMatchObject({ enrolled: true, recoveryCodesLeft: 9 });

    // an administrator resets a lost device; the password alone works again
    const carolId = (await inject('GET', '/auth/me', bearer(next))).json().id;
    expect((await inject('POST', '/auth/totp/reset', c, { userId: carolId })).statusCode).toBe(403);
    expect((await inject('POST', '/auth/totp/reset', admin, { userId: carolId })).statusCode).toBe(204);
    expect((await login('carol', PW)).statusCode).toBe(200);
    const ev = (await inject('GET', '/audit/events?action=auth.login&size=100', admin)).json();
    const reasons = ev.items.map((e: { detail: { reason?: string } | null }) => e.detail?.reason);
    expect(reasons).toContain('totp_invalid');
    expect(reasons).not.toContain('totp_missing');
    expect((await inject('GET', '/audit/events?action=auth.totp.challenge&size=10', admin)).json().items.length).toBeGreaterThan(0);
  });

  it('audits the lockout as an event of its own', async () => {
    for (let i = 0; i < 5; i++) await login('bob', 'nope');
    expect(codeOf(await login('bob', PW))).toBe('ACCOUNT_LOCKED');
    const ev = (await inject('GET', '/audit/events?action=auth.lockout&size=10', admin)).json();
    expect(ev.items.map((e: { actor: { name: string } | null; actorName?: string }) => JSON.stringify(e))).toEqual([expect.stringContaining('bob')]);
  });
});

describe('security headers and CSRF', () => {
  it('sends CSP, nosniff, frame and referrer headers; HSTS only over TLS', async () => {
    const r = await p.app.inject({ url: '/healthz' });
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['strict-transport-security']).toBeUndefined();
    const refused = await p.app.inject({ url: '/api/v1/auth/me' });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['content-security-policy']).toContain("default-src 'self'");
    expect(refused.headers['x-frame-options']).toBe('DENY');
    const tls = await p.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toContain('max-age=');
  });

  it('takes no cookie as authentication (bearer tokens only, so CSRF does not apply)', async () => {
    const token = (await login('admin', ADMIN_PASSWORD)).json().token;
    for (const cookie of [`token=${token}`, `session=${token}`, `authorization=Bearer ${token}`, `govshare_token=${token}`]) {
      expect((await p.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
      expect((await p.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(401);
    }
    const res = await login('admin', ADMIN_PASSWORD);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('mandatory TOTP and login rate limits', () => {
  let q: TestPlatform;
  beforeAll(async () => {
    q = await startTestPlatform({}, { GOVSHARE_TOTP_REQUIRED: 'true', GOVSHARE_LOGIN_RATE_USER: '3', GOVSHARE_LOGIN_RATE_IP: '8' });
  }, 120_000);
  afterAll(async () => q?.close());
  const qlogin = (username: string, password: string) => q.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  it('lets an administrator without a second factor do nothing but enrol, then everything', async () => {
    const res = await qlogin('admin', ADMIN_PASSWORD);
    expect(res.json().totpEnrollmentRequired).toBe(true);
    const h = bearer(res);
    expect(codeOf(await q.app.inject({ url: '/api/v1/users', headers: h }))).toBe('TOTP_ENROLLMENT_REQUIRED');
    expect((await q.app.inject({ url: '/api/v1/auth/me', headers: h })).statusCode).toBe(200);
    const start = (await q.app.inject({ method: 'POST', url: '/api/v1/auth/totp/enroll', headers: h })).json();
    const key = base32(start.secret);
    const t0 = Date.now();
    expect((await q.app.inject({ method: 'POST', url: '/api/v1/auth/totp/confirm', headers: h, payload: { code: totpAt(key, t0) } })).statusCode).toBe(200);
    expect((await q.app.inject({ url: '/api/v1/users', headers: h })).statusCode).toBe(200);
    expect((await q.app.inject({ url: '/api/v1/auth/totp', headers: h })).json()).toMatchObject({ enrolled: true, mandatory: true });
    expect(codeOf(await q.app.inject({ method: 'POST', url: '/api/v1/auth/totp/disable', headers: h, payload: { code: totpAt(key, t0 + 30_000) } }))).toBe('TOTP_MANDATORY');
  });

  it('limits sign-in attempts per username and per address with RATE_LIMITED', async () => {
    // one attempt so far from this address (above); per username 3 a minute, per address 8
    for (let i = 0; i < 3; i++) expect(codeOf(await qlogin('ghost', 'nope'))).toBe('INVALID_CREDENTIALS');
    const limited = await qlogin('ghost', 'nope');
    expect(limited.statusCode).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect(codeOf(await qlogin(`ghost${i}`, 'nope'))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await qlogin('ghost9', 'nope'))).toBe('RATE_LIMITED');
    // another address is not limited by this one
    const other = await q.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ghost8', password: 'nope' }, remoteAddress: '10.1.2.3' });
    expect(codeOf(other)).toBe('INVALID_CREDENTIALS');
  });
});
