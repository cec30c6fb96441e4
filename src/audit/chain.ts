import { hash } from 'node:crypto';

/** The hash functions a chain may use: SHA-256 (intl suite, default) or SM3 (gm suite, GB/T 32905). */
export type HashAlgorithm = 'sha256' | 'sm3';

/** The fields of an event that the chain protects, in the order they are encoded. */
export interface ChainedEvent {
  seq: number;
  at: string; // ISO-8601 instant with milliseconds, UTC
  actorId: string | null;
  actorName: string | null;
  departmentId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth: one byte string per event, whatever built the object. */
export function canonicalJson(value: unknown): string {
  // Most values (every event's field list, most details) are already in canonical order: one native stringify.
  return alreadyCanonical(value) ? JSON.stringify(value) : sortedJson(value);
}

/** True when JSON.stringify(v) is byte-identical to sortedJson(v): plain data, keys in sorted order, no undefined. */
function alreadyCanonical(v: unknown): boolean {
  if (v === null) return true;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (t !== 'object') return false;
  if (Array.isArray(v)) {
    for (const x of v) if (x === undefined || !alreadyCanonical(x)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const obj = v as Record<string, unknown>;
  let prev: string | undefined;
  for (const k of Object.keys(obj)) {
    if ((prev !== undefined && !(prev < k)) || obj[k] === undefined || !alreadyCanonical(obj[k])) return false;
    prev = k;
  }
  return true;
}

function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** canonical([seq, at, actorId, actorName, departmentId, action, objectType, objectId, outcome, requestId, detail]). */
export function encodeEvent(e: ChainedEvent): string {
  // The ten scalars are canonical as JSON.stringify writes them; only the detail may need its keys sorted.
  const head = JSON.stringify([e.seq, e.at, e.actorId, e.actorName, e.departmentId, e.action, e.objectType, e.objectId, e.outcome, e.requestId]);
  return `${head.slice(0, -1)},${e.detail === undefined ? 'null' : canonicalJson(e.detail)}]`;
}

/** hash_n = H(prev_hash_hex || "\n" || canonical(event_n)), hex. One-shot `crypto.hash`: ~3× a Hash object on short input. */
export function chainHash(algorithm: HashAlgorithm, prevHash: string, e: ChainedEvent): string {
  return hash(algorithm, `${prevHash}\n${encodeEvent(e)}`, 'hex');
}

export interface StoredEvent extends ChainedEvent {
  prevHash: string;
  hash: string;
}

export type VerifyResult = { ok: true; checked: number; lastSeq: number; lastHash: string } | { ok: false; checked: number; firstBadSeq: number; reason: 'hash' | 'link' | 'gap' };

/**
 * Incremental verifier: feed events in seq order. A row edited (hash mismatch), a row removed (gap in seq
 * or a broken link), or a reordered pair (link) is reported at the first sequence number where it shows.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private checked = 0;
  private bad: { seq: number; reason: 'hash' | 'link' | 'gap' } | undefined;

  constructor(private readonly algorithm: HashAlgorithm, start: { seq: number; prevHash: string } = { seq: 1, prevHash: GENESIS_HASH }) {
    this.expectedSeq = start.seq;
    this.prevHash = start.prevHash;
  }

  /** Returns false once a bad event was seen; later events are not checked. */
  push(e: StoredEvent): boolean {
    if (this.bad) return false;
    if (e.seq !== this.expectedSeq) this.bad = { seq: Math.min(e.seq, this.expectedSeq), reason: 'gap' };
    else if (e.prevHash !== this.prevHash) this.bad = { seq: e.seq, reason: 'link' };
    else if (chainHash(this.algorithm, e.prevHash, e) !== e.hash) this.bad = { seq: e.seq, reason: 'hash' };
    if (this.bad) return false;
    this.checked++;
    this.expectedSeq++;
    this.prevHash = e.hash;
    return true;
  }

  result(): VerifyResult {
    if (this.bad) return { ok: false, checked: this.checked, firstBadSeq: this.bad.seq, reason: this.bad.reason };
    return { ok: true, checked: this.checked, lastSeq: this.expectedSeq - 1, lastHash: this.prevHash };
  }
}
