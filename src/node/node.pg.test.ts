import http from 'node:http';
import pg from 'pg';
import { importSPKI, compactVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type RunningNode } from './server.js';
import { bearer, testConfig, testKeys, ticket, uniqueName, type TestKeys } from './test-helpers.js';

/** Integration: a real node (in-process, port 0) on this machine's PostgreSQL, in a schema of its own. */
const PG_URL = process.env.NODE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = uniqueName('gs_node');
const RES = '101001001/000123';
const ITEMS = ['身份证号', '姓名', '手机号', '出生日期', '住址'];
const MASKS = { 身份证号: 'id_number', 姓名: 'name', 手机号: 'phone', 出生日期: 'year_only' };
const N = 20_000;

let admin: pg.Client;
let keys: TestKeys;
let node: RunningNode;
const bodies: string[] = []; // every answer, checked at the end for unmasked values

async function call(method: 'GET' | 'POST', path: string, t: { ticket: string }, body?: unknown) {
  const res = await fetch(`${node.url}${path}`, {
    method, headers: { ...bearer(t), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  bodies.push(text);
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const q = (input: Partial<Parameters<typeof ticket>[1]> = {}) => ticket(keys, { res: RES, items: ITEMS, masks: MASKS, ...input });
const idOf = (g: number) => `510100${String(g).padStart(12, '0')}`;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`); // name made here from hex digits
  await admin.query(`CREATE TABLE ${schema}.person (sfzh text PRIMARY KEY, xm text NOT NULL, sjh text, csrq date, zz text, gxsj timestamp NOT NULL)`);
  await admin.query(`INSERT INTO ${schema}.person
    SELECT '510100' || lpad(g::text, 12, '0'), '张' || g, '138' || lpad(g::text, 8, '0'), date '1980-01-01' + g, '成都市' || g || '号',
           timestamp '2024-01-01 00:00:00' + g * interval '1 minute'
    FROM generate_series(1, ${N}) g`);
  await admin.query(`ANALYZE ${schema}.person`);
  keys = testKeys('intl');
  node = await startNode(testConfig(keys, {
    sources: [{ name: 'pg', type: 'postgres', url: PG_URL, pool: 4 }],
    resources: [{
      code: RES, source: 'pg', table: `${schema}.person`, key: ['身份证号'], updatedAtColumn: 'gxsj',
      items: { 身份证号: 'sfzh', 姓名: 'xm', 手机号: 'sjh', 出生日期: 'csrq', 住址: 'zz' },
      masks: { 住址: 'keep:3,0' }, compare: { distinguishNotFound: true },
    }],
  }), { listen: { port: 0 } });
});

afterAll(async () => {
  await node?.close();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
  keys?.cleanup();
});

describe('node on PostgreSQL', () => {
  it('answers /healthz with its sources', async () => {
    const res = await fetch(`${node.url}/healthz`);
    expect(await res.json()).toMatchObject({ status: 'ok', nodeId: 'node-test', crypto: 'intl', sources: [{ name: 'pg', status: 'up' }] });
  });

  it('queries with masks applied at the node, item names as keys, and a default page of 20', async () => {
    const r = await call('POST', '/v1/query', q(), { filter: [{ item: '身份证号', op: 'eq', value: idOf(7) }] });
    expect(r.status).toBe(200);
    expect(r.json().rows).toEqual([{ 身份证号: '510100********0007', 姓名: '张*', 手机号: '138****0007', 出生日期: '1980', 住址: '成都市**' }]);
    const page = await call('POST', '/v1/query', q(), {});
    expect(page.json().rows).toHaveLength(20);
    expect(typeof page.json().next).toBe('string');
  });

  it('compiles every operator to parameters', async () => {
    const items = ['姓名'];
    const count = async (filter: unknown[]) => (await call('POST', '/v1/query', q({ items: ['姓名', '身份证号'], masks: {} }), { items, filter, limit: 1000 })).json().rows.length as number;
    expect(await count([{ item: '身份证号', op: 'in', value: [idOf(1), idOf(2), 'nope'] }])).toBe(2);
    expect(await count([{ item: '身份证号', op: 'between', value: [idOf(10), idOf(19)] }])).toBe(10);
    expect(await count([{ item: '身份证号', op: 'gt', value: idOf(N - 5) }])).toBe(5);
    expect(await count([{ item: '身份证号', op: 'lt', value: idOf(4) }])).toBe(3);
    expect(await count([{ item: '姓名', op: 'prefix', value: '张1999' }])).toBe(11); // 张1999 and 张19990…张19999
  });

  it('treats injection attempts as values or refuses them', async () => {
    const t = () => q({ items: [...ITEMS, "name; DROP TABLE person"] });
    for (const value of ["' OR 1=1 --", `${idOf(1)}' OR '1'='1`, "'); DROP TABLE person; --", '%', '_', '!%']) {
      const r = await call('POST', '/v1/query', t(), { items: ['姓名'], filter: [{ item: '身份证号', op: 'eq', value }] });
      expect(r.status).toBe(200);
      expect(r.json().rows).toEqual([]);
      const p = await call('POST', '/v1/query', t(), { items: ['姓名'], filter: [{ item: '住址', op: 'prefix', value }] });
      expect(p.json().rows).toEqual([]); // % and _ are literal characters in a prefix
    }
    const bad = await call('POST', '/v1/query', q(), { items: ['name; DROP TABLE person'] });
    expect(bad.json().error.code).toBe('ITEM_NOT_IN_TICKET');
    const notServed = await call('POST', '/v1/query', t(), { items: ['name; DROP TABLE person'] });
    expect(notServed.json().error.code).toBe('ITEM_NOT_SERVED');
    const col = await call('POST', '/v1/query', q(), { filter: [{ item: 'sfzh', op: 'eq', value: idOf(1) }] });
    expect(col.json().error.code).toBe('ITEM_NOT_IN_TICKET'); // a column name is not an item
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.person`)).rows[0].n).toBe(N);
  });

  it('pages by key with a sealed cursor bound to the filters', async () => {
    const filter = [{ item: '身份证号', op: 'lt', value: idOf(46) }];
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const r = (await call('POST', '/v1/query', q({ masks: {} }), { items: ['身份证号'], filter, limit: 10, cursor })).json();
      seen.push(...r.rows.map((x: { 身份证号: string }) => x.身份证号));
      cursor = r.next;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => idOf(i + 1)));
    const first = (await call('POST', '/v1/query', q(), { filter, limit: 10 })).json();
    expect(first.next).not.toContain(idOf(10).slice(6)); // the key does not show through the cursor
    const other = await call('POST', '/v1/query', q(), { filter: [], cursor: first.next });
    expect(other.json().error.code).toBe('CURSOR_INVALID');
    const forged = await call('POST', '/v1/query', q(), { filter, cursor: first.next.slice(0, -2) + 'AA' });
    expect(forged.json().error.code).toBe('CURSOR_INVALID');
  });

  it('compares 10,000 records in one batched lookup, never returning a provider value', async () => {
    const records = Array.from({ length: 10_000 }, (_, i) => {
      const g = i + 1;
      if (g % 10 === 0) return { 身份证号: `999900${String(g).padStart(12, '0')}`, 姓名: `张${g}` }; // not held
      if (g % 10 === 1) return { 身份证号: idOf(g), 姓名: `李${g}` }; // wrong name
      if (g % 10 === 2) return { 身份证号: idOf(g), 姓名: ` 张${g} `, 手机号: `sha256:${'0'.repeat(64)}` };
      return { 身份证号: idOf(g), 姓名: `张${String(g).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}` }; // full-width digits
    });
    const t0 = performance.now();
    const r = await call('POST', '/v1/compare', q({ method: 'compare', items: ['身份证号', '姓名', '手机号'] }), { records, keys: ['身份证号'] });
    const ms = performance.now() - t0;
    expect(r.status).toBe(200);
    const results = r.json().results as Array<{ index: number; status: string; items: Record<string, string> }>;
    expect(results).toHaveLength(10_000);
    expect(results[9]).toEqual({ index: 9, status: 'not_found', items: {} });
    expect(results[0]).toEqual({ index: 0, status: 'mismatch', items: { 姓名: 'mismatch' } });
    expect(results[1]).toEqual({ index: 1, status: 'mismatch', items: { 姓名: 'match', 手机号: 'mismatch' } });
    expect(results[2]).toEqual({ index: 2, status: 'match', items: { 姓名: 'match' } });
    expect(results.filter((x) => x.status === 'match')).toHaveLength(7000);
    expect(r.text).not.toMatch(/510100|138\d{4}|张/);
    console.log(`compare 10,000 records on PostgreSQL: ${ms.toFixed(0)} ms end to end (HTTP + JSON + lookup)`);
    // SPEC §4 targets are measured in bench/node-bench.ts, not in timed tests; this only catches a per-record lookup.
    expect(ms).toBeLessThan(5000);
  });

  it('accepts hashed inputs (sha256 of the normalised value)', async () => {
    const { createHash } = await import('node:crypto');
    const h = (s: string) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
    const r = await call('POST', '/v1/compare', q({ method: 'compare' }), { keys: ['身份证号'], records: [{ 身份证号: idOf(5), 手机号: h('13800000005'), 姓名: h('张6') }] });
    expect(r.json().results[0]).toEqual({ index: 0, status: 'mismatch', items: { 手机号: 'match', 姓名: 'mismatch' } });
  });

  it('exports every row as masked NDJSON with resume points, and resumes from one', async () => {
    const res = await call('GET', '/v1/export', q({ method: 'export' }));
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows = lines.filter((l) => !('$cursor' in l) && !('$end' in l));
    expect(rows).toHaveLength(N);
    expect(rows[0]).toEqual({ 身份证号: '510100********0001', 姓名: '张*', 手机号: '138****0001', 出生日期: '1980', 住址: '成都市**' });
    const end = lines[lines.length - 1]!.$end as { rows: number; truncated: boolean };
    expect(end).toMatchObject({ rows: N, truncated: false });
    const cursors = lines.filter((l) => '$cursor' in l);
    expect(cursors.length).toBeGreaterThan(10);
    const mid = lines.indexOf(cursors[3]!);
    const before = lines.slice(0, mid).filter((l) => !('$cursor' in l)).length;
    const resumed = await call('GET', `/v1/export?cursor=${encodeURIComponent(cursors[3]!.$cursor as string)}`, q({ method: 'export' }));
    expect(resumed.text.trim().split('\n').filter((l) => !l.startsWith('{"$')).length).toBe(N - before);
  });

  it('exports incrementally since a time, as CSV with a BOM, and caps at the ticket limit', async () => {
    const since = await call('GET', `/v1/export?format=csv&since=${encodeURIComponent('2024-01-14 09:20')}`, q({ method: 'export' })); // minute 19,280
    const csv = since.text.split('\r\n').filter(Boolean);
    expect(csv[0]).toBe('\uFEFF身份证号,姓名,手机号,出生日期,住址');
    expect(csv).toHaveLength(1 + N - 19_280 + 1);
    const capped = await call('GET', '/v1/export', q({ method: 'export', limits: { maxRows: 5, maxExportRows: 100 } }));
    expect(capped.text.trim().split('\n').at(-1)).toContain('"truncated":true');
  });

  it('reports row counts and last change (Art. 21) and its own signed event log', async () => {
    const stats = await call('GET', '/v1/stats', ticket(keys, { res: '*', items: [], method: 'stats' }));
    expect(stats.json().resources).toEqual([{ code: RES, rows: N, lastChange: '2024-01-14 21:20:00' }]);
    node.runtime.events.flush();
    const ev = await call('GET', '/v1/events?after=0&limit=5000', ticket(keys, { res: '*', items: [], method: 'events' }));
    const { payload } = await compactVerify(ev.json().jws, await importSPKI(keys.nodePublicPem, 'EdDSA'));
    const batch = JSON.parse(new TextDecoder().decode(payload)) as { events: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const compare = batch.events.find((e) => e.method === 'compare' && e.outcome === 'ok')!;
    expect(compare).toMatchObject({ consumer: 'dept-consumer', resource: RES, rows: 10_000, detail: { records: 10_000, match: 7000, notFound: 1000 } });
    expect(JSON.stringify(batch.events)).not.toMatch(/510100\d|张\d/); // counts and digests, never the inputs
    expect(batch.events.some((e) => e.code === 'ITEM_NOT_IN_TICKET' && e.outcome === 'refused')).toBe(true);
  });

  it('never lets an unmasked value out: no answer above contains a raw ID number, phone or name', () => {
    const all = bodies.join('\n');
    // the paging test asked without masks for ids below 46 and the filter tests for names: exclude those rows
    for (const g of [7, 100, 777, 1234, 5555, 12_345, 19_999]) {
      expect(all).not.toContain(`138${String(g).padStart(8, '0')}`);
      expect(all).not.toContain(`"成都市${g}号"`);
    }
    expect(all).not.toContain(idOf(12_345));
  });
});

describe('node whose PostgreSQL is slow or unreachable', () => {
  it('cancels a statement that runs past timeoutMs (SOURCE_TIMEOUT), gives up on a host that does not answer, lets a slow export finish', { timeout: 60_000 }, async () => {
    await admin.query(`CREATE TABLE ${schema}.many AS SELECT lpad(g::text, 8, '0') AS id, repeat('填', 30) AS filler FROM generate_series(1, 300000) g`);
    await admin.query(`ALTER TABLE ${schema}.many ADD PRIMARY KEY (id)`);
    await admin.query(`CREATE VIEW ${schema}.slow AS SELECT sfzh, xm FROM ${schema}.person, pg_sleep(10) WHERE sfzh < '5101000000000003'`);
    const k = testKeys('intl');
    const slow = await startNode(testConfig(k, {
      timeoutMs: 500, connectTimeoutMs: 500,
      sources: [{ name: 'pg', type: 'postgres', url: PG_URL }, { name: 'far', type: 'postgres', url: 'postgres://postgres@10.255.255.1:5432/x' }],
      resources: [
        { code: 'SLOW', source: 'pg', table: `${schema}.slow`, key: ['sfzh'], items: { id: 'sfzh' } },
        { code: 'FAR', source: 'far', table: 't', key: ['id'], items: { id: 'id' } },
        { code: 'MANY', source: 'pg', table: `${schema}.many`, key: ['id'], items: { id: 'id', filler: 'filler' } },
      ],
    }), { listen: { port: 0 } });
    try {
      // An export outlives any statement time limit: a consumer that pauses for 3 s (6× timeoutMs) still gets every row.
      // (node:http, so that a paused response really stops reading: the node must wait on back-pressure)
      const body = await new Promise<string>((resolve, reject) => {
        const req = http.get(`${slow.url}/v1/export`, { headers: bearer(ticket(k, { res: 'MANY', items: ['id', 'filler'], method: 'export' })) }, (res) => {
          const parts: Buffer[] = [];
          res.once('data', (first: Buffer) => {
            parts.push(first);
            res.pause();
            setTimeout(() => { res.on('data', (c: Buffer) => parts.push(c)); res.resume(); }, 3000);
          });
          res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
          res.on('error', reject);
        });
        req.on('error', reject);
      });
      const lines = body.trim().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ $end: { rows: 300_000 } });
      expect(lines.filter((l) => !l.startsWith('{"$'))).toHaveLength(300_000);

      for (const [res, status, code] of [['SLOW', 504, 'SOURCE_TIMEOUT'], ['FAR', 503, 'SOURCE_UNAVAILABLE']] as const) {
        const t0 = performance.now();
        const r = await fetch(`${slow.url}/v1/query`, { method: 'POST', headers: { ...bearer(ticket(k, { res, items: ['id'] })), 'content-type': 'application/json' }, body: '{}' });
        expect([r.status, ((await r.json()) as { error: { code: string } }).error.code]).toEqual([status, code]);
        expect(performance.now() - t0).toBeLessThan(5000); // the statement would sleep 10 s
      }
    } finally {
      await slow.close();
      k.cleanup();
    }
  });
});

describe('node whose PostgreSQL is down', () => {
  it('answers SOURCE_UNAVAILABLE promptly, never hangs', async () => {
    const k = testKeys('intl');
    const down = await startNode(testConfig(k, {
      connectTimeoutMs: 1000,
      sources: [{ name: 'pg', type: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' }],
      resources: [{ code: 'R1', source: 'pg', table: 't', key: ['id'], items: { id: 'id' } }],
    }), { listen: { port: 0 } });
    try {
      const t0 = performance.now();
      const res = await fetch(`${down.url}/v1/query`, { method: 'POST', headers: { ...bearer(ticket(k, { res: 'R1', items: ['id'] })), 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SOURCE_UNAVAILABLE');
      expect(performance.now() - t0).toBeLessThan(5000);
      const health = await (await fetch(`${down.url}/healthz`)).json() as { status: string };
      expect(health.status).toBe('degraded');
    } finally {
      await down.close();
      k.cleanup();
    }
  });
});
