import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit.service.js';
import { hashPassword } from '../../src/auth/password.js';
import { loadConfig } from '../../src/config.js';
import { signingSuite } from '../../src/crypto/suite.js';
import type { DbHandle } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { createTestDb } from '../../src/test-support/db.js';

// The upgrade path (issue 11 item 4): a database as the previous release (migrations up to 0008) left it, with its
// data written in that release's shapes, upgraded by starting this build; nothing is lost and the audit chain goes on.
const PREVIOUS = '0008_exchange_usage';
const PASSWORD = 'Upgrade@Test2026';
const DEPT = 'dept-upgrade-0000000000000000000001';
let handle: DbHandle;
let platform: Platform | undefined;
const oldKey = signingSuite('intl').generateKeyPair();

beforeAll(async () => {
  handle = await createTestDb();
  const previous = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= PREVIOUS));
  expect(Object.keys(previous)).toHaveLength(8);
  const r = await new Migrator({ db: handle.db, provider: { getMigrations: async () => previous } }).migrateToLatest();
  expect(r.error).toBeUndefined();

  // The previous release's data, in its own shapes: plain platform key in settings, users, a node, a grant, a credential.
  const db = handle.db;
  await sql`INSERT INTO regions (code, name, level) VALUES ('510000', '四川省', 'province')`.execute(db);
  await sql`INSERT INTO departments (id, code, name, region_code) VALUES (${DEPT}, '11510000MB0000001X', '省升级测试厅', '510000')`.execute(db);
  await sql`INSERT INTO users (id, username, password_hash, department_id, display_name) VALUES
    ('u-admin', 'admin', ${await hashPassword(PASSWORD, 14)}, NULL, '平台管理员'),
    ('u-staff', 'staff', ${await hashPassword(PASSWORD, 14)}, ${DEPT}, '工作人员')`.execute(db);
  await sql`INSERT INTO user_roles (user_id, role) VALUES ('u-admin', 'admin'), ('u-staff', 'data_user')`.execute(db);
  await sql`INSERT INTO credentials (id, department_id, name, secret_hash) VALUES ('c-1', ${DEPT}, '业务系统', 'abc123')`.execute(db);
  await sql`INSERT INTO settings (key, value) VALUES ('platform_key:intl', ${JSON.stringify({ ...oldKey, createdAt: '2026-01-01T00:00:00.000Z' })}::jsonb)`.execute(db);
  await sql`INSERT INTO nodes (id, department_id, name, url, public_key) VALUES ('n-1', ${DEPT}, '升级测试节点', 'https://node.example', ${oldKey.publicPem})`.execute(db);
  await sql`INSERT INTO grants (id, resource_code, consumer_department_id, items, purpose, valid_from, valid_until)
    VALUES ('g-1', '510000-TEST-0001', ${DEPT}, '["姓名"]'::jsonb, '升级测试', '2026-01-01', '2099-12-31')`.execute(db);
  // Audit events chained by the previous release, before checkpoints were signed over them.
  const audit = new AuditLog(db, 'sha256');
  for (let i = 0; i < 5; i++) await audit.record({ action: 'user.login', actor: { id: 'u-admin', name: 'admin', departmentId: null }, detail: { i } });
});

afterAll(async () => {
  if (platform) await platform.close();
  else await handle?.close();
});

describe('upgrade from the previous release (0008)', () => {
  it('runs every later migration on start, and the data, the key and the audit chain survive', async () => {
    const config = loadConfig({ GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent', GOVSHARE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    platform = await openPlatform(config, { handle, logger: false });
    const db = handle.db;
    const done = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
    expect(done).toEqual(Object.keys(migrations).sort());

    expect(platform.ctx.keys.publicPem).toBe(oldKey.publicPem); // the same platform key: nodes keep trusting its tickets
    expect((await db.selectFrom('users').select('username').orderBy('username').execute()).map((u) => u.username)).toEqual(['admin', 'staff']);
    const grant = await db.selectFrom('grants').selectAll().where('id', '=', 'g-1').executeTakeFirstOrThrow();
    expect(grant.items).toEqual(['姓名']);
    expect(grant.status).toBe('active');
    expect((await db.selectFrom('nodes').select('url').where('id', '=', 'n-1').executeTakeFirstOrThrow()).url).toBe('https://node.example');

    const login = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'staff', password: PASSWORD } });
    expect(login.statusCode, login.body).toBe(200);
    const ready = await platform.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { migrations: 'ok' } });

    await platform.ctx.audit.checkpoint();
    const v = await platform.ctx.audit.verify();
    expect(v.ok, JSON.stringify(v)).toBe(true);
    if (v.ok) {
      expect(v.checked).toBeGreaterThanOrEqual(6); // the old events and the new login, one chain
      expect(v.unsealed).toBe(0); // the old events are sealed now too
    }
  }, 120_000);
});
