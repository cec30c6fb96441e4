import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combine, median, share } from './evaluation.rules.js';
import { DEFAULT_WEIGHTS, parseWeights } from './evaluation.weights.js';
import { at, insertApplication, insertObjection, insertOrgChange, startSupervisionPlatform, type SupervisionFixture } from './fixture.test-support.js';

type Dept = { departmentId: string; score: number; rank: number; criteria: Array<{ key: string; share: number; points: number; figures: Array<{ key: string; value: number | null; evidence?: { ids: string[] } }> }> };

describe('evaluation rules (pure)', () => {
  it('weights: defaults add up to 100, a partial setting keeps the rest, nonsense is refused', () => {
    expect(Object.values(DEFAULT_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    expect(parseWeights('misuse=0, timeliness=25')).toMatchObject({ misuse: 0, timeliness: 25, completeness: 15 });
    expect(parseWeights('speed=5')).toMatch(/unknown criterion/);
    expect(parseWeights('misuse=-1')).toMatch(/number/);
  });
  it('combines shares into points out of 100, normalising weights that do not add up to 100', () => {
    const all = { completeness: 1, timeliness: 1, shareRatio: 1, applications: 1, objections: 1, nodeAvailability: 1, dataQuality: 1, misuse: 1 };
    expect(combine({ ...all, timeliness: 0 }, DEFAULT_WEIGHTS).score).toBe(80);
    const half = Object.fromEntries(Object.entries(DEFAULT_WEIGHTS).map(([k, v]) => [k, v / 2])) as typeof DEFAULT_WEIGHTS;
    expect(combine({ ...all, timeliness: 0 }, half).score).toBe(80);
    expect(share(0, 0)).toBe(1);
    expect(median([6, 12, 2])).toBe(6);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('evaluation over stored rows (Art. 34)', () => {
  let f: SupervisionFixture;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    f = await startSupervisionPlatform();
    const { A, B } = f.dept;
    const db = f.p.ctx.db;
    // Timeliness of A: one Art. 10 deadline closed in time, one left open past its date; data of R1 (daily) fresh,
    // of R2 (monthly) 75 days old; R3 and R4 report nothing (not judged).
    ids.dlMet = await insertOrgChange(f, { department: A, effectiveOn: '2026-02-02', dueOn: '2026-02-27', closedAt: at('2026-02-20') });
    ids.dlLate = await insertOrgChange(f, { department: A, effectiveOn: '2026-06-01', dueOn: '2026-06-22' });
    await db.insertInto('resource_stats').values([
      { resource_code: f.codes.R1, node_id: f.nodeA, row_count: 10, last_change: at('2026-12-15', '02:00:00'), error: null },
      { resource_code: f.codes.R2, node_id: f.nodeA, row_count: 10, last_change: at('2026-10-01'), error: null },
    ]).execute();
    // Applications to A: on time; decided late; refused in time but without a reason; overdue and still pending;
    // pending and not yet due (not judged); one filed in 2025 (outside the range).
    ids.a1 = await insertApplication(f, { provider: A, consumer: B, code: f.codes.R1, filedOn: '2026-03-02', acceptBy: '2026-03-16', status: 'active', decidedAt: at('2026-03-10') });
    ids.a2 = await insertApplication(f, { provider: A, consumer: B, code: f.codes.R1, filedOn: '2026-09-01', acceptBy: '2026-09-15', status: 'refused', decidedAt: at('2026-09-17'), reason: '超出职责范围' });
    ids.a3 = await insertApplication(f, { provider: A, consumer: B, code: f.codes.R1, filedOn: '2026-05-18', acceptBy: '2026-06-01', status: 'refused', decidedAt: at('2026-05-20'), reason: '  ' });
    ids.a4 = await insertApplication(f, { provider: A, consumer: B, code: f.codes.R1, filedOn: '2026-12-10', acceptBy: '2026-12-24', status: 'pending' });
    ids.a5 = await insertApplication(f, { provider: A, consumer: B, code: f.codes.R1, filedOn: '2026-06-01', acceptBy: '2026-06-12', status: 'pending' });
    await insertApplication(f, { provider: A, consumer: B, code: f.codes.R1, filedOn: '2025-12-01', acceptBy: '2025-12-12', status: 'pending' });
    // Objections to A: answered in time (accepted: a correction of R1); open past its date.
    ids.o1 = await insertObjection(f, { provider: A, consumer: B, code: f.codes.R1, filedOn: '2026-07-01', replyBy: '2026-07-15', status: 'accepted', repliedAt: at('2026-07-10') });
    ids.o2 = await insertObjection(f, { provider: A, consumer: B, code: f.codes.R2, filedOn: '2026-08-03', replyBy: '2026-08-14', status: 'open' });
    // Node of A probed four times, one failure: the history comes from the trigger on nodes (migration 0014).
    for (const error of [null, null, 'HTTP 503', null]) {
      await db.updateTable('nodes').set({ last_latency_ms: 5, last_error: error }).where('id', '=', f.nodeA).execute();
    }
    await db.updateTable('node_probes').set({ at: at('2026-04-01') }).execute();
    // One misuse alert against A as a consumer: src/monitoring's alerts table when present, else the bus's audit event.
    const hasAlerts = (await sql<{ ok: boolean }>`SELECT to_regclass('alerts') IS NOT NULL AS ok`.execute(db)).rows[0]!.ok;
    if (hasAlerts) {
      ids.alert = randomUUID();
      await sql`INSERT INTO alerts (id, rule, severity, dedup_key, title, department_id, evidence, raised_at)
        VALUES (${ids.alert}, 'test', 'high', ${ids.alert}, '比对异常', ${A}, '{}'::jsonb, ${at('2026-05-05')})`.execute(db);
    } else {
      await f.p.ctx.audit.record({ action: 'alert.compare.volume', outcome: 'success', actor: { id: null, name: 'test', departmentId: A }, detail: {} });
    }
  }, 120_000);
  afterAll(async () => f?.p.close());

  const crit = (d: Dept, key: string) => d.criteria.find((c) => c.key === key)!;
  const figure = (d: Dept, key: string, fig: string) => crit(d, key).figures.find((x) => x.key === fig)!;

  it('scores each department as the documented weights say, computed by hand', async () => {
    const res = await f.get('/evaluation?year=2026', 'office');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ asOf: string; departments: Dept[]; regions: Array<{ regionCode: string; score: number; departments: number }> }>();
    expect(body.asOf).toBe('2026-12-15');
    const A = body.departments.find((d) => d.departmentId === f.dept.A)!;
    const shares = Object.fromEntries(A.criteria.map((c) => [c.key, c.share]));
    expect(shares).toEqual({
      completeness: 3 / 4, // R4 has no node
      timeliness: (1 + 1) / (2 + 2), // 1 of 2 deadlines met + R1 fresh of R1, R2 reported
      shareRatio: 3 / 4, // R3 not shared
      applications: 1 / 4, // a1 good; a2 late, a3 no reason, a5 overdue; a4 not yet due
      objections: 1 / 2,
      nodeAvailability: 3 / 4,
      dataQuality: 1 - 1 / 4, // R1 corrected
      misuse: 1 - 0.25,
    });
    // 15×.75 + 20×.5 + 15×.75 + 15×.25 + 10×.5 + 10×.75 + 10×.75 + 5×.75 = 11.25+10+11.25+3.75+5+7.5+7.5+3.75
    expect(A.score).toBe(60);
    expect(crit(A, 'timeliness').points).toBe(10);
    // B: one complete, shared resource and nothing due → 100; C: nothing catalogued → loses completeness and share ratio
    const B = body.departments.find((d) => d.departmentId === f.dept.B)!;
    const C = body.departments.find((d) => d.departmentId === f.dept.C)!;
    expect(B.score).toBe(100);
    expect(C.score).toBe(70);
    expect([B.rank, C.rank, A.rank]).toEqual([1, 2, 5]); // C shares rank 2 with the two offices (70 each)
    // regions: 四川省 includes 成都市's departments; the two offices (no catalog) count too
    const sc = body.regions.find((r) => r.regionCode === '510000')!;
    const cd = body.regions.find((r) => r.regionCode === '510100')!;
    expect(sc.departments).toBe(5);
    expect(sc.score).toBe(Math.round(((60 + 100 + 70 + 70 + 70) / 5) * 10) / 10);
    expect(cd).toMatchObject({ departments: 2, score: 70 });
    // the ranking carries numbers only; evidence comes with the department's own result
    expect(figure(A, 'applications', 'late').evidence).toBeUndefined();
  });

  it('gives the evidence behind each figure, as ids the screen drills into', async () => {
    const res = await f.get(`/evaluation/departments/${f.dept.A}?year=2026`, 'office');
    expect(res.statusCode).toBe(200);
    const A = res.json<{ department: Dept }>().department;
    expect(figure(A, 'applications', 'late').evidence!.ids.sort()).toEqual([ids.a2!, ids.a5!].sort());
    expect(figure(A, 'applications', 'refusedWithoutReason').evidence!.ids).toEqual([ids.a3]);
    expect(figure(A, 'applications', 'medianWorkdays').value).toBe(6); // 6 (3/2→3/10), 12 (9/1→9/17), 2 (5/18→5/20)
    expect(figure(A, 'timeliness', 'deadlinesOverdue').evidence!.ids).toEqual([ids.dlLate]);
    expect(figure(A, 'timeliness', 'cycleStale').evidence!.ids).toEqual([f.res.R2]);
    expect(figure(A, 'completeness', 'missingNode').evidence!.ids).toEqual([f.res.R4]);
    expect(figure(A, 'objections', 'late').evidence!.ids).toEqual([ids.o2]);
    expect(figure(A, 'nodeAvailability', 'probesFailed').evidence!.ids).toHaveLength(1);

    const rows = await f.get(`/evaluation/departments/${f.dept.A}/evidence?year=2026&criterion=applications&figure=late`, 'office');
    expect(rows.statusCode).toBe(200);
    expect(rows.json()).toMatchObject({ type: 'application', total: 2 });
    expect(rows.json<{ items: Array<{ id: string; date: string }> }>().items.map((r) => r.date)).toEqual(['2026-06-01', '2026-09-01']);
    expect((await f.get(`/evaluation/departments/${f.dept.A}/evidence?year=2026&criterion=applications&figure=nope`, 'office')).statusCode).toBe(404);
  });

  it('a missed deadline costs exactly the timeliness weight times its share', async () => {
    const before = (await f.get(`/evaluation/departments/${f.dept.B}?year=2026`, 'office')).json<{ department: Dept }>().department;
    const id = await insertOrgChange(f, { department: f.dept.B, effectiveOn: '2026-10-08', dueOn: '2026-10-29' });
    const after = (await f.get(`/evaluation/departments/${f.dept.B}?year=2026`, 'office')).json<{ department: Dept }>().department;
    expect(before.score - after.score).toBe(DEFAULT_WEIGHTS.timeliness); // B's only judged timeliness item
    await f.p.ctx.db.deleteFrom('catalog_org_changes').where('id', '=', id).execute();
  });

  it('a past range is judged as of its end: a pending application not yet due then is not counted', async () => {
    const A = (await f.get(`/evaluation/departments/${f.dept.A}?from=2026-01-01&to=2026-06-05`, 'office')).json<{ asOf: string; department: Dept }>();
    expect(A.asOf).toBe('2026-06-05');
    // a5 (due 6/12) not yet judged; a1 and a3 are; a2 was filed later
    expect(figure(A.department, 'applications', 'judged').evidence!.ids.sort()).toEqual([ids.a1!, ids.a3!].sort());
  });

  it('dashboard: one call answers every chart, for the office and, scoped, for a department', async () => {
    const res = await f.get('/supervision/dashboard?year=2026', 'office');
    expect(res.statusCode).toBe(200);
    const d = res.json<{ monthly: Array<{ month: string; applications: number; refused: number }>; backlog: Array<{ kind: string; count: number }>; shareTypes: Array<{ shareType: string; count: number }>; ranking: Array<{ departmentId: string; rank: number }> }>();
    expect(d.monthly).toHaveLength(12);
    expect(Object.fromEntries(d.monthly.filter((m) => m.applications).map((m) => [m.month, [m.applications, m.refused]])))
      .toEqual({ '2026-03': [1, 0], '2026-05': [1, 1], '2026-06': [1, 0], '2026-09': [1, 1], '2026-12': [1, 0] });
    // overdue today (12-15): the open deadline of A; a5 and the 2025 application; objection o2
    expect(Object.fromEntries(d.backlog.map((b) => [b.kind, b.count]))).toEqual({ catalogUpdates: 1, applications: 2, objections: 1, notices: 0 });
    expect(Object.fromEntries(d.shareTypes.map((s) => [s.shareType, s.count]))).toEqual({ conditional: 3, unconditional: 1, none: 1 });
    expect(d.ranking[0]).toMatchObject({ departmentId: f.dept.B, rank: 1 });
    const own = (await f.get('/supervision/dashboard?year=2026', 'a_head')).json<{ scope: string; ranking: unknown[]; criteria: unknown[]; shareTypes: Array<{ count: number }> }>();
    expect(own).toMatchObject({ scope: 'department' });
    expect(own.ranking).toHaveLength(1);
    expect(own.criteria).toHaveLength(8);
    expect(own.shareTypes.reduce((s, x) => s + x.count, 0)).toBe(4);
  });

  it('dashboard: the most used resources (from the audit log) and the nodes with their health', async () => {
    const actor = { id: null, name: 'test', departmentId: f.dept.B };
    for (const [code, n] of [[f.codes.R1, 3], [f.codes.B1, 1]] as const) {
      for (let i = 0; i < n; i++) await f.p.ctx.audit.record({ action: 'exchange.query', outcome: 'success', actor, objectType: 'resource', objectId: code });
    }
    await f.p.ctx.audit.record({ action: 'exchange.query', outcome: 'denied', actor, objectType: 'resource', objectId: f.codes.R2 });
    const d = (await f.get('/supervision/dashboard?year=2026', 'office')).json<{ topResources: Array<{ code: string; exchanges: number }>; nodes: Array<{ name: string; health: string }> }>();
    expect(d.topResources.slice(0, 2)).toEqual([expect.objectContaining({ code: f.codes.R1, exchanges: 3 }), expect.objectContaining({ code: f.codes.B1, exchanges: 1 })]);
    expect(d.topResources.map((r) => r.code)).not.toContain(f.codes.R2); // refused calls are not use
    expect(d.nodes.map((n) => [n.name, n.health]).sort()).toEqual([['乙厅节点', 'unknown'], ['甲厅节点', 'unknown']]);
    const own = (await f.get('/supervision/dashboard?year=2026', 'a_head')).json<{ topResources: Array<{ code: string }>; nodes: Array<{ name: string }> }>();
    expect(own.nodes.map((n) => n.name)).toEqual(['甲厅节点']);
    expect(own.topResources.map((r) => r.code)).toEqual([f.codes.R1]);
  });

  it('scopes: the city office sees its city, a department only itself, others are 404', async () => {
    const cd = (await f.get('/evaluation?year=2026', 'cd_office')).json<{ departments: Dept[] }>();
    expect(cd.departments.map((d) => d.departmentId)).not.toContain(f.dept.A);
    expect(cd.departments.map((d) => d.departmentId)).toContain(f.dept.C);
    expect((await f.get(`/evaluation/departments/${f.dept.A}?year=2026`, 'cd_office')).statusCode).toBe(404);
    expect((await f.get('/evaluation?year=2026&region=510000', 'cd_office')).statusCode).toBe(404);
    const own = (await f.get('/evaluation?year=2026', 'a_head')).json<{ departments: Dept[] }>();
    expect(own.departments.map((d) => d.departmentId)).toEqual([f.dept.A]);
    expect((await f.get(`/evaluation/departments/${f.dept.B}?year=2026`, 'a_head')).statusCode).toBe(404);
    expect((await f.get('/evaluation?from=2026-05-01&to=2026-04-01', 'office')).json().error.code).toBe('VALIDATION_FAILED');
  });
});
