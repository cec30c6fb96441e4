import { canonicalJson } from '../audit/chain.js';
import { digestHex } from '../crypto/hash.js';
import type { TicketClaims } from '../crypto/ticket-sign.js';
import { checkCompare, compareBatch, guardProbe, keyString, type CompareResult, type Record_ } from './compare.js';
import type { Cursors } from './cursor.js';
import { checkFilters } from './filter.js';
import { normalizeKey } from './normalize.js';
import { checkItems, columnPlan, maskersFor, maskRow, servedResource, tableSource, type NodeContext } from './plan.js';
import type { ResourceStats } from './connectors/types.js';

/** The node's rules for query, compare and stats; routes.ts only parses, calls one of these, and presents. */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;

export interface Outcome { items: string[]; rows: number; detail?: Record<string, unknown> }

export interface QueryBody { items?: unknown; filter?: unknown; limit?: number; cursor?: string }

export async function runQuery(ctx: NodeContext, cursors: Cursors, claims: TicketClaims, body: QueryBody):
  Promise<{ answer: { rows: Record<string, unknown>[]; next?: string }; outcome: Outcome }> {
  const resource = servedResource(ctx, claims);
  const items = checkItems(resource, claims, body.items);
  const filters = checkFilters(body.filter, resource, claims);
  const limit = Math.min(body.limit ?? DEFAULT_LIMIT, claims.limits?.maxRows ?? MAX_LIMIT, MAX_LIMIT);
  // The cursor is bound to the filters: changing them between pages starts over rather than mixing two queries.
  const binding = canonicalJson(filters.map((f) => [f.item, f.op, f.values]));
  const after = body.cursor ? cursors.open(body.cursor, resource.code, 'query', binding) : undefined;
  const plan = columnPlan(resource, items);
  const rows = await tableSource(ctx, resource).query(resource, { columns: plan.columns, filters, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const masks = maskersFor(ctx, resource, claims, items);
  const answer: { rows: Record<string, unknown>[]; next?: string } = { rows: page.map((r) => maskRow(r, items, plan.itemPos, masks)) };
  if (rows.length > limit) {
    const last = page[page.length - 1]!;
    answer.next = cursors.seal(resource.code, 'query', binding, plan.keyPos.map((i) => last[i]));
  }
  return { answer, outcome: { items, rows: page.length } };
}

export interface CompareDeps {
  /** Keyed digest for the log: the same batch gives the same digest, and the digest reveals nothing of it. */
  logDigest(text: string): string;
}

export async function runCompare(ctx: NodeContext, deps: CompareDeps, claims: TicketClaims, body: unknown):
  Promise<{ answer: { results: CompareResult[] }; outcome: Outcome }> {
  const resource = servedResource(ctx, claims);
  const c = checkCompare(body, resource, claims);
  guardProbe(c, resource.compare.minKeyBits);
  const keyColumns = c.keys.map((k) => resource.items[k]!);
  const plan = columnPlan(resource, c.items, keyColumns);
  const wanted = new Map<string, string[]>();
  for (const r of c.records) {
    const key = c.keys.map((k) => normalizeKey(r[k])!);
    wanted.set(keyString(key), key);
  }
  const rows = await tableSource(ctx, resource).fetchByKeys(resource, keyColumns, [...wanted.values()], plan.columns);
  const found = new Map<string, Record_>();
  for (const row of rows) {
    const k = keyString(plan.keyPos.map((i) => row[i]));
    if (found.has(k)) continue;
    const rec: Record_ = {};
    c.items.forEach((item, j) => { rec[item] = row[plan.itemPos[j]!]; });
    found.set(k, rec);
  }
  const results = compareBatch(c, found, { distinguishNotFound: resource.compare.distinguishNotFound, hash: digestHex });
  const counts = { records: c.records.length, match: 0, mismatch: 0, notFound: 0, hidden: !resource.compare.distinguishNotFound };
  for (const r of results) {
    if (r.status === 'match') counts.match++;
    else if (r.status === 'mismatch') counts.mismatch++;
    else counts.notFound++;
  }
  // Art. 23 + C3: the log holds counts and a keyed digest of the batch, never the inputs.
  const detail = { ...counts, keys: c.keys, batchDigest: deps.logDigest(JSON.stringify([c.keys, c.records])) };
  return { answer: { results }, outcome: { items: [...c.keys, ...c.items], rows: c.records.length, detail } };
}

/** Art. 21: each resource's row count and last data change, so the platform can check the declared update cycle. */
export async function resourceStats(ctx: NodeContext): Promise<Array<{ code: string; rows: number | null; lastChange: string | null; error?: string }>> {
  const out = [];
  for (const r of ctx.resources.values()) {
    const s = ctx.sources.get(r.source);
    if (!s || !('stats' in s)) continue; // an upstream API has no row count
    try {
      const st: ResourceStats = await s.stats(r);
      out.push({ code: r.code, ...st });
    } catch (err) {
      out.push({ code: r.code, rows: null, lastChange: null, error: (err as { code?: string }).code ?? 'SOURCE_ERROR' });
    }
  }
  return out;
}
