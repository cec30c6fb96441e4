import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { sessionFor } from '../applications/workflow.test-support.js';
import { bulkInsert, loadBulkDepartments } from '../catalog/catalog.bulk.js';
import { sampleResource } from '../catalog/fixtures.test-support.js';
import type { ResourceInput } from '../catalog/model.js';
import { insertUser } from '../orgs/orgs.store.js';
import { configureWorkflow, shanghaiTime } from '../scheduler/runtime.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

/**
 * A small province for the supervision tests: 四川省 (510000) with departments A and B, 成都市 (510100) with C.
 * Users: office (province), cd_office (成都市), a_head / b_head (heads of A and B), leader. The clock is 2026-12-15.
 */
export interface SupervisionFixture {
  p: TestPlatform;
  dept: { A: string; B: string; C: string };
  nodeA: string;
  nodeB: string;
  res: { R1: string; R2: string; R3: string; R4: string; B1: string };
  codes: { R1: string; R2: string; R3: string; R4: string; B1: string };
  setToday(date: string): void;
  get(url: string, who: string): Promise<LightMyRequestResponse>;
  post(url: string, who: string, payload?: object): Promise<LightMyRequestResponse>;
}

export const TODAY = '2026-12-15';
const at = (date: string, time = '10:00:00') => shanghaiTime(date, time);

export async function startSupervisionPlatform(): Promise<SupervisionFixture> {
  const p = await startTestPlatform();
  const db = p.ctx.db;
  configureWorkflow(p.ctx, { now: () => at(TODAY) });
  await db.insertInto('regions').values([
    { code: '510000', name: '四川省', level: 'province', parent_code: null },
    { code: '510100', name: '成都市', level: 'city', parent_code: '510000' },
  ]).execute();
  const dept = { A: randomUUID(), B: randomUUID(), C: randomUUID() };
  const office = randomUUID();
  const cdOffice = randomUUID();
  await db.insertInto('departments').values([
    { id: dept.A, code: '11510000MB0000001A', name: '甲厅', region_code: '510000', parent_id: null },
    { id: dept.B, code: '11510000MB0000002B', name: '乙厅', region_code: '510000', parent_id: null },
    { id: dept.C, code: '11510100MB0000003C', name: '成都市丙局', region_code: '510100', parent_id: null },
    { id: office, code: '11510000MB0000004D', name: '省政府办公厅', region_code: '510000', parent_id: null },
    { id: cdOffice, code: '11510100MB0000005E', name: '成都市政府办公厅', region_code: '510100', parent_id: null },
  ]).execute();
  const users: Array<[string, string, string]> = [
    ['office', office, 'office'], ['cd_office', cdOffice, 'office'], ['leader', office, 'leading_group'],
    ['a_head', dept.A, 'dept_head'], ['b_head', dept.B, 'dept_head'], ['a_editor', dept.A, 'catalog_editor'],
  ];
  for (const [username, departmentId, role] of users) await insertUser(db, { id: randomUUID(), username, passwordHash: 'x', departmentId, displayName: username, roles: [role] });
  const h: Record<string, { authorization: string }> = {};
  for (const u of ['admin', ...users.map((u) => u[0])]) h[u] = await sessionFor(p, u);

  const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const nodeA = randomUUID();
  const nodeB = randomUUID();
  await db.insertInto('nodes').values([
    { id: nodeA, department_id: dept.A, name: '甲厅节点', url: 'http://127.0.0.1:9', public_key: publicKey, status_reason: null, key_rotated_at: null, last_seen_at: null, last_latency_ms: null, last_error: null, version: null, health: null },
    { id: nodeB, department_id: dept.B, name: '乙厅节点', url: 'http://127.0.0.1:9', public_key: publicKey, status_reason: null, key_rotated_at: null, last_seen_at: null, last_latency_ms: null, last_error: null, version: null, health: null },
  ]).execute();

  const mk = (departmentId: string, o: Partial<ResourceInput>) => ({ status: 'published' as const, publishDate: '2026-01-05', input: sampleResource('gat', { departmentId, ...o }) });
  const list = [
    mk(dept.A, { name: '甲一（有条件，每日）', nodeId: nodeA, updateCycle: 'daily' }),
    mk(dept.A, { name: '甲二（无条件，每月）', nodeId: nodeA, updateCycle: 'monthly', shareType: 'unconditional', shareConditions: undefined }),
    mk(dept.A, { name: '甲三（不予共享）', updateCycle: 'yearly', shareType: 'none', shareConditions: undefined, shareMethods: [], legalBasis: '《中华人民共和国个人信息保护法》第二十八条' }),
    mk(dept.A, { name: '甲四（未挂接节点）', updateCycle: 'weekly' }),
    mk(dept.B, { name: '乙一', nodeId: nodeB, updateCycle: 'daily' }),
  ];
  const codes = await p.ctx.tx(async (tx) => bulkInsert(tx, await loadBulkDepartments(tx), list, 'extranet'));
  // published at the start of the year (bulkInsert stamps "now"; the evaluation reads the catalog as of the range's end)
  await sql`UPDATE catalog_versions SET published_at = ${at('2026-01-05')} WHERE code IN (${sql.join(codes)})`.execute(db);
  const ids = await db.selectFrom('catalog_versions').select(['code', 'resource_id']).where('code', 'in', codes).execute();
  const idOf = (code: string) => ids.find((r) => r.code === code)!.resource_id;
  const [R1, R2, R3, R4, B1] = codes as [string, string, string, string, string];
  return {
    p, dept, nodeA, nodeB,
    codes: { R1, R2, R3, R4, B1 },
    res: { R1: idOf(R1), R2: idOf(R2), R3: idOf(R3), R4: idOf(R4), B1: idOf(B1) },
    setToday: (date) => void configureWorkflow(p.ctx, { now: () => at(date) }),
    get: (url, who) => p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: h[who] }),
    post: (url, who, payload) => p.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: h[who], ...(payload ? { payload } : {}) }),
  };
}

/** An application row as the workflow leaves it (the tests write history directly; the workflow itself is tested in src/applications). */
export async function insertApplication(f: SupervisionFixture, a: { provider: string; consumer: string; code: string; filedOn: string; acceptBy: string; status: string; decidedAt?: Date; reason?: string | null }) {
  const id = randomUUID();
  await f.p.ctx.db.insertInto('applications').values({
    id, resource_code: a.code, resource_version: 1, resource_name: '测试资源', provider_department_id: a.provider, consumer_department_id: a.consumer,
    items: JSON.stringify(['姓名']), approved_items: null, methods: JSON.stringify(['query']), purpose: '测试', legal_basis: '测试', expected_volume: null, credential_id: null,
    valid_from: a.filedOn, valid_until: '2027-12-31', status: a.status as 'pending', filed_on: a.filedOn, accept_by: a.acceptBy,
    decided_at: a.decidedAt ?? null, decided_by: null, decision_reason: a.reason ?? null, sign_by: null, previous_id: null, link_kind: null, grant_id: null, overdue_at: null, created_by: null,
  }).execute();
  return id;
}

export async function insertObjection(f: SupervisionFixture, o: { provider: string; consumer: string; code: string; filedOn: string; replyBy: string; status: 'open' | 'accepted' | 'rejected'; repliedAt?: Date }) {
  const id = randomUUID();
  await f.p.ctx.db.insertInto('objections').values({
    id, resource_code: o.code, resource_name: '测试资源', provider_department_id: o.provider, consumer_department_id: o.consumer, description: '数据有误',
    discovered_on: o.filedOn, filed_on: o.filedOn, report_by: o.filedOn, late: false, reply_by: o.replyBy, status: o.status,
    reply: o.repliedAt ? '已核实' : null, correction: o.status === 'accepted' ? JSON.stringify({ description: '已更正' }) : null,
    replied_at: o.repliedAt ?? null, replied_by: null, overdue_at: null, created_by: null,
  }).execute();
  return id;
}

export async function insertOrgChange(f: SupervisionFixture, c: { department: string; effectiveOn: string; dueOn: string; closedAt?: Date }) {
  const id = randomUUID();
  await f.p.ctx.db.insertInto('catalog_org_changes').values({
    id, department_id: c.department, kind: 'reorganisation', description: `机构调整 ${c.effectiveOn}`, effective_on: c.effectiveOn, due_on: c.dueOn,
    provisional: false, created_by: null, closed_at: c.closedAt ?? null, closed_by_code: null, closed_by_version: null,
  }).execute();
  return id;
}

export { at };
