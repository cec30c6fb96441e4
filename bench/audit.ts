/**
 * Audit log benchmark (SPEC §4: ≥ 20,000 events/s appended with the hash chain; 1,000,000 events verified in ≤ 5 s).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/audit.ts [--append 200000] [--verify 1000000]
 *
 * 1. appends events in bursts through AuditLog.record (group commit, checkpoints on: every 1000 events or 10 s,
 *    signed with the platform key), each burst awaited as a request handler would — durable before it resolves;
 * 2. writes a generated log of --verify events with its signed checkpoints straight into a fresh database, then times
 *    verifyStoredLog on it (read every row, recompute the chain, every Merkle root, every signature).
 * Without DATABASE_URL it runs on in-memory PGlite (expect far lower numbers: PERF-NOTES).
 */
import { GENESIS_HASH, chainHash, type StoredEvent } from '../src/audit/chain.js';
import { AuditLog } from '../src/audit/audit.service.js';
import { insertEvents } from '../src/audit/audit.store.js';
import { insertSealed } from '../src/audit/checkpoint.store.js';
import { makeEvent, testKey } from '../src/audit/memory-log.test-support.js';
import { LogVerifier } from '../src/audit/log-verifier.js';
import { keyRing, verifyKeyOf } from '../src/audit/checkpoint.js';
import { PartitionKeeper, shanghaiMonth } from '../src/audit/partitions.js';
import { Sealer, type Sealed } from '../src/audit/sealer.js';
import { verifyStoredLog } from '../src/audit/verify.service.js';
import { verifyStoredLogParallel } from '../src/audit/verify.parallel.js';
import { migrate } from '../src/db/database.js';
import { loadPlatformKey } from '../src/keys/platform-key.js';
import { createTestDb } from '../src/test-support/db.js';
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const APPEND = arg('append', 200_000);
const VERIFY = arg('verify', 1_000_000);
const BURST = arg('burst', 5_000);
const INFLIGHT = arg('inflight', 2);
const suite = process.env.GOVSHARE_CRYPTO === 'gm' ? 'gm' : 'intl';
const alg = suite === 'gm' ? 'sm3' : 'sha256';
const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * CPU seconds used by this process and by the PostgreSQL backends serving `db` (read from /proc, so only for a server on
 * this host). Shared machines are noisy (PERF-NOTES): CPU per event says more than wall time when other work runs.
 */
async function cpuMeter(db: Db): Promise<() => Promise<string>> {
  const backends = async () => {
    if (!process.env.DATABASE_URL) return 0;
    const r = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`.execute(db);
    let ticks = 0;
    for (const { pid } of r.rows) {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(f[11]) + Number(f[12]);
      } catch { /* not on this host, or gone */ }
    }
    return ticks / 100;
  };
  const node0 = process.cpuUsage();
  const pg0 = await backends();
  return async () => {
    const n = process.cpuUsage(node0);
    const pgs = (await backends()) - pg0;
    // Worker threads' connections are gone by the end: their backends' CPU cannot be read any more.
    const pgText = !process.env.DATABASE_URL ? '' : pgs >= 0 ? `, PostgreSQL backends ${pgs.toFixed(1)} s` : ', PostgreSQL backends n/a (worker connections closed)';
    return `CPU: node (all threads) ${((n.user + n.system) / 1e6).toFixed(1)} s${pgText}`;
  };
}

/** The URL of the database `createTestDb` made (worker threads open their own connections to it). */
async function databaseUrlOf(db: Db): Promise<string | undefined> {
  if (!process.env.DATABASE_URL) return undefined;
  const r = await sql<{ d: string }>`SELECT current_database() AS d`.execute(db);
  const u = new URL(process.env.DATABASE_URL);
  u.pathname = `/${r.rows[0]!.d}`;
  return u.toString();
}

async function benchAppend(): Promise<void> {
  const h = await createTestDb();
  try {
    await migrate(h.db);
    const keys = await loadPlatformKey(h.db, suite, 'govshare:bench');
    const log = new AuditLog(h.db, alg, { signer: keys });
    log.start();
    await log.record({ action: 'bench.warmup' });
    const cpu = await cpuMeter(h.db);
    const t0 = performance.now();
    // Bursts of concurrent record() calls, as request handlers make them; INFLIGHT bursts overlap (steady traffic).
    const burst = (sent: number) => Promise.all(Array.from({ length: Math.min(BURST, APPEND - sent) }, (_, i) => log.record({
      action: 'resource.query', actor: { id: 'u1', name: '张三', departmentId: 'd1' }, objectType: 'resource',
      objectId: `101001001/${String(sent + i).padStart(6, '0')}`, requestId: `r${sent + i}`, detail: { rows: 20, items: ['姓名', '公民身份号码'] },
    })));
    const inflight: Array<Promise<unknown>> = [];
    for (let sent = 0; sent < APPEND; sent += BURST) {
      inflight.push(burst(sent));
      if (inflight.length >= INFLIGHT) await inflight.shift();
    }
    await Promise.all(inflight);
    const s = (performance.now() - t0) / 1000;
    const used = await cpu();
    log.stop();
    await log.checkpoint();
    const cps = await h.db.selectFrom('audit_checkpoints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    console.log(`append  ${fmt(APPEND)} events in bursts of ${fmt(BURST)} (${INFLIGHT} in flight) on ${engine}: ${s.toFixed(2)} s = ${fmt(APPEND / s)} events/s (${cps.n} signed checkpoints, ${suite}); ${used}`);
    const v = await verifyStoredLog(h.db, alg);
    if (!v.ok) throw new Error(`appended log does not verify: ${JSON.stringify(v)}`);
  } finally {
    await h.close();
  }
}

async function benchVerify(): Promise<void> {
  const h = await createTestDb();
  try {
    await migrate(h.db);
    const key = testKey(suite);
    const fingerprint = verifyKeyOf(key.publicPem).fingerprint;
    await h.db.insertInto('audit_keys').values({ fingerprint, key_id: key.keyId, sig_alg: key.suite.alg, public_pem: key.publicPem }).execute();
    const sealer = new Sealer(alg, key, fingerprint, 1000, Sealer.initial());
    const memory = new LogVerifier(alg, keyRing([key.publicPem]));
    const partitions = new PartitionKeeper();
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    let prev = GENESIS_HASH;
    let memoryMs = 0;
    const tg = performance.now();
    for (let start = 1; start <= VERIFY; start += 10_000) {
      const events: StoredEvent[] = [];
      const sealed: Sealed[] = [];
      for (let seq = start; seq < start + 10_000 && seq <= VERIFY; seq++) {
        const e = makeEvent(seq, new Date(t0 + seq).toISOString());
        const s = { ...e, prevHash: prev, hash: chainHash(alg, prev, e) };
        prev = s.hash;
        events.push(s);
        sealed.push(...sealer.add(s));
      }
      if (start + 10_000 > VERIFY) sealed.push(...sealer.seal());
      await partitions.ensure(h.db, new Set(events.map((e) => shanghaiMonth(e.at))));
      await insertEvents(h.db, events);
      await insertSealed(h.db, sealed);
      const tm = performance.now();
      let ci = 0;
      for (const e of events) {
        memory.event(e);
        while (ci < sealed.length && sealed[ci]!.checkpoint.seq === e.seq) memory.checkpoint(sealed[ci++]!.checkpoint);
      }
      memoryMs += performance.now() - tm;
    }
    console.log(`generated and stored ${fmt(VERIFY)} events in ${((performance.now() - tg) / 1000).toFixed(1)} s (not timed below)`);
    await h.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).execute(); // warm the cache as a running server would be
    const url = await databaseUrlOf(h.db);
    for (const mode of url ? ['one thread', 'parallel'] as const : ['one thread'] as const) {
      const cpu = await cpuMeter(h.db);
      const tv = performance.now();
      const r = mode === 'parallel' ? await verifyStoredLogParallel(h.db, alg, { databaseUrl: url! }) : await verifyStoredLog(h.db, alg);
      const s = (performance.now() - tv) / 1000;
      const used = await cpu();
      if (!r.ok) throw new Error(`generated log does not verify: ${JSON.stringify(r)}`);
      console.log(`verify (${mode}) ${fmt(r.checked)} events + ${fmt(r.checkpoints)} signed checkpoints from ${engine}: ${s.toFixed(2)} s = ${fmt(r.checked / s)} events/s; ${used}`);
    }
    console.log(`verify (the same log in memory, no database): ${(memoryMs / 1000).toFixed(2)} s`);
  } finally {
    await h.close();
  }
}

if (APPEND > 0) await benchAppend();
if (VERIFY > 0) await benchVerify();
