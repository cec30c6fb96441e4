import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { ADMIN_PASSWORD, call, DEMO_PASSWORD, freshPostgres, login, prepareDeployment, root, serve } from './deployment.js';

// OpenTelemetry tracing (issue 11 item 3): a real `govshare serve` process with OTEL_EXPORTER_OTLP_ENDPOINT set sends
// its spans to an OTLP/HTTP receiver run here; without the variable nothing is sent and the SDK is never loaded.

interface OtlpAttr { key: string; value: { stringValue?: string; intValue?: string | number; boolValue?: boolean } }
interface OtlpSpan { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttr[] }
interface Received { resource: Record<string, unknown>; span: OtlpSpan; attrs: Record<string, unknown> }

const SERVER = 2; // OTLP SpanKind
const CLIENT = 3;
const flat = (attrs: OtlpAttr[] = []): Record<string, unknown> =>
  Object.fromEntries(attrs.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue]));

/** An OTLP/HTTP JSON receiver: POST /v1/traces. */
function receiver(): Promise<{ url: string; spans: Received[]; bodies: string[]; close(): Promise<void> }> {
  const spans: Received[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      if (req.method === 'POST' && req.url === '/v1/traces') {
        const doc = JSON.parse(body) as { resourceSpans: Array<{ resource: { attributes: OtlpAttr[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }> };
        for (const rs of doc.resourceSpans) {
          for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ resource: flat(rs.resource.attributes), span, attrs: flat(span.attributes) });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans, bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  })));
}

async function until<T>(what: string, f: () => T | undefined, out: () => string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}\n${out()}`);
}

// Preloaded into the served process: on exit it prints how many modules of the tracing SDK were loaded.
const PROBE = `data:text/javascript;base64,${Buffer.from(`
import { createRequire } from 'node:module';
const r = createRequire(process.cwd() + '/probe.js');
process.on('exit', () => process.stdout.write('sdk-modules:' + Object.keys(r.cache).filter((k) => k.includes('@opentelemetry/sdk-trace')).length + '\\n'));
`).toString('base64')}`;
const sdkModules = (out: string): number => Number(/sdk-modules:(\d+)/.exec(out)?.[1] ?? NaN);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-ops-tracing-'));
let otlp: Awaited<ReturnType<typeof receiver>>;

beforeAll(async () => {
  otlp = await receiver();
});

afterAll(async () => {
  await otlp?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('OpenTelemetry tracing', () => {
  it('exports the platform\'s HTTP server spans, named by route, with the service resource and no secrets', async () => {
    // On PostgreSQL (DATABASE_URL set) the request's database queries are traced too, as children of its span.
    const pgDb = process.env.DATABASE_URL ? await freshPostgres(process.env.DATABASE_URL) : undefined;
    const server = await serve({
      ...(pgDb ? { DATABASE_URL: pgDb.url } : { GOVSHARE_DATA: path.join(dir, 'traced') }), GOVSHARE_REGION: '510100', NODE_OPTIONS: `--import ${PROBE}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    try {
      const token = await login(server.url, 'admin', ADMIN_PASSWORD);
      const res = await fetch(`${server.url}/api/v1/resources?q=${encodeURIComponent('秘密查询词')}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);

      const span = await until('the server span of GET /api/v1/resources', () => otlp.spans.find((s) => s.span.kind === SERVER && s.attrs['http.route'] === '/api/v1/resources'), server.output);
      expect(span.span.name).toBe('GET /api/v1/resources');
      expect(span.attrs['http.status_code'] ?? span.attrs['http.response.status_code']).toBe(200);
      expect(span.resource['service.name']).toBe('govshare-platform');
      expect(span.resource['govshare.region']).toBe('510100');
      expect(span.resource['service.version']).toMatch(/^\d+\.\d+\.\d+/);
      if (pgDb) {
        const text = (s: Received) => s.attrs['db.query.text'] ?? s.attrs['db.statement'];
        const query = await until('a pg query span of the request', () => otlp.spans.find((s) => s.span.traceId === span.span.traceId && (s.attrs['db.system.name'] ?? s.attrs['db.system']) === 'postgresql' && text(s) !== undefined), server.output);
        expect(String(text(query))).toMatch(/select/i);
        expect(Object.keys(query.attrs).filter((k) => k.includes('parameters') || k.includes('values'))).toEqual([]);
      }
      // The login's span is there too; neither the password, the token nor the query string reach the collector.
      await until('the login span', () => otlp.spans.find((s) => s.attrs['http.route'] === '/api/v1/auth/login'), server.output);
      const sent = otlp.bodies.join('\n');
      expect(sent).not.toContain(token);
      expect(sent).not.toContain(ADMIN_PASSWORD);
      expect(sent).not.toContain(encodeURIComponent('秘密查询词'));
      expect(sent).not.toContain('秘密查询词');
      expect(sent.toLowerCase()).not.toContain('authorization');
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
      await pgDb?.drop();
    }
    expect(sdkModules(server.output())).toBeGreaterThan(0);
  }, 180_000);

  it('exports the spans still buffered when SIGTERM stops the platform', async () => {
    // A batch delay far beyond the test: the spans can only arrive through the flush on the way out.
    const server = await serve({ GOVSHARE_DATA: path.join(dir, 'flushed'), OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '600000' });
    let token = '';
    try {
      token = await login(server.url, 'admin', ADMIN_PASSWORD);
      expect((await fetch(`${server.url}/api/v1/resources/none`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    await until('the buffered span', () => otlp.spans.find((s) => s.attrs['http.route'] === '/api/v1/resources/:ref' && s.attrs['http.response.status_code'] === 404), server.output);
  }, 180_000);

  it('without OTEL_EXPORTER_OTLP_ENDPOINT sends nothing and never loads the SDK', async () => {
    const before = otlp.bodies.length;
    const env: Record<string, string> = { GOVSHARE_DATA: path.join(dir, 'untraced'), NODE_OPTIONS: `--import ${PROBE}`, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' };
    const server = await serve(env);
    try {
      const token = await login(server.url, 'admin', ADMIN_PASSWORD);
      expect((await fetch(`${server.url}/api/v1/resources`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(sdkModules(server.output())).toBe(0);
    expect(otlp.bodies.length).toBe(before);
  }, 180_000);

  it('links the platform\'s span, its client call to the node and the node\'s server span in one trace (W3C traceparent)', async () => {
    const where = { dataDir: path.join(dir, 'exchange') };
    const { code, nodeConfig } = await prepareDeployment(where, dir, 20);
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '200' };
    // The node as an operator runs it: `govshare node --config FILE`, its own process.
    const node = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'node', '--config', nodeConfig], { cwd: root, env: { ...process.env, ...otel } });
    let nodeOut = '';
    node.stdout.on('data', (d: Buffer) => (nodeOut += d.toString()));
    node.stderr.on('data', (d: Buffer) => (nodeOut += d.toString()));
    const nodeExit = new Promise<void>((r) => node.once('exit', () => r()));
    try {
      await until('the node to start', () => (/serving \d+ resource/.test(nodeOut) ? true : undefined), () => nodeOut);
      const server = await serve({ GOVSHARE_DATA: where.dataDir, ...otel });
      try {
        const token = await login(server.url, 'rst_user', DEMO_PASSWORD);
        const res = await call(server.url, token, 'POST', `/exchange/${encodeURIComponent(code)}/query`, { items: ['公民身份号码', '姓名'], limit: 5, purpose: '链路追踪测试' });
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        const out = () => `${server.output()}\n${nodeOut}`;

        const platformSpan = await until('the platform\'s query span', () => otlp.spans.find((s) => s.resource['service.name'] === 'govshare-platform' && s.span.kind === SERVER && s.attrs['http.route'] === '/api/v1/exchange/:code/query'), out);
        const nodeSpan = await until('the node\'s server span in the same trace', () => otlp.spans.find((s) => s.resource['service.name'] === 'govshare-node' && s.span.kind === SERVER && s.span.traceId === platformSpan.span.traceId), out);
        const clientSpan = otlp.spans.find((s) => s.span.spanId === nodeSpan.span.parentSpanId);
        expect(clientSpan?.span.kind).toBe(CLIENT);
        expect(clientSpan?.resource['service.name']).toBe('govshare-platform');
        expect(clientSpan?.span.traceId).toBe(platformSpan.span.traceId);
        expect(nodeSpan.span.name).toMatch(/^POST \/v1\/query/);

        // No data value, ticket or token in what was exported.
        const sent = otlp.bodies.join('\n');
        const answer = res.json as { rows: Array<Record<string, string>>; next?: string };
        const values = [...answer.rows.flatMap((r) => Object.values(r)), answer.next ?? ''].filter((v) => v.length > 1);
        expect(values.length).toBeGreaterThan(5);
        for (const v of values) expect(sent).not.toContain(v);
        expect(sent).not.toContain(token);
        expect(sent.toLowerCase()).not.toContain('authorization');
      } finally {
        await server.stop('SIGTERM');
      }
    } finally {
      node.kill('SIGTERM');
      await nodeExit;
    }
  }, 300_000);
});
