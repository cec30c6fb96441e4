import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { insertSession } from '../../src/auth/session.store.js';
import { hashSecret, newSecret } from '../../src/auth/tokens.js';
import { DEPARTMENT_ROLES, type Role } from '../../src/auth/roles.js';
import { signingSuite } from '../../src/crypto/suite.js';
import { demoDepartmentId, seedDemo } from '../../src/demo/seed.js';
import { insertUser } from '../../src/orgs/orgs.store.js';
import { startTestPlatform, type TestPlatform } from '../../src/test-support/platform.js';

/**
 * The world the attack tests run in: the demo organisations and workflow (applications, objections, a dispute and an
 * active grant between 省公安厅 (provider, department A) and 省人社厅/省卫健委 (consumers)), plus objects made here
 * for A (a draft resource, a node, a system credential), and one user of every department role in 省市场监管局
 * (department B, an outsider to all of them). Tests of this folder never mock: a real platform on PGlite or PostgreSQL.
 */
export const DEPT_A = demoDepartmentId('gat');
export const DEPT_B = demoDepartmentId('scjgj');

/** One signed-in user per role for the route-level matrix (department roles from A or its consumers). */
export const ROLE_USERS: Record<Role, string> = {
  admin: 'admin', leading_group: 'leader', office: 'office', auditor: 'auditor',
  catalog_editor: 'gat_editor', catalog_reviewer: 'gat_reviewer', share_approver: 'gat_approver', data_user: 'rst_user',
  security_officer: 'gat_security', dept_head: 'gat_head',
};
/** Users outside every object of the world: each department role in B, and the office of 成都市 (a region below). */
export const OUTSIDERS = [...DEPARTMENT_ROLES.map((r) => `b_${r}`), 'cd_office'];

export interface WorldObject {
  kind: string;
  id: string;
  /** The table and key column holding it, to prove it was not changed by an outsider. */
  table: string;
  key: string;
  /** Strings only an insider may see (ids, names); an outsider's response must not contain them. */
  secrets: string[];
}

export interface World {
  p: TestPlatform;
  objects: Record<string, WorldObject>;
  /** Every object's secrets: no list an outsider reads may contain one. */
  secrets: string[];
  call(who: string | null, opts: InjectOptions): Promise<LightMyRequestResponse>;
  /** The rows of every world object, to compare before and after an attack. */
  snapshot(): Promise<string>;
}

export async function startWorld(): Promise<World> {
  const p = await startTestPlatform({ demo: true }, { GOVSHARE_LOGIN_RATE_IP: '100000', GOVSHARE_LOGIN_RATE_USER: '10000' });
  await seedDemo(p.ctx);
  for (const role of DEPARTMENT_ROLES) {
    // Never signed in with a password (sessions are minted below): the hash only has to be there.
    await insertUser(p.ctx.db, { id: randomUUID(), username: `b_${role}`, passwordHash: 'unusable', departmentId: DEPT_B, displayName: `B ${role}`, roles: [role] });
  }
  // Sessions are written as the login service writes them, without its scrypt (a second or more per user on a busy
  // machine); signing in itself is tested in src/auth. A session ends when a route logs it out: then a new one.
  const tokens = new Map<string, { authorization: string }>();
  const headers = async (who: string, fresh = false) => {
    if (fresh || !tokens.has(who)) {
      const user = await p.ctx.db.selectFrom('users').select('id').where('username', '=', who).executeTakeFirstOrThrow();
      const token = newSecret('gsu_');
      await insertSession(p.ctx.db, { tokenHash: hashSecret(token), kind: 'user', userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) });
      tokens.set(who, { authorization: `Bearer ${token}` });
    }
    return tokens.get(who)!;
  };
  const call: World['call'] = async (who, opts) => {
    if (who === null) return p.app.inject(opts);
    const res = await p.app.inject({ ...opts, headers: { ...opts.headers, ...(await headers(who)) } });
    // A route before may have been POST /auth/logout or a session revoke: sign in again and repeat once.
    if (res.statusCode !== 401) return res;
    return p.app.inject({ ...opts, headers: { ...opts.headers, ...(await headers(who, true)) } });
  };

  const objects: Record<string, WorldObject> = {};
  const one = async <T>(q: Promise<T | undefined>, what: string): Promise<T> => {
    const row = await q;
    if (!row) throw new Error(`world: no ${what} in the demo seed`);
    return row;
  };
  const db = p.ctx.db;
  const app = await one(db.selectFrom('applications').select(['id', 'purpose']).where('status', '=', 'active').executeTakeFirst(), 'active application');
  objects.application = { kind: 'application', id: app.id, table: 'applications', key: 'id', secrets: [app.id] };
  const grant = await one(db.selectFrom('grants').select('id').where('application_id', '=', app.id).executeTakeFirst(), 'grant');
  objects.grant = { kind: 'grant', id: grant.id, table: 'grants', key: 'id', secrets: [grant.id] };
  const obj = await one(db.selectFrom('objections').select('id').where('status', '=', 'open').executeTakeFirst(), 'objection');
  objects.objection = { kind: 'objection', id: obj.id, table: 'objections', key: 'id', secrets: [obj.id] };
  const dispute = await one(db.selectFrom('disputes').select('id').executeTakeFirst(), 'dispute');
  objects.dispute = { kind: 'dispute', id: dispute.id, table: 'disputes', key: 'id', secrets: [dispute.id] };
  const note = await one(db.selectFrom('notifications').select('id').where('department_id', '=', DEPT_A).executeTakeFirst(), 'notification');
  objects.notification = { kind: 'notification', id: note.id, table: 'notifications', key: 'id', secrets: [note.id] };
  const gatUser = await one(db.selectFrom('users').select('id').where('username', '=', 'gat_editor').executeTakeFirst(), 'user');
  objects.user = { kind: 'user', id: gatUser.id, table: 'users', key: 'id', secrets: [] }; // user ids appear in published metadata
  objects.department = { kind: 'department', id: DEPT_A, table: 'departments', key: 'id', secrets: [] };

  const tag = randomUUID().slice(0, 8);
  const draftName = `安全测试草稿${tag}`;
  const draft = await call('gat_editor', {
    method: 'POST', url: '/api/v1/resources', payload: {
      name: draftName, kind: 'department', departmentId: DEPT_A, abstract: '仅用于越权测试的草稿资源。', format: 'database',
      items: [{ name: '测试项', dataType: 'C', length: 20 }], shareType: 'unconditional', shareMethods: ['table'], open: { toPublic: false }, updateCycle: 'daily',
    },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const { id: draftId, code: draftCode } = draft.json<{ id: string; code: string }>();
  objects.draft = { kind: 'draft resource', id: draftId, table: 'catalog_resources', key: 'id', secrets: [draftId, draftName] };
  objects.draftCode = { kind: 'draft resource (by code)', id: draftCode, table: 'catalog_resources', key: 'code', secrets: [draftName] };

  const nodeName = `安全测试节点${tag}`;
  const node = await call('admin', {
    method: 'POST', url: '/api/v1/nodes',
    payload: { departmentId: DEPT_A, name: nodeName, url: 'http://127.0.0.1:1', publicKey: signingSuite('intl').generateKeyPair().publicPem },
  });
  expect(node.statusCode, node.body).toBe(201);
  const nodeId = node.json<{ id: string }>().id;
  objects.node = { kind: 'node', id: nodeId, table: 'nodes', key: 'id', secrets: [nodeId, nodeName] };

  const credName = `安全测试凭证${tag}`;
  const cred = await call('admin', { method: 'POST', url: '/api/v1/credentials', payload: { departmentId: DEPT_A, name: credName } });
  expect(cred.statusCode, cred.body).toBe(201);
  const clientId = cred.json<{ clientId: string }>().clientId;
  objects.credential = { kind: 'credential', id: clientId, table: 'credentials', key: 'id', secrets: [clientId, credName] };

  // A session of an insider: an outsider must not list or end it.
  const token = newSecret('gsu_');
  await insertSession(db, { tokenHash: hashSecret(token), kind: 'user', userId: gatUser.id, expiresAt: new Date(Date.now() + 3_600_000) });
  const session = await one(db.selectFrom('sessions').select('id').where('token_hash', '=', hashSecret(token)).executeTakeFirst(), 'session');
  objects.session = { kind: 'session', id: session.id, table: 'sessions', key: 'id', secrets: [session.id] };

  // Objects of features still being built (incidents, notices): made through their own API when it takes the
  // request; when it does not (yet), their routes stay listed as not covered instead of failing here.
  const made = async (kind: string, table: string, who: string, url: string, payload: object, secret: string) => {
    const res = await call(who, { method: 'POST', url, payload });
    const id = res.statusCode === 201 ? res.json<{ id?: string }>().id : undefined;
    if (id) objects[kind] = { kind, id, table, key: 'id', secrets: [id, secret] };
  };
  const incidentTitle = `安全测试事件${tag}`;
  await made('incident', 'incidents', 'gat_security', '/api/v1/incidents', {
    title: incidentTitle, description: '越权测试用的安全事件。', severity: 'major', discoveredAt: new Date().toISOString(), dataInvolved: { resources: [] }, measures: '无',
  }, incidentTitle);
  const facts = `安全测试通知${tag}`;
  await made('notice', 'supervision_notices', 'office', '/api/v1/notices', { departmentId: DEPT_A, ground: 1, facts }, facts);

  return {
    p, objects, call,
    secrets: Object.values(objects).flatMap((o) => o.secrets),
    async snapshot() {
      const rows: unknown[] = [];
      for (const o of Object.values(objects)) {
        // Table and column names come from the list above, not from input.
        rows.push(await db.selectFrom(o.table as 'users').selectAll().where(o.key as 'id', '=', o.id).execute());
      }
      return JSON.stringify(rows);
    },
  };
}
