/**
 * Catalog search benchmark (SPEC §4: 100,000 resources, p95 ≤ 30 ms). Seeds the demo organisations and catalog
 * plus N synthetic resources on the engine DATABASE_URL selects (a fresh database, dropped afterwards; PGlite in
 * memory without it), then times realistic GET /api/v1/resources calls through the app (auth, search, facets).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/catalog-search.ts [N]
 *
 * CATALOG_BENCH_DB=postgres://…/catbench keeps the seeded database between runs (seeds only what is missing), so
 * the timing can be repeated on a quiet machine without seeding again.
 */
import { generateSyntheticResources } from '../src/catalog/catalog.synthetic.js';
import { loadConfig } from '../src/config.js';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../src/demo/seed.js';
import { openPlatform, type Platform } from '../src/platform.js';
import { startTestPlatform } from '../src/test-support/platform.js';

const N = Number(process.argv[2] ?? 100_000);
const ROUNDS = 60;
const keep = process.env.CATALOG_BENCH_DB;

const p: Platform = keep
  ? await openPlatform(loadConfig({ DATABASE_URL: keep, GOVSHARE_ADMIN_PASSWORD: 'Bench@2026x', GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent' }), { logger: false })
  : await startTestPlatform();
try {
  const t0 = Date.now();
  await seedDemo(p.ctx); // regions, departments, users and the ~300-entry demo catalog, in one transaction
  process.stderr.write(`demo seed: ${Date.now() - t0} ms on ${p.ctx.engine}\n`);
  const have = Number((await p.ctx.db.selectFrom('catalog_search').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const missing = Math.max(0, N + 250 - have);
  let t = Date.now();
  if (missing > 0) await generateSyntheticResources(p.ctx.db, missing, { seed: have, onProgress: (d) => process.stderr.write(`\rseeding ${d}/${missing}`) });
  process.stderr.write(`\nseeded ${missing} in ${((Date.now() - t) / 1000).toFixed(1)} s on ${p.ctx.engine}\n`);
  const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'rst_user', password: DEMO_PASSWORD } });
  const auth = { authorization: `Bearer ${login.json<{ token: string }>().token}` };
  const enc = encodeURIComponent;
  // The first row calibrates the machine: an authenticated call that does next to nothing (on shared, loaded
  // machines compare the search rows with it rather than trusting absolute numbers).
  const queries: Array<[string, string]> = [
    ['baseline: GET /calendar/add-workdays', '@/api/v1/calendar/add-workdays?from=2026-01-05&days=1'],
    ['q=人口', `q=${enc('人口')}`],
    ['q=营业执照', `q=${enc('营业执照')}`],
    ['q=企业 许可', `q=${enc('企业 许可')}`],
    ['q=危险化学品检查', `q=${enc('危险化学品检查')}`],
    ['q=gajd (pinyin)', 'q=gajd'],
    ['q=登记 + department', `q=${enc('登记')}&department=${demoDepartmentId('scjgj')}`],
    ['q=补贴 + region 510107', `q=${enc('补贴')}&region=510107`],
    ['browse: shareType=unconditional page 3', 'shareType=unconditional&page=3'],
    ['browse: all, page 1', ''],
  ];
  const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  const rows: string[] = [];
  const all: number[] = [];
  for (const [label, qs] of queries) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < ROUNDS + 5; i++) {
      t = performance.now();
      const res = await p.app.inject({ url: qs.startsWith('@') ? qs.slice(1) : `/api/v1/resources?${qs}`, headers: auth });
      const ms = performance.now() - t;
      if (res.statusCode !== 200) throw new Error(`${label}: ${res.statusCode} ${res.body}`);
      total = res.json<{ total?: number }>().total ?? 0;
      if (i >= 5) times.push(ms); // warm-up excluded
    }
    times.sort((a, b) => a - b);
    if (!qs.startsWith('@')) all.push(...times);
    rows.push(`${label.padEnd(40)} hits ${String(total).padStart(6)}   p50 ${pct(times, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(times, 0.95).toFixed(1).padStart(6)} ms`);
  }
  all.sort((a, b) => a - b);
  process.stdout.write(`catalog search over ${have + missing} published resources on ${p.ctx.engine}, ${ROUNDS} rounds each (through app.inject: auth + search + facets)\n${rows.join('\n')}\n`);
  process.stdout.write(`ALL ${String(all.length).padStart(4)} calls: p50 ${pct(all, 0.5).toFixed(1)} ms, p95 ${pct(all, 0.95).toFixed(1)} ms (target p95 ≤ 30 ms)\n`);
} finally {
  await p.close();
}
