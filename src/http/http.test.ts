import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

let p: TestPlatform;
let admin: { authorization: string };
beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
});
afterAll(async () => p?.close());

describe('HTTP basics', () => {
  it('answers /healthz without auth', async () => {
    const res = await p.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('publishes /openapi.json with the fixed endpoints', async () => {
    const res = await p.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/auth/login', '/api/v1/departments', '/api/v1/users', '/api/v1/credentials', '/api/v1/audit/verify', '/api/v1/calendar/add-workdays']) {
      expect(doc.paths).toHaveProperty([path]);
    }
  });

  it('serves the docs page', async () => {
    const res = await p.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
  });

  it('gives 401 with the error shape when no token is sent', async () => {
    const res = await p.app.inject({ url: '/api/v1/users' });
    expect(res.statusCode).toBe(401);
    const body = res.json<{ error: { code: string; message: string; messageEn: string } }>();
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(body.error.message).toMatch(/登录/);
    expect(body.error.messageEn).toMatch(/signed in/i);
  });

  it.each([
    ['malformed JSON', '{"code": ', 'application/json', 400, 'MALFORMED_JSON'],
    ['wrong type', JSON.stringify({ code: 510000, name: 'x', level: 'province' }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['unknown field', JSON.stringify({ code: '520000', name: 'x', level: 'province', extra: 1 }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['missing field', JSON.stringify({ code: '520000' }), 'application/json', 400, 'VALIDATION_FAILED'],
    ['wrong media type', 'code=1', 'application/x-www-form-urlencoded', 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ])('refuses %s with a code, never 500', async (_what, payload, type, status, code) => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/regions', headers: { ...admin, 'content-type': type }, payload });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('refuses an oversized body with 413', async () => {
    const big = await startTestPlatform({ bodyLimitBytes: 2048 });
    try {
      const res = await big.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x'.repeat(4000), password: 'y' } });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('BODY_TOO_LARGE');
    } finally {
      await big.close();
    }
  });

  it('gives a coded 404 for an unknown API path and a bad id', async () => {
    const res = await p.app.inject({ url: '/api/v1/nope', headers: admin });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
    const bad = await p.app.inject({ method: 'POST', url: '/api/v1/users/not-a-uuid/unlock', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('fails closed for a route that declares no permission', async () => {
    // A route added without `config.permission` must never run, whoever calls it.
    let ran = false;
    const extra = await startTestPlatform();
    try {
      // Fastify allows adding routes until ready(); build a fresh app and add one before it starts.
      const { buildApp } = await import('./app.js');
      const app = await buildApp(extra.ctx, { logger: false });
      app.get('/api/v1/forgotten', async () => { ran = true; return { secret: 1 }; });
      const token = await extra.login('admin');
      const res = await app.inject({ url: '/api/v1/forgotten', headers: token });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('PERMISSION_UNDECLARED');
      expect(ran).toBe(false);
      await app.close();
    } finally {
      await extra.close();
    }
  });
});
