/**
 * Node benchmarks (SPEC §4 "comparison" and "bulk", measured at the node): PostgreSQL table of ROWS rows,
 * a node in this process, compare 10,000 records and export every row as NDJSON, both over HTTP on loopback.
 * Run: npx tsx bench/node-bench.ts  (NODE_BENCH_PG_URL, NODE_BENCH_ROWS to change the defaults)
 */
import { execFile } from 'node:child_process';
import pg from 'pg';
import { request } from 'undici';
import { startNode } from '../src/node/server.js';
import { bearer, testConfig, testKeys, ticket, uniqueName } from '../src/node/test-helpers.js';

const PG_URL = process.env.NODE_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = Number(process.env.NODE_BENCH_ROWS ?? 1_000_000);
const schema = uniqueName('gs_bench');
const admin = new pg.Client({ connectionString: PG_URL });
await admin.connect();
const keys = testKeys(process.env.GOVSHARE_CRYPTO === 'gm' ? 'gm' : 'intl');
try {
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.person (sfzh text PRIMARY KEY, xm text NOT NULL, sjh text, csrq date, zz text, gxsj timestamp NOT NULL)`);
  let t = performance.now();
  await admin.query(`INSERT INTO ${schema}.person SELECT '510100' || lpad(g::text, 12, '0'), '张' || g, '138' || lpad(g::text, 8, '0'),
    date '1980-01-01' + (g % 15000), '四川省成都市武侯区人民南路' || g || '号', timestamp '2024-01-01' + g * interval '1 second' FROM generate_series(1, ${ROWS}) g`);
  await admin.query(`ANALYZE ${schema}.person`);
  console.log(`setup: ${ROWS} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const RES = 'R1';
  const items = ['身份证号', '姓名', '手机号', '出生日期', '住址'];
  const node = await startNode(testConfig(keys, {
    logLevel: 'warn',
    sources: [{ name: 'pg', type: 'postgres', url: PG_URL }],
    resources: [{ code: RES, source: 'pg', table: `${schema}.person`, key: ['身份证号'], items: { 身份证号: 'sfzh', 姓名: 'xm', 手机号: 'sjh', 出生日期: 'csrq', 住址: 'zz' }, compare: { distinguishNotFound: true } }],
  }), { listen: { port: 0 } });
  const masks = { 身份证号: 'id_number', 姓名: 'name', 手机号: 'phone', 出生日期: 'year_only' };
  try {
    const records = Array.from({ length: 10_000 }, (_, i) => ({ 身份证号: `510100${String(i * 37 + 1).padStart(12, '0')}`, 姓名: `张${i * 37 + 1}`, 手机号: '13800000000' }));
    const body = JSON.stringify({ records, keys: ['身份证号'] });
    for (let round = 0; round < 5; round++) {
      t = performance.now();
      const res = await request(`${node.url}/v1/compare`, { method: 'POST', headers: { ...bearer(ticket(keys, { res: RES, items, method: 'compare' })), 'content-type': 'application/json' }, body });
      const text = await res.body.text();
      console.log(`compare 10,000 records: ${(performance.now() - t).toFixed(0)} ms (status ${res.statusCode}, ${text.length} bytes)`);
    }
    for (let round = 0; round < 3; round++) {
      t = performance.now();
      const res = await request(`${node.url}/v1/export`, { headers: bearer(ticket(keys, { res: RES, items, masks, method: 'export' })) });
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      }
      const s = (performance.now() - t) / 1000;
      console.log(`export ${ROWS} rows NDJSON (masked): ${s.toFixed(2)} s = ${Math.round(ROWS / s).toLocaleString('en')} rows/s, ${(bytes / 1e6).toFixed(0)} MB, ${lines} lines, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
    }
    // The same export read by curl in another process, so the client's parsing does not share the node's core.
    for (let round = 0; round < 3; round++) {
      const tk = ticket(keys, { res: RES, items, masks, method: 'export' }).ticket;
      const cpu0 = process.cpuUsage();
      const out = await new Promise<string>((resolve, reject) => execFile('curl', ['-s', '-o', '/dev/null', '-w', '%{time_total} %{size_download}',
        '-H', `authorization: Bearer ${tk}`, `${node.url}/v1/export`], (err, stdout) => (err ? reject(err) : resolve(stdout))));
      const [secs, size] = out.split(' ').map(Number) as [number, number];
      const cpu = process.cpuUsage(cpu0);
      const cpuUs = (cpu.user + cpu.system) / ROWS;
      // CPU time per row of the node process: what one core could do if it were not shared (the machine is noisy).
      console.log(`export ${ROWS} rows NDJSON to curl: ${secs.toFixed(2)} s = ${Math.round(ROWS / secs).toLocaleString('en')} rows/s, ${(size / 1e6).toFixed(0)} MB; node CPU ${cpuUs.toFixed(2)} µs/row (≈ ${Math.round(1e6 / cpuUs).toLocaleString('en')} rows/s per core)`);
    }
  } finally {
    await node.close();
  }
} finally {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  keys.cleanup();
}
