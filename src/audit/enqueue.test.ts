import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../test-support/db.js';
import { migrate, type DbHandle } from '../db/database.js';
import { AuditLog, ENQUEUE_HIGH_WATER } from './audit.service.js';

/** `enqueue`, the bus's way in: the caller does not wait, yet nothing is lost when a batch fails. */
let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
  await migrate(h.db);
});
afterAll(async () => h?.close());

async function actions(): Promise<string[]> {
  return (await h.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((r) => r.action);
}

describe('AuditLog.enqueue', () => {
  it('returns without a promise below the high-water mark, and the event is chained by the next flush', async () => {
    const log = new AuditLog(h.db, 'sha256');
    expect(log.enqueue({ action: 'test.detached' })).toBeUndefined();
    await log.flush();
    expect(await actions()).toContain('test.detached');
    expect((await log.verify()).ok).toBe(true);
  });

  it('makes the caller wait once the queue is over the high-water mark', async () => {
    const log = new AuditLog(h.db, 'sha256');
    const waits = Array.from({ length: ENQUEUE_HIGH_WATER + 5 }, (_, i) => log.enqueue({ action: 'test.pressure', objectId: String(i) }));
    expect(waits.slice(0, ENQUEUE_HIGH_WATER - 10_000).every((w) => w === undefined)).toBe(true); // the first batch left the queue
    const held = waits.filter((w) => w !== undefined);
    expect(held.length).toBeGreaterThan(0);
    await Promise.all(held);
    await log.flush();
    const n = await h.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'test.pressure').executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(ENQUEUE_HIGH_WATER + 5);
  });

  it('retries a failed batch instead of dropping it, in order', async () => {
    const errors: unknown[] = [];
    const log = new AuditLog(h.db, 'sha256', { onError: (e) => errors.push(e) });
    // The table is briefly unusable (an outage, a lock timeout): the batch fails.
    await sql`ALTER TABLE audit_events RENAME TO audit_events_away`.execute(h.db);
    expect(log.enqueue({ action: 'test.retry.1' })).toBeUndefined();
    expect(log.enqueue({ action: 'test.retry.2' })).toBeUndefined();
    for (let i = 0; i < 100 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(errors.length).toBeGreaterThan(0);
    await sql`ALTER TABLE audit_events_away RENAME TO audit_events`.execute(h.db);
    for (let i = 0; i < 200 && !(await actions()).includes('test.retry.2'); i++) await new Promise((r) => setTimeout(r, 25));
    const got = await actions();
    expect(got.indexOf('test.retry.1')).toBeGreaterThan(-1);
    expect(got.indexOf('test.retry.2')).toBe(got.indexOf('test.retry.1') + 1);
    expect((await log.verify()).ok).toBe(true);
  });
});
