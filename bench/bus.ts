import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { issueTicket } from '../src/crypto/ticket-sign.js';
import { signingSuite } from '../src/crypto/suite.js';
import { people } from '../src/demo/synthetic.js';
import { api, freshDatabase, govshare, load, median, which, type LoadResult } from './lib.js';
import { spawn } from 'node:child_process';
import type autocannon from 'autocannon';

/**
 * SPEC §4 "bus overhead", "comparison" and "bulk", measured in one run on this machine's PostgreSQL:
 * the same realistic query (node on PostgreSQL, indexed range lookup, 20-row page, masks at the node) sent
 * straight to the node, through nginx as a plain reverse proxy, and through the bus (auth + grant + ticket + audit).
 */
const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const BULK = Number(process.env.BENCH_BULK_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
/** Scaling curves (issue 10): connection counts besides the main 10, and export sizes besides the full table. */
const SWEEP_CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,50,200').split(',').map(Number).filter((n) => n > 0);
const EXPORT_SIZES = [10_000, 100_000].filter((n) => n < BULK);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-bench-'));

async function seedSource(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE TABLE people (id_number text PRIMARY KEY, full_name text NOT NULL, phone text, address text, updated_at timestamptz DEFAULT now())');
  const ids: string[] = [];
  let batch: string[][] = [[], [], [], []];
  const flush = async () => {
    await c.query('INSERT INTO people (id_number, full_name, phone, address) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING', batch);
    batch = [[], [], [], []];
  };
  for (const p of people(PEOPLE)) {
    ids.push(p.idNumber);
    batch[0]!.push(p.idNumber); batch[1]!.push(p.name); batch[2]!.push(p.phone); batch[3]!.push(p.address);
    if (batch[0]!.length === 5000) await flush();
  }
  if (batch[0]!.length) await flush();
  await c.query(`CREATE TABLE bulk (id bigint PRIMARY KEY, code text, name text, amount numeric, created_on date)`);
  await c.query(`INSERT INTO bulk SELECT i, lpad(i::text, 12, '0'), 'row ' || i, (i % 100000) / 100.0, DATE '2020-01-01' + (i % 2000) FROM generate_series(1, ${BULK}) i`);
  for (const n of EXPORT_SIZES) await c.query(`CREATE VIEW bulk_${n} AS SELECT * FROM bulk WHERE id <= ${n}`);
  await c.query('ANALYZE');
  await c.end();
  return ids.sort();
}

function peakRss(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch { return null; }
}

export async function benchBus(): Promise<Record<string, unknown>> {
  const platformDb = await freshDatabase(BASE, 'gs_bench_platform');
  const sourceDb = await freshDatabase(BASE, 'gs_bench_source');
  process.stderr.write(`seeding ${PEOPLE} people and ${BULK} bulk rows…\n`);
  const ids = await seedSource(sourceDb);

  // The per-grant rate limit guards against enumeration; a throughput benchmark lifts it to its ceiling.
  const benchEnv = { DATABASE_URL: platformDb, PORT: '0', HOST: '127.0.0.1', GOVSHARE_GRANT_CALLS_PER_MINUTE: '1000000' };
  const { match } = await govshare(['demo'], { ...benchEnv, GOVSHARE_DATA: path.join(dir, 'unused') }, /running at (http:\/\/[\d.:]+)/);
  const platform = match[1]!;
  const admin = (await api<{ token: string }>(platform, 'POST', '/auth/login', undefined, { username: 'admin', password: 'Admin@Govshare2026' })).token;
  const editor = (await api<{ token: string }>(platform, 'POST', '/auth/login', undefined, { username: 'gat_editor', password: 'Govshare@2026' })).token;
  const reviewer = (await api<{ token: string }>(platform, 'POST', '/auth/login', undefined, { username: 'gat_reviewer', password: 'Govshare@2026' })).token;
  const depts = await api<{ items: Array<{ id: string; name: string }> }>(platform, 'GET', '/departments?size=100', admin);
  const dept = (name: string) => depts.items.find((d) => d.name === name)!.id;
  const gat = dept('四川省公安厅');
  const rst = dept('四川省人力资源和社会保障厅');

  const keys = signingSuite('intl').generateKeyPair();
  fs.writeFileSync(path.join(dir, 'node.key'), keys.privatePem, { mode: 0o600 });
  const nodePort = 19_000 + Math.floor(Math.random() * 1000);
  const reg = await api<{ id: string; platformPublicKey: string }>(platform, 'POST', '/nodes', admin, { departmentId: gat, name: 'bench node', url: `http://127.0.0.1:${nodePort}`, publicKey: keys.publicPem });

  async function publish(body: object): Promise<string> {
    const d = await api<{ id: string; code: string }>(platform, 'POST', '/resources', editor, body);
    await api(platform, 'POST', `/resources/${d.id}/submit`, editor, {});
    await api(platform, 'POST', `/resources/${d.id}/review`, reviewer, { decision: 'approve' });
    await api(platform, 'POST', `/resources/${d.id}/publish`, reviewer, {});
    return d.code;
  }
  const peopleCode = await publish({
    name: '人口基础信息（基准测试）', kind: 'base', classPath: ['人口'], departmentId: gat, abstract: '基准测试', format: 'database', nodeId: reg.id,
    items: [{ name: '公民身份号码', dataType: 'C', base: true, mask: 'id_number' }, { name: '姓名', dataType: 'C', base: true, mask: 'name' }, { name: '联系电话', dataType: 'C', mask: 'phone' }, { name: '户籍地址', dataType: 'C' }],
    shareType: 'conditional', shareConditions: '经申请', shareMethods: ['table', 'compare'], open: { toPublic: false }, updateCycle: 'daily',
  });
  const bulkCode = await publish({
    name: '批量导出测试表', kind: 'department', departmentId: gat, abstract: '基准测试', format: 'database', nodeId: reg.id,
    items: [{ name: '编号', dataType: 'I' }, { name: '代码', dataType: 'C' }, { name: '名称', dataType: 'C' }, { name: '金额', dataType: 'N' }, { name: '日期', dataType: 'D' }],
    shareType: 'unconditional', shareMethods: ['table'], open: { toPublic: false }, updateCycle: 'daily',
  });
  const sizedCodes: Array<[number, string]> = [];
  for (const n of EXPORT_SIZES) {
    sizedCodes.push([n, await publish({
      name: `批量导出测试表（${n} 行）`, kind: 'department', departmentId: gat, abstract: '基准测试', format: 'database', nodeId: reg.id,
      items: [{ name: '编号', dataType: 'I' }, { name: '代码', dataType: 'C' }, { name: '名称', dataType: 'C' }, { name: '金额', dataType: 'N' }, { name: '日期', dataType: 'D' }],
      shareType: 'unconditional', shareMethods: ['table'], open: { toPublic: false }, updateCycle: 'daily',
    })]);
  }
  await api(platform, 'POST', '/grants', admin, { resourceCode: peopleCode, consumerDepartmentId: rst, items: ['联系电话', '户籍地址'], purpose: '基准测试', validFrom: '2020-01-01', validUntil: '2099-12-31', maxRecords: 20_000 });
  const cred = await api<{ clientId: string; clientSecret: string }>(platform, 'POST', '/credentials', admin, { departmentId: rst, name: 'bench system' });
  const sys = (await api<{ token: string }>(platform, 'POST', '/auth/token', undefined, cred)).token;

  fs.writeFileSync(path.join(dir, 'node.json'), JSON.stringify({
    platformUrl: platform, nodeId: reg.id, platformPublicKey: reg.platformPublicKey, listen: `127.0.0.1:${nodePort}`, keyFile: 'node.key',
    sources: [{ name: 'src', type: 'postgres', url: sourceDb }],
    resources: [
      { code: peopleCode, source: 'src', table: 'people', key: ['公民身份号码'], items: { 公民身份号码: 'id_number', 姓名: 'full_name', 联系电话: 'phone', 户籍地址: 'address' } },
      { code: bulkCode, source: 'src', table: 'bulk', key: ['编号'], items: { 编号: 'id', 代码: 'code', 名称: 'name', 金额: 'amount', 日期: 'created_on' } },
      ...sizedCodes.map(([n, code]) => ({ code, source: 'src', table: `bulk_${n}`, key: ['编号'], items: { 编号: 'id', 代码: 'code', 名称: 'name', 金额: 'amount', 日期: 'created_on' } })),
    ],
  }));
  const node = await govshare(['node', '--config', path.join(dir, 'node.json')], {}, /listening|running|http:\/\/127\.0\.0\.1:\d+/i);
  const nodeUrl = `http://127.0.0.1:${nodePort}`;

  // nginx as a plain reverse proxy in front of the node: the floor cost of one extra hop.
  let nginxUrl: string | undefined;
  if (which('nginx')) {
    const nginxPort = nodePort + 1;
    const conf = path.join(dir, 'nginx.conf');
    fs.writeFileSync(conf, `worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/nginx.err warn; daemon off;
events { worker_connections 1024; }
http { access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir};
  upstream node { server 127.0.0.1:${nodePort}; keepalive 64; }
  server { listen 127.0.0.1:${nginxPort}; location / { proxy_pass http://node; proxy_http_version 1.1; proxy_set_header Connection ""; } } }`);
    const ng = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'ignore' });
    process.on('exit', () => ng.kill());
    await new Promise((r) => setTimeout(r, 500));
    nginxUrl = `http://127.0.0.1:${nginxPort}`;
  }

  // Tickets for the direct and nginx calls, signed here with the platform key (one per request: a node refuses replays).
  const pc = new pg.Client({ connectionString: platformDb });
  await pc.connect();
  const stored = (await pc.query(`SELECT value FROM settings WHERE key = 'platform_key:intl'`)).rows[0].value as { privatePem: string };
  await pc.end();
  const suite = signingSuite('intl');
  const signer = { suite, key: suite.privateKey(stored.privatePem) };
  const items = ['公民身份号码', '姓名', '联系电话', '户籍地址'];
  const masks = { 公民身份号码: 'id_number', 姓名: 'name', 联系电话: 'phone' };
  const ticket = () => issueTicket({ iss: 'bench', aud: reg.id, sub: rst, res: peopleCode, items, masks, purpose: '基准测试', grant: 'bench', act: 'bench', method: 'query', limits: { maxRows: 1000 } }, signer).ticket;
  const pool: string[] = [];
  // Tickets live 30 s and are spent once: before each direct load the pool is refilled with fresh ones, sized from
  // the fastest direct rate seen so far (signing them inside the load would tax the load generator instead).
  let fastest = 2_000;
  const refill = (seconds: number) => {
    pool.length = 0;
    const n = Math.min(300_000, Math.ceil(fastest * seconds * 1.5) + 1_000);
    for (let i = 0; i < n; i++) pool.push(ticket());
  };
  const seen = (r: LoadResult) => { fastest = Math.max(fastest, r.rps); return r; };
  const body = () => JSON.stringify({ items, filter: [{ item: '公民身份号码', op: 'gt', value: ids[Math.floor(Math.random() * (ids.length - 100))] }], limit: 20 });

  const direct = (base: string): autocannon.Options => ({
    url: `${base}/v1/query`, method: 'POST' as const, duration: DURATION,
    requests: [{ method: 'POST' as const, setupRequest: (r: autocannon.Request) => ({ ...r, headers: { 'content-type': 'application/json', authorization: `Bearer ${pool.pop() ?? ticket()}` }, body: body() }) }],
  });
  const viaBus: autocannon.Options = {
    url: `${platform}/api/v1/exchange/${encodeURIComponent(peopleCode)}/query`, method: 'POST' as const, duration: DURATION,
    requests: [{ method: 'POST' as const, setupRequest: (r: autocannon.Request) => ({ ...r, headers: { 'content-type': 'application/json', authorization: `Bearer ${sys}` }, body: body() }) }],
  };
  if (process.env.BENCH_HOLD) { // probing by hand: leave everything running and say where it is
    for (let i = 0; i < 50_000; i++) pool.push(ticket());
    fs.writeFileSync(process.env.BENCH_HOLD, JSON.stringify({ platform, nodeUrl, nginxUrl, sys, peopleCode, tickets: pool.splice(0, 50_000), ids: ids.slice(0, 1000) }));
    process.stderr.write(`holding; see ${process.env.BENCH_HOLD}\n`);
    await new Promise(() => {});
  }
  const out: Record<string, LoadResult[]> = { direct: [], nginx: [], bus: [] };
  await load({ ...viaBus, duration: 3 }); // warm-up: JIT, pools, caches
  for (let round = 0; round < ROUNDS; round++) {
    process.stderr.write(`round ${round + 1}/${ROUNDS}…\n`);
    refill(DURATION);
    out.direct!.push(seen(await load(direct(nodeUrl))));
    refill(DURATION);
    if (nginxUrl) out.nginx!.push(seen(await load(direct(nginxUrl))));
    out.bus!.push(await load(viaBus));
  }
  const summary = (rs: LoadResult[]) => rs.length ? { rps: Math.round(median(rs.map((r) => r.rps))), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), errors: rs.reduce((a, r) => a + r.errors + r.non2xx, 0) } : null;
  const d = summary(out.direct!)!;
  const n = summary(out.nginx!);
  const b = summary(out.bus!)!;

  // Comparison: 10,000 records end to end through the bus.
  const records = ids.slice(0, 10_000).map((id, i) => ({ 公民身份号码: id, 姓名: i % 3 === 0 ? '不匹配' : 'x' }));
  const t0 = performance.now();
  const cmp = await fetch(`${platform}/api/v1/exchange/${encodeURIComponent(peopleCode)}/compare`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${sys}` }, body: JSON.stringify({ records, keys: ['公民身份号码'], purpose: '基准测试' }) });
  const cmpBody = (await cmp.json()) as { results?: unknown[] };
  const compareMs = Math.round(performance.now() - t0);

  // Scaling with connections (one round each, half the duration): bus against direct at 1 … 200 connections.
  const connections: Array<{ connections: number; direct: LoadResult; bus: LoadResult; busVsDirect: number }> = [];
  for (const c of SWEEP_CONNECTIONS) {
    process.stderr.write(`connections ${c}…\n`);
    refill(Math.max(2, DURATION / 2));
    const dr = seen(await load({ ...direct(nodeUrl), connections: c, duration: Math.max(2, DURATION / 2) }));
    const br = await load({ ...viaBus, connections: c, duration: Math.max(2, DURATION / 2) });
    connections.push({ connections: c, direct: dr, bus: br, busVsDirect: +(br.rps / dr.rps).toFixed(3) });
  }

  // Two platform instances on the one PostgreSQL database, the load split between them (5 + 5 connections).
  process.stderr.write('two instances…\n');
  const second = await govshare(['serve'], { ...benchEnv, GOVSHARE_DATA: path.join(dir, 'unused2') }, /running at (http:\/\/[\d.:]+)/);
  const platform2 = second.match[1]!;
  const viaBus2: autocannon.Options = { ...viaBus, url: `${platform2}/api/v1/exchange/${encodeURIComponent(peopleCode)}/query` };
  const [i1, i2] = await Promise.all([load({ ...viaBus, connections: 5 }), load({ ...viaBus2, connections: 5 })]);
  second.child.kill('SIGTERM');
  const twoInstances = { rps: Math.round(i1.rps + i2.rps), p99: Math.max(i1.p99, i2.p99), errors: i1.errors + i1.non2xx + i2.errors + i2.non2xx, vsOneInstance: +((i1.rps + i2.rps) / b.rps).toFixed(3) };

  // Export sizes: the same table through views of 10k and 100k rows.
  const exportSizes: Array<{ rows: number; seconds: number; rowsPerSecond: number }> = [];
  for (const [n, code] of sizedCodes) {
    const t = performance.now();
    const r = await fetch(`${platform}/api/v1/exchange/${encodeURIComponent(code)}/export?format=ndjson`, { headers: { authorization: `Bearer ${sys}` } });
    let got = 0;
    for await (const chunk of r.body as unknown as AsyncIterable<Uint8Array>) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) got++;
    const sec = (performance.now() - t) / 1000;
    exportSizes.push({ rows: n, seconds: +sec.toFixed(3), rowsPerSecond: Math.round(n / sec) });
    if (got < n) process.stderr.write(`export of ${n} rows returned ${got} lines\n`);
  }

  // Bulk: every row of the bulk table streamed through the bus as NDJSON.
  const t1 = performance.now();
  const exp = await fetch(`${platform}/api/v1/exchange/${encodeURIComponent(bulkCode)}/export?format=ndjson`, { headers: { authorization: `Bearer ${sys}` } });
  let rows = 0;
  let bytes = 0;
  for await (const chunk of exp.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
  }
  const exportS = (performance.now() - t1) / 1000;
  const platformPid = (await import('./lib.js')).children[0]?.pid;

  return {
    query: {
      direct: d, nginx: n, bus: b,
      busVsDirect: +(b.rps / d.rps).toFixed(3), busVsNginx: n ? +(b.rps / n.rps).toFixed(3) : null,
      addedP99Ms: +(b.p99 - d.p99).toFixed(2), targets: { busVsDirect: 0.6, busVsNginx: 0.75, addedP99Ms: 2 },
    },
    connections, twoInstances, exportSizes,
    compare: { records: records.length, status: cmp.status, results: cmpBody.results?.length ?? 0, ms: compareMs, targetMs: 1000 },
    export: { status: exp.status, rows, mb: +(bytes / 1e6).toFixed(1), seconds: +exportS.toFixed(2), rowsPerSecond: Math.round(rows / exportS), target: 200_000, platformPeakRssMb: peakRss(platformPid), nodePeakRssMb: peakRss(node.child.pid) },
  };
}
