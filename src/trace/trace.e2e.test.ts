import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingSuite } from '../crypto/suite.js';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { parseNodeConfig } from '../node/config.js';
import { startNode, type RunningNode } from '../node/server.js';
import { freePort } from '../net.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { traceLeak } from '../watermark/leak.service.js';

// Trace and watermarks end to end (issue 7 items 3, 5): a platform, a real node on this machine's PostgreSQL, a
// query presenting a record key, a comparison, a watermarked export; then an auditor's trace and a leaked file.
const PG = process.env.NODE_SOURCE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `gs_trace_${process.pid}_${Date.now()}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-trace-'));
let p: TestPlatform;
let node: RunningNode;
let code: string;
const H: Record<string, { authorization: string }> = {};
const enc = (c: string) => encodeURIComponent(c);
const get = (url: string, who: string) => p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: H[who]! });
const post = (url: string, who: string, payload: object) => p.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: H[who]!, payload });

// 40 people, so an export has marked rows beyond the first 16 and the file can be cut into fragments.
const PEOPLE = Array.from({ length: 40 }, (_, i) => [`5101041990010${String(10000 + i).slice(1)}`.slice(0, 17) + String(i % 10), `姓名${i}`, `1381234${String(1000 + i)}`, `成都市锦江区红星路${i}号`]);
const KEY = PEOPLE[7]![0]!;

type Row = { action: string; category: string; userName: string | null; departmentId: string | null; match: string | null; resource: string | null; exportId: string | null };

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
  for (const u of ['gat_editor', 'gat_reviewer', 'gat_security', 'rst_user', 'wjw_user', 'auditor', 'office', 'cd_office']) H[u] = await p.login(u, DEMO_PASSWORD);
  const officer = await post('/users', 'admin', { username: 'wjw_security', password: DEMO_PASSWORD, departmentId: demoDepartmentId('wjw'), roles: ['security_officer'] });
  expect(officer.statusCode, officer.body).toBe(201);
  H.wjw_security = await p.login('wjw_security', DEMO_PASSWORD);

  const keys = signingSuite('intl').generateKeyPair();
  fs.writeFileSync(path.join(dir, 'node.key'), keys.privatePem, { mode: 0o600 });
  const port = await freePort();
  const reg = await post('/nodes', 'admin', { departmentId: demoDepartmentId('gat'), name: '省公安厅人口库节点', url: `http://127.0.0.1:${port}`, publicKey: keys.publicPem });
  expect(reg.statusCode, reg.body).toBe(201);
  const { id: nodeId, platformPublicKey } = reg.json();
  const draft = await post('/resources', 'gat_editor', {
    name: '人口基础信息（溯源测试）', kind: 'base', classPath: ['人口'], departmentId: demoDepartmentId('gat'), abstract: '全省户籍人口的基础信息。', format: 'database',
    items: [
      { name: '公民身份号码', dataType: 'C', length: 18, base: true, mask: 'id_number' },
      { name: '姓名', dataType: 'C', length: 50, base: true, mask: 'name' },
      { name: '联系电话', dataType: 'C', length: 20, mask: 'phone' },
      { name: '户籍地址', dataType: 'C', length: 200 },
    ],
    shareType: 'conditional', shareConditions: '履职需要，经申请批准', shareMethods: ['table', 'compare'], open: { toPublic: false }, updateCycle: 'daily', nodeId,
  });
  expect(draft.statusCode, draft.body).toBeLessThan(300);
  for (const [step, who, body] of [['submit', 'gat_editor', {}], ['review', 'gat_reviewer', { decision: 'approve' }], ['publish', 'gat_reviewer', {}]] as const) {
    const r = await post(`/resources/${draft.json().id}/${step}`, who, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
  }
  code = draft.json().code;
  const grant = await post('/grants', 'admin', {
    resourceCode: code, consumerDepartmentId: demoDepartmentId('rst'), items: ['户籍地址', '联系电话'], purpose: '社保待遇资格认证', validFrom: '2020-01-01', validUntil: '2099-12-31',
  });
  expect(grant.statusCode, grant.body).toBe(201);
  const config = parseNodeConfig({
    platformUrl: 'http://127.0.0.1:1', nodeId, platformPublicKey, listen: `127.0.0.1:${port}`, keyFile: 'node.key', logLevel: 'silent',
    sources: [{ name: 'hk', type: 'postgres', url: PG }],
    resources: [{ code, source: 'hk', table: `${schema}.people`, key: ['公民身份号码'], items: { 公民身份号码: 'id_number', 姓名: 'full_name', 联系电话: 'phone', 户籍地址: 'address' } }],
  }, dir);
  node = await startNode(config, { listen: { host: '127.0.0.1', port } });
}, 120_000);

afterAll(async () => {
  if (node) await node.close();
  await p?.close();
  const db = new pg.Client({ connectionString: PG });
  await db.connect();
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await db.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('trace (溯源) end to end', () => {
  it('traces a record key presented in a real query and a comparison, by keyed hash only', async () => {
    const q = await post(`/exchange/${enc(code)}/query`, 'rst_user', { items: ['公民身份号码', '联系电话'], filter: [{ item: '公民身份号码', op: 'eq', value: KEY }], purpose: '核查待遇资格' });
    expect(q.statusCode, q.body).toBe(200);
    expect(q.json().rows).toHaveLength(1);
    const other = await post(`/exchange/${enc(code)}/query`, 'rst_user', { items: ['姓名'], filter: [{ item: '公民身份号码', op: 'eq', value: PEOPLE[3]![0] }] });
    expect(other.statusCode).toBe(200);
    const c = await post(`/exchange/${enc(code)}/compare`, 'wjw_user', { keys: ['公民身份号码'], purpose: '案件 2026-07', records: [{ 公民身份号码: KEY.toLowerCase(), 姓名: '姓名7' }] });
    expect(c.statusCode, c.body).toBe(200);

    const t = await get(`/trace?recordKey=${KEY}`, 'auditor');
    expect(t.statusCode, t.body).toBe(200);
    const rows = t.json().items as Row[];
    const keyed = rows.filter((r) => r.match === 'key');
    expect(keyed.map((r) => r.action).sort()).toEqual(['exchange.compare', 'exchange.query']);
    expect(keyed.find((r) => r.action === 'exchange.query')).toMatchObject({ category: 'query', departmentId: demoDepartmentId('rst'), resource: code });
    expect(keyed.find((r) => r.action === 'exchange.compare')).toMatchObject({ category: 'comparison', departmentId: demoDepartmentId('wjw') });

    // Neither the index nor the log holds the key itself.
    const keysTable = await p.ctx.db.selectFrom('trace_keys').select('key_hash').execute();
    expect(keysTable.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(keysTable)).not.toContain(KEY);
    const log = await p.ctx.db.selectFrom('audit_events').select('detail').execute();
    expect(JSON.stringify(log)).not.toContain(KEY);
    const none = await get(`/trace?recordKey=510104190001010000`, 'auditor');
    expect(none.json().items.filter((r: Row) => r.match === 'key')).toEqual([]);
  });

  it('traces a resource, a department\'s data and a user, within a time range', async () => {
    const byRes = (await get(`/trace?resource=${enc(code)}&size=100`, 'auditor')).json();
    expect(byRes.items.map((r: Row) => r.category)).toEqual(expect.arrayContaining(['query', 'comparison', 'update', 'collection', 'share']));
    const byDept = (await get(`/trace?department=${demoDepartmentId('gat')}&size=100`, 'auditor')).json();
    expect(byDept.total).toBeGreaterThanOrEqual(byRes.total);
    const me = await p.ctx.db.selectFrom('users').select('id').where('username', '=', 'wjw_user').executeTakeFirstOrThrow();
    const byUser = (await get(`/trace?user=${me.id}`, 'auditor')).json();
    expect(byUser.items.length).toBeGreaterThan(0);
    expect(byUser.items.every((r: Row) => r.userName === '省卫生健康委 数据使用者' || r.userName === 'wjw_user')).toBe(true);
    const past = (await get(`/trace?resource=${enc(code)}&to=2020-01-01`, 'auditor')).json();
    expect(past.total).toBe(0);
    expect((await get('/trace?from=2026-13-45', 'auditor')).statusCode).toBe(400);
  });

  it('traces a direct call at the node (Art. 23 ticket) from the node\'s shipped log', async () => {
    const t = await post(`/exchange/${enc(code)}/ticket`, 'wjw_user', { items: ['姓名'], method: 'query' });
    expect(t.statusCode, t.body).toBe(200);
    const direct = await fetch(`${t.json().nodeUrl}/v1/query`, { method: 'POST', headers: { authorization: `Bearer ${t.json().ticket}`, 'content-type': 'application/json' }, body: JSON.stringify({ items: ['姓名'], limit: 5 }) });
    expect(direct.status).toBe(200);
    const nodes = (await get('/nodes', 'admin')).json().items as Array<{ id: string }>;
    expect((await p.app.inject({ method: 'POST', url: `/api/v1/nodes/${nodes[0]!.id}/sync`, headers: H.admin! })).statusCode).toBe(200);
    const access = (await get(`/trace?resource=${enc(code)}&category=access`, 'auditor')).json().items as Array<Row & { ticket: string; rows: number }>;
    expect(access).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'node.access.query', departmentId: demoDepartmentId('wjw'), rows: 5 })]));
  });

  it('a security officer traces its own department\'s data, and another department\'s officer cannot', async () => {
    const own = (await get(`/trace?recordKey=${KEY}`, 'gat_security')).json();
    expect(own.items.filter((r: Row) => r.match === 'key')).toHaveLength(2);
    const foreign = (await get(`/trace?recordKey=${KEY}`, 'wjw_security')).json().items as Row[];
    // Only what its own users did (the comparison by 卫健委) — never 人社厅's query of 公安厅's data.
    expect(foreign.map((r) => r.departmentId)).not.toContain(demoDepartmentId('rst'));
    expect(foreign.every((r) => r.departmentId === demoDepartmentId('wjw'))).toBe(true);
    const foreignRes = (await get(`/trace?resource=${enc(code)}&size=100`, 'wjw_security')).json().items as Row[];
    expect(foreignRes.every((r) => r.departmentId === demoDepartmentId('wjw'))).toBe(true);
    // An office traces within its region: the province's office sees provincial departments, 成都市's does not.
    expect((await get(`/trace?recordKey=${KEY}`, 'office')).json().items.filter((r: Row) => r.match === 'key')).toHaveLength(2);
    expect((await get(`/trace?recordKey=${KEY}`, 'cd_office')).json().total).toBe(0);
    expect((await get('/trace', 'rst_user')).statusCode).toBe(403);
    expect((await get('/trace', 'gat_editor')).statusCode).toBe(403);
  });

  it('exports a trace for an investigation: audited and watermarked (csv, xlsx)', async () => {
    const csv = await get(`/trace?resource=${enc(code)}&format=csv`, 'auditor');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toMatch(/^\uFEFF# govshare-watermark [\w-]+\.[\w-]+\.[\w-]+\r\n/);
    expect(csv.body).toMatch(/# govshare-watermark-end [\w-]+\.[\w-]+\.[\w-]+\r\n$/);
    const file = path.join(dir, 'trace.csv');
    fs.writeFileSync(file, csv.rawPayload);
    const r = await traceLeak(p.ctx.db, 'intl', file);
    expect(r).toMatchObject({ by: 'header+marks', tampered: false, source: { departmentName: '四川省审计厅', grant: null } });
    expect(r.signed.end?.bodyIntact).toBe(true);
    const xlsx = await get(`/trace?resource=${enc(code)}&format=xlsx`, 'auditor');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.keywords).toMatch(/^govshare-watermark wm-[0-9a-f]{16}$/);
    expect(wb.worksheets[0]!.headerFooter.oddFooter).toContain('水印 wm-');
    const xfile = path.join(dir, 'trace.xlsx');
    fs.writeFileSync(xfile, xlsx.rawPayload);
    expect((await traceLeak(p.ctx.db, 'intl', xfile)).signed.head?.signature).toBe('valid');
    await p.ctx.audit.flush();
    const logged = await p.ctx.db.selectFrom('audit_events').select(['action', 'detail']).where('action', 'in', ['trace.export', 'trace.query']).execute();
    expect(logged.filter((e) => e.action === 'trace.export')).toHaveLength(2);
    expect(JSON.stringify(logged)).not.toContain(KEY);
  });
});

describe('watermarked exports (Art. 39(4))', () => {
  let csvFile: string;
  let ndFile: string;

  it('a bus export carries a signed header and trailer and marked rows, values unchanged, and is traced', async () => {
    const res = await get(`/exchange/${enc(code)}/export?format=csv&items=${enc('公民身份号码,联系电话,户籍地址')}`, 'rst_user');
    expect(res.statusCode, res.body).toBe(200);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFF# govshare-watermark /);
    expect(lines[1]).toBe('公民身份号码,联系电话,户籍地址');
    expect(lines.filter((l) => l.includes('"')).length).toBe(40); // the first 64 rows are all marked
    const unquote = (l: string) => l.replace(/"/g, '');
    const plain = await get(`/exchange/${enc(code)}/export?format=csv&items=${enc('公民身份号码,联系电话,户籍地址')}`, 'rst_user');
    const data = (s: string) => s.split('\r\n').filter((l) => l !== '' && !l.startsWith('# ') && !l.startsWith('\uFEFF')).map(unquote);
    expect(data(res.body)).toEqual(data(plain.body)); // the same values, only quoted differently
    expect(data(res.body)).toHaveLength(41); // the header row of item names + 40 rows
    csvFile = path.join(dir, 'export.csv');
    fs.writeFileSync(csvFile, res.rawPayload);

    const nd = await get(`/exchange/${enc(code)}/export?format=ndjson&items=${enc('公民身份号码,联系电话')}`, 'rst_user');
    expect(nd.statusCode).toBe(200);
    const ndLines = nd.body.trim().split('\n');
    expect(ndLines[0]).toMatch(/^\{"\$watermark":"/);
    expect(ndLines.at(-1)).toMatch(/^\{"\$watermark_end":"/);
    const parsed = ndLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((o) => '公民身份号码' in o);
    expect(parsed).toHaveLength(40);
    expect(ndLines.some((l) => l.includes('": "'))).toBe(true);
    ndFile = path.join(dir, 'export.ndjson');
    fs.writeFileSync(ndFile, nd.rawPayload);

    const t = (await get(`/trace?resource=${enc(code)}&category=download&size=100`, 'auditor')).json().items as Row[];
    expect(t.filter((r) => r.action === 'watermark.issue' && r.exportId)).toHaveLength(3);
    expect(t.filter((r) => r.action === 'exchange.export')).toHaveLength(3);
  });

  it('trace-leak names the export from the file, a stripped copy and a fragment, and flags a tampered header', async () => {
    const whole = await traceLeak(p.ctx.db, 'intl', csvFile);
    expect(whole).toMatchObject({ by: 'header+marks', tampered: false, source: { department: demoDepartmentId('rst'), resource: code, grant: expect.any(String) } });
    expect(whole.source!.userName).toBe('rst_user');
    expect(whole.signed.end).toMatchObject({ signature: 'valid', bodyIntact: true });
    const exportId = whole.source!.exportId;

    const text = fs.readFileSync(csvFile, 'utf8');
    const stripped = path.join(dir, 'stripped.csv');
    fs.writeFileSync(stripped, text.split('\r\n').filter((l) => !l.includes('govshare-watermark')).join('\r\n'));
    const s = await traceLeak(p.ctx.db, 'intl', stripped);
    expect(s).toMatchObject({ by: 'marks', tampered: false, source: { exportId } });
    expect(s.signed.head).toBeUndefined();

    const fragment = path.join(dir, 'fragment.csv');
    fs.writeFileSync(fragment, text.split('\r\n').slice(20, 38).join('\r\n')); // 18 rows from the middle, no header, no BOM
    expect((await traceLeak(p.ctx.db, 'intl', fragment)).source?.exportId).toBe(exportId);

    const nd = await traceLeak(p.ctx.db, 'intl', ndFile);
    expect(nd.by).toBe('header+marks');
    expect(nd.source!.exportId).not.toBe(exportId);

    // A forged header: claims edited to blame another department, signature kept.
    const [head, ...rest] = text.split('\r\n');
    const jws = head!.split(' ')[2]!;
    const [h, b, sig] = jws.split('.');
    const claims = JSON.parse(Buffer.from(b!, 'base64url').toString());
    const forgedJws = `${h}.${Buffer.from(JSON.stringify({ ...claims, department: demoDepartmentId('wjw') })).toString('base64url')}.${sig}`;
    const tampered = path.join(dir, 'tampered.csv');
    fs.writeFileSync(tampered, [`\uFEFF# govshare-watermark ${forgedJws}`, ...rest].join('\r\n'));
    const t = await traceLeak(p.ctx.db, 'intl', tampered);
    expect(t.signed.head?.signature).toBe('invalid');
    expect(t.tampered).toBe(true);
    expect(t).toMatchObject({ by: 'marks', source: { exportId, department: demoDepartmentId('rst') } }); // the marks still tell the truth

    const unrelated = path.join(dir, 'unrelated.csv');
    fs.writeFileSync(unrelated, '\uFEFFa,b\r\n1,2\r\n"3","4"\r\n');
    expect((await traceLeak(p.ctx.db, 'intl', unrelated)).source).toBeUndefined();
    await expect(traceLeak(p.ctx.db, 'intl', path.join(dir, 'no-such-file.csv'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('govshare trace-leak, on another machine: verifies the header against the given public key and names the export', async () => {
    const exportId = (await traceLeak(p.ctx.db, 'intl', csvFile)).source!.exportId;
    const tampered = path.join(dir, 'tampered.csv'); // written by the test before
    const pem = path.join(dir, 'platform.pem');
    fs.writeFileSync(pem, p.ctx.keys.publicPem);
    const env = { ...process.env, GOVSHARE_DATA: fs.mkdtempSync(path.join(dir, 'cli-')), LOG_LEVEL: 'warn' } as Record<string, string | undefined>;
    delete env.DATABASE_URL;
    const cli = (file: string) => spawnSync(path.resolve('node_modules/.bin/tsx'), [path.resolve('src/cli.ts'), 'trace-leak', file, '--public-key', pem], { env, encoding: 'utf8', timeout: 120_000 });
    const ok = cli(csvFile);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`来源导出 source export: ${exportId} (identified by header)`);
    expect(ok.stdout).toContain('签名有效 signature valid');
    expect(ok.stdout).toContain(demoDepartmentId('rst'));
    const bad = cli(tampered);
    expect(bad.status).toBe(3);
    expect(bad.stdout).toContain('signature INVALID');
  }, 300_000);
});
