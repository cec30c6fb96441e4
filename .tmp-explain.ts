import { sql } from 'kysely';
import { openDatabase } from './src/db/database.js';
import { searchCatalog } from './src/catalog/search.service.js';
const h = await openDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/catbench', poolSize: 4 });
const cases: Array<[string, Record<string, string>]> = [
  ['q=人口', { q: '人口' }], ['q=营业执照', { q: '营业执照' }], ['q=企业 许可', { q: '企业 许可' }], ['q=危险化学品检查', { q: '危险化学品检查' }],
  ['q=gajd', { q: 'gajd' }], ['q=补贴 region=510107', { q: '补贴', region: '510107' }], ['browse all', {}], ['browse shareType=unconditional', { shareType: 'unconditional' }],
];
await sql`SELECT 1`.execute(h.db);
for (const [label, f] of cases) {
  const t: number[] = [];
  for (let i = 0; i < 40; i++) { const s = performance.now(); await searchCatalog(h.db, f, 1, 20); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} min ${t[0]!.toFixed(1)}  p10 ${t[4]!.toFixed(1)}  p50 ${t[20]!.toFixed(1)}  p95 ${t[38]!.toFixed(1)} ms`);
}
await h.close();
