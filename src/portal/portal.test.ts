import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingSuite } from '../crypto/suite.js';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { parseNodeConfig } from '../node/config.js';
import { startNode, type RunningNode } from '../node/server.js';
import { freePort } from '../net.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

// The open-data portal end to end (Art. 26): a published open resource served by a real node on this machine's
// PostgreSQL, read without login through the bus — listed, downloaded as CSV/JSON/xlsx, queried, audited, rate-limited.
const PG = process.env.NODE_SOURCE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `gs_open_${process.pid}_${Date.now()}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-open-'));
const RATE = 40;
let p: TestPlatform;
let node: RunningNode;
let code: string;
let closedCode: string;
const H: Record<string, { authorization: string }> = {};
const enc = encodeURIComponent;
const STATIONS = [
  ['CD001', '天府广场检测站', '13800001111', '成都市青羊区人民南路一段'],
  ['CD002', '春熙路检测站', '13800002222', '成都市锦江区春熙路'],
  ['MY001', '绵阳高新区检测站', '13800003333', '绵阳市涪城区'],
];
let ip = 0;
/** Each call from its own address, so only the rate-limit test meets the limit. */
const open = (url: string) => p.app.inject({ method: 'GET', url: `/api/v1/open${url}`, remoteAddress: `10.0.0.${++ip % 250}` });

beforeAll(async () => {
  const db = new pg.Client({ connectionString: PG });
  await db.connect();
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${schema}.stations (code text PRIMARY KEY, name text, phone text, address text)`);
  for (const row of STATIONS) await db.query(`INSERT INTO ${schema}.stations VALUES ($1, $2, $3, $4)`, row);
  await db.end();

  p = await startTestPlatform({ openRateLimitPerMinute: RATE });
  await seedDemo(p.ctx);
  H.admin = await p.login('admin');
  for (const u of ['gat_editor', 'gat_reviewer']) H[u] = await p.login(u, DEMO_PASSWORD);
  const inject = (method: 'POST', url: string, who: string, payload: object) => p.app.inject({ method, url: `/api/v1${url}`, headers: H[who]!, payload });

  const keys = signingSuite('intl').generateKeyPair();
  fs.writeFileSync(path.join(dir, 'node.key'), keys.privatePem, { mode: 0o600 });
  const port = await freePort();
  const reg = await inject('POST', '/nodes', 'admin', { departmentId: demoDepartmentId('gat'), name: '开放数据测试节点', url: `http://127.0.0.1:${port}`, publicKey: keys.publicPem });
  expect(reg.statusCode, reg.body).toBe(201);
  const { id: nodeId, platformPublicKey } = reg.json();
  async function publish(name: string, toPublic: boolean): Promise<string> {
    const d = await inject('POST', '/resources', 'gat_editor', {
      name, kind: 'department', departmentId: demoDepartmentId('gat'), abstract: '全省机动车安全技术检验机构的名称、地址和联系电话。', format: 'database',
      items: [{ name: '机构编号', dataType: 'C' }, { name: '机构名称', dataType: 'C' }, { name: '联系电话', dataType: 'C', mask: 'phone' }, { name: '地址', dataType: 'C' }],
      shareType: 'unconditional', shareMethods: ['table'], open: { toPublic }, updateCycle: 'monthly', nodeId,
    });
    expect(d.statusCode, d.body).toBeLessThan(300);
    for (const [step, who, body] of [['submit', 'gat_editor', {}], ['review', 'gat_reviewer', { decision: 'approve' }], ['publish', 'gat_reviewer', {}]] as const) {
      const r = await inject('POST', `/resources/${d.json().id}/${step}`, who, body);
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
    return d.json().code;
  }
  code = await publish('机动车检验机构交通信息（开放测试）', true);
  closedCode = await publish('机动车检验机构内部信息（不开放测试）', false);
  const items = { 机构编号: 'code', 机构名称: 'name', 联系电话: 'phone', 地址: 'address' };
  node = await startNode(parseNodeConfig({
    platformUrl: 'http://127.0.0.1:1', nodeId, platformPublicKey, listen: `127.0.0.1:${port}`, keyFile: 'node.key', logLevel: 'silent',
    sources: [{ name: 'db', type: 'postgres', url: PG }],
    resources: [code, closedCode].map((c) => ({ code: c, source: 'db', table: `${schema}.stations`, key: ['机构编号'], items })),
  }, dir), { listen: { host: '127.0.0.1', port } });
}, 120_000);

afterAll(async () => {
  await node?.close();
  await p?.close();
  const db = new pg.Client({ connectionString: PG });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('open-data portal', () => {
  it('lists open resources only, without login, and hides closed ones as not found', async () => {
    const list = await open(`/resources?q=${enc('机动车检验机构')}`);
    expect(list.statusCode, list.body).toBe(200);
    const codes = list.json().items.map((i: { code: string }) => i.code);
    expect(codes).toContain(code);
    expect(codes).not.toContain(closedCode);
    const closed = await open(`/resources/${enc(closedCode)}`);
    expect(closed.statusCode).toBe(404);
    expect(closed.json().error.code).toBe('RESOURCE_NOT_OPEN');
    expect((await open(`/resources/${enc(closedCode)}/download`)).json().error.code).toBe('RESOURCE_NOT_OPEN');
    const domains = await open('/domains');
    expect(domains.json().items.map((d: { zh: string }) => d.zh).slice(0, 3)).toEqual(['信用', '交通', '医疗']);
    expect(domains.json().items.find((d: { zh: string }) => d.zh === '交通').count).toBeGreaterThan(0);
  });

  it('shows the resource page with items, masks and licence', async () => {
    const r = await open(`/resources/${enc(code)}`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ code, downloadable: true, domain: 'transport', departmentName: '四川省公安厅' });
    expect(r.json().items.map((i: { name: string }) => i.name)).toEqual(['机构编号', '机构名称', '联系电话', '地址']);
    expect(r.json().items[2].masked).toBe('phone');
    expect(r.json().licence).toMatch(/许可/);
  });

  it('downloads CSV, JSON and xlsx from the node, masked as the catalog says', async () => {
    const csv = await open(`/resources/${enc(code)}/download?format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.body.slice(1).trim().split('\n');
    expect(lines).toHaveLength(STATIONS.length + 1);
    expect(csv.body).toContain('天府广场检测站');
    for (const s of STATIONS) expect(csv.body).not.toContain(s[2]); // phone numbers never unmasked

    const json = await open(`/resources/${enc(code)}/download?format=json`);
    const rows = JSON.parse(json.body) as Array<Record<string, string>>;
    expect(rows).toHaveLength(STATIONS.length);
    expect(rows[0]!['联系电话']).toMatch(/^138\*+\d{4}$/);

    const xlsx = await open(`/resources/${enc(code)}/download?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('数据')!;
    expect(ws.getRow(1).values).toEqual([undefined, '机构编号', '机构名称', '联系电话', '地址']);
    expect(ws.rowCount).toBe(STATIONS.length + 1);
    expect(JSON.stringify(ws.getSheetValues())).not.toContain(STATIONS[0]![2]);
  });

  it('answers the public API with paging and one equality filter; an unknown item is a coded 400', async () => {
    const page = await open(`/api/${enc(code)}?limit=2`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().rows).toHaveLength(2);
    expect(page.json().next).toBeTruthy();
    const rest = await open(`/api/${enc(code)}?limit=2&cursor=${enc(page.json().next)}`);
    expect(rest.json().rows).toHaveLength(1);
    const one = await open(`/api/${enc(code)}?item=${enc('机构编号')}&value=MY001`);
    expect(one.json().rows).toHaveLength(1);
    expect(JSON.stringify(one.json())).toContain('绵阳高新区检测站');
    const sqlish = await open(`/api/${enc(code)}?item=${enc('机构编号')}&value=${enc("' OR 1=1--")}`);
    expect(sqlish.json().rows).toHaveLength(0);
    const bad = await open(`/api/${enc(code)}?item=${enc('身份证号')}&value=1`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('ITEM_UNKNOWN');
  });

  it('audits every download and call with the actor "public", and counts usage', async () => {
    const events = await p.app.inject({ url: `/api/v1/audit/events?action=exchange.export&size=50`, headers: H.admin! });
    const mine = events.json().items.filter((e: { objectId: string }) => e.objectId === code);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine[0]).toMatchObject({ actorName: 'public', outcome: 'success' });
    expect(mine[0].detail).toMatchObject({ portal: true, grant: 'open' });
    const page = await open(`/resources/${enc(code)}`);
    expect(page.json().usage.download).toBeGreaterThanOrEqual(3);
    expect(page.json().usage.api).toBeGreaterThanOrEqual(3);
    const stats = await open('/stats');
    expect(stats.json().items.find((s: { code: string }) => s.code === code).downloads).toBeGreaterThanOrEqual(3);
  });

  it('rate-limits a burst from one address with a coded 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE + 5; i++) {
      const r = await p.app.inject({ method: 'GET', url: '/api/v1/open/domains', remoteAddress: '192.0.2.7' });
      statuses.push(r.statusCode);
      if (r.statusCode === 429) expect(r.json().error.code).toBe('RATE_LIMITED');
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(RATE);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect((await p.app.inject({ method: 'GET', url: '/api/v1/open/domains', remoteAddress: '192.0.2.8' })).statusCode).toBe(200);
  });
});
