import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from './credit-code.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

let p: TestPlatform;
let admin: { authorization: string };
const PW = 'Str0ng!Passw0rd';
const post = (url: string, headers: object, payload: object) => p.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: headers as Record<string, string>, payload });
const get = (url: string, headers: object) => p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: headers as Record<string, string> });

const codeA = makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 1001 });
const codeB = makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 1002 });
const codeCd = makeCreditCode({ authority: '1', category: '1', regionCode: '510100', orgSeq: 1003 });
let deptA: string;
let deptB: string;
let deptCd: string;

beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
});
afterAll(async () => p?.close());

describe('regions', () => {
  it('creates a province and a city, refuses bad codes and duplicates', async () => {
    expect((await post('/regions', admin, { code: '510000', name: '四川省', level: 'province' })).statusCode).toBe(201);
    const city = await post('/regions', admin, { code: '510100', name: '成都市', level: 'city', parentCode: '510000' });
    expect(city.statusCode).toBe(201);
    expect(city.json()).toMatchObject({ code: '510100', parentCode: '510000', level: 'city' });
    expect((await post('/regions', admin, { code: '510107', name: '武侯区', level: 'county' })).json()).toMatchObject({ parentCode: '510100' });
    expect((await post('/regions', admin, { code: '510000', name: '四川省', level: 'province' })).json().error.code).toBe('REGION_EXISTS');
    expect((await post('/regions', admin, { code: '510100', name: 'x', level: 'county' })).json().error.code).toBe('REGION_CODE_INVALID');
    expect((await post('/regions', admin, { code: '510300', name: '自贡市', level: 'city', parentCode: '520000' })).json().error.code).toBe('REGION_PARENT_MISMATCH');
    expect((await post('/regions', admin, { code: '520100', name: '贵阳市', level: 'city' })).json().error.code).toBe('REGION_PARENT_NOT_FOUND');
    const list = await get('/regions', admin);
    expect(list.json().items.map((r: { code: string }) => r.code)).toEqual(['510000', '510100', '510107']);
  });
});

describe('departments', () => {
  it('creates departments with valid credit codes', async () => {
    const a = await post('/departments', admin, { code: codeA, name: '四川省公安厅', regionCode: '510000' });
    expect(a.statusCode).toBe(201);
    deptA = a.json().id;
    expect(a.json()).toMatchObject({ code: codeA, name: '四川省公安厅', regionCode: '510000' });
    deptB = (await post('/departments', admin, { code: codeB, name: '四川省市场监督管理局', regionCode: '510000' })).json().id;
    deptCd = (await post('/departments', admin, { code: codeCd, name: '成都市公安局', regionCode: '510100' })).json().id;
    expect(deptCd).toBeTruthy();
  });

  it('refuses a bad check digit with CREDIT_CODE_INVALID', async () => {
    const last = codeA.at(-1)!;
    const bad = codeA.slice(0, 17) + (last === '0' ? '1' : '0');
    const res = await post('/departments', admin, { code: bad, name: '错误部门', regionCode: '510000' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'CREDIT_CODE_INVALID', details: { reason: 'check_digit' } });
    expect(res.json().error.message).toMatch(/校验码/);
  });

  it('refuses a duplicate code, an unknown region and a short code', async () => {
    expect((await post('/departments', admin, { code: codeA, name: 'x', regionCode: '510000' })).json().error.code).toBe('DEPARTMENT_EXISTS');
    const other = makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 1004 });
    expect((await post('/departments', admin, { code: other, name: 'x', regionCode: '510700' })).json().error.code).toBe('REGION_NOT_FOUND');
    expect((await post('/departments', admin, { code: '123', name: 'x', regionCode: '510000' })).json().error).toMatchObject({ code: 'CREDIT_CODE_INVALID', details: { reason: 'length' } });
  });

  it('lists with region (including sub-regions) and keyword filters', async () => {
    expect((await get('/departments?region=510000', admin)).json().total).toBe(3);
    expect((await get('/departments?region=510100', admin)).json().items.map((d: { name: string }) => d.name)).toEqual(['成都市公安局']);
    expect((await get(`/departments?q=${encodeURIComponent('市场')}`, admin)).json().total).toBe(1);
    expect((await get('/departments?q=%25', admin)).json().total).toBe(0); // % is literal, not a wildcard
  });
});

describe('users, roles and scope', () => {
  it('creates users of several roles bound to departments', async () => {
    const users = [
      { username: 'gat_user', roles: ['data_user'], departmentId: deptA },
      { username: 'gat_sec', roles: ['security_officer'], departmentId: deptA },
      { username: 'scj_user', roles: ['data_user', 'catalog_editor'], departmentId: deptB },
      { username: 'cd_office', roles: ['office'], departmentId: deptCd },
      { username: 'audit1', roles: ['auditor'] },
    ];
    for (const u of users) {
      const res = await post('/users', admin, { ...u, password: PW });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ username: u.username, roles: [...u.roles].sort() });
    }
  });

  it('refuses weak passwords, unknown roles, missing departments and taken names', async () => {
    expect((await post('/users', admin, { username: 'weak', password: 'short', roles: ['auditor'] })).json().error.code).toBe('PASSWORD_TOO_SHORT');
    expect((await post('/users', admin, { username: 'r', password: PW, roles: ['auditor'] })).json().error.code).toBe('USERNAME_INVALID');
    expect((await post('/users', admin, { username: 'rr1', password: PW, roles: ['superuser'] })).json().error.code).toBe('ROLE_INVALID');
    expect((await post('/users', admin, { username: 'rr2', password: PW, roles: ['data_user'] })).json().error.code).toBe('DEPARTMENT_REQUIRED');
    expect((await post('/users', admin, { username: 'gat_user', password: PW, roles: ['data_user'], departmentId: deptA })).json().error.code).toBe('USERNAME_TAKEN');
  });

  it('a data_user gets 403 on admin endpoints', async () => {
    const du = await p.login('gat_user', PW);
    for (const [url, body] of [
      ['/regions', { code: '510300', name: '自贡市', level: 'city' }],
      ['/departments', { code: makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 1005 }), name: 'x', regionCode: '510000' }],
      ['/users', { username: 'evil', password: PW, roles: ['admin'] }],
      ['/credentials', { departmentId: deptA, name: 'x' }],
    ] as const) {
      const res = await post(url, du, body);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await get('/users', du)).statusCode).toBe(403);
    expect((await get('/audit/events', du)).statusCode).toBe(403);
  });

  it('a security officer manages its own department only (another department is 404)', async () => {
    const sec = await p.login('gat_sec', PW);
    const own = await post('/credentials', sec, { departmentId: deptA, name: '户籍系统' });
    expect(own.statusCode).toBe(201);
    const other = await post('/credentials', sec, { departmentId: deptB, name: '偷取' });
    expect(other.statusCode).toBe(404);
    const users = (await get('/users', sec)).json();
    expect(users.items.every((u: { departmentId: string }) => u.departmentId === deptA)).toBe(true);
  });

  it('a city office acts within its region only', async () => {
    const off = await p.login('cd_office', PW);
    const inside = await post('/users', off, { username: 'cd_user', password: PW, roles: ['data_user'], departmentId: deptCd });
    expect(inside.statusCode).toBe(201);
    const outside = await post('/users', off, { username: 'cd_evil', password: PW, roles: ['data_user'], departmentId: deptA });
    expect(outside.statusCode).toBe(403);
    const platformWide = await post('/users', off, { username: 'cd_aud', password: PW, roles: ['auditor'] });
    expect(platformWide.statusCode).toBe(403);
    const listed = (await get('/users', off)).json();
    expect(listed.items.map((u: { username: string }) => u.username).sort()).toEqual(['cd_office', 'cd_user']);
  });
});

describe('system credentials', () => {
  it('shows the secret once, exchanges it for a token, and stops working when revoked', async () => {
    const created = await post('/credentials', admin, { departmentId: deptB, name: '市场主体登记系统' });
    expect(created.statusCode).toBe(201);
    const { clientId, clientSecret } = created.json();
    const listed = (await get(`/credentials?department=${deptB}`, admin)).json();
    expect(JSON.stringify(listed)).not.toContain(clientSecret);
    expect(listed.items[0]).toMatchObject({ clientId, name: '市场主体登记系统', revokedAt: null });

    const tok = await post('/auth/token', {}, { clientId, clientSecret });
    expect(tok.statusCode).toBe(200);
    expect(tok.json().expiresIn).toBeGreaterThan(0);
    const sys = { authorization: `Bearer ${tok.json().token}` };
    const me = (await get('/auth/me', sys)).json();
    expect(me).toMatchObject({ kind: 'system', departmentId: deptB, roles: ['data_user'] });
    expect((await get('/users', sys)).statusCode).toBe(403);

    expect((await post('/auth/token', {}, { clientId, clientSecret: 'wrong' })).json().error.code).toBe('INVALID_CLIENT');
    expect((await p.app.inject({ method: 'DELETE', url: `/api/v1/credentials/${clientId}`, headers: admin })).statusCode).toBe(204);
    expect((await get('/auth/me', sys)).statusCode).toBe(401);
    expect((await post('/auth/token', {}, { clientId, clientSecret })).statusCode).toBe(401);
  });
});
