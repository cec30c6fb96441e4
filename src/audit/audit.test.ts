import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { asMaliciousDba } from './tamper.test-support.js';

let p: TestPlatform;
let admin: { authorization: string };

beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
});
afterAll(async () => p?.close());

describe('audit log on the database', () => {
  it('group-commits a burst into one gap-free chain', async () => {
    await Promise.all(Array.from({ length: 500 }, (_, i) => p.ctx.audit.record({ action: 'test.burst', objectId: String(i) })));
    const rows = await p.ctx.db.selectFrom('audit_events').select('seq').orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    const res = await p.app.inject({ url: '/api/v1/audit/verify', headers: admin });
    expect(res.json()).toMatchObject({ ok: true });
    expect(res.json().checked).toBe(rows.length);
  });

  it('chains events written inside a business transaction only if it commits', async () => {
    const before = (await p.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    await expect(p.ctx.tx(async (tx) => {
      await p.ctx.audit.inTx(tx, { action: 'test.rolled_back' });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await p.ctx.tx(async (tx) => p.ctx.audit.inTx(tx, { action: 'test.committed' }));
    const after = await p.ctx.db.selectFrom('audit_events').select('action').where('seq', '>', Number(before)).execute();
    expect(after.map((r) => r.action)).toEqual(['test.committed']);
  });

  it('records state changes with actor, object and request id', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/regions', headers: admin, payload: { code: '510000', name: '四川省', level: 'province' } });
    const ev = (await p.app.inject({ url: '/api/v1/audit/events?action=region.create', headers: admin })).json().items[0];
    expect(ev).toMatchObject({ actorName: 'admin', objectType: 'region', objectId: '510000', outcome: 'success', requestId: res.headers['x-request-id'] });
  });

  it('names the first bad sequence number after a row is edited in the database', async () => {
    const target = 42;
    await asMaliciousDba(p.ctx.db, sql`UPDATE audit_events SET actor_name = 'mallory' WHERE seq = ${target}`);
    const res = (await p.app.inject({ url: '/api/v1/audit/verify', headers: admin })).json();
    expect(res).toMatchObject({ ok: false, firstBadSeq: target, checked: target - 1 });
  });

  it('names the gap after a row is deleted', async () => {
    await asMaliciousDba(p.ctx.db, sql`UPDATE audit_events SET actor_name = NULL WHERE seq = 42`); // undo the edit above
    expect((await p.ctx.audit.verify()).ok).toBe(true);
    await asMaliciousDba(p.ctx.db, sql`DELETE FROM audit_events WHERE seq = 100`);
    expect(await p.ctx.audit.verify()).toMatchObject({ ok: false, firstBadSeq: 100, reason: 'gap' });
  });

  it('verify is for oversight roles only', async () => {
    await p.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { username: 'aud', password: 'Str0ng!Passw0rd', roles: ['auditor'] } });
    const aud = await p.login('aud', 'Str0ng!Passw0rd');
    expect((await p.app.inject({ url: '/api/v1/audit/verify', headers: aud })).statusCode).toBe(200);
  });
});
