import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../orgs/orgs.store.js';
import { sessionFor } from '../applications/workflow.test-support.js';
import { startSupervisionPlatform, type SupervisionFixture } from './fixture.test-support.js';

type Item = { id: string; name: string; status: string; reason: { code: string } | null; plannedCount: number; publishedCount: number; missing: Array<{ index: number; name: string; code: string | null; state: string }> };
type Out = { items: Item[]; total: number; counts: Record<string, number> };

describe('project gate (Art. 35): GET /supervision/projects', () => {
  let f: SupervisionFixture;
  const ids: Record<string, string> = {};
  let auditorH: { authorization: string };
  const gate = async (who: string, query = '') => {
    const res = await f.get(`/supervision/projects${query}`, who);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Out>();
  };
  const byName = (o: Out) => Object.fromEntries(o.items.map((i) => [i.name, i]));

  beforeAll(async () => {
    f = await startSupervisionPlatform();
    const db = f.p.ctx.db;
    const draftId = randomUUID();
    // A draft resource of A (entered the platform, not yet published), named as a planned entry of project P3.
    await sql`INSERT INTO catalog_resources (id, code, department_id, region_code, kind, class_code, status, head_version, published_version)
              VALUES (${draftId}, ${'501001001/900001'}, ${f.dept.A}, '510000', 'department', '501001001', 'draft', 1, NULL)`.execute(db);
    await sql`INSERT INTO catalog_versions (resource_id, version, status, body, code, name, department_id, region_code, kind, share_type, format, update_cycle, open, tsv)
              VALUES (${draftId}, 1, 'draft', '{}'::jsonb, ${'501001001/900001'}, ${'甲项目草稿资源'}, ${f.dept.A}, '510000', 'department', 'unconditional', 'database', 'daily', false, '')`.execute(db);
    const project = async (key: string, name: string, department: string, resources: string[], accepted: string[] | null = null) => {
      ids[key] = randomUUID();
      await db.insertInto('catalog_projects').values({
        id: ids[key], name, department_id: department, approval_no: null, resources: JSON.stringify(resources.map((n) => ({ name: n }))), resource_count: resources.length,
        status: accepted ? 'accepted' : 'registered', accepted_codes: accepted ? JSON.stringify(accepted) : null, created_by: null, accepted_by: null, accepted_at: accepted ? new Date() : null,
      }).execute();
    };
    await project('noCatalog', '甲厅无目录项目', f.dept.A, []);
    await project('unpublished', '甲厅目录未入平台项目', f.dept.A, ['甲一（有条件，每日）', '甲项目草稿资源', '甲项目未编目资源']);
    await project('acceptedOk', '甲厅已验收项目', f.dept.A, ['甲二', '甲三'], [f.codes.R2, f.codes.R3]);
    await project('okByName', '乙厅目录齐全项目', f.dept.B, ['乙一']);
    await project('cdNoCatalog', '成都市丙局无目录项目', f.dept.C, []);
    // Another department's resource of the same name does not count for A's project.
    await project('foreignName', '乙厅同名不算项目', f.dept.B, ['甲一（有条件，每日）']);
    await insertUser(db, { id: randomUUID(), username: 'auditor', passwordHash: 'x', departmentId: null, displayName: 'auditor', roles: ['auditor'] });
    auditorH = await sessionFor(f.p, 'auditor');
  }, 120_000);
  afterAll(async () => f?.p.close());

  it('classifies each project with its reason and the missing planned resources as evidence', async () => {
    const all = byName(await gate('leader'));
    expect(all['甲厅无目录项目']).toMatchObject({ status: 'blocked_approval', reason: { code: 'PROJECT_CATALOG_MISSING' }, plannedCount: 0, missing: [] });
    expect(all['甲厅目录未入平台项目']).toMatchObject({ status: 'blocked_acceptance', reason: { code: 'PROJECT_CATALOG_NOT_PUBLISHED' }, plannedCount: 3, publishedCount: 1 });
    expect(all['甲厅目录未入平台项目']!.missing).toEqual([
      { index: 1, name: '甲项目草稿资源', code: '501001001/900001', state: 'draft' },
      { index: 2, name: '甲项目未编目资源', code: null, state: 'not_entered' },
    ]);
    expect(all['甲厅已验收项目']).toMatchObject({ status: 'ok', reason: null, plannedCount: 2, publishedCount: 2, missing: [] });
    expect(all['乙厅目录齐全项目']).toMatchObject({ status: 'ok', publishedCount: 1 });
    expect(all['乙厅同名不算项目']).toMatchObject({ status: 'blocked_acceptance', missing: [{ index: 0, code: null, state: 'not_entered' }] });
  });

  it('filters by status, with counts per status', async () => {
    const approval = await gate('leader', '?status=blocked_approval');
    expect(approval.items.map((i) => i.name).sort()).toEqual(['成都市丙局无目录项目', '甲厅无目录项目']);
    expect(approval.total).toBe(2);
    expect(approval.counts).toEqual({ blocked_approval: 2, blocked_acceptance: 2, ok: 2 });
    expect((await gate('leader', '?status=ok')).items.map((i) => i.name).sort()).toEqual(['乙厅目录齐全项目', '甲厅已验收项目']);
    expect((await gate('leader', '?status=blocked_acceptance&region=510100')).items).toEqual([]);
  });

  it('publishing the missing entry clears the gate (the state is computed, not stored)', async () => {
    await sql`UPDATE catalog_versions SET name = '甲项目未编目资源' WHERE code = ${f.codes.R4}`.execute(f.p.ctx.db);
    await sql`UPDATE catalog_versions SET status = 'published' WHERE code = '501001001/900001'`.execute(f.p.ctx.db);
    expect(byName(await gate('leader'))['甲厅目录未入平台项目']).toMatchObject({ status: 'ok', publishedCount: 3, missing: [] });
    await sql`UPDATE catalog_versions SET status = 'draft' WHERE code = '501001001/900001'`.execute(f.p.ctx.db);
    expect(byName(await gate('leader'))['甲厅目录未入平台项目']).toMatchObject({ status: 'blocked_acceptance', publishedCount: 2 });
  });

  it('scoping: the office sees its region, a head its department, the auditor everything', async () => {
    expect((await gate('cd_office')).items.map((i) => i.name)).toEqual(['成都市丙局无目录项目']);
    expect((await f.get('/supervision/projects?region=510000', 'cd_office')).statusCode).toBe(404);
    expect((await gate('office')).total).toBe(6);
    expect((await gate('office', '?region=510100')).items.map((i) => i.name)).toEqual(['成都市丙局无目录项目']);
    expect((await gate('a_head')).items.map((i) => i.name).sort()).toEqual(['甲厅已验收项目', '甲厅无目录项目', '甲厅目录未入平台项目']);
    expect((await gate('b_head', '?region=510100')).items).toEqual([]);
    const auditor = await f.p.app.inject({ method: 'GET', url: '/api/v1/supervision/projects', headers: auditorH });
    expect(auditor.statusCode).toBe(200);
    expect(auditor.json<Out>().total).toBe(6);
    expect((await f.get('/supervision/projects', 'a_editor')).statusCode).toBe(403);
    expect((await f.get('/supervision/projects?status=late', 'leader')).statusCode).toBe(400);
  });
});
