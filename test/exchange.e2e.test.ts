import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingSuite } from '../src/crypto/suite.js';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../src/demo/seed.js';
import { parseNodeConfig } from '../src/node/config.js';
import { startNode, type RunningNode } from '../src/node/server.js';
import { freePort } from '../src/net.js';
import { startTestPlatform, type TestPlatform } from '../src/test-support/platform.js';

// The bus end to end, as department systems call it: a platform, a real node process (in-process server) on this
// machine's PostgreSQL, a published conditional base resource, grants, tickets, masks, comparison and export.
const PG = process.env.NODE_SOURCE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `gs_e2e_${process.pid}_${Date.now()}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-e2e-'));
let p: TestPlatform;
let node: RunningNode;
let nodeClosed = false;
let code: string;
let apiCode: string;
let upstream: http.Server;
const H: Record<string, { authorization: string }> = {};
const enc = (c: string) => encodeURIComponent(c);
const inject = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
  p.app.inject({ method, url: `/api/v1${url}`, headers: H[who]!, ...(payload ? { payload } : {}) });

const PEOPLE = [
  ['510104199001011234', '张三', '13812345678', '成都市锦江区红星路1号'],
  ['510107198505052345', '李四', '13987654321', '成都市武侯区人民南路2号'],
  ['510105197012123456', '王五', '13700001111', '成都市青羊区西御街3号'],
];

beforeAll(async () => {
  const db = new pg.Client({ connectionString: PG });
  await db.connect();
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${schema}.people (id_number text PRIMARY KEY, full_name text, phone text, address text)`);
  for (const row of PEOPLE) await db.query(`INSERT INTO ${schema}.people VALUES ($1, $2, $3, $4)`, row);
  await db.end();

  p = await startTestPlatform();
  await seedDemo(p.ctx);
  H.admin = await p.login('admin');
  for (const u of ['gat_editor', 'gat_reviewer', 'rst_user', 'wjw_user']) H[u] = await p.login(u, DEMO_PASSWORD);

  const keys = signingSuite('intl').generateKeyPair();
  fs.writeFileSync(path.join(dir, 'node.key'), keys.privatePem, { mode: 0o600 });
  const port = await freePort();
  const reg = await inject('POST', '/nodes', 'admin', { departmentId: demoDepartmentId('gat'), name: '省公安厅人口库节点', url: `http://127.0.0.1:${port}`, publicKey: keys.publicPem });
  expect(reg.statusCode, reg.body).toBe(201);
  const { id: nodeId, platformPublicKey } = reg.json();

  const draft = await inject('POST', '/resources', 'gat_editor', {
    name: '人口基础信息（测试）', kind: 'base', classPath: ['人口'], departmentId: demoDepartmentId('gat'), abstract: '全省户籍人口的基础信息。', format: 'database',
    items: [
      { name: '公民身份号码', dataType: 'C', length: 18, base: true, mask: 'id_number' },
      { name: '姓名', dataType: 'C', length: 50, base: true, mask: 'name' },
      { name: '联系电话', dataType: 'C', length: 20, mask: 'phone' },
      { name: '户籍地址', dataType: 'C', length: 200 },
    ],
    shareType: 'conditional', shareConditions: '履职需要，经申请批准', shareMethods: ['table', 'compare'], open: { toPublic: false }, updateCycle: 'daily', nodeId,
  });
  expect(draft.statusCode, draft.body).toBeLessThan(300);
  const id = draft.json().id;
  expect((await inject('POST', `/resources/${id}/submit`, 'gat_editor', {})).statusCode).toBeLessThan(300);
  const rev = await inject('POST', `/resources/${id}/review`, 'gat_reviewer', { decision: 'approve' });
  expect(rev.statusCode, rev.body).toBeLessThan(300);
  const pub = await inject('POST', `/resources/${id}/publish`, 'gat_reviewer', {});
  expect(pub.statusCode, pub.body).toBeLessThan(300);
  code = draft.json().code;

  // A department's own HTTP API (share method api), answering records under "data".
  upstream = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ code: 0, data: PEOPLE.filter((r) => req.url?.includes(r[0]!)).map((r) => ({ sfzh: r[0], xm: r[1], dh: r[2] })) }));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  const apiDraft = await inject('POST', '/resources', 'gat_editor', {
    name: '户籍信息核验接口（测试）', kind: 'department', departmentId: demoDepartmentId('gat'), abstract: '按身份证号查询户籍信息的接口。', format: 'self_describing',
    items: [{ name: '公民身份号码', dataType: 'C', mask: 'id_number' }, { name: '姓名', dataType: 'C', mask: 'name' }, { name: '联系电话', dataType: 'C' }],
    shareType: 'unconditional', shareMethods: ['api'], open: { toPublic: false }, updateCycle: 'realtime', nodeId,
  });
  expect(apiDraft.statusCode, apiDraft.body).toBeLessThan(300);
  for (const [step, who, body] of [['submit', 'gat_editor', {}], ['review', 'gat_reviewer', { decision: 'approve' }], ['publish', 'gat_reviewer', {}]] as const) {
    const r = await inject('POST', `/resources/${apiDraft.json().id}/${step}`, who, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
  }
  apiCode = apiDraft.json().code;

  const config = parseNodeConfig({
    platformUrl: 'http://127.0.0.1:1', nodeId, platformPublicKey, listen: `127.0.0.1:${port}`, keyFile: 'node.key',
    sources: [{ name: 'hk', type: 'postgres', url: PG }, { name: 'api', type: 'http', url: upstreamUrl }],
    resources: [
      { code, source: 'hk', table: `${schema}.people`, key: ['公民身份号码'], items: { 公民身份号码: 'id_number', 姓名: 'full_name', 联系电话: 'phone', 户籍地址: 'address' } },
      { code: apiCode, source: 'api', endpoint: '/people', key: ['公民身份号码'], items: { 公民身份号码: 'sfzh', 姓名: 'xm', 联系电话: 'dh' }, recordsPath: 'data' },
    ],
  }, dir);
  node = await startNode(config, { listen: { host: '127.0.0.1', port } });
}, 120_000);

afterAll(async () => {
  upstream?.close();
  if (node && !nodeClosed) await node.close();
  await p?.close();
  const db = new pg.Client({ connectionString: PG });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

const allText = (s: string) => PEOPLE.flat().filter((v) => s.includes(v));

describe('exchange bus end to end', () => {
  it('base items are open to any department (Art. 20), masked at the node', async () => {
    const res = await inject('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['公民身份号码', '姓名'], limit: 10 });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as Array<Record<string, string>>;
    expect(rows).toHaveLength(3);
    expect(rows[0]!['公民身份号码']).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(rows[0]!['姓名']).toMatch(/^.\*+$/);
    expect(allText(res.body)).toEqual([]); // no unmasked value anywhere in the answer
  });

  it('a conditional item needs a grant; then only granted items, masks stricter only', async () => {
    const denied = await inject('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['姓名', '户籍地址'] });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('GRANT_REQUIRED');
    const grant = await inject('POST', '/grants', 'admin', {
      resourceCode: code, consumerDepartmentId: demoDepartmentId('rst'), items: ['户籍地址', '联系电话'], purpose: '社保待遇资格认证',
      validFrom: '2020-01-01', validUntil: '2099-12-31', masks: { 户籍地址: 'keep:6,0' },
    });
    expect(grant.statusCode, grant.body).toBe(201);
    const ok = await inject('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['公民身份号码', '联系电话', '户籍地址'], filter: [{ item: '公民身份号码', op: 'eq', value: PEOPLE[1]![0] }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().rows).toEqual([{ 公民身份号码: '510107********2345', 联系电话: '139****4321', 户籍地址: '成都市武侯区******' }]);
    const other = await inject('POST', `/exchange/${enc(code)}/query`, 'wjw_user', { items: ['户籍地址'] });
    expect(other.json().error.code).toBe('GRANT_REQUIRED'); // another department has no grant
  });

  it('filter values carrying SQL are only values', async () => {
    for (const value of ["' OR 1=1 --", "x'; DROP TABLE people; --", '%']) {
      const res = await inject('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['姓名'], filter: [{ item: '公民身份号码', op: 'prefix', value }] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().rows).toEqual([]);
    }
    const bad = await inject('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['姓名'], filter: [{ item: 'full_name; DROP TABLE x', op: 'eq', value: 'a' }] });
    expect(bad.statusCode).toBeGreaterThanOrEqual(400);
    expect(bad.statusCode).toBeLessThan(500);
  });

  it('compares without echoing a provider value (Art. 23)', async () => {
    const res = await inject('POST', `/exchange/${enc(code)}/compare`, 'rst_user', {
      keys: ['公民身份号码'], purpose: '案件编号 2026-001',
      records: [{ 公民身份号码: PEOPLE[0]![0], 姓名: '张三' }, { 公民身份号码: PEOPLE[1]![0], 姓名: '赵六' }, { 公民身份号码: '510104200001010000', 姓名: '无此人' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const results = res.json().results as Array<{ index: number; status: string; items: Record<string, string> }>;
    expect(results.map((r) => r.status)).toEqual(['match', 'mismatch', expect.stringMatching(/not_found|mismatch/)]);
    expect(results[1]!.items['姓名']).toBe('mismatch');
    expect(res.body).not.toContain('李四');
    const noPurpose = await inject('POST', `/exchange/${enc(code)}/compare`, 'wjw_user', { keys: ['公民身份号码'], records: [{ 公民身份号码: PEOPLE[0]![0], 姓名: '张三' }] });
    expect(noPurpose.json().error.code).toBe('PURPOSE_REQUIRED');
  });

  it('guards comparison: alerts on a high no-match share, refuses past the daily quota', async () => {
    const { COMPARE_LIMITS } = await import('../src/exchange/compare-guard.js');
    const probe = Array.from({ length: 120 }, (_, i) => ({ 公民身份号码: `51010419900101${String(1000 + i).slice(-4)}`, 姓名: '某某' }));
    const res = await inject('POST', `/exchange/${enc(code)}/compare`, 'wjw_user', { keys: ['公民身份号码'], records: probe, purpose: '批量核验' });
    expect(res.statusCode, res.body).toBe(200);
    await p.ctx.audit.flush();
    const alerts = (await inject('GET', '/audit/events?action=alert.compare.no_match_rate', 'admin')).json().items;
    expect(alerts.length).toBeGreaterThan(0);
    const saved = COMPARE_LIMITS.dailyRecords;
    COMPARE_LIMITS.dailyRecords = 150;
    try {
      const over = await inject('POST', `/exchange/${enc(code)}/compare`, 'wjw_user', { keys: ['公民身份号码'], records: probe, purpose: '批量核验' });
      expect(over.statusCode).toBe(429);
      expect(over.json().error.code).toBe('QUOTA_EXCEEDED');
    } finally {
      COMPARE_LIMITS.dailyRecords = saved;
    }
  });

  it("a grant's own daily comparison quota is enforced, across calls", async () => {
    const grant = await inject('POST', '/grants', 'admin', {
      resourceCode: code, consumerDepartmentId: demoDepartmentId('mzt'), items: ['户籍地址'], methods: ['compare'], purpose: '婚姻登记核验',
      validFrom: '2020-01-01', validUntil: '2099-12-31', dailyQuota: 5,
    });
    expect(grant.statusCode, grant.body).toBe(201);
    const u = await inject('POST', '/users', 'admin', { username: 'mzt_user', password: 'Minzheng@Test2026', departmentId: demoDepartmentId('mzt'), roles: ['data_user'] });
    expect(u.statusCode, u.body).toBe(201);
    H.mzt_user = await p.login('mzt_user', 'Minzheng@Test2026');
    const records = PEOPLE.map((r) => ({ 公民身份号码: r[0]!, 户籍地址: r[3]! }));
    const first = await inject('POST', `/exchange/${enc(code)}/compare`, 'mzt_user', { keys: ['公民身份号码'], records, purpose: '婚姻登记核验' });
    expect(first.statusCode, first.body).toBe(200); // 3 of 5
    const second = await inject('POST', `/exchange/${enc(code)}/compare`, 'mzt_user', { keys: ['公民身份号码'], records, purpose: '婚姻登记核验' });
    expect(second.statusCode).toBe(429); // 3 + 3 > 5
    expect(second.json().error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { quota: 5, used: 3 } });
  });

  it('exports a stream within the grant, masked', async () => {
    const res = await inject('GET', `/exchange/${enc(code)}/export?format=ndjson&items=${enc('公民身份号码,联系电话')}`, 'rst_user');
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    const rows = lines.filter((l) => '公民身份号码' in l);
    expect(rows).toHaveLength(3);
    expect(allText(res.body)).toEqual([]);
  });

  it('a ticket lets the consumer call the node directly, once; forged and replayed tickets are refused', async () => {
    const t = await inject('POST', `/exchange/${enc(code)}/ticket`, 'rst_user', { items: ['姓名'], method: 'query' });
    expect(t.statusCode, t.body).toBe(200);
    const { ticket, nodeUrl } = t.json();
    const call = (tk: string) => fetch(`${nodeUrl}/v1/query`, { method: 'POST', headers: { authorization: `Bearer ${tk}`, 'content-type': 'application/json' }, body: JSON.stringify({ items: ['姓名'] }) });
    const first = await call(ticket);
    expect(first.status).toBe(200);
    const again = await call(ticket);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('TICKET_REPLAYED');
    const [h, b] = ticket.split('.');
    const claims = JSON.parse(Buffer.from(b, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, items: ['户籍地址'], jti: 'x' })).toString('base64url')}.${ticket.split('.')[2]}`;
    expect(((await (await call(forged)).json()) as { error: { code: string } }).error.code).toBe('TICKET_SIGNATURE_INVALID');
    const wider = await fetch(`${nodeUrl}/v1/query`, { method: 'POST', headers: { authorization: `Bearer ${(await inject('POST', `/exchange/${enc(code)}/ticket`, 'rst_user', { items: ['姓名'], method: 'query' })).json().ticket}`, 'content-type': 'application/json' }, body: JSON.stringify({ items: ['户籍地址'] }) });
    expect(((await wider.json()) as { error: { code: string } }).error.code).toBe('ITEM_NOT_IN_TICKET');
  });

  it('audits each exchange with rows, ticket and duration, never the compared inputs', async () => {
    await p.ctx.audit.flush();
    const ev = (await inject('GET', `/audit/events?objectId=${enc(code)}&size=100`, 'admin')).json().items as Array<{ action: string; outcome: string; detail: Record<string, unknown> }>;
    const q = ev.find((e) => e.action === 'exchange.query' && e.outcome === 'success')!;
    expect(q.detail).toMatchObject({ ticket: expect.any(String), node: expect.any(String), items: expect.any(Array), durationMs: expect.any(Number), rows: expect.any(Number) });
    expect(ev.some((e) => e.action === 'exchange.query' && (e.detail.rows as number) > 0)).toBe(true); // the node's x-row-count
    expect(ev.some((e) => e.action === 'exchange.query' && e.outcome === 'denied')).toBe(true);
    const compares = ev.filter((e) => e.action === 'exchange.compare' && e.outcome === 'success');
    expect(compares.map((e) => e.detail.records)).toContain(3);
    expect(JSON.stringify(ev)).not.toContain(PEOPLE[0]![0]);
  });

  it('passes an API call through the node to the department\'s own API, masked (share method api)', async () => {
    const res = await p.app.inject({ method: 'GET', url: `/api/v1/exchange/${enc(apiCode)}/api/lookup?sfzh=${PEOPLE[0]![0]}`, headers: H.wjw_user! });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual([{ sfzh: '510104********1234', xm: '张*', dh: '13812345678' }]);
    expect(res.body).not.toContain('张三');
    const notOffered = await p.app.inject({ method: 'GET', url: `/api/v1/exchange/${enc(code)}/api/lookup`, headers: H.wjw_user! });
    expect(notOffered.json().error.code).toBe('METHOD_NOT_OFFERED');
  });

  it('pulls the node\'s signed log and stats, and reconciles it with the bus by ticket id', async () => {
    const nodes = (await inject('GET', '/nodes', 'admin')).json().items as Array<{ id: string }>;
    const sync = await inject('POST', `/nodes/${nodes[0]!.id}/sync`, 'admin');
    expect(sync.statusCode, sync.body).toBe(200);
    expect(sync.json().events).toBeGreaterThan(5);
    expect(sync.json().resources).toBeGreaterThanOrEqual(1);
    const again = await inject('POST', `/nodes/${nodes[0]!.id}/sync`, 'admin');
    // Only the sync calls themselves are new (the node logs them too); nothing is stored twice.
    expect(again.json().events).toBeLessThanOrEqual(2);
    const stored = await p.ctx.db.selectFrom('node_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(again.json().lastSeq);
    const stats = await p.ctx.db.selectFrom('resource_stats').selectAll().execute();
    expect(stats[0]).toMatchObject({ resource_code: code, row_count: 3 });
    const rec = await inject('GET', `/nodes/${nodes[0]!.id}/reconcile?since=2000-01-01T00:00:00Z`, 'admin');
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().matched).toBeGreaterThan(3);
    expect(rec.json().onlyOnBus).toEqual([]);
  });

  it('the scheduler job probes the node and pulls its log once across instances', async () => {
    const { nodeHealthJob } = await import('../src/exchange/node-health.job.js');
    const [a, b] = await Promise.all([nodeHealthJob(p.ctx), nodeHealthJob(p.ctx)]);
    expect([a.skipped, b.skipped].filter(Boolean)).toHaveLength(1); // one of two parallel runs holds the lease
    const ran = a.skipped ? b : a;
    expect(ran).toMatchObject({ probed: 1, down: 0, failed: 0 });
    const n = await p.ctx.db.selectFrom('nodes').select(['last_seen_at', 'last_latency_ms', 'version']).executeTakeFirstOrThrow();
    expect(n.last_seen_at).toBeTruthy();
    expect(n.version).toBeTruthy();
  });

  it('a node that is down gives a clear error at once, and a revoked grant stops access', async () => {
    await node.close();
    nodeClosed = true;
    const started = Date.now();
    const res = await inject('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['姓名'] });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('NODE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(10_000);
    const grants = (await inject('GET', `/grants?resource=${enc(code)}`, 'admin')).json().items as Array<{ id: string; consumerDepartmentId: string }>;
    const rst = grants.find((g) => g.consumerDepartmentId === demoDepartmentId('rst'))!;
    expect((await inject('POST', `/grants/${rst.id}/revoke`, 'admin', { reason: '测试撤销' })).statusCode).toBe(204);
    const after = await inject('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['户籍地址'] });
    expect(after.json().error.code).toBe('GRANT_REQUIRED');
  });
});
