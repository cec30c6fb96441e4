import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { AuditLog } from './audit.service.js';
import { signCheckpoint } from './checkpoint.js';
import { checkpointAtIndex } from './checkpoint.store.js';
import { testKey } from './memory-log.test-support.js';
import { asMaliciousDba } from './tamper.test-support.js';
import { verifyStoredLogParallel } from './verify.parallel.js';

// Issue 7 item 9 (audit part): attacks on the stored log, each detected, on PGlite and on PostgreSQL
// (DATABASE_URL). Edits go through asMaliciousDba: on PostgreSQL the append-only guard refuses them otherwise.
let p: TestPlatform;
let log: AuditLog;
const restore: Array<ReturnType<typeof sql>> = [];

beforeAll(async () => {
  p = await startTestPlatform();
  // A second appender on the same database with small intervals: checkpoints every 10 events (the platform's own
  // appender defaults to 1000); both share the chain through the advisory lock, as two platform instances do.
  log = new AuditLog(p.ctx.db, p.ctx.audit.algorithm, { signer: p.ctx.keys, checkpointEvery: 10, checkpointSeconds: 0 });
  await Promise.all(Array.from({ length: 95 }, (_, i) => log.record({ action: 'test.attack', objectId: String(i), detail: { i } })));
  await log.checkpoint();
});
afterAll(async () => p?.close());
beforeEach(async () => {
  for (const s of restore.splice(0)) await asMaliciousDba(p.ctx.db, s);
  await expectVerify({ ok: true, unsealed: 0 });
});

/** The finding, from the one-thread verifier and, on PostgreSQL, from the parallel one (worker threads) too. */
async function expectVerify(expected: Record<string, unknown>): Promise<void> {
  expect(await log.verify()).toMatchObject(expected);
  if (!process.env.DATABASE_URL) return;
  const name = (await sql<{ d: string }>`SELECT current_database() AS d`.execute(p.ctx.db)).rows[0]!.d;
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const { checkpointIndex: _c, ...same } = expected; // the parallel verifier may name the first bad checkpoint differently
  expect(await verifyStoredLogParallel(p.ctx.db, log.algorithm, { databaseUrl: url.toString(), workers: 2 })).toMatchObject(same);
}

async function lastSeq(): Promise<number> {
  return (await p.ctx.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow()).s as number;
}

describe('attacks on the audit log are detected', () => {
  it('a tampered row', async () => {
    const { detail } = await p.ctx.db.selectFrom('audit_events').select('detail').where('seq', '=', 37).executeTakeFirstOrThrow();
    await asMaliciousDba(p.ctx.db, sql`UPDATE audit_events SET detail = '{"i": 999}' WHERE seq = 37`);
    await expectVerify({ ok: false, firstBadSeq: 37, reason: 'hash' });
    restore.push(sql`UPDATE audit_events SET detail = ${JSON.stringify(detail)}::jsonb WHERE seq = 37`);
  });

  it('a removed row', async () => {
    const row = await p.ctx.db.selectFrom('audit_events').selectAll().where('seq', '=', 52).executeTakeFirstOrThrow();
    await asMaliciousDba(p.ctx.db, sql`DELETE FROM audit_events WHERE seq = 52`);
    await expectVerify({ ok: false, firstBadSeq: 52, reason: 'gap' });
    restore.push(sql`INSERT INTO audit_events SELECT * FROM json_populate_record(null::audit_events, ${JSON.stringify(row)}::json)`);
  });

  it('a reordered pair', async () => {
    await asMaliciousDba(p.ctx.db,
      sql`UPDATE audit_events SET seq = -1 WHERE seq = 60`, sql`UPDATE audit_events SET seq = 60 WHERE seq = 61`, sql`UPDATE audit_events SET seq = 61 WHERE seq = -1`);
    await expectVerify({ ok: false, firstBadSeq: 60 });
    restore.push(sql`UPDATE audit_events SET seq = -1 WHERE seq = 60`, sql`UPDATE audit_events SET seq = 60 WHERE seq = 61`, sql`UPDATE audit_events SET seq = 61 WHERE seq = -1`);
  });

  it('a removed newest row, caught by the signed checkpoint', async () => {
    const newest = await lastSeq();
    const row = await p.ctx.db.selectFrom('audit_events').selectAll().where('seq', '=', newest).executeTakeFirstOrThrow();
    await asMaliciousDba(p.ctx.db, sql`DELETE FROM audit_events WHERE seq = ${newest}`);
    await expectVerify({ ok: false, firstBadSeq: newest, reason: 'truncated' });
    restore.push(sql`INSERT INTO audit_events SELECT * FROM json_populate_record(null::audit_events, ${JSON.stringify(row)}::json)`);
  });

  it('a forged checkpoint signature', async () => {
    const cp = (await checkpointAtIndex(p.ctx.db, 3))!;
    const mallory = testKey(p.ctx.keys.suite.name);
    const forged = signCheckpoint({ ...cp, at: '2020-01-01T00:00:00.000Z' }, mallory.suite, mallory.key);
    await asMaliciousDba(p.ctx.db, sql`UPDATE audit_checkpoints SET at = ${forged.at}, hash = ${forged.hash}, signature = ${forged.signature} WHERE idx = 3`);
    await expectVerify({ ok: false, firstBadSeq: cp.firstSeq, reason: 'checkpoint-signature', checkpointIndex: 3 });
    restore.push(sql`UPDATE audit_checkpoints SET at = ${cp.at}, hash = ${cp.hash}, signature = ${cp.signature} WHERE idx = 3`);
  });

  it('a deleted newest checkpoint together with its rows breaks the link from the next checkpoint', async () => {
    await log.record({ action: 'test.attack.more' });
    await log.checkpoint();
    const n = (await p.ctx.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.max('idx').as('i')).executeTakeFirstOrThrow()).i as number;
    const cp = (await checkpointAtIndex(p.ctx.db, n - 1))!;
    const saved = await p.ctx.db.selectFrom('audit_checkpoints').selectAll().where('idx', '=', n - 1).executeTakeFirstOrThrow();
    await asMaliciousDba(p.ctx.db, sql`DELETE FROM audit_checkpoints WHERE idx = ${n - 1}`);
    await expectVerify({ ok: false, reason: 'checkpoint-link', checkpointIndex: n, firstBadSeq: cp.firstSeq });
    restore.push(sql`INSERT INTO audit_checkpoints SELECT * FROM json_populate_record(null::audit_checkpoints, ${JSON.stringify(saved)}::json)`);
  });
});

describe.runIf(!!process.env.DATABASE_URL)('append-only guard on PostgreSQL', () => {
  it.each([
    ['UPDATE', sql`UPDATE audit_events SET actor_name = 'mallory' WHERE seq = 5`],
    ['DELETE', sql`DELETE FROM audit_events WHERE seq = 5`],
    ['TRUNCATE', sql`TRUNCATE audit_events`],
    ['UPDATE of a month partition', sql`UPDATE ${sql.table(`audit_events_${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7).replace('-', '_')}`)} SET outcome = 'failure'`],
    ['UPDATE of a checkpoint', sql`UPDATE audit_checkpoints SET signature = 'x'`],
    ['DELETE of checkpoints', sql`DELETE FROM audit_checkpoints`],
    ['DELETE of an archive record', sql`DELETE FROM audit_archives`],
  ])('the platform connection cannot %s', async (_what, statement) => {
    await expect(statement.execute(p.ctx.db)).rejects.toThrow(/append-only/);
    await expectVerify({ ok: true });
  });
});
