import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openPlatform } from '../platform.js';
import { createTestDb } from '../test-support/db.js';
import { migrate, openDatabase } from './database.js';

describe('database', () => {
  it('migrations are idempotent and leave the expected tables', async () => {
    const h = await createTestDb();
    try {
      await migrate(h.db);
      await migrate(h.db);
      const tables = await h.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['regions', 'departments', 'users', 'sessions', 'credentials', 'audit_events', 'calendar_overrides']));
    } finally {
      await h.close();
    }
  });

  it('parses int8 as numbers and dates as civil-date strings on this engine', async () => {
    const h = await createTestDb();
    try {
      await migrate(h.db);
      await h.db.insertInto('calendar_overrides').values({ date: '2027-02-05', kind: 'holiday', name: '春节', updated_by: null }).execute();
      const row = await h.db.selectFrom('calendar_overrides').select('date').executeTakeFirstOrThrow();
      expect(row.date).toBe('2027-02-05');
      const n = await h.db.selectFrom('calendar_overrides').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(n.n).toBe(1);
    } finally {
      await h.close();
    }
  });

  it.runIf(!!process.env.DATABASE_URL)('two instances starting at once on one PostgreSQL migrate and bootstrap once', async () => {
    const base = await createTestDb();
    const url = process.env.DATABASE_URL!;
    // createTestDb made a fresh database; reach it with two independent pools, as two processes would.
    const name = (await base.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('d')).executeTakeFirstOrThrow()).d;
    const u = new URL(url);
    u.pathname = `/${name}`;
    const config = loadConfig({ GOVSHARE_ADMIN_PASSWORD: 'Twin@Start2026', GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent', DATABASE_URL: u.toString() });
    const [a, b] = await Promise.all([
      openPlatform(config, { handle: await openDatabase({ databaseUrl: u.toString() }), logger: false }),
      openPlatform(config, { handle: await openDatabase({ databaseUrl: u.toString() }), logger: false }),
    ]);
    try {
      const admins = await a.ctx.db.selectFrom('users').select('id').where('username', '=', 'admin').execute();
      expect(admins).toHaveLength(1);
      const login = await b.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'Twin@Start2026' } });
      const token = login.json().token;
      expect((await a.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      expect((await a.ctx.audit.verify()).ok).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await base.close();
    }
  });
});
