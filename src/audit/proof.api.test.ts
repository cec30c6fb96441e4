import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../orgs/credit-code.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { AuditLog } from './audit.service.js';
import { keyRing } from './checkpoint.js';
import { existingPartitions, shanghaiMonth, addMonths } from './partitions.js';
import { verifyCheckpointConsistency, verifyEventProof } from './proof.js';

let p: TestPlatform;
let admin: { authorization: string };
let pinned: ReturnType<typeof keyRing>;

beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
  pinned = keyRing([p.ctx.keys.publicPem]); // what an auditor obtained out of band
  const log = new AuditLog(p.ctx.db, p.ctx.audit.algorithm, { signer: p.ctx.keys, checkpointEvery: 16, checkpointSeconds: 0 });
  await Promise.all(Array.from({ length: 150 }, (_, i) => log.record({ action: 'test.proof', objectId: String(i) })));
});
afterAll(async () => p?.close());

const get = (url: string, headers = admin) => p.app.inject({ url: `/api/v1${url}`, headers });

describe('audit proofs over the API', () => {
  it('proves any event, sealing it first when no checkpoint covers it yet', async () => {
    await p.ctx.audit.record({ action: 'test.unsealed' });
    const newest = (await p.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow()).s as number;
    for (const seq of [1, 2, 17, 64, 100, newest]) {
      const res = await get(`/audit/events/${seq}/proof`);
      expect(res.statusCode, res.body).toBe(200);
      const proof = res.json();
      expect(proof).toMatchObject({ event: { seq }, platformPublicKey: p.ctx.keys.publicPem, checkpoint: { keyId: p.ctx.keys.keyId } });
      expect(verifyEventProof(proof, pinned), `seq ${seq}`).toEqual({ ok: true });
      expect(verifyEventProof({ ...proof, leafIndex: proof.leafIndex + 1 }, pinned).ok).toBe(false);
    }
  });

  it('lists signed checkpoints and proves that a later one extends an earlier one', async () => {
    const list = (await get('/audit/checkpoints?size=500')).json();
    expect(list.total).toBeGreaterThan(5);
    const [newest, oldest] = [list.items[0], list.items[list.items.length - 1]];
    expect(oldest).toMatchObject({ index: 1, firstSeq: 1 });
    for (const [a, b] of [[oldest, newest], [list.items[3], list.items[1]], [newest, newest]]) {
      const res = await get(`/audit/consistency?from=${a.seq}&to=${b.seq}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(verifyCheckpointConsistency(res.json(), pinned)).toEqual({ ok: true });
    }
    const covering = (await get('/audit/checkpoints?covers=20')).json();
    expect(covering.items[0].firstSeq).toBeLessThanOrEqual(20);
    expect(covering.items[0].seq).toBeGreaterThanOrEqual(20);
  });

  it('answers bad requests with coded errors', async () => {
    expect((await get('/audit/events/99999999/proof')).json().error.code).toBe('NOT_FOUND');
    const list = (await get('/audit/checkpoints?size=2')).json();
    const [b, a] = list.items;
    expect((await get(`/audit/consistency?from=${b.seq}&to=${a.seq}`)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await get(`/audit/consistency?from=${a.seq + 1}&to=${b.seq}`)).json().error.code).toBe('AUDIT_CHECKPOINT_NOT_FOUND');
    expect((await get('/audit/events/abc/proof')).statusCode).toBe(400);
  });

  it('is for oversight roles only', async () => {
    const post = (url: string, payload: object) => p.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: admin, payload });
    await post('/regions', { code: '510000', name: '四川省', level: 'province' });
    const dept = (await post('/departments', { code: makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 1001 }), name: '省公安厅', regionCode: '510000' })).json();
    expect((await post('/users', { username: 'user1', password: 'Str0ng!Passw0rd', roles: ['data_user', 'security_officer'], departmentId: dept.id })).statusCode).toBe(201);
    const user = await p.login('user1', 'Str0ng!Passw0rd');
    expect((await get('/audit/events/1/proof', user)).statusCode).toBe(403);
    expect((await get('/audit/checkpoints', user)).statusCode).toBe(403);
  });

  it('verify reports the chain, the checkpoints and what is not sealed yet', async () => {
    await p.ctx.audit.checkpoint();
    const res = (await get('/audit/verify')).json();
    expect(res).toMatchObject({ ok: true, unsealed: 0 });
    expect(res.checkpoints).toBeGreaterThan(5);
  });
});

describe('monthly partitions', () => {
  it('audit_events is partitioned by month, with the next months created ahead', async () => {
    const kind = await sql<{ k: string }>`SELECT relkind::text AS k FROM pg_class WHERE relname = 'audit_events'`.execute(p.ctx.db);
    expect(kind.rows[0]!.k).toBe('p');
    const month = shanghaiMonth(new Date().toISOString());
    expect(await existingPartitions(p.ctx.db)).toEqual(expect.arrayContaining([month, addMonths(month, 1), addMonths(month, 2)]));
  });

  it('a month turning seals the old month with its own checkpoint, and the new month gets its partition', async () => {
    let now = new Date(Date.UTC(2031, 0, 31, 15, 59, 58)); // 2031-01-31 23:59:58 in Shanghai
    const log = new AuditLog(p.ctx.db, p.ctx.audit.algorithm, { signer: p.ctx.keys, checkpointEvery: 1000, checkpointSeconds: 0, clock: () => now });
    await log.record({ action: 'test.month.end' });
    now = new Date(Date.UTC(2031, 0, 31, 16, 0, 1)); // February in Shanghai, still January in UTC
    await log.record({ action: 'test.month.start' });
    await log.checkpoint();
    const rows = await p.ctx.db.selectFrom('audit_events').select(['seq', 'action']).where('action', 'like', 'test.month.%').orderBy('seq').execute();
    const cps = await p.ctx.db.selectFrom('audit_checkpoints').select(['first_seq', 'seq']).where('seq', '>=', rows[0]!.seq).orderBy('idx').execute();
    expect(cps.map((c) => c.seq)).toEqual([rows[0]!.seq, rows[1]!.seq]);
    const where = await sql<{ t: string }>`SELECT tableoid::regclass::text AS t FROM audit_events WHERE action LIKE 'test.month.%' ORDER BY seq`.execute(p.ctx.db);
    expect(where.rows.map((r) => r.t)).toEqual(['audit_events_2031_01', 'audit_events_2031_02']);
    expect((await p.ctx.audit.verify()).ok).toBe(true);
  });
});
