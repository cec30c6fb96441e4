import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { sampleResource } from './fixtures.test-support.js';

let p: TestPlatform;
const h: Record<string, { authorization: string }> = {};
beforeAll(async () => {
  p = await startTestPlatform();
  await seedDemo(p.ctx);
  for (const u of ['gat_editor', 'gat_reviewer', 'scjgj_editor', 'scjgj_reviewer', 'office', 'rst_user']) h[u] = await p.login(u, DEMO_PASSWORD);
  h.admin = await p.login('admin');
});
afterAll(async () => p?.close());

const post = (url: string, who: string, payload?: object) => p.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: h[who], ...(payload ? { payload } : {}) });
const put = (url: string, who: string, payload: object) => p.app.inject({ method: 'PUT', url: `/api/v1${url}`, headers: h[who], payload });
const get = (url: string, who: string) => p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: h[who] });
const enc = encodeURIComponent;

describe('resource lifecycle', () => {
  it('runs draft → submitted → rejected (item) → resubmitted → approved → published → v2 → retired, with history and diff', async () => {
    const total = async () => (await get('/resources?size=1', 'rst_user')).json().total as number;
    const before = await total();
    const created = await post('/resources', 'gat_editor', sampleResource());
    expect(created.statusCode).toBe(201);
    const { id, code, status } = created.json();
    expect(status).toBe('draft');
    expect(code).toMatch(/^302\d{6}\/\d{6}$/);

    // another department's draft is invisible; the public list does not show drafts
    expect((await get(`/resources/${id}`, 'scjgj_editor')).statusCode).toBe(404);
    expect((await get(`/resources/${enc(code)}`, 'rst_user')).statusCode).toBe(404);
    expect((await post(`/resources/${id}/submit`, 'scjgj_editor')).statusCode).toBe(404);

    expect((await post(`/resources/${id}/submit`, 'gat_editor')).json().status).toBe('submitted');
    expect((await put(`/resources/${id}`, 'gat_editor', sampleResource())).json().error.code).toBe('INVALID_TRANSITION');
    // the editor cannot review; a rejected item needs a comment
    expect((await post(`/resources/${id}/review`, 'gat_editor', { decision: 'approve' })).statusCode).toBe(403);
    const bare = await post(`/resources/${id}/review`, 'gat_reviewer', { decision: 'reject', items: [{ name: '姓名', decision: 'reject' }] });
    expect(bare.json().error.code).toBe('REVIEW_ITEM_COMMENT_REQUIRED');
    const rej = await post(`/resources/${id}/review`, 'gat_reviewer', { decision: 'reject', comments: '请补充', items: [{ name: '准驾车型', decision: 'reject', comment: '请注明代码标准 GA/T 16.' }, { name: '姓名', decision: 'approve' }] });
    expect(rej.json().status).toBe('rejected');
    const draft = (await get(`/resources/${id}`, 'gat_editor')).json();
    expect(draft.status).toBe('rejected');
    expect(draft.items.find((i: { name: string }) => i.name === '准驾车型').review).toEqual({ decision: 'reject', comment: '请注明代码标准 GA/T 16.' });

    const fixed = sampleResource();
    fixed.items[2] = { name: '准驾车型', dataType: 'C', length: 10, description: '代码按 GA/T 16.7' };
    expect((await put(`/resources/${id}`, 'gat_editor', fixed)).json()).toMatchObject({ status: 'draft', version: 1 });
    expect((await post(`/resources/${id}/publish`, 'gat_editor')).json().error.code).toBe('INVALID_TRANSITION');
    await post(`/resources/${id}/submit`, 'gat_editor');
    expect((await post(`/resources/${id}/review`, 'gat_reviewer', { decision: 'approve' })).json().status).toBe('approved');
    const pub = await post(`/resources/${id}/publish`, 'gat_editor');
    expect(pub.json()).toMatchObject({ status: 'published', version: 1 });
    expect(await total()).toBe(before + 1);

    const v1 = await get(`/resources/${enc(code)}`, 'rst_user');
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({ code, version: 1, status: 'published', nodeId: null });
    expect(v1.json().publishDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // a PUT on a published resource starts version 2; version 1 stays what it was
    const v2body = sampleResource('gat', { abstract: '全省机动车驾驶人信息（含记分）。', updateCycle: 'realtime', items: [...fixed.items, { name: '累积记分', dataType: 'I' }] });
    expect((await put(`/resources/${id}`, 'gat_editor', v2body)).json()).toMatchObject({ status: 'draft', version: 2 });
    expect((await get(`/resources/${enc(code)}`, 'rst_user')).json()).toMatchObject({ version: 1, updateCycle: 'daily' });
    await post(`/resources/${id}/submit`, 'gat_editor');
    await post(`/resources/${id}/review`, 'gat_reviewer', { decision: 'approve' });
    expect((await post(`/resources/${id}/publish`, 'gat_reviewer')).json().version).toBe(2);
    expect(await total()).toBe(before + 1);
    const found = (await get(`/resources?q=${enc('累积记分')}`, 'rst_user')).json();
    expect(found.items.map((i: { code: string; version: number }) => [i.code, i.version])).toEqual([[code, 2]]);

    const versions = (await get(`/resources/${enc(code)}/versions`, 'rst_user')).json();
    expect(versions.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[1, 'superseded'], [2, 'published']]);
    expect((await get(`/resources/${enc(code)}?version=1`, 'rst_user')).json().updateCycle).toBe('daily');
    const diff = (await get(`/resources/${enc(code)}/diff?from=1&to=2`, 'rst_user')).json();
    expect(diff.changes).toEqual(expect.arrayContaining([{ field: 'updateCycle', from: 'daily', to: 'realtime' }]));
    expect(diff.items.added.map((i: { name: string }) => i.name)).toEqual(['累积记分']);

    expect((await post(`/resources/${id}/retire`, 'gat_editor', { reason: '职能调整' })).statusCode).toBe(403);
    // retiring needs a reason (a stable code, nothing changed), kept with the retired version
    expect((await post(`/resources/${id}/retire`, 'gat_reviewer')).json().error.code).toBe('RETIRE_REASON_REQUIRED');
    expect((await post(`/resources/${id}/retire`, 'gat_reviewer', { reason: '   ' })).json().error.code).toBe('RETIRE_REASON_REQUIRED');
    expect((await post(`/resources/${id}/retire`, 'gat_reviewer', { reason: 'x', extra: 1 })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await get(`/resources/${enc(code)}`, 'rst_user')).json().status).toBe('published');
    expect((await post(`/resources/${id}/retire`, 'gat_reviewer', { reason: '  职能划转至省交通运输厅  ' })).json().status).toBe('retired');
    expect(await total()).toBe(before);
    expect((await get(`/resources?q=${enc('累积记分')}`, 'rst_user')).json().total).toBe(0);
    const retired = (await get(`/resources/${enc(code)}`, 'rst_user')).json();
    expect(retired.status).toBe('retired');
    expect(retired.retirement).toMatchObject({ reason: '职能划转至省交通运输厅', by: expect.any(String) });
    const history = (await get(`/resources/${enc(code)}/versions`, 'rst_user')).json();
    expect(history.items.map((v: { version: number; status: string; retirement: { reason: string } | null }) => [v.version, v.status, v.retirement?.reason ?? null]))
      .toEqual([[1, 'superseded', null], [2, 'retired', '职能划转至省交通运输厅']]);
    expect((await put(`/resources/${id}`, 'gat_editor', v2body)).json().error.code).toBe('INVALID_TRANSITION');

    const audit = (await get(`/audit/events?objectId=${enc(code)}&size=50`, 'admin')).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['catalog.create', 'catalog.submit', 'catalog.review.reject', 'catalog.review.approve', 'catalog.publish', 'catalog.update', 'catalog.retire']));
  });

  it('refuses bad input with coded 4xx, never 500', async () => {
    const cases: Array<[object, string]> = [
      [sampleResource('gat', { items: [] }), 'ITEMS_REQUIRED'],
      [sampleResource('gat', { shareConditions: undefined }), 'SHARE_CONDITIONS_REQUIRED'],
      [sampleResource('gat', { shareType: 'none', shareMethods: [] }), 'LEGAL_BASIS_REQUIRED'],
      [sampleResource('gat', { shareType: 'none', legalBasis: '《中华人民共和国保守国家秘密法》', shareMethods: [], open: { toPublic: true } }), 'NONE_CANNOT_BE_OPEN'],
      [sampleResource('gat', { items: [{ name: '姓名', dataType: 'C' }, { name: '姓名', dataType: 'C' }] }), 'ITEM_NAME_DUPLICATE'],
      [sampleResource('gat', { classified: true }), 'CLASSIFIED_ON_EXTRANET'],
      [sampleResource('gat', { format: 'file', shareMethods: ['table'] }), 'SHARE_METHOD_FORMAT_MISMATCH'],
      [sampleResource('gat', { abstract: '长'.repeat(1001) }), 'ABSTRACT_TOO_LONG'],
      [sampleResource('gat', { electronic: false }), 'DIGITISATION_PLAN_REQUIRED'],
      [sampleResource('gat', { kind: 'base', classPath: ['不存在'] }), 'CLASS_PATH_UNKNOWN'],
      [sampleResource('gat', { kind: 'base', classPath: ['人口'] }), 'BASE_ITEMS_REQUIRED'],
      [sampleResource('gat', { relatedCodes: ['999999999/000001'] }), 'RELATED_CODE_UNKNOWN'],
      [{ ...sampleResource(), extra: 1 }, 'VALIDATION_FAILED'],
      [{ ...sampleResource(), items: [{ name: 'x', dataType: 'Q' }] }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await post('/resources', 'gat_editor', body);
      expect([res.statusCode, res.json().error?.code]).toEqual([400, code]);
    }
    // another department, a wrong role
    expect((await post('/resources', 'gat_editor', sampleResource('scjgj'))).statusCode).toBe(403);
    expect((await post('/resources', 'gat_reviewer', sampleResource())).statusCode).toBe(403);
    expect((await post('/resources', 'rst_user', sampleResource('rst'))).statusCode).toBe(403);
    expect((await post('/resources/00000000-0000-4000-8000-000000000000/submit', 'gat_editor')).statusCode).toBe(404);
    const { id } = (await post('/resources', 'gat_editor', sampleResource())).json();
    expect((await put(`/resources/${id}`, 'scjgj_editor', sampleResource('scjgj'))).statusCode).toBe(404);
    expect((await put(`/resources/${id}`, 'gat_editor', sampleResource('scjgj'))).json().error.code).toBe('PROVIDER_IMMUTABLE');
    expect((await put(`/resources/${id}`, 'gat_editor', sampleResource('gat', { kind: 'theme', classPath: ['公共服务'] }))).json().error.code).toBe('CLASSIFICATION_IMMUTABLE');
    expect((await put(`/resources/${id}`, 'gat_editor', { name: 1 })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await put(`/resources/${id}`, 'gat_reviewer', sampleResource())).statusCode).toBe(403);
    expect((await post(`/resources/${id}/review`, 'gat_reviewer', { decision: 'approve' })).json().error.code).toBe('INVALID_TRANSITION');
    await post(`/resources/${id}/submit`, 'gat_editor');
    expect((await post(`/resources/${id}/review`, 'scjgj_reviewer', { decision: 'approve' })).statusCode).toBe(404);
    expect((await post(`/resources/${id}/review`, 'gat_reviewer', { decision: 'maybe' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await post(`/resources/${id}/review`, 'gat_reviewer', { decision: 'approve', items: [{ name: '无此项', decision: 'approve' }] })).json().error.code).toBe('REVIEW_ITEM_UNKNOWN');
    expect((await post(`/resources/${id}/publish`, 'rst_user')).statusCode).toBe(403);
    expect((await post(`/resources/${id}/publish`, 'scjgj_editor')).statusCode).toBe(404);
    expect((await post(`/resources/${id}/retire`, 'gat_reviewer', { reason: '重复编目' })).json().error.code).toBe('INVALID_TRANSITION');
    expect((await get(`/resources/${id}/versions`, 'scjgj_editor')).statusCode).toBe(404);
    expect((await get(`/resources/${id}/diff?from=1&to=2`, 'gat_editor')).json().error.code).toBe('VERSION_NOT_FOUND');
    expect((await get(`/resources/${id}/diff?from=0&to=1`, 'gat_editor')).json().error.code).toBe('VALIDATION_FAILED');
    expect((await get('/resources/not%2Fa-code', 'rst_user')).statusCode).toBe(404);
  });

  it('shares base items of a base resource unconditionally (Art. 20) and lists lead and contributors (Art. 19)', async () => {
    const body = sampleResource('gat', {
      name: '人口基础信息（测试）', kind: 'base', classPath: ['基础', '人口'], shareType: 'conditional',
      items: [{ name: '公民身份号码', dataType: 'C', length: 18, base: true, mask: 'id_number' }, { name: '婚姻状况', dataType: 'C', length: 2 }],
      contributingDepartmentIds: [(await get('/departments?q=民政厅', 'gat_editor')).json().items[0].id],
    });
    const created = await post('/resources', 'gat_editor', body);
    expect(created.statusCode).toBe(201);
    expect(created.json().code).toMatch(/^101\d{6}\//);
    const r = (await get(`/resources/${created.json().id}`, 'gat_editor')).json();
    expect(r.items.map((i: { effectiveShareType: string }) => i.effectiveShareType)).toEqual(['unconditional', 'conditional']);
    expect(r.leadDepartmentId).toBe(r.departmentId);
    expect(r.contributingDepartments[0].name).toBe('四川省民政厅');
  });

  it('takes classPath as optional (DESIGN.md): a base/theme resource without one is classed by its name, else under 其他', async () => {
    const theme = await post('/resources', 'gat_editor', sampleResource('gat', { kind: 'theme', name: '社会保障卡持卡人信息' }));
    expect(theme.statusCode, theme.body).toBe(201);
    expect(theme.json().code).toMatch(/^203\d{6}\//); // 社会保障 is the third 主题 项
    const other = await post('/resources', 'gat_editor', sampleResource('gat', { kind: 'theme', name: '警用无人机飞行记录' }));
    expect(other.json().code).toMatch(/^299\d{6}\//);
    const shown = (await get(`/resources/${other.json().id}`, 'gat_editor')).json();
    expect(shown.classPath).toEqual(['主题', '其他']);
    // an edit that leaves classPath out keeps the class, even when the name changes
    const renamed = await put(`/resources/${theme.json().id}`, 'gat_editor', sampleResource('gat', { kind: 'theme', name: '持卡人信息' }));
    expect(renamed.json()).toMatchObject({ status: 'draft', code: theme.json().code });
    expect((await get(`/resources/${theme.json().id}`, 'gat_editor')).json().classPath).toEqual(['主题', '社会保障']);
    // a class path that is given must be a known one
    expect((await post('/resources', 'gat_editor', sampleResource('gat', { kind: 'theme', classPath: ['不存在'] }))).json().error.code).toBe('CLASS_PATH_UNKNOWN');
  });

  it('gives codes that are unique and never reused', async () => {
    const codes = await Promise.all(Array.from({ length: 5 }, () => post('/resources', 'scjgj_editor', sampleResource('scjgj')).then((r) => r.json().code as string)));
    expect(new Set(codes).size).toBe(5);
    const seqs = codes.map((c) => Number(c.split('/')[1])).sort((a, b) => a - b);
    expect(seqs[4]! - seqs[0]!).toBe(4);
  });
});
