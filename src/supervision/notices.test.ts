import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsert, loadBulkDepartments } from '../catalog/catalog.bulk.js';
import { sampleResource } from '../catalog/fixtures.test-support.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { workflow } from '../scheduler/runtime.js';
import { transition } from './notices.rules.js';
import { at, insertApplication, insertOrgChange, startSupervisionPlatform, TODAY, type SupervisionFixture } from './fixture.test-support.js';

type Notice = { id: string; status: string; ground: number; dueOn: string | null; circular: string | null; reply: string | null; history: Array<{ action: string }>; detectionKind: string | null; department: { id: string } };

describe('notice state machine (pure)', () => {
  it('allows only the transitions of Art. 39', () => {
    expect(transition('proposed', 'issue')).toBe('issued');
    expect(transition('issued', 'circulate')).toBe('circulated');
    expect(transition('circulated', 'reply')).toBe('circulated');
    expect(() => transition('closed', 'reply')).toThrow(expect.objectContaining({ code: 'NOTICE_INVALID_TRANSITION' }));
    expect(() => transition('dismissed', 'issue')).toThrow(expect.objectContaining({ code: 'NOTICE_INVALID_TRANSITION' }));
  });
});

describe('rectification notices (Art. 39)', () => {
  let f: SupervisionFixture;
  beforeAll(async () => {
    f = await startSupervisionPlatform();
  }, 120_000);
  afterAll(async () => f?.p.close());
  const code = (r: { json(): unknown }) => (r.json() as { error?: { code: string } }).error?.code;
  const runJob = (name: string, date: string) => new Scheduler(f.p.ctx, workflow(f.p.ctx)).runJob(name, at(date));

  it('issue → reply → send back → overdue circular visible to the region → late rectification accepted; every step audited', async () => {
    f.setToday(TODAY);
    const issued = await f.post('/notices', 'office', { departmentId: f.dept.A, ground: 3, facts: '资源目录未按期更新', deadlineWorkdays: 5 });
    expect(issued.statusCode).toBe(201);
    const n = issued.json<Notice>();
    expect(n).toMatchObject({ status: 'issued', dueOn: '2026-12-22' }); // Tue 12-15 + 5 workdays: 16, 17, 18, 21, 22
    expect((await f.post('/notices', 'cd_office', { departmentId: f.dept.A, ground: 3, facts: 'x' })).statusCode).toBe(404); // not its region
    expect((await f.post('/notices', 'a_head', { departmentId: f.dept.A, ground: 3, facts: 'x' })).statusCode).toBe(403);
    expect(code(await f.post('/notices', 'office', { departmentId: f.dept.A, ground: 8, facts: 'x' }))).toBe('VALIDATION_FAILED');
    expect(code(await f.post('/notices', 'office', { departmentId: f.dept.A, ground: 3, facts: '   ' }))).toBe('NOTICE_FACTS_REQUIRED');

    // the department sees it (and its to-do notification); another department does not
    expect((await f.get('/notices', 'a_head')).json<{ items: Notice[] }>().items.map((x) => x.id)).toContain(n.id);
    expect((await f.get(`/notices/${n.id}`, 'b_head')).statusCode).toBe(404);
    expect((await f.post(`/notices/${n.id}/reply`, 'b_head', { reply: '已整改' })).statusCode).toBe(404);
    const inbox = await f.p.ctx.db.selectFrom('notifications').select(['kind', 'department_id']).where('subject_id', '=', n.id).execute();
    expect(inbox).toContainEqual({ kind: 'notice.issued', department_id: f.dept.A });

    const replied = await f.post(`/notices/${n.id}/reply`, 'a_head', { reply: '已补充更新目录' });
    expect(replied.json<Notice>()).toMatchObject({ status: 'replied', reply: '已补充更新目录' });
    expect(code(await f.post(`/notices/${n.id}/review`, 'office', { decision: 'reject' }))).toBe('NOTICE_REASON_REQUIRED');
    expect((await f.post(`/notices/${n.id}/review`, 'office', { decision: 'reject', comment: '信息项仍不完整' })).json<Notice>().status).toBe('issued');

    // before the deadline nothing happens; the day after it, the notice becomes a written circular
    expect(await runJob('notice-circulars', '2026-12-22')).toEqual({ circulated: 0 });
    expect(await runJob('notice-circulars', '2026-12-23')).toEqual({ circulated: 1 });
    const circ = (await f.get(`/notices/${n.id}`, 'office')).json<Notice>();
    expect(circ.status).toBe('circulated');
    expect(circ.circular).toContain('逾期未完成整改');
    // visible to the region: another department of 四川省 reads it; 成都市 (below) does not see the province's circular
    expect((await f.get('/notices/circulars', 'b_head')).json<{ items: Notice[] }>().items.map((x) => x.id)).toEqual([n.id]);
    expect((await f.get('/notices/circulars', 'cd_office')).json<{ total: number }>().total).toBe(0);
    const circNotices = await f.p.ctx.db.selectFrom('notifications').select(['region_code', 'role']).where('subject_id', '=', n.id).where('kind', '=', 'notice.circulated').execute();
    expect(circNotices).toEqual(expect.arrayContaining([{ region_code: '510000', role: 'office' }, { region_code: '510000', role: 'dept_head' }]));

    // late rectification is still recorded and can close the notice
    f.setToday('2026-12-24');
    expect((await f.post(`/notices/${n.id}/reply`, 'a_head', { reply: '已全部整改' })).json<Notice>().status).toBe('circulated');
    const closed = (await f.post(`/notices/${n.id}/review`, 'office', { decision: 'accept' })).json<Notice>();
    expect(closed.status).toBe('closed');
    expect(code(await f.post(`/notices/${n.id}/reply`, 'a_head', { reply: '再次反馈' }))).toBe('NOTICE_INVALID_TRANSITION');
    expect(closed.history.map((h) => h.action)).toEqual(['notice.issue', 'notice.reply', 'notice.reject', 'notice.circulate', 'notice.reply', 'notice.accept']);
    const audited = await f.p.ctx.db.selectFrom('audit_events').select('action').where('object_type', '=', 'notice').where('object_id', '=', n.id).orderBy('seq').execute();
    expect(audited.map((a) => a.action)).toEqual(['notice.issue', 'notice.reply', 'notice.reject', 'notice.circulate', 'notice.reply', 'notice.accept']);
  });

  it('proposes notices from what it detects; the office confirms or dismisses; a dismissed one is not proposed again', async () => {
    f.setToday(TODAY);
    const dl = await insertOrgChange(f, { department: f.dept.B, effectiveOn: '2026-10-08', dueOn: '2026-10-29' });
    const refused = await insertApplication(f, { provider: f.dept.A, consumer: f.dept.B, code: f.codes.R1, filedOn: '2026-11-02', acceptBy: '2026-11-16', status: 'refused', decidedAt: at('2026-11-05'), reason: null });
    const late = await insertApplication(f, { provider: f.dept.A, consumer: f.dept.B, code: f.codes.R1, filedOn: '2026-11-02', acceptBy: '2026-11-16', status: 'pending' });
    // B publishes the base resource holding 公民身份号码 as the single source (Art. 18); A's entries collect it again
    await f.p.ctx.tx(async (tx) => bulkInsert(tx, await loadBulkDepartments(tx), [{
      status: 'published', input: sampleResource('gat', {
        departmentId: f.dept.B, name: '人口基础信息（测试）', kind: 'base', classPath: ['基础', '人口'], nodeId: f.nodeB,
        items: [{ name: '公民身份号码', dataType: 'C', length: 18, base: true, mask: 'id_number' }, { name: '婚姻状况', dataType: 'C', length: 2 }],
      }),
    }], 'extranet'));
    const hasAlerts = (await sql<{ ok: boolean }>`SELECT to_regclass('alerts') IS NOT NULL AS ok`.execute(f.p.ctx.db)).rows[0]!.ok;
    if (hasAlerts) {
      const id = randomUUID();
      await sql`INSERT INTO alerts (id, rule, severity, dedup_key, title, department_id, evidence) VALUES (${id}, 'test', 'high', ${id}, '超出约定用途', ${f.dept.B}, '{}'::jsonb)`.execute(f.p.ctx.db);
    }

    expect((await f.post('/notices/detect', 'a_head')).statusCode).toBe(403);
    const det = await f.post('/notices/detect', 'office');
    expect(det.statusCode).toBe(200);
    expect(det.json()).toEqual({ proposed: { catalog_overdue: 1, refusal_unreasoned: 1, application_overdue: 1, duplicate_collection: 1, ...(hasAlerts ? { grant_misuse: 1 } : {}) } });

    const proposals = (await f.get('/notices?status=proposed&size=100', 'office')).json<{ items: Array<Notice & { evidence: Array<{ id: string }> }> }>().items;
    const of = (id: string) => proposals.find((p) => p.evidence.some((e) => e.id === id))!;
    expect(of(dl)).toMatchObject({ detectionKind: 'catalog_overdue', department: { id: f.dept.B } });
    expect(proposals.find((p) => p.detectionKind === 'duplicate_collection')).toMatchObject({ ground: 2, department: { id: f.dept.A } });
    // proposals are the office's: the department does not see them, nor does another region's office
    expect((await f.get(`/notices/${of(refused).id}`, 'a_head')).statusCode).toBe(404);
    expect((await f.get('/notices?status=proposed', 'cd_office')).json<{ total: number }>().total).toBe(0);

    const confirmed = await f.post(`/notices/${of(refused).id}/confirm`, 'office', { deadlineWorkdays: 10 });
    expect(confirmed.json<Notice>()).toMatchObject({ status: 'issued', dueOn: '2026-12-29' });
    expect((await f.get(`/notices/${of(refused).id}`, 'a_head')).statusCode).toBe(200);
    expect(code(await f.post(`/notices/${of(late).id}/dismiss`, 'office', { reason: ' ' }))).toBe('NOTICE_REASON_REQUIRED');
    expect((await f.post(`/notices/${of(late).id}/dismiss`, 'office', { reason: '申请人已撤回，系统未及时同步' })).json<Notice>().status).toBe('dismissed');
    expect(code(await f.post(`/notices/${of(late).id}/confirm`, 'office', {}))).toBe('NOTICE_INVALID_TRANSITION');

    // the scheduler's daily run finds nothing new: each subject is proposed once, dismissed or not
    expect(await runJob('notice-proposals', TODAY)).toEqual({});
    expect(await runJob('notice-proposals', TODAY)).toEqual({ skipped: 1 });
  });
});
