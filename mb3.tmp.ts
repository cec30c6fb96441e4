import { createTestDb } from './src/test-support/db.js';
import { migrate } from './src/db/database.js';
import { memoryLog } from './src/audit/memory-log.test-support.js';
import { insertEvents } from './src/audit/audit.store.js';
import { PartitionKeeper, shanghaiMonth } from './src/audit/partitions.js';
import { sql } from 'kysely';
const N = 50000;
const h = await createTestDb();
await migrate(h.db);
const log = memoryLog(N * 2, 1000);
const pk = new PartitionKeeper();
await pk.ensure(h.db, new Set(log.events.map((e) => shanghaiMonth(e.at))));
const time = async (name: string, f: () => Promise<unknown>) => {
  const c = process.cpuUsage(); const t = performance.now();
  await f();
  const u = process.cpuUsage(c);
  console.log(name, 'wall', ((performance.now() - t) / 1000).toFixed(2), 'node cpu', ((u.user + u.system) / 1e6).toFixed(2));
};
await time('unnest 50k', async () => { for (let i = 0; i < N; i += 10000) await insertEvents(h.db, log.events.slice(i, i + 10000)); });
await time('json 50k', async () => {
  for (let i = N; i < 2 * N; i += 10000) {
    const rows = log.events.slice(i, i + 10000).map((e) => ({ seq: e.seq, at: e.at, actor_id: e.actorId, actor_name: e.actorName, department_id: e.departmentId, action: e.action, object_type: e.objectType, object_id: e.objectId, outcome: e.outcome, request_id: e.requestId, detail: e.detail, prev_hash: e.prevHash, hash: e.hash }));
    await sql`INSERT INTO audit_events SELECT * FROM json_populate_recordset(NULL::audit_events, ${JSON.stringify(rows)}::json)`.execute(h.db);
  }
});
const n = await sql<{ n: number }>`select count(*)::int n from audit_events`.execute(h.db);
console.log(n.rows);
await h.close();
