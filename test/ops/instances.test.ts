import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStoredLog } from '../../src/audit/verify.service.js';
import { demoDepartmentId } from '../../src/demo/seed.js';
import { startNode, type RunningNode } from '../../src/node/server.js';
import { ADMIN_PASSWORD, call, DEMO_PASSWORD, freshPostgres, login, openWhere, prepareDeployment, serve, type Served, type Where } from './deployment.js';

// Two `govshare serve` processes on one PostgreSQL database (issue 11 item 2), driven both: sessions are shared, a
// grant revoked through one is refused by the other at once (LISTEN/NOTIFY drops its cached grants), a scheduler job's
// work is done once, and the audit log stays one verifiable chain. PostgreSQL only: PGlite is one process.
const BASE = process.env.DATABASE_URL;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-ops-instances-'));
let where: Where;
let drop: (() => Promise<void>) | undefined;
let node: RunningNode | undefined;
let code: string;
let a: Served | undefined;
let b: Served | undefined;

beforeAll(async () => {
  if (!BASE) return;
  const db = await freshPostgres(BASE);
  where = { databaseUrl: db.url };
  drop = db.drop;
  // demo: true seeds the workflow too (active applications with grants), which the scheduler test needs.
  const prepared = await prepareDeployment(where, dir, 200, { demo: true });
  code = prepared.code;
  node = await startNode(prepared.nodeConfig);
  // One application's grant period ended yesterday: the grant-expiry sweep must expire it exactly once.
  const h = await openWhere(where);
  try {
    const app = await h.db.selectFrom('applications').select('id').where('status', '=', 'active').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await sql`UPDATE applications SET valid_until = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = ${app.id}`.execute(h.db);
  } finally {
    await h.close();
  }
  const env = { DATABASE_URL: db.url, GOVSHARE_DATA: path.join(dir, 'data'), GOVSHARE_SCHEDULER_INTERVAL_SECONDS: '1' };
  [a, b] = await Promise.all([serve(env), serve(env)]);
}, 240_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await node?.close();
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!BASE)('two instances on one PostgreSQL', () => {
  it('a token from one instance works on the other', async () => {
    const token = await login(a!.url, 'rst_user', DEMO_PASSWORD);
    const me = await call(b!.url, token, 'GET', '/auth/me');
    expect(me.status).toBe(200);
    expect(me.json.username).toBe('rst_user');
  });

  it('a grant revoked through A is refused on B at once', async () => {
    const admin = await login(a!.url, 'admin', ADMIN_PASSWORD);
    const user = await login(b!.url, 'rst_user', DEMO_PASSWORD);
    const query = () => call(b!.url, user, 'POST', `/exchange/${encodeURIComponent(code)}/query`, { items: ['公民身份号码', '婚姻状况'], limit: 3 });
    expect((await query()).json.error.code).toBe('GRANT_REQUIRED'); // B caches "no grant"…
    const grant = await call(a!.url, admin, 'POST', '/grants', {
      resourceCode: code, consumerDepartmentId: demoDepartmentId('rst'), items: ['婚姻状况'], purpose: '多实例测试', validFrom: '2020-01-01', validUntil: '2099-12-31',
    });
    expect(grant.status, JSON.stringify(grant.json)).toBe(201);
    const ok = await query(); // … and hears of the new grant from A
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.rows).toHaveLength(3);
    expect((await query()).status).toBe(200); // now B caches the grant

    const revoke = await call(a!.url, admin, 'POST', `/grants/${grant.json.id}/revoke`, { reason: '多实例撤销测试' });
    expect(revoke.status).toBe(204);
    const refused = await query();
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('GRANT_REQUIRED');
  });

  it('a scheduler job does its work once, and the audit log stays one chain', async () => {
    const h = await openWhere(where);
    try {
      // Both schedulers tick every second; wait until the sweep has run several times after the grant expired.
      const seen = new Set<string>();
      const expiredYet = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM applications WHERE status = 'expired'`.execute(h.db)).rows[0]!.n > 0;
      for (let i = 0; i < 240 && seen.size < 6; i++) {
        const run = await h.db.selectFrom('scheduler_runs').select('last_started_at').where('job', '=', 'grant-expiry').executeTakeFirst();
        if (run?.last_started_at && (await expiredYet())) seen.add(String(run.last_started_at));
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(seen.size).toBeGreaterThanOrEqual(6);
      const expired = await sql<{ n: number }>`SELECT count(*)::int AS n FROM workflow_events WHERE action = 'grant.expire'`.execute(h.db);
      expect(expired.rows[0]!.n).toBe(1);
      const notices = await sql<{ n: number }>`SELECT count(DISTINCT id)::int AS n FROM notifications WHERE kind = 'grant.expired'`.execute(h.db);
      expect(notices.rows[0]!.n).toBeGreaterThanOrEqual(1);
      const perSubject = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT subject_id FROM notifications WHERE kind = 'grant.expired' GROUP BY subject_id, department_id, user_id HAVING count(*) > 1) d`.execute(h.db);
      expect(perSubject.rows[0]!.n).toBe(0);
    } finally {
      await h.close();
    }

    // Both instances appended; after they stop the log is one chain with signed checkpoints, and it verifies.
    expect(await a!.stop()).toBe(0);
    expect(await b!.stop()).toBe(0);
    const h2 = await openWhere(where);
    try {
      const v = await verifyStoredLog(h2.db, 'sha256');
      expect(v.ok, JSON.stringify(v)).toBe(true);
      if (v.ok) expect(v.unsealed).toBe(0);
      const seqs = await sql<{ n: number; max: number }>`SELECT count(*)::int AS n, max(seq)::int AS max FROM audit_events`.execute(h2.db);
      expect(seqs.rows[0]!.n).toBe(seqs.rows[0]!.max); // no gaps, no forks: 1..n
    } finally {
      await h2.close();
    }
  }, 120_000);
});
