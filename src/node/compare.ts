import type { TicketClaims } from '../crypto/ticket-sign.js';
import type { ResourceConfig } from './config.js';
import { nodeErrors } from './errors.js';
import { normalizeKey, normalizeValue, parseHashed } from './normalize.js';
import { requireItems } from './ticket.js';

/**
 * Comparison (比对, Art. 23: "comparison results only; data stays at the node"). Pure functions: the request's
 * checks, the anti-enumeration guards, and the comparison of a batch against the provider's rows. The answer holds
 * per record and per item only match / mismatch / not_found — never a provider value.
 */
export type CompareStatus = 'match' | 'mismatch' | 'not_found';
export type ItemResult = 'match' | 'mismatch';
export interface CompareResult { index: number; status: CompareStatus; items: Record<string, ItemResult> }
export type Record_ = Record<string, unknown>;

export interface CheckedCompare { records: Record_[]; keys: string[]; items: string[] }

/** Validates the body against the ticket and the resource; `items` = every item any record compares. */
export function checkCompare(body: unknown, resource: ResourceConfig, claims: TicketClaims): CheckedCompare {
  const b = body as { records?: unknown; keys?: unknown };
  if (!Array.isArray(b.records) || b.records.length === 0) throw nodeErrors.compareInvalid('records must be a non-empty list', 'records 应为非空数组');
  if (!Array.isArray(b.keys) || b.keys.length === 0 || !b.keys.every((k) => typeof k === 'string')) throw nodeErrors.compareInvalid('keys must name the lookup items', 'keys 应列出用于查找的信息项');
  const keys = b.keys as string[];
  const max = Math.min(claims.limits?.maxRecords ?? Number.POSITIVE_INFINITY, resource.compare.maxBatch);
  if (b.records.length > max) throw nodeErrors.tooMany('records in one comparison', '单次比对记录数', max);
  const seen = new Set<string>(keys);
  requireItems(claims, keys);
  const keySet = JSON.stringify([...keys].sort());
  if (!resource.compare.keySets.some((ks) => JSON.stringify([...ks].sort()) === keySet)) {
    throw nodeErrors.compareInvalid(`records cannot be looked up by ${keys.join('+')} here`, `本资源不支持按 ${keys.join('+')} 查找比对`);
  }
  b.records.forEach((r: unknown, index) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw nodeErrors.compareInvalid(`records[${index}] must be an object`, `records[${index}] 应为对象`);
    for (const [item, v] of Object.entries(r)) {
      if (!seen.has(item)) {
        requireItems(claims, [item]);
        if (!Object.hasOwn(resource.items, item)) throw nodeErrors.itemNotServed(item);
        seen.add(item);
      }
      const isKey = keys.includes(item);
      const ok = typeof v === 'string' ? v.length <= 1000 : typeof v === 'number' && Number.isFinite(v);
      if (!ok) throw nodeErrors.compareInvalid(`records[${index}].${item} must be a string or number`, `records[${index}].${item} 应为字符串或数字`);
      if (isKey && parseHashed(v)) throw nodeErrors.compareInvalid(`records[${index}].${item}: key items are sent in plain text (they are looked up by index)`, `records[${index}].${item}：查找键须为明文`);
    }
    for (const k of keys) if (!normalizeKey((r as Record_)[k])) throw nodeErrors.compareInvalid(`records[${index}] has no ${k}`, `records[${index}] 缺少 ${k}`);
    // Where the provider hides not_found, a record of keys alone would answer "does this key exist?": refused.
    if (!resource.compare.distinguishNotFound && Object.keys(r).every((i) => keys.includes(i))) {
      throw nodeErrors.compareInvalid(`records[${index}] compares no item besides the keys`, `records[${index}] 除查找键外没有要比对的信息项`);
    }
  });
  return { records: b.records as Record_[], keys, items: [...seen].filter((i) => !keys.includes(i)) };
}

/** Estimated bits of a key: length × log2(alphabet of the character classes it uses). "1042" ≈ 13 bits, an 18-digit ID ≈ 60. */
export function keyBits(text: string): number {
  const chars = Array.from(text);
  let alphabet = 0;
  if (chars.some((c) => c >= '0' && c <= '9')) alphabet += 10;
  if (chars.some((c) => c >= 'a' && c <= 'z')) alphabet += 26;
  if (chars.some((c) => c >= 'A' && c <= 'Z')) alphabet += 26;
  if (chars.some((c) => c < '0' || (c > '9' && c < 'A') || (c > 'Z' && c < 'a') || (c > 'z' && c <= '\u007f'))) alphabet += 33;
  if (chars.some((c) => c > '\u007f')) alphabet += 3500; // common Chinese characters (GB 2312 level 1)
  return alphabet <= 1 ? 0 : chars.length * Math.log2(alphabet);
}

/**
 * Anti-enumeration (Art. 23; SECURITY-NOTES "Guards"):
 * 1. a single-record comparison whose key has fewer than `minKeyBits` estimated bits is refused as a probe
 *    (short numeric ids, sequence numbers); batches of real records carry real keys;
 * 2. a batch of ≥ 10 records whose numeric keys are ≥ 80 % consecutive integers is refused as sequential probing.
 */
export function guardProbe(c: CheckedCompare, minKeyBits: number): void {
  if (c.records.length === 1) {
    const key = c.keys.map((k) => normalizeKey(c.records[0]![k]) ?? '').join('');
    if (keyBits(key) < minKeyBits) {
      throw nodeErrors.probeRefused(`a single record with a low-entropy key (< ${minKeyBits} bits)`, `单条记录且查找键熵过低（< ${minKeyBits} 位）`);
    }
  }
  if (c.records.length >= 10 && c.keys.length === 1) {
    const nums = c.records.map((r) => normalizeKey(r[c.keys[0]!]) ?? '');
    if (nums.every((n) => /^\d{1,15}$/.test(n))) {
      const sorted = [...new Set(nums.map(Number))].sort((a, b) => a - b);
      let steps = 0;
      for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! === 1) steps++;
      if (steps >= 0.8 * (sorted.length - 1)) throw nodeErrors.probeRefused('sequential keys', '查找键为连续序号');
    }
  }
}

/** The lookup string of a key tuple, the same for the consumer's record and the provider's row. */
export function keyString(values: unknown[]): string {
  // One key part (the usual ID number): the text itself; several: a JSON list (never equal to a plain text key).
  return values.length === 1 ? String(normalizeKey(values[0])) : JSON.stringify(values.map(normalizeKey));
}

export interface CompareOptions {
  distinguishNotFound: boolean;
  /** Hash of a normalised provider value, for consumers who send `sha256:<hex>` / `sm3:<hex>`. */
  hash(alg: 'sha256' | 'sm3', text: string): string;
}

/** `found` maps keyString(key) → the provider's record (item → value). */
export function compareBatch(c: CheckedCompare, found: Map<string, Record_>, opts: CompareOptions): CompareResult[] {
  return c.records.map((rec, index) => {
    const provider = found.get(keyString(c.keys.map((k) => rec[k])));
    const items: Record<string, ItemResult> = {};
    const compared = Object.keys(rec).filter((i) => !c.keys.includes(i));
    if (!provider) {
      // Not found. Unless the provider allows telling it apart, it reads exactly like "every item differs".
      if (opts.distinguishNotFound) return { index, status: 'not_found', items };
      for (const i of compared) items[i] = 'mismatch';
      return { index, status: 'mismatch', items };
    }
    let all = true;
    for (const i of compared) {
      const ok = sameValue(rec[i], provider[i], opts);
      items[i] = ok ? 'match' : 'mismatch';
      all &&= ok;
    }
    return { index, status: all ? 'match' : 'mismatch', items };
  });
}

function sameValue(consumer: unknown, provider: unknown, opts: CompareOptions): boolean {
  const p = normalizeValue(provider);
  if (p === null) return false; // nothing held is nothing confirmed
  const hashed = parseHashed(consumer);
  if (hashed) return opts.hash(hashed.alg, p) === hashed.hex;
  return normalizeValue(consumer) === p;
}
