import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../calendar/dates.js';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { sampleResource } from './fixtures.test-support.js';

let p: TestPlatform;
const h: Record<string, { authorization: string }> = {};
beforeAll(async () => {
  p = await startTestPlatform();
  await seedDemo(p.ctx);
  for (const u of ['gat_editor', 'gat_reviewer', 'scjgj_editor', 'office', 'cd_office', 'rst_user', 'gat_head']) h[u] = await p.login(u, DEMO_PASSWORD);
  h.admin = await p.login('admin');
});
afterAll(async () => p?.close());

const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: object) => p.app.inject({ method, url: `/api/v1${url}`, headers: h[who], ...(payload ? { payload } : {}) });
const gat = demoDepartmentId('gat');

async function publishNew(name: string) {
  const { id } = (await call('POST', '/resources', 'gat_editor', sampleResource('gat', { name }))).json();
  await call('POST', `/resources/${id}/submit`, 'gat_editor');
  await call('POST', `/resources/${id}/review`, 'gat_reviewer', { decision: 'approve' });
  return (await call('POST', `/resources/${id}/publish`, 'gat_editor')).json();
}

describe('Art. 10: 15-workday catalog-update deadlines', () => {
  it('opens a deadline 15 workdays after the change and closes it when the department publishes', async () => {
    const effectiveOn = '2025-09-26'; // National Day week (and the 9-28, 10-11 make-up days) follow: the 15th workday is 2025-10-23
    const rec = await call('POST', '/catalog/org-changes', 'office', { departmentId: gat, kind: 'reorganisation', description: '机构改革：交警总队职能调整', effectiveOn });
    expect(rec.statusCode, rec.body).toBe(201);
    expect(rec.json()).toMatchObject({ dueOn: '2025-10-23', status: 'overdue', provisional: false });
    const today = todayInShanghai();
    const future = await call('POST', '/catalog/org-changes', 'office', { departmentId: gat, kind: 'legal_duty', description: '法定职责调整', effectiveOn: today });
    expect(future.json().status).toBe('open');
    expect(future.json().workdaysLeft).toBe(15);

    const open = (await call('GET', `/catalog/deadlines?department=${gat}&status=open`, 'gat_head')).json();
    expect(open.total).toBe(1);
    expect((await call('GET', '/catalog/deadlines?status=overdue&region=510000', 'office')).json().items.map((d: { description: string }) => d.description)).toContain('机构改革：交警总队职能调整');

    const pub = await publishNew('交通管理业务信息');
    const closed = (await call('GET', `/catalog/deadlines?department=${gat}&status=closed`, 'office')).json();
    expect(closed.total).toBe(2);
    expect(closed.items[0]).toMatchObject({ status: 'closed', closedByCode: pub.code, workdaysLeft: null });
  });

  it('refuses a wrong role, a bad body, another region\'s office', async () => {
    const body = { departmentId: gat, kind: 'reorganisation', description: 'x', effectiveOn: '2026-01-05' };
    expect((await call('POST', '/catalog/org-changes', 'gat_editor', body)).statusCode).toBe(403);
    expect((await call('POST', '/catalog/org-changes', 'cd_office', body)).statusCode).toBe(403);
    expect((await call('POST', '/catalog/org-changes', 'office', { ...body, effectiveOn: '2026-02-30' })).json().error.code).toBe('CALENDAR_INPUT_INVALID');
    expect((await call('POST', '/catalog/org-changes', 'office', { ...body, kind: 'whim' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/catalog/org-changes', 'office', { ...body, departmentId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    // the city office sees only its region's deadlines; a data user none
    expect((await call('GET', '/catalog/deadlines', 'cd_office')).json().total).toBe(0);
    expect((await call('GET', '/catalog/deadlines', 'rst_user')).statusCode).toBe(403);
  });
});

describe('Art. 35: project catalogs', () => {
  it('registers a project, lists projects without a catalog, and turns the catalog into drafts at acceptance', async () => {
    const withCat = await call('POST', '/catalog/projects', 'gat_editor', { name: '智慧交管二期', departmentId: gat, approvalNo: '川发改审批〔2026〕12号', resources: [{ ...sampleResource('gat', { name: '电子警察抓拍信息' }), departmentId: undefined }] });
    expect(withCat.statusCode, withCat.body).toBe(201);
    const without = await call('POST', '/catalog/projects', 'gat_editor', { name: '警务云扩容', departmentId: gat, resources: [] });
    expect(without.statusCode).toBe(201);
    const missing = (await call('GET', '/catalog/projects?missingCatalog=true', 'office')).json();
    expect(missing.items.map((x: { name: string }) => x.name)).toEqual(['警务云扩容']);
    expect((await call('POST', `/catalog/projects/${without.json().id}/accept`, 'office')).json().error.code).toBe('PROJECT_CATALOG_MISSING');
    expect((await call('POST', `/catalog/projects/${withCat.json().id}/accept`, 'gat_editor')).statusCode).toBe(403);
    const acc = await call('POST', `/catalog/projects/${withCat.json().id}/accept`, 'office');
    expect(acc.statusCode, acc.body).toBe(200);
    const [code] = acc.json().acceptedCodes;
    const mine = (await call('GET', '/catalog/mine?status=draft&q=%E7%94%B5%E5%AD%90%E8%AD%A6%E5%AF%9F', 'gat_editor')).json();
    expect(mine.items.map((i: { code: string }) => i.code)).toEqual([code]);
    expect((await call('POST', `/catalog/projects/${withCat.json().id}/accept`, 'office')).json().error.code).toBe('PROJECT_ALREADY_ACCEPTED');
  });

  it('checks the pre-compiled catalog at registration and the department scope', async () => {
    const bad = await call('POST', '/catalog/projects', 'gat_editor', { name: 'x', departmentId: gat, resources: [sampleResource('gat', { shareType: 'none', shareMethods: [] })] });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.details.index]).toEqual([400, 'LEGAL_BASIS_REQUIRED', 0]);
    expect((await call('POST', '/catalog/projects', 'scjgj_editor', { name: 'x', departmentId: gat, resources: [] })).statusCode).toBe(403);
    expect((await call('POST', '/catalog/projects/00000000-0000-4000-8000-000000000000/accept', 'office')).statusCode).toBe(404);
    expect((await call('GET', '/catalog/projects', 'scjgj_editor')).json().total).toBe(0);
  });
});

describe('duplicate collection (一数一源) and my working copies', () => {
  it('groups synonymous items of several departments and proposes the base resource as the single source', async () => {
    const res = await call('GET', '/catalog/duplicates', 'office');
    expect(res.statusCode).toBe(200);
    const id = res.json().items.find((g: { concept: string }) => g.concept === '公民身份号码');
    expect(id.departmentCount).toBeGreaterThan(5);
    expect(id.singleSource).toMatchObject({ resourceName: '人口基础信息', departmentName: '四川省公安厅' });
    const names = new Set(id.departments.flatMap((d: { items: Array<{ itemName: string }> }) => d.items.map((i) => i.itemName)));
    expect([...names]).toEqual(expect.arrayContaining(['公民身份号码', '身份证号', '证件号码(身份证)']));
    expect((await call('GET', '/catalog/duplicates', 'rst_user')).statusCode).toBe(403);
  });

  it('lists my department\'s working copies by status; other departments\' stay out', async () => {
    const mine = (await call('GET', '/catalog/mine?size=100', 'scjgj_editor')).json();
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((i: { departmentId: string }) => i.departmentId === demoDepartmentId('scjgj'))).toBe(true);
    const submitted = (await call('GET', '/catalog/mine?status=submitted&size=100', 'office')).json();
    expect(submitted.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true);
    expect((await call('GET', '/catalog/mine', 'rst_user')).statusCode).toBe(403);
  });

  it('counts my working copies per status (the screen\'s tabs), whatever status is chosen', async () => {
    const counts = async (qs = '') => (await call('GET', `/catalog/mine?size=1${qs}`, 'scjgj_editor')).json() as { total: number; counts: Record<string, number> };
    const before = await counts();
    expect(Object.keys(before.counts).sort()).toEqual(['approved', 'draft', 'published', 'rejected', 'retired', 'submitted']);
    expect(Object.values(before.counts).reduce((a, b) => a + b, 0)).toBe(before.total);
    const { id } = (await call('POST', '/resources', 'scjgj_editor', sampleResource('scjgj', { name: '计数测试资源' }))).json();
    const afterDraft = await counts();
    expect(afterDraft.counts.draft).toBe(before.counts.draft! + 1);
    await call('POST', `/resources/${id}/submit`, 'scjgj_editor');
    const filtered = await counts('&status=submitted');
    expect(filtered.counts).toEqual({ ...afterDraft.counts, draft: before.counts.draft, submitted: before.counts.submitted! + 1 });
    expect(filtered.total).toBe(filtered.counts.submitted);
    // another department's copies are not counted
    const gat = (await call('GET', '/catalog/mine?size=1', 'gat_editor')).json() as { counts: Record<string, number> };
    expect(gat.counts).not.toEqual(filtered.counts);
  });

  it('lets the office review only when configured', async () => {
    const { id } = (await call('POST', '/resources', 'gat_editor', sampleResource('gat', { name: '办公厅审核测试' }))).json();
    await call('POST', `/resources/${id}/submit`, 'gat_editor');
    expect((await call('POST', `/resources/${id}/review`, 'office', { decision: 'approve' })).statusCode).toBe(403);
    expect((await call('PUT', '/catalog/settings', 'office', { officeReview: true })).statusCode).toBe(403);
    expect((await call('PUT', '/catalog/settings', 'admin', { officeReview: true })).json()).toEqual({ officeReview: true });
    expect((await call('POST', `/resources/${id}/review`, 'cd_office', { decision: 'approve' })).statusCode).toBe(404);
    expect((await call('POST', `/resources/${id}/review`, 'office', { decision: 'approve' })).json().status).toBe('approved');
  });
});
