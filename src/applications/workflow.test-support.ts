import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { insertSession } from '../auth/session.store.js';
import { hashSecret, newSecret } from '../auth/tokens.js';
import { insertUser } from '../orgs/orgs.store.js';
import type { LightMyRequestResponse } from 'fastify';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/roles.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { addDays, todayInShanghai } from '../calendar/dates.js';
import { bulkInsert, loadBulkDepartments } from '../catalog/catalog.bulk.js';
import { sampleResource } from '../catalog/fixtures.test-support.js';
import type { ResourceInput } from '../catalog/model.js';
import { demoDepartmentId, seedDemo } from '../demo/seed.js';
import { configureWorkflow, shanghaiTime } from '../scheduler/runtime.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

/**
 * A platform for the workflow tests: demo organisations and users, one extra share approver in another department
 * (省市场监管局), a node of 省公安厅 and four published resources of 省公安厅 (conditional ×2, unconditional, not shared).
 */
export interface WorkflowFixture {
  p: TestPlatform;
  h: Record<string, { authorization: string }>;
  codes: { conditional: string; conditional2: string; unconditional: string; none: string };
  nodeId: string;
  /** Sets the workflow's clock to a Shanghai date (10:00). */
  setToday(date: string): void;
  post(url: string, who: string, payload?: object): Promise<LightMyRequestResponse>;
  get(url: string, who: string): Promise<LightMyRequestResponse>;
}

/**
 * A session for a user without the password hash (scrypt is deliberately slow; login itself is tested in
 * src/auth). The token goes through the real auth hook like any other.
 */
export async function sessionFor(p: TestPlatform, username: string): Promise<{ authorization: string }> {
  const u = await p.ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const token = newSecret('gsu_');
  await insertSession(p.ctx.db, { tokenHash: hashSecret(token), kind: 'user', userId: u.id, expiresAt: new Date(Date.now() + 3_600_000) });
  return { authorization: `Bearer ${token}` };
}

export const USERS = ['gat_approver', 'gat_editor', 'rst_user', 'wjw_user', 'office', 'leader', 'cd_office', 'gat_head', 'auditor'];

/** `env`: settings for the platform's config (src/config.ts), e.g. the SMTP server of a test. */
export async function startWorkflowPlatform(env: Record<string, string> = {}): Promise<WorkflowFixture> {
  const p = await startTestPlatform({}, env);
  // A calendar that rechecks its overrides on every use (in the background): deadline code running inside a
  // transaction must never wait for that read (on PGlite it would wait for its own transaction).
  const calendar = new CalendarService(p.ctx.db, 0);
  await calendar.reload();
  (p.ctx as { calendar: CalendarService }).calendar = calendar;
  await seedDemo(p.ctx);
  await insertUser(p.ctx.db, { id: randomUUID(), username: 'scjgj_approver', passwordHash: 'x', departmentId: demoDepartmentId('scjgj'), displayName: null, roles: ['share_approver'] });
  const h: Record<string, { authorization: string }> = {};
  for (const u of ['admin', ...USERS, 'scjgj_approver']) h[u] = await sessionFor(p, u);
  const post = (url: string, who: string, payload?: object) => p.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: h[who], ...(payload ? { payload } : {}) });
  const get = (url: string, who: string) => p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: h[who] });

  const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const node = await post('/nodes', 'admin', { departmentId: demoDepartmentId('gat'), name: '省公安厅数据服务节点', url: 'http://127.0.0.1:9', publicKey });
  if (node.statusCode !== 201) throw new Error(`node: ${node.body}`);
  const nodeId = node.json<{ id: string }>().id;

  const mk = (o: Partial<ResourceInput>) => ({ status: 'published' as const, input: sampleResource('gat', { nodeId, shareMethods: ['table', 'api', 'compare'], ...o }) });
  const codes = await p.ctx.tx(async (tx) => bulkInsert(tx, await loadBulkDepartments(tx), [
    mk({ name: '机动车驾驶人信息（测试）' }),
    mk({ name: '居住证信息（测试）' }),
    mk({ name: '公安监管场所基本信息（测试）', shareType: 'unconditional', shareConditions: undefined }),
    mk({ name: '犯罪记录查询结果信息（测试）', shareType: 'none', shareConditions: undefined, shareMethods: [], legalBasis: '《中华人民共和国个人信息保护法》第二十八条' }),
  ], 'extranet'));
  return {
    p, h, nodeId, post, get,
    codes: { conditional: codes[0]!, conditional2: codes[1]!, unconditional: codes[2]!, none: codes[3]! },
    setToday: (date) => void configureWorkflow(p.ctx, { now: () => shanghaiTime(date) }),
  };
}

/** A valid application body; the period runs a year from today (pass validUntil when a test sets the clock). */
export const apply = (code: string, o: Record<string, unknown> = {}) => ({
  resourceCode: code, items: ['公民身份号码', '姓名'], purpose: '社会保险待遇资格认证中的身份核验', legalBasis: '《社会保险法》第七十二条', validUntil: addDays(todayInShanghai(), 365), ...o,
});

/** A department user as the bus sees it (for Bus.prepare / decideAccess checks). */
export function deptActor(username: string, slug: string, roles: Role[] = ['data_user']): Actor {
  return { kind: 'user', id: username, name: username, roles, departmentId: demoDepartmentId(slug), regionCode: '510000', sessionId: null };
}
