import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../orgs/credit-code.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { connectToParent } from './client.js';
import { syncCatalog } from './catalog.sync.js';
import { signCall } from './signed-call.js';

// Catalog aggregation (SPEC C8, Art. 9; issue 9 item 2): 成都's city platform publishes entries; they appear in the
// province's catalog with their region and provider; replaying changes nothing, a new version supersedes, a
// retirement retires, an entry outside the city's region is refused, and a gap is repaired on the next round.
let province: TestPlatform;
let city: TestPlatform;
let provinceUrl: string;
const H: Record<string, { authorization: string }> = {};
const PW = 'Chengdu@Test2026';
let deptId: string;

const cityCall = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: object) =>
  city.app.inject({ method, url: `/api/v1${url}`, headers: H[who]!, ...(payload ? { payload } : {}) });

async function publishOnCity(name: string, departmentId = deptId): Promise<{ id: string; code: string }> {
  const d = await cityCall('POST', '/resources', 'editor', {
    name, kind: 'department', departmentId, abstract: `${name}，成都市数据资源局维护。`, format: 'database',
    items: [{ name: '项目代码', dataType: 'C', length: 24 }, { name: '项目名称', dataType: 'C', length: 200 }],
    shareType: 'unconditional', shareMethods: ['table'], open: { toPublic: false }, updateCycle: 'monthly',
  });
  expect(d.statusCode, d.body).toBeLessThan(300);
  for (const [step, who, body] of [['submit', 'editor', {}], ['review', 'reviewer', { decision: 'approve' }], ['publish', 'reviewer', {}]] as const) {
    const r = await cityCall('POST', `/resources/${d.json().id}/${step}`, who, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
  }
  return { id: d.json().id, code: d.json().code };
}

const provinceResource = (code: string) => province.app.inject({ url: `/api/v1/resources/${encodeURIComponent(code)}`, headers: H.office! });

beforeAll(async () => {
  // The province without the demo catalog: resource codes are numbered per platform today, so a city's first code
  // would meet the province demo's (docs/federation.md: CODE_TAKEN); the province's administrator decides here.
  province = await startTestPlatform();
  provinceUrl = await province.app.listen({ host: '127.0.0.1', port: 0 });
  H.office = await province.login('admin');
  for (const [code, name, level, parentCode] of [['510000', '四川省', 'province', undefined], ['510100', '成都市', 'city', '510000'], ['510104', '锦江区', 'county', '510100']] as const) {
    const r = await province.app.inject({ method: 'POST', url: '/api/v1/regions', headers: H.office, payload: { code, name, level, ...(parentCode ? { parentCode } : {}) } });
    expect(r.statusCode, r.body).toBeLessThan(300);
  }
  city = await startTestPlatform({}, { GOVSHARE_LEVEL: 'city', GOVSHARE_REGION: '510100', GOVSHARE_PARENT_URL: provinceUrl });
  H.admin = await city.login('admin');
  for (const [code, name, level, parentCode] of [['510000', '四川省', 'province', undefined], ['510100', '成都市', 'city', '510000'], ['510104', '锦江区', 'county', '510100']] as const) {
    const r = await cityCall('POST', '/regions', 'admin', { code, name, level, ...(parentCode ? { parentCode } : {}) });
    expect(r.statusCode, r.body).toBeLessThan(300);
  }
  const dept = await cityCall('POST', '/departments', 'admin', { code: makeCreditCode({ authority: '1', category: '1', regionCode: '510100', orgSeq: 77_001 }), name: '成都市数据资源局（联邦测试）', regionCode: '510100' });
  expect(dept.statusCode, dept.body).toBeLessThan(300);
  deptId = dept.json().id;
  for (const [u, role] of [['editor', 'catalog_editor'], ['reviewer', 'catalog_reviewer']] as const) {
    const r = await cityCall('POST', '/users', 'admin', { username: `cd_${u}`, password: PW, departmentId: deptId, roles: [role] });
    expect(r.statusCode, r.body).toBeLessThan(300);
    H[u] = await city.login(`cd_${u}`, PW);
  }
  await connectToParent(city.ctx);
  const [p] = (await province.app.inject({ url: '/api/v1/platforms', headers: H.office! })).json().items;
  expect((await province.app.inject({ method: 'POST', url: `/api/v1/platforms/${p.id}/approve`, headers: H.office!, payload: {} })).statusCode).toBe(200);
  expect((await connectToParent(city.ctx)).status).toBe('active');
}, 180_000);

afterAll(async () => {
  await city?.close();
  await province?.close();
});

describe('federation: catalog aggregation', () => {
  let first: { id: string; code: string };

  it("a city's published entry appears in the province catalog with its region and provider", async () => {
    first = await publishOnCity('成都市重大项目库信息（联邦测试）');
    const s = await syncCatalog(city.ctx);
    expect(s.lastError).toBeNull();
    const r = await provinceResource(first.code);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ code: first.code, regionCode: '510100', departmentName: '成都市数据资源局（联邦测试）', version: 1 });
    const search = await province.app.inject({ url: `/api/v1/resources?q=${encodeURIComponent('重大项目库')}&region=510100`, headers: H.office! });
    expect(search.json().items.map((i: { code: string }) => i.code)).toContain(first.code);
  });

  it('replaying changes nothing: a second round and a replayed batch are no-ops', async () => {
    await syncCatalog(city.ctx);
    const before = await province.ctx.db.selectFrom('catalog_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('code', '=', first.code).executeTakeFirstOrThrow();
    const entry = (await city.ctx.db.selectFrom('catalog_resources as r').innerJoin('catalog_versions as v', (j) => j.onRef('v.resource_id', '=', 'r.id').onRef('v.version', '=', 'r.published_version')).innerJoin('departments as d', 'd.id', 'r.department_id')
      .select(['r.code', 'r.class_code', 'v.version', 'v.body', 'd.code as dc', 'd.name as dn', 'd.region_code as dr']).where('r.code', '=', first.code).executeTakeFirstOrThrow());
    const body = JSON.stringify({ entries: [{ code: entry.code, version: entry.version, status: 'published', classCode: entry.class_code, department: { code: entry.dc, name: entry.dn, regionCode: entry.dr }, body: entry.body, publishedAt: null, publishDate: null }] });
    const res = await request(`${provinceUrl}/api/v1/federation/catalog`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signCall(city.ctx.keys, '510100', 'POST', '/api/v1/federation/catalog', body) } });
    expect(await res.body.json()).toMatchObject({ applied: 0, unchanged: 1, refused: [] });
    const after = await province.ctx.db.selectFrom('catalog_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('code', '=', first.code).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a new version supersedes the old one, and a retirement retires it at the province', async () => {
    const edit = await cityCall('PUT', `/resources/${first.id}`, 'editor', {
      name: '成都市重大项目库信息（联邦测试）', kind: 'department', departmentId: deptId, abstract: '第二版：增加总投资。', format: 'database',
      items: [{ name: '项目代码', dataType: 'C', length: 24 }, { name: '项目名称', dataType: 'C', length: 200 }, { name: '总投资', dataType: 'Y' }],
      shareType: 'unconditional', shareMethods: ['table'], open: { toPublic: false }, updateCycle: 'monthly',
    });
    expect(edit.statusCode, edit.body).toBeLessThan(300);
    for (const [step, who, body] of [['submit', 'editor', {}], ['review', 'reviewer', { decision: 'approve' }], ['publish', 'reviewer', {}]] as const) {
      const r = await cityCall('POST', `/resources/${first.id}/${step}`, who, body);
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
    await syncCatalog(city.ctx);
    const v2 = await provinceResource(first.code);
    expect(v2.json()).toMatchObject({ version: 2 });
    expect(v2.json().items.map((i: { name: string }) => i.name)).toContain('总投资');

    const retire = await cityCall('POST', `/resources/${first.id}/retire`, 'reviewer', { reason: '项目库并入省级平台' });
    expect(retire.statusCode, retire.body).toBeLessThan(300);
    await syncCatalog(city.ctx);
    const gone = await provinceResource(first.code);
    expect(gone.statusCode === 404 || gone.json().status === 'retired').toBe(true);
    const search = await province.app.inject({ url: `/api/v1/resources?q=${encodeURIComponent('重大项目库')}&region=510100`, headers: H.office! });
    expect(search.json().items.map((i: { code: string }) => i.code)).not.toContain(first.code);
  });

  it('refuses an entry outside the city, and repairs a gap on the next round', async () => {
    const provinceDept = await cityCall('POST', '/departments', 'admin', { code: makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 77_002 }), name: '省级部门（在市级平台上登记）', regionCode: '510000' });
    expect(provinceDept.statusCode, provinceDept.body).toBeLessThan(300);
    for (const [name, role] of [['sj_editor', 'catalog_editor'], ['sj_reviewer', 'catalog_reviewer']] as const) {
      const u = await cityCall('POST', '/users', 'admin', { username: name, password: PW, departmentId: provinceDept.json().id, roles: [role] });
      expect(u.statusCode, u.body).toBeLessThan(300);
      H[name] = await city.login(name, PW);
    }
    const outside = await city.app.inject({ method: 'POST', url: '/api/v1/resources', headers: H.sj_editor!, payload: {
      name: '省级越权目录（联邦测试）', kind: 'department', departmentId: provinceDept.json().id, abstract: '不应汇聚', format: 'database',
      items: [{ name: '名称', dataType: 'C' }], shareType: 'unconditional', shareMethods: ['table'], open: { toPublic: false }, updateCycle: 'monthly',
    } });
    expect(outside.statusCode, outside.body).toBeLessThan(300);
    for (const [step, who] of [['submit', 'sj_editor'], ['review', 'sj_reviewer'], ['publish', 'sj_reviewer']] as const) {
      const r = await city.app.inject({ method: 'POST', url: `/api/v1/resources/${outside.json().id}/${step}`, headers: H[who]!, payload: step === 'review' ? { decision: 'approve' } : {} });
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
    // A gap: an entry published while nothing was pushed (as after an outage) is found by the next round.
    const second = await publishOnCity('成都市政务数据目录补齐测试（联邦测试）');
    const s = await syncCatalog(city.ctx);
    expect(s.refused).toContainEqual({ code: outside.json().code, reason: 'REGION_OUTSIDE_PLATFORM' });
    expect((await provinceResource(second.code)).statusCode).toBe(200);
    expect((await provinceResource(outside.json().code)).statusCode).toBe(404);
    const events = (await province.app.inject({ url: '/api/v1/audit/events?action=federation.catalog_received', headers: H.office! })).json().items;
    expect(events.length).toBeGreaterThan(0);
  });
});
