import { openDatabase } from './src/db/database.js';
import { verifyStoredLog } from './src/audit/verify.service.js';
import { eventsAfter, eventPage } from './src/audit/audit.store.js';
const h = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/gs_bench_fixed' });
const time = async (name: string, f: () => Promise<unknown>) => {
  const c = process.cpuUsage(); const t = performance.now();
  await f();
  const u = process.cpuUsage(c);
  console.log(name, 'wall', ((performance.now() - t) / 1000).toFixed(2), 'node cpu', ((u.user + u.system) / 1e6).toFixed(2));
};
await time('fetch kysely 200k', async () => { let a = 0; for (let i = 0; i < 20; i++) { const p = await eventsAfter(h.db, a, 10000); a = p[p.length - 1]!.seq; } });
await time('fetch json 200k', async () => { let a = 0; for (let i = 0; i < 20; i++) { const p = await eventPage(h.db, a, 10000); a = p[p.length - 1]!.seq; } });
await time('verify 1M', () => verifyStoredLog(h.db, 'sha256'));
await h.close();
