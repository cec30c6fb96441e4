import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type DbHandle } from '../db/database.js';
import { migrations } from '../db/migrations/index.js';
import { createTestDb } from '../test-support/db.js';
import { AuditLog } from './audit.service.js';
import { GENESIS_HASH, chainHash } from './chain.js';
import { testKey, makeEvent } from './memory-log.test-support.js';
import { existingPartitions } from './partitions.js';
import { verifyStoredLog } from './verify.service.js';

// Migration 0005 turns an existing, filled audit_events into a table partitioned by month: every row kept as it was
// (the chain covers every column), on PGlite and on PostgreSQL.
let h: DbHandle;
const before = Object.keys(migrations).sort().filter((n) => n < '0005_audit_proofs').pop()!;

beforeAll(async () => {
  h = await createTestDb();
  await new Migrator({ db: h.db, provider: { getMigrations: async () => migrations } }).migrateTo(before);
  // 60 events chained the old way, across a month's end in Asia/Shanghai (2026-09-30 23:59 +08:00).
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= 60; seq++) {
    const e = makeEvent(seq, new Date(Date.parse('2026-09-30T15:30:00Z') + seq * 60_000).toISOString());
    const hash = chainHash('sha256', prev, e);
    await sql`INSERT INTO audit_events (seq, at, actor_id, actor_name, department_id, action, object_type, object_id, outcome, request_id, detail, prev_hash, hash)
      VALUES (${e.seq}, ${e.at}, ${e.actorId}, ${e.actorName}, ${e.departmentId}, ${e.action}, ${e.objectType}, ${e.objectId}, ${e.outcome},
      ${e.requestId}, ${JSON.stringify(e.detail)}, ${prev}, ${hash})`.execute(h.db);
    prev = hash;
  }
  await migrate(h.db);
});
afterAll(async () => h?.close());

describe('migration 0005 on a filled audit log', () => {
  it('partitions by month and keeps every row and the chain', async () => {
    const kind = await sql<{ k: string }>`SELECT relkind::text AS k FROM pg_class WHERE relname = 'audit_events'`.execute(h.db);
    expect(kind.rows[0]!.k).toBe('p');
    expect(await existingPartitions(h.db)).toEqual(expect.arrayContaining(['2026-09', '2026-10']));
    const byPart = await sql<{ t: string; n: number }>`SELECT tableoid::regclass::text AS t, count(*)::int AS n FROM audit_events GROUP BY 1 ORDER BY 1`.execute(h.db);
    expect(byPart.rows).toEqual([{ t: 'audit_events_2026_09', n: 29 }, { t: 'audit_events_2026_10', n: 31 }]);
    expect(await verifyStoredLog(h.db, 'sha256')).toMatchObject({ ok: true, checked: 60, checkpoints: 0, unsealed: 60 });
  });

  it('the first appender with a key seals the old events, cutting at the month end', async () => {
    const log = new AuditLog(h.db, 'sha256', { signer: testKey(), checkpointEvery: 20, checkpointSeconds: 0 });
    await log.record({ action: 'test.after.migration' });
    await log.checkpoint();
    const cps = await h.db.selectFrom('audit_checkpoints').select(['first_seq', 'seq']).orderBy('idx').execute();
    expect(cps).toEqual([{ first_seq: 1, seq: 20 }, { first_seq: 21, seq: 29 }, { first_seq: 30, seq: 49 }, { first_seq: 50, seq: 60 }, { first_seq: 61, seq: 61 }]); // 61 is in November
    expect(await verifyStoredLog(h.db, 'sha256')).toMatchObject({ ok: true, checked: 61, checkpoints: 5, unsealed: 0 });
  });

  it('a seq is refused twice within a month', async () => {
    await expect(sql`INSERT INTO audit_events (seq, at, action, outcome, prev_hash, hash) VALUES (5, ${'2026-09-30T15:35:00.000Z'}, 'x', 'success', 'a', 'b')`.execute(h.db)).rejects.toThrow();
  });
});
