import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { DomainError } from '../errors.js';
import { ChangeFeed } from '../http/changes.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { opsState } from './ops.routes.js';

let p: TestPlatform;
const TOKEN = 'scrape-token-0123456789';

beforeAll(async () => {
  p = await startTestPlatform({}, { GOVSHARE_METRICS_TOKEN: TOKEN });
}, 120_000);
afterAll(async () => {
  await p?.close();
});

const metrics = (headers: Record<string, string> = {}) => p.app.inject({ method: 'GET', url: '/metrics', headers });

describe('/readyz', () => {
  it('is ready with the database, migrations and key, and not ready once a shutdown begins', async () => {
    const ok = await p.app.inject({ method: 'GET', url: '/readyz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', keys: 'ok', shutdown: 'no' } });
    opsState(p.ctx).draining = true;
    try {
      const draining = await p.app.inject({ method: 'GET', url: '/readyz' });
      expect(draining.statusCode).toBe(503);
      expect(draining.json().checks.shutdown).toBe('draining');
    } finally {
      opsState(p.ctx).draining = false;
    }
  });

  it('reports a migration this build knows and the database has not run', async () => {
    const last = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(p.ctx.db);
    const name = last.rows[0]!.name;
    await sql`DELETE FROM kysely_migration WHERE name = ${name}`.execute(p.ctx.db);
    try {
      const res = await p.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.migrations).toBe(`pending: ${name}`);
    } finally {
      await sql`INSERT INTO kysely_migration (name, timestamp) VALUES (${name}, ${new Date().toISOString()})`.execute(p.ctx.db);
    }
  });

  it('stays out of the published API description', async () => {
    const doc = (await p.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).not.toContain('/readyz');
    expect(Object.keys(doc.paths)).not.toContain('/metrics');
  });
});

describe('/metrics', () => {
  it('needs the scrape token when one is configured', async () => {
    expect((await metrics()).statusCode).toBe(403);
    expect((await metrics({ authorization: 'Bearer wrong-token-0123456789' })).json().error.code).toBe('METRICS_FORBIDDEN');
    expect((await metrics({ authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
  });

  it('counts requests by route pattern, exchanges from their audit events, and reads audit, nodes and deadlines', async () => {
    const admin = await p.login('admin');
    await p.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin });
    await p.app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    await p.ctx.audit.record({ action: 'exchange.query', outcome: 'denied', objectType: 'resource', objectId: 'R-1', actor: { id: null, name: 't', departmentId: null } });
    await p.ctx.audit.checkpoint();
    const res = await metrics({ authorization: `Bearer ${TOKEN}` });
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/govshare_http_requests_total\{method="GET",route="\/api\/v1\/auth\/me",status="200"\} 1/);
    expect(text).toMatch(/govshare_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).toMatch(/govshare_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/auth\/login"\} \d+/);
    expect(text).toContain('govshare_exchanges_total{resource="R-1",method="query",outcome="denied"} 1');
    expect(text).toMatch(/govshare_audit_head_seq [1-9]\d*/);
    expect(text).toContain('govshare_audit_unsealed_events 0');
    expect(text).toMatch(/govshare_audit_checkpoint_age_seconds \d/);
    expect(text).toContain('govshare_deadline_backlog{kind="application",state="open"} 0');
    expect(text).toContain('govshare_deadline_backlog{kind="dispute",state="overdue"} 0');
    expect(text).toContain('govshare_metrics_database_error 0');
  });

  it('without a token, answers only a direct loopback caller, never one relayed by a proxy', async () => {
    const q = await startTestPlatform();
    try {
      expect((await q.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
      expect((await q.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' })).statusCode).toBe(403);
      expect((await q.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.2.3' } })).statusCode).toBe(403);
    } finally {
      await q.close();
    }
  }, 120_000); // a second platform: its migrations take a while on a busy machine
});

describe('change feed', () => {
  it('relays local notices, not received ones, and settles before answering', async () => {
    const feed = new ChangeFeed();
    const heard: string[] = [];
    const sent: string[] = [];
    feed.on((t) => heard.push(t));
    let release!: () => void;
    feed.relayTo((t) => new Promise<void>((r) => { release = () => { sent.push(t); r(); }; }));
    feed.emit('grants');
    feed.receive('nodes');
    expect(heard).toEqual(['grants', 'nodes']);
    let settled = false;
    const s = feed.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    release();
    await s;
    expect(sent).toEqual(['grants']);
  });
});

describe('config file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      return err instanceof DomainError ? `${err.code}: ${err.messageEn}` : String(err);
    }
    return 'accepted';
  };

  it('reads settings named like the environment, validated the same way; the environment wins', () => {
    const f = write('ok.json', JSON.stringify({ PORT: 9090, GOVSHARE_REGION: '510100', GOVSHARE_LEVEL: 'city', GOVSHARE_PARENT_URL: 'https://province.example', GOVSHARE_SHUTDOWN_TIMEOUT_SECONDS: 5 }));
    const c = loadConfig({ GOVSHARE_CONFIG: f, PORT: '8181' });
    expect(c.port).toBe(8181);
    expect(c.region).toBe('510100');
    expect(c.level).toBe('city');
    expect(c.ops.shutdownTimeoutSeconds).toBe(5);
  });

  it('refuses a bad file with a message naming the problem', () => {
    expect(refusal({ GOVSHARE_CONFIG: path.join(dir, 'missing.json') })).toMatch(/^CONFIG_INVALID: .*cannot be read/);
    expect(refusal({ GOVSHARE_CONFIG: write('bad.json', '{"PORT": 1,') })).toMatch(/^CONFIG_INVALID: .*not valid JSON/);
    expect(refusal({ GOVSHARE_CONFIG: write('arr.json', '[]') })).toMatch(/one JSON object/);
    expect(refusal({ GOVSHARE_CONFIG: write('unknown.json', '{"PROT": 1}') })).toMatch(/^CONFIG_INVALID: Setting PROT is not a govshare setting/);
    expect(refusal({ GOVSHARE_CONFIG: write('range.json', '{"PORT": 70000}') })).toMatch(/^CONFIG_INVALID: Setting PORT must be a whole number/);
    expect(refusal({ GOVSHARE_CONFIG: write('nested.json', '{"PORT": {"a": 1}}') })).toMatch(/string, number or boolean/);
    expect(refusal({ GOVSHARE_METRICS_TOKEN: 'short' })).toMatch(/at least 16/);
  });
});
