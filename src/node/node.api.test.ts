import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamUrl } from './connectors/http.js';
import { startNode, type RunningNode } from './server.js';
import { bearer, testConfig, testKeys, ticket, type TestKeys } from './test-helpers.js';

/** Share method api: a department's own HTTP API behind the node (a Fastify stand-in here). */
let upstream: FastifyInstance;
let upstreamUrlBase: string;
let keys: TestKeys;
let node: RunningNode;
const seen: Array<{ url: string; headers: Record<string, unknown>; body: unknown }> = [];
const RES = 'api-1';

beforeAll(async () => {
  upstream = Fastify({ forceCloseConnections: true });
  upstream.all('/dept/api/*', async (req, reply) => {
    seen.push({ url: req.url, headers: req.headers, body: req.body });
    if (req.url.startsWith('/dept/api/html')) return reply.type('text/html').send('<p>张三 11010119900307803X</p>');
    if (req.url.startsWith('/dept/api/slow')) await new Promise((r) => setTimeout(r, 8000));
    if (req.url.startsWith('/dept/api/odd')) return { code: 1, msg: 'moved', result: [{ sfzh: '11010119900307803X', xm: '张三' }] };
    return { code: 0, msg: 'ok', total: 2, extra: { sfzh: '11010119900307803X' }, data: { page: 1, stats: [{ sjh: '13812345678' }], list: [
      { sfzh: '11010119900307803X', xm: '张三', mm: 'secret-1', sjh: '13812345678' },
      { sfzh: '110101199003070011', xm: '李四', mm: 'secret-2', sjh: '13900000000' },
    ] } };
  });
  upstreamUrlBase = await upstream.listen({ port: 0, host: '127.0.0.1' });
  keys = testKeys('intl');
  node = await startNode(testConfig(keys, {
    timeoutMs: 1000,
    sources: [{ name: 'up', type: 'http', url: `${upstreamUrlBase}/dept`, headers: { 'x-api-key': 'dept-own-key' } }],
    resources: [{ code: RES, source: 'up', endpoint: '/api', recordsPath: 'data.list', items: { 身份证号: 'sfzh', 姓名: 'xm', 手机号: 'sjh', 密码: 'mm' }, masks: { 手机号: 'phone' } }],
  }), { listen: { port: 0 } });
});

afterAll(async () => {
  await node?.close();
  await upstream?.close();
  keys?.cleanup();
});

const t = (over: Partial<Parameters<typeof ticket>[1]> = {}) => ticket(keys, { res: RES, items: ['身份证号', '姓名', '手机号'], masks: { 身份证号: 'id_number' }, method: 'api', ...over });

describe('api pass-through', () => {
  it('forwards the call and returns only the ticket\'s items, masked; the envelope passes', async () => {
    const res = await fetch(`${node.url}/v1/api/persons/search?name=%E5%BC%A0&page=1`, { method: 'POST', headers: { ...bearer(t()), 'content-type': 'application/json' }, body: '{"q":1}' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ code: 0, msg: 'ok', total: 2, data: { page: 1, list: [
      { sfzh: '110101********803X', xm: '张三', sjh: '138****5678' },
      { sfzh: '110101********0011', xm: '李四', sjh: '139****0000' },
    ] } });
    const odd = await (await fetch(`${node.url}/v1/api/odd`, { headers: bearer(t()) })).json();
    expect(odd).toEqual({ code: 1, msg: 'moved' }); // records elsewhere than recordsPath do not pass
    const last = seen.at(-2)!;
    expect(last.url).toBe('/dept/api/persons/search?name=%E5%BC%A0&page=1');
    expect(last.headers.authorization).toBeUndefined(); // the ticket stays at the node
    expect(last.headers['x-api-key']).toBe('dept-own-key');
    expect(last.body).toEqual({ q: 1 });
  });

  it('refuses paths that climb out of the endpoint, non-JSON answers, other methods, other tickets', async () => {
    for (const p of ['/v1/api/..%2f..%2fadmin', '/v1/api/a%2fb', '/v1/api/a%5c..%5cb']) { // (fetch itself resolves %2e%2e segments)
      const r = await fetch(`${node.url}${p}`, { headers: bearer(t()) });
      expect([r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([400, 'API_PATH_INVALID']);
    }
    const html = await fetch(`${node.url}/v1/api/html`, { headers: bearer(t()) });
    expect(html.status).toBe(502);
    expect(await html.text()).not.toContain('张三');
    const del = await fetch(`${node.url}/v1/api/persons`, { method: 'DELETE', headers: bearer(t()) });
    expect(del.status).toBe(403);
    const wrong = await fetch(`${node.url}/v1/api/persons`, { headers: bearer(t({ method: 'query' })) });
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('TICKET_METHOD_MISMATCH');
  });

  it('times out a slow upstream instead of hanging', async () => {
    const t0 = performance.now();
    const r = await fetch(`${node.url}/v1/api/slow`, { headers: bearer(t()) });
    expect(r.status).toBe(504);
    expect(performance.now() - t0).toBeLessThan(5000); // timeoutMs is 1 s; the upstream would take 8 s
  });

  it('builds upstream URLs segment by segment', () => {
    expect(upstreamUrl('http://h/base/', '/api/', 'a/b%20c', '?x=1').toString()).toBe('http://h/base/api/a/b%20c?x=1');
    expect(upstreamUrl('http://h', 'api', '', '').toString()).toBe('http://h/api');
    expect(() => upstreamUrl('http://h', 'api', '..', '')).toThrow();
    expect(() => upstreamUrl('http://h', 'api', 'a%5c..', '')).toThrow();
    expect(() => upstreamUrl('http://h', 'api', 'a/%2e%2E/b', '')).toThrow();
    expect(() => upstreamUrl('http://h', 'api', 'a/%zz', '')).toThrow();
  });
});
