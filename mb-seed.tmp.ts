import pg from 'pg';
import { openDatabase, migrate } from './src/db/database.js';
import { makeEvent, testKey } from './src/audit/memory-log.test-support.js';
import { insertEvents } from './src/audit/audit.store.js';
import { insertSealed } from './src/audit/checkpoint.store.js';
import { PartitionKeeper, shanghaiMonth } from './src/audit/partitions.js';
import { GENESIS_HASH, chainHash } from './src/audit/chain.js';
import { verifyKeyOf } from './src/audit/checkpoint.js';
import { Sealer } from './src/audit/sealer.js';
import fs from 'node:fs';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
await c.connect(); await c.query('DROP DATABASE IF EXISTS gs_bench_fixed WITH (FORCE)'); await c.query('CREATE DATABASE gs_bench_fixed'); await c.end();
const h = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/gs_bench_fixed' });
await migrate(h.db);
const key = testKey();
fs.writeFileSync('/tmp/bench-key.pem', key.publicPem);
const fp = verifyKeyOf(key.publicPem).fingerprint;
await h.db.insertInto('audit_keys').values({ fingerprint: fp, key_id: key.keyId, sig_alg: 'EdDSA', public_pem: key.publicPem }).execute();
const sealer = new Sealer('sha256', key, fp, 1000, Sealer.initial());
const pk = new PartitionKeeper();
let prev = GENESIS_HASH;
const t0 = Date.parse('2026-11-01T00:00:00Z');
for (let start = 1; start <= 1_000_000; start += 10_000) {
  const events = []; const sealed = [];
  for (let seq = start; seq < start + 10_000; seq++) {
    const e = makeEvent(seq, new Date(t0 + seq).toISOString());
    const s = { ...e, prevHash: prev, hash: chainHash('sha256', prev, e) };
    prev = s.hash; events.push(s); sealed.push(...sealer.add(s));
  }
  await pk.ensure(h.db, new Set(events.map((e) => shanghaiMonth(e.at))));
  await insertEvents(h.db, events);
  await insertSealed(h.db, sealed);
}
await h.db.executeQuery({ sql: 'VACUUM ANALYZE', parameters: [], query: { kind: 'RawNode' } } as any).catch(() => {});
await h.close();
console.log('seeded');
