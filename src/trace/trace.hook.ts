import type { AppContext } from '../http/context.js';
import { normaliseKey, recordKeyHash, traceKeys } from './trace-key.js';

/** Most keyed hashes one exchange puts in its audit event (a compare batch is at most 100 000 records). */
export const MAX_KEYS_PER_EVENT = 100_000;

interface Filter { item: string; op: string; value: unknown }
type Body = { filter?: Filter[] | undefined; records?: Array<Record<string, unknown>>; keys?: string[] } | Buffer | undefined | null;

/**
 * The one hook of the trace on the bus (ADR 007): the record keys a consumer presented — values of eq/in filters of a
 * query, the key items of each compare record — as keyed hashes, for the audit event the bus is about to append.
 * The keys ride in that event (`recordKeys`), so indexing costs no round trip of its own and nothing can be indexed
 * without being in the tamper-evident log, or logged without being indexable. The platform does not know which
 * item a node uses as its key, so every equality value is indexed: a superset, still only keyed hashes.
 */
export async function presentedKeys(ctx: Pick<AppContext, 'db' | 'keys'>, body: unknown): Promise<{ recordKeys?: string[] }> {
  const b = body as Body;
  if (!b || Buffer.isBuffer(b) || typeof b !== 'object') return {};
  const raw: unknown[] = [];
  for (const f of b.filter ?? []) {
    if (f.op === 'eq') raw.push(f.value);
    else if (f.op === 'in' && Array.isArray(f.value)) raw.push(...(f.value as unknown[]));
  }
  if (Array.isArray(b.records) && Array.isArray(b.keys)) {
    for (const r of b.records) for (const k of b.keys) raw.push(r[k]);
  }
  if (raw.length === 0) return {};
  const keys = await traceKeys(ctx.db, ctx.keys.suite.hash);
  const out = new Set<string>();
  for (const v of raw) {
    const n = normaliseKey(v);
    if (n !== undefined) out.add(recordKeyHash(keys, n));
    if (out.size >= MAX_KEYS_PER_EVENT) break;
  }
  return out.size > 0 ? { recordKeys: [...out] } : {};
}
