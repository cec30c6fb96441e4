import { createHmac, randomBytes } from 'node:crypto';
import { advisoryLock, type Db } from '../db/database.js';
import { deriveKey, type HashAlg } from '../crypto/hash.js';

/**
 * The platform trace key (ADR 007): one random secret kept in `settings`, shared by every instance on the database,
 * from which two independent keys are derived (HKDF with the suite's hash): one for record-key hashes in the
 * trace index, one for the invisible row marks of exports. It is not the signing key, so rotating the platform key
 * does not orphan the trace index. Whoever holds it can test guesses against the index, so it never leaves the
 * platform (an auditor's trace request hashes the key server-side).
 */
export interface TraceKeys {
  alg: HashAlg;
  recordKey: Buffer;
  markKey: Buffer;
}

const SETTING = 'trace_key';
const cache = new WeakMap<Db, Promise<TraceKeys>>();

async function load(db: Db, alg: HashAlg): Promise<TraceKeys> {
  const secret = await db.transaction().execute(async (tx) => {
    await advisoryLock(tx, SETTING);
    const row = await tx.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
    if (row) return Buffer.from((row.value as unknown as { secret: string }).secret, 'base64');
    const fresh = randomBytes(32);
    await tx.insertInto('settings').values({ key: SETTING, value: JSON.stringify({ secret: fresh.toString('base64'), createdAt: new Date().toISOString() }) }).execute();
    return fresh;
  });
  return { alg, recordKey: deriveKey(alg, secret, 'govshare trace record-key v1'), markKey: deriveKey(alg, secret, 'govshare watermark rows v1') };
}

/** The keys of this database, loaded once per process (a cached promise: one microtask on the bus path afterwards). */
export function traceKeys(db: Db, alg: HashAlg): Promise<TraceKeys> {
  let p = cache.get(db);
  if (!p) {
    p = load(db, alg);
    p.catch(() => cache.delete(db));
    cache.set(db, p);
  }
  return p;
}

/**
 * A record key as it is presented (an ID number, a credit code …), normalised so that the same key typed two ways
 * hashes the same (trim, NFKC full-width → half-width, upper case: 身份证号 "…x" = "…X").
 */
export function normaliseKey(value: unknown): string | undefined {
  if (value === null || value === undefined || typeof value === 'object') return undefined;
  const s = String(value).normalize('NFKC').trim().toUpperCase();
  return s.length === 0 || s.length > 200 ? undefined : s;
}

/** The keyed hash of one record key: HMAC (SHA-256 or SM3), first 16 bytes, base64url (22 characters). */
export function recordKeyHash(keys: TraceKeys, value: string): string {
  return createHmac(keys.alg, keys.recordKey).update(value, 'utf8').digest().subarray(0, 16).toString('base64url');
}
