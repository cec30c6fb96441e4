import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable, type RouteEntry } from '../../src/http/route-table.js';
import { badAnswer } from './responses.js';
import { validSample, type Schema } from './schema-gen.js';
import { startWorld, type World } from './world.js';

// Issue 7 item 9: SQL and wildcard characters in every filter and search field of every list endpoint of the platform
// (found from the route table: each GET route with a query string schema; new list endpoints are covered as they come).
// Each gives a coded 400 or a literal result: a tautology or a LIKE wildcard never widens the answer, and the tables are
// intact afterwards. The node's own filters (every operator, through a real node) are in node-attacks.test.ts.
const PAYLOADS = ["' OR 1=1--", "' OR '1'='1", "'; DROP TABLE users; --", "1) OR (1=1", '\u0000', '%', '_', '%%', '\\', '‘’“”', '＇ OR １=１', '*', '.*'];
/** Payloads that would match everything if they reached SQL as SQL or as a LIKE pattern. */
const WIDENING = new Set(["' OR 1=1--", "' OR '1'='1", "1) OR (1=1", '%', '_', '%%', '.*', '*']);
/**
 * Known findings left to the folder's owner (src/catalog is under work): field → the bug. The field is still checked
 * for 5xx and leaks; only the "never wider" check is waived, and an it.todo below keeps the finding visible.
 */
const KNOWN: Record<string, string> = {
};
const TABLES = ['users', 'departments', 'regions', 'catalog_resources', 'catalog_versions', 'applications', 'grants', 'objections', 'disputes', 'nodes', 'credentials'] as const;

let w: World;
let lists: RouteEntry[];

beforeAll(async () => {
  w = await startWorld();
  lists = routeTable(w.p.app).filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.includes(':') && stringFields(r).length > 0);
}, 120_000);
afterAll(async () => w?.p.close());

type Props = Record<string, Schema>;
/** The free-text fields of a route's query string (strings without enum or const: those are where SQL would go). */
function stringFields(r: RouteEntry): string[] {
  const props = ((r.schema.querystring as Schema | undefined)?.properties ?? {}) as Props;
  return Object.entries(props).filter(([, s]) => s.type === 'string' && !s.enum && !('const' in s)).map(([k]) => k);
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await w.p.ctx.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}

/** How many things a list answer holds: its `total`, or the length of its `items`, or undefined for other shapes. */
function size(body: string): number | undefined {
  try {
    const j = JSON.parse(body) as { total?: unknown; items?: unknown };
    if (typeof j.total === 'number') return j.total;
    if (Array.isArray(j.items)) return j.items.length;
  } catch {
    // not JSON (a file download): no size
  }
  return undefined;
}

describe('SQL in every filter and search field', () => {
  it('finds the list endpoints with free-text filters (catalog search among them)', () => {
    expect(lists.map((r) => r.url)).toContain('/api/v1/resources');
    expect(lists.length).toBeGreaterThan(5);
  });

  it('gives a coded 400 or a literal result, never a wider one; the tables are intact afterwards', async () => {
    const before = await counts();
    const wrong: string[] = [];
    for (const r of lists) {
      const base = (validSample(r.schema.querystring as Schema) ?? {}) as Record<string, unknown>;
      const query = (extra: Record<string, string>) => ({ ...Object.fromEntries(Object.entries(base).map(([k, v]) => [k, String(v)])), ...extra });
      const req = (q: Record<string, string>): InjectOptions => ({ method: 'GET', url: r.url, query: q });
      // admin sees every department: the widest baseline, so a tautology that widens the answer would show.
      const baseline = await w.call('admin', req(query({})));
      const all = baseline.statusCode === 200 ? size(baseline.body) : undefined;
      for (const field of stringFields(r)) {
        for (const p of PAYLOADS) {
          const res = await w.call('admin', req(query({ [field]: p })));
          const where = `${r.url}?${field}=${JSON.stringify(p)}`;
          const bad = badAnswer(res);
          if (bad) {
            wrong.push(`${where}: ${bad}`);
            continue;
          }
          const n = res.statusCode === 200 ? size(res.body) : undefined;
          if (n !== undefined && all !== undefined && all > 0 && WIDENING.has(p) && n >= all && !KNOWN[`${r.url}?${field}`]) wrong.push(`${where}: ${n} results, as many as with no filter (${all})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await counts()).toEqual(before);
    const verified = await w.call('admin', { method: 'GET', url: '/api/v1/audit/verify' });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ ok: true });
  }, 300_000);

  for (const [field, bug] of Object.entries(KNOWN)) it.todo(`${field}: ${bug}`);
});
