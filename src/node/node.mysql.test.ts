import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type RunningNode } from './server.js';
import { bearer, testConfig, testKeys, ticket, uniqueName, type TestKeys } from './test-helpers.js';

/** Integration: a real node on this machine's MariaDB/MySQL, with a composite key (region + sequence number). */
const MY_URL = process.env.NODE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const table = uniqueName('gs_node');
const RES = '201002003/000045';
const ITEMS = ['地区', '序号', '企业名称', '统一社会信用代码', '法人手机'];
const N = 3000;

let db: mysql.Connection;
let keys: TestKeys;
let node: RunningNode;

async function call(method: 'GET' | 'POST', path: string, t: { ticket: string }, body?: unknown) {
  const res = await fetch(`${node.url}${path}`, {
    method, headers: { ...bearer(t), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}
const q = (over: Partial<Parameters<typeof ticket>[1]> = {}) => ticket(keys, { res: RES, items: ITEMS, masks: { 法人手机: 'phone' }, ...over });

beforeAll(async () => {
  db = await mysql.createConnection({ uri: MY_URL, multipleStatements: false });
  await db.query(`CREATE TABLE ${table} (dq CHAR(6) NOT NULL, xh INT NOT NULL, qymc VARCHAR(100) NOT NULL, tyshxydm CHAR(18), frsj VARCHAR(11),
    gxsj DATETIME NOT NULL, PRIMARY KEY (dq, xh)) DEFAULT CHARSET=utf8mb4`);
  await db.query(`INSERT INTO ${table} WITH RECURSIVE d(g) AS (SELECT 0 UNION ALL SELECT g + 1 FROM d WHERE g < 9),
    s(g) AS (SELECT a.g * 1000 + b.g * 100 + c.g * 10 + e.g + 1 FROM d a, d b, d c, d e)
    SELECT IF(g % 2 = 0, '510100', '510700'), g, CONCAT('四川某某', g, '有限公司'), CONCAT('91510100MA', LPAD(g, 8, '0')),
           CONCAT('139', LPAD(g, 8, '0')), TIMESTAMPADD(MINUTE, g, '2024-06-01 00:00:00') FROM s WHERE g <= ${N}`);
  keys = testKeys('intl');
  node = await startNode(testConfig(keys, {
    sources: [{ name: 'my', type: 'mysql', url: MY_URL, pool: 4 }],
    resources: [{
      code: RES, source: 'my', table, key: ['地区', '序号'], updatedAtColumn: 'gxsj',
      items: { 地区: 'dq', 序号: 'xh', 企业名称: 'qymc', 统一社会信用代码: 'tyshxydm', 法人手机: 'frsj' },
      compare: { keys: [['统一社会信用代码'], ['地区', '序号']] },
    }],
  }), { listen: { port: 0 } });
}, 60_000);

afterAll(async () => {
  await node?.close();
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.end();
  keys?.cleanup();
});

describe('node on MariaDB / MySQL', () => {
  it('queries with filters as parameters and masks at the node', async () => {
    const r = await call('POST', '/v1/query', q(), { filter: [{ item: '地区', op: 'eq', value: '510700' }, { item: '序号', op: 'lt', value: 6 }] });
    expect(r.json().rows).toEqual([
      { 地区: '510700', 序号: 1, 企业名称: '四川某某1有限公司', 统一社会信用代码: '91510100MA00000001', 法人手机: '139****0001' },
      { 地区: '510700', 序号: 3, 企业名称: '四川某某3有限公司', 统一社会信用代码: '91510100MA00000003', 法人手机: '139****0003' },
      { 地区: '510700', 序号: 5, 企业名称: '四川某某5有限公司', 统一社会信用代码: '91510100MA00000005', 法人手机: '139****0005' },
    ]);
    const n = async (filter: unknown[]) => (await call('POST', '/v1/query', q(), { items: ['序号'], filter, limit: 1000 })).json().rows.length as number;
    expect(await n([{ item: '序号', op: 'in', value: [1, 2, '3'] }])).toBe(3);
    expect(await n([{ item: '序号', op: 'between', value: [10, 19] }])).toBe(10);
    expect(await n([{ item: '序号', op: 'gt', value: N - 3 }])).toBe(3);
    expect(await n([{ item: '企业名称', op: 'prefix', value: '四川某某29' }])).toBe(111); // 29, 290–299, 2900–2999
    for (const value of ["' OR 1=1 -- ", "x' UNION SELECT user() -- ", '%', '\\', "\\' OR 1=1 #"]) {
      expect(await n([{ item: '企业名称', op: 'eq', value }])).toBe(0);
      expect(await n([{ item: '企业名称', op: 'prefix', value }])).toBe(0);
    }
    const [[{ c }]] = await db.query(`SELECT COUNT(*) AS c FROM ${table}`) as unknown as [[{ c: number }]];
    expect(Number(c)).toBe(N);
  });

  it('pages through a composite key with cursors', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const r = (await call('POST', '/v1/query', q(), { items: ['地区', '序号'], filter: [{ item: '序号', op: 'lt', value: 101 }], limit: 7, cursor })).json();
      seen.push(...r.rows.map((x: { 地区: string; 序号: number }) => `${x.地区}-${x.序号}`));
      cursor = r.next;
    } while (cursor);
    expect(seen).toHaveLength(100);
    expect(seen.slice(0, 2)).toEqual(['510100-2', '510100-4']);
    expect(seen[50]).toBe('510700-1');
  });

  it('compares by an alternative key set, hiding not_found by default', async () => {
    const records = [
      { 统一社会信用代码: '91510100MA00000010', 企业名称: '四川某某10有限公司' },
      { 统一社会信用代码: '91510100MA00000011', 企业名称: '四川某某12有限公司' },
      { 统一社会信用代码: '91510100MA99999999', 企业名称: '四川某某10有限公司' },
    ];
    const r = await call('POST', '/v1/compare', q({ method: 'compare' }), { records, keys: ['统一社会信用代码'] });
    expect(r.json().results.map((x: { status: string }) => x.status)).toEqual(['match', 'mismatch', 'mismatch']);
    const composite = await call('POST', '/v1/compare', q({ method: 'compare' }), { records: [{ 地区: '510100', 序号: 10, 企业名称: '四川某某10有限公司' }, { 地区: '510700', 序号: 10, 企业名称: '四川某某10有限公司' }], keys: ['地区', '序号'] });
    expect(composite.json().results.map((x: { status: string }) => x.status)).toEqual(['match', 'mismatch']);
    const notAKey = await call('POST', '/v1/compare', q({ method: 'compare' }), { records, keys: ['企业名称'] });
    expect(notAKey.json().error.code).toBe('COMPARE_INVALID');
  });

  it('streams an export and resumes it from a cursor; incremental since a time', async () => {
    const all = (await call('GET', '/v1/export', q({ method: 'export' }))).text.trim().split('\n');
    const rows = all.filter((l) => !l.startsWith('{"$'));
    expect(rows).toHaveLength(N);
    expect(JSON.parse(all.at(-1)!)).toMatchObject({ $end: { rows: N, truncated: false } });
    const since = (await call('GET', `/v1/export?since=${encodeURIComponent('2024-06-02 23:00:00')}`, q({ method: 'export' }))).text.trim().split('\n');
    expect(since.filter((l) => !l.startsWith('{"$'))).toHaveLength(N - 2820 + 1); // minute 2,820 is 2024-06-02 23:00
    const small = (await call('GET', '/v1/export?items=%E5%BA%8F%E5%8F%B7', q({ method: 'export', limits: { maxRows: 1000, maxExportRows: 10 } }))).text.trim().split('\n');
    expect(small).toHaveLength(12); // 10 rows, a resume point, the end
    const cursor = (JSON.parse(small[10]!) as { $cursor: string }).$cursor;
    const rest = (await call('GET', `/v1/export?cursor=${encodeURIComponent(cursor)}`, q({ method: 'export' }))).text.trim().split('\n');
    expect(rest.filter((l) => !l.startsWith('{"$'))).toHaveLength(N - 10);
  });

  it('reports stats (Art. 21)', async () => {
    const s = await call('GET', '/v1/stats', ticket(keys, { res: '*', items: [], method: 'stats' }));
    expect(s.json().resources).toEqual([{ code: RES, rows: N, lastChange: '2024-06-03 02:00:00' }]);
  });
});

describe('node whose MariaDB is down', () => {
  it('answers SOURCE_UNAVAILABLE promptly', async () => {
    const k = testKeys('intl');
    const down = await startNode(testConfig(k, {
      connectTimeoutMs: 1000,
      sources: [{ name: 'my', type: 'mysql', url: 'mysql://root@127.0.0.1:1/none' }],
      resources: [{ code: 'R1', source: 'my', table: 't', key: ['id'], items: { id: 'id' } }],
    }), { listen: { port: 0 } });
    try {
      const t0 = performance.now();
      for (const [path, method, body] of [['/v1/query', 'query', '{}'], ['/v1/export', 'export', undefined]] as const) {
        const res = await fetch(`${down.url}${path}`, { method: body ? 'POST' : 'GET', headers: { ...bearer(ticket(k, { res: 'R1', items: ['id'], method })), 'content-type': 'application/json' }, body });
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SOURCE_UNAVAILABLE');
      }
      expect(performance.now() - t0).toBeLessThan(6000);
    } finally {
      await down.close();
      k.cleanup();
    }
  });
});
