import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type DbHandle } from '../db/database.js';
import { loadPlatformKey, type PlatformKey } from '../keys/platform-key.js';
import { createTestDb } from '../test-support/db.js';
import { AuditLog } from './audit.service.js';
import { archiveAuditMonths } from './archive.service.js';
import { verifyArchive } from './archive.verify.js';
import { keyRing } from './checkpoint.js';
import { existingPartitions } from './partitions.js';
import { buildEventProof } from './proof.service.js';
import { verifyStoredLogParallel } from './verify.parallel.js';
import { verifyStoredLog } from './verify.service.js';

let h: DbHandle;
let keys: PlatformKey;
let log: AuditLog;
let clock = new Date();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-archive-'));
const dir = (name: string) => path.join(tmp, name);

/** Records `n` events spread over one Shanghai month (the appender keeps `at` in seq order). */
async function month(ym: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    clock = new Date(Date.parse(`${ym}-01T00:00:00+08:00`) + (i + 1) * 20 * 3600_000);
    await log.record({ action: 'test.archive', objectId: `${ym}#${i}`, detail: { i } });
  }
}

/** verifyStoredLog, and on PostgreSQL the parallel verifier too, which must agree. */
async function verifyBoth() {
  const one = await verifyStoredLog(h.db, 'sha256');
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${(await sql<{ d: string }>`SELECT current_database() AS d`.execute(h.db)).rows[0]!.d}`;
    const same = one.ok ? { ok: true, checked: one.checked, checkpoints: one.checkpoints, unsealed: one.unsealed, lastSeq: one.lastSeq } : { ok: false, firstBadSeq: one.firstBadSeq, reason: one.reason };
    expect(await verifyStoredLogParallel(h.db, 'sha256', { databaseUrl: url.toString(), workers: 2 })).toMatchObject(same);
  }
  return one;
}

beforeAll(async () => {
  h = await createTestDb();
  await migrate(h.db);
  keys = await loadPlatformKey(h.db, 'intl', 'govshare:test');
  log = new AuditLog(h.db, 'sha256', { signer: keys, checkpointEvery: 8, checkpointSeconds: 0, clock: () => clock });
  await month('2023-01', 30);
  await month('2023-02', 25);
  await month('2023-03', 20);
  clock = new Date();
  await log.record({ action: 'test.now' });
  await log.checkpoint();
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('archiving months past the retention (Art. 33)', () => {
  it('refuses months still within the retention, unless only exporting', async () => {
    await expect(archiveAuditMonths(h.db, log, keys, { before: '2023-03', outDir: dir('young'), keep: false, retentionDays: 730, now: new Date('2024-06-01T00:00:00Z') }))
      .rejects.toMatchObject({ code: 'AUDIT_RETENTION_NOT_REACHED' });
    await expect(archiveAuditMonths(h.db, log, keys, { before: 'March', outDir: dir('bad'), keep: false, retentionDays: 730 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const r = await archiveAuditMonths(h.db, log, keys, { before: '2023-03', outDir: dir('export'), keep: true, retentionDays: 730, now: new Date('2024-06-01T00:00:00Z') });
    expect(r).toMatchObject({ dropped: [], months: [{ month: '2023-01', events: 30 }, { month: '2023-02', events: 25 }] });
    expect(await existingPartitions(h.db)).toEqual(expect.arrayContaining(['2023-01', '2023-02']));
  });

  it('writes verified files with their proofs, then drops the partitions; the rest still verifies', async () => {
    const r = await archiveAuditMonths(h.db, log, keys, { before: '2023-03', outDir: dir('a1'), keep: false, retentionDays: 730 });
    expect(r.dropped).toEqual(['2023-01', '2023-02']);
    expect(fs.readdirSync(dir('a1')).sort()).toEqual(['audit-2023-01.ndjson.gz', 'audit-2023-02.ndjson.gz', 'manifest.json']);
    expect(await existingPartitions(h.db)).not.toContain('2023-01');
    expect(await h.db.selectFrom('audit_archives').select(['month', 'first_seq', 'last_seq']).orderBy('month').execute())
      .toEqual([{ month: '2023-01', first_seq: 1, last_seq: 30 }, { month: '2023-02', first_seq: 31, last_seq: 55 }]);
    expect(await verifyBoth()).toMatchObject({ ok: true, unsealed: 1 }); // the archive's own audit event
    const offline = await verifyArchive(dir('a1'), { trusted: keyRing([keys.publicPem]) });
    expect(offline).toMatchObject({ ok: true, problems: [] });
    expect(offline.months.map((m) => m.result)).toMatchObject([{ ok: true, checked: 30 }, { ok: true, checked: 25 }]);
    expect((await verifyArchive(path.join(dir('a1'), 'audit-2023-02.ndjson.gz'))).ok).toBe(true); // one month alone
    await expect(buildEventProof(h.db, log, 12)).rejects.toMatchObject({ code: 'AUDIT_EVENT_ARCHIVED', status: 410 });
  });

  it('a tampered archive file is caught offline, naming the event', async () => {
    fs.cpSync(dir('a1'), dir('tampered'), { recursive: true });
    const file = path.join(dir('tampered'), 'audit-2023-02.ndjson.gz');
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"seq":40,'));
    lines[at] = lines[at]!.replace('"outcome":"success"', '"outcome":"failure"');
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n')));
    const r = await verifyArchive(dir('tampered'), { trusted: keyRing([keys.publicPem]) });
    expect(r.ok).toBe(false);
    expect(r.problems.join()).toMatch(/SHA-256/);
    expect(r.months[1]!.result).toMatchObject({ ok: false, firstBadSeq: 40, reason: 'hash' });
    expect(await verifyArchive(file)).toMatchObject({ ok: false, months: [{ result: { firstBadSeq: 40 } }] });
  });

  it('an archive signed by another key is refused when the platform key is pinned', async () => {
    const other = await loadPlatformKey(h.db, 'gm', 'govshare:other');
    const r = await verifyArchive(dir('a1'), { trusted: keyRing([other.publicPem]) });
    expect(r.ok).toBe(false);
  });

  it('a month dropped without its archive is caught by the checkpoints that remain', async () => {
    await sql`ALTER TABLE audit_events DETACH PARTITION audit_events_2023_03`.execute(h.db);
    await sql`DROP TABLE audit_events_2023_03`.execute(h.db);
    expect(await verifyBoth()).toMatchObject({ ok: false, firstBadSeq: 56 });
  });
});
