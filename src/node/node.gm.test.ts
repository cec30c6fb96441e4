import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCompact, verifyParsed } from '../crypto/jws.js';
import { signingSuite } from '../crypto/suite.js';
import { startNode, type RunningNode } from './server.js';
import { bearer, testConfig, testKeys, ticket, type TestKeys } from './test-helpers.js';

/** The PRC commercial-cryptography suite end to end (SM2 tickets, SM3 hashes and log chain), on a PGlite source. */
let keys: TestKeys;
let node: RunningNode;

beforeAll(async () => {
  keys = testKeys('gm');
  const dataDir = path.join(keys.dir, 'pgdata');
  const db = await PGlite.create(dataDir);
  await db.exec(`CREATE TABLE shebao (sfzh text PRIMARY KEY, xm text, cbrq date, zt text);
    INSERT INTO shebao SELECT '510100' || lpad(g::text, 12, '0'), '刘' || g, date '2020-01-01' + g, '参保' FROM generate_series(1, 300) g;`);
  await db.close();
  node = await startNode(testConfig(keys, {
    crypto: 'gm',
    sources: [{ name: 'lite', type: 'pglite', path: 'pgdata' }],
    resources: [{ code: 'SB', source: 'lite', table: 'shebao', key: ['身份证号'], items: { 身份证号: 'sfzh', 姓名: 'xm', 参保日期: 'cbrq', 状态: 'zt' } }],
  }), { listen: { port: 0 } });
}, 60_000);

afterAll(async () => {
  await node?.close();
  keys?.cleanup();
});

const t = (method: 'query' | 'compare' | 'export' = 'query', masks: Record<string, string> = { 身份证号: 'hash', 参保日期: 'year_only' }) =>
  ticket(keys, { res: 'SB', items: ['身份证号', '姓名', '参保日期', '状态'], masks, method });

describe('gm suite node on PGlite', () => {
  it('accepts SM2 tickets, refuses replays, masks with HMAC-SM3', async () => {
    const tk = t();
    const r = await fetch(`${node.url}/v1/query`, { method: 'POST', headers: { ...bearer(tk), 'content-type': 'application/json' }, body: JSON.stringify({ limit: 2 }) });
    const body = (await r.json()) as { rows: Array<Record<string, string>>; next: string };
    expect(body.rows[0]).toMatchObject({ 姓名: '刘1', 参保日期: '2020', 状态: '参保' });
    expect(body.rows[0]!.身份证号).toMatch(/^[0-9a-f]{64}$/);
    const again = await fetch(`${node.url}/v1/query`, { method: 'POST', headers: { ...bearer(tk), 'content-type': 'application/json' }, body: '{}' });
    expect(again.status).toBe(409);
    const next = await fetch(`${node.url}/v1/query`, { method: 'POST', headers: { ...bearer(t()), 'content-type': 'application/json' }, body: JSON.stringify({ limit: 2, cursor: body.next }) });
    expect(((await next.json()) as { rows: Array<{ 姓名: string }> }).rows.map((x) => x.姓名)).toEqual(['刘3', '刘4']);
  });

  it('refuses an Ed25519 ticket outright', async () => {
    const intl = testKeys('intl');
    try {
      const r = await fetch(`${node.url}/v1/query`, { method: 'POST', headers: { ...bearer(ticket(intl, { res: 'SB', items: ['姓名'] })), 'content-type': 'application/json' }, body: '{}' });
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('TICKET_SIGNATURE_INVALID');
    } finally {
      intl.cleanup();
    }
  });

  it('compares and exports by keyset pages on PGlite', async () => {
    const c = await fetch(`${node.url}/v1/compare`, { method: 'POST', headers: { ...bearer(t('compare')), 'content-type': 'application/json' },
      body: JSON.stringify({ keys: ['身份证号'], records: [{ 身份证号: '510100000000000009', 姓名: '刘9' }, { 身份证号: '510100000000000010', 参保日期: '2020-01-11' }] }) });
    expect(((await c.json()) as { results: Array<{ status: string }> }).results.map((x) => x.status)).toEqual(['match', 'match']);
    const e = await (await fetch(`${node.url}/v1/export`, { headers: bearer(t('export')) })).text();
    expect(e.trim().split('\n').filter((l) => !l.startsWith('{"$'))).toHaveLength(300);
  });

  it('signs event batches with SM2 and chains events with SM3', async () => {
    node.runtime.events.flush();
    const r = await fetch(`${node.url}/v1/events?after=0`, { headers: bearer(ticket(keys, { res: '*', items: [], method: 'events' })) });
    const { jws } = (await r.json()) as { jws: string };
    const parsed = parseCompact(jws)!;
    expect(parsed.header).toEqual({ typ: 'gs-node-events+jws', alg: 'SM2' });
    const gm = signingSuite('gm');
    expect(verifyParsed(gm, gm.publicKey(keys.nodePublicPem), parsed)).toBe(true);
    const batch = parsed.payload as { hashAlg: string; events: Array<{ outcome: string; code: string | null }> };
    expect(batch.hashAlg).toBe('sm3');
    expect(batch.events.map((e) => e.code)).toContain('TICKET_REPLAYED');
    const lines = fs.readFileSync(path.join(keys.dir, 'events.ndjson'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(batch.events.length);
  });
});
