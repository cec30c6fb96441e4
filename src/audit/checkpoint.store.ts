import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { HashAlgorithm } from './chain.js';
import { CHECKPOINT_TYPE, type SignedCheckpoint } from './checkpoint.js';
import { frontierOf, type Hash } from './merkle.js';
import type { Sealed } from './sealer.js';
import type { SignatureAlg } from '../crypto/suite.js';

type Row = {
  idx: number; first_seq: number; seq: number; size: number; merkle_root: string; chain_head: string; prev_hash: string;
  log_size: number; log_root: string; at: Date; hash_alg: string; sig_alg: string; key_id: string; key_fingerprint: string;
  hash: string; signature: string;
};

export function toCheckpoint(r: Row): SignedCheckpoint {
  return {
    type: CHECKPOINT_TYPE, index: r.idx, firstSeq: r.first_seq, seq: r.seq, size: r.size, merkleRoot: r.merkle_root,
    chainHead: r.chain_head, prevCheckpointHash: r.prev_hash, logSize: r.log_size, logRoot: r.log_root, at: r.at.toISOString(),
    hashAlg: r.hash_alg as HashAlgorithm, sigAlg: r.sig_alg as SignatureAlg, keyId: r.key_id, keyFingerprint: r.key_fingerprint,
    hash: r.hash, signature: r.signature,
  };
}

export async function lastCheckpoint(db: DbOrTx): Promise<{ index: number; seq: number; hash: string; chainHead: string } | undefined> {
  const r = await db.selectFrom('audit_checkpoints').select(['idx', 'seq', 'hash', 'chain_head']).orderBy('idx', 'desc').limit(1).executeTakeFirst();
  return r && { index: r.idx, seq: r.seq, hash: r.hash, chainHead: r.chain_head };
}

export async function insertSealed(db: DbOrTx, sealed: Sealed[]): Promise<void> {
  if (sealed.length === 0) return;
  await db.insertInto('audit_checkpoints').values(sealed.map(({ checkpoint: c }) => ({
    idx: c.index, first_seq: c.firstSeq, seq: c.seq, size: c.size, merkle_root: c.merkleRoot, chain_head: c.chainHead,
    prev_hash: c.prevCheckpointHash, log_size: c.logSize, log_root: c.logRoot, at: c.at, hash_alg: c.hashAlg, sig_alg: c.sigAlg,
    key_id: c.keyId, key_fingerprint: c.keyFingerprint, hash: c.hash, signature: c.signature,
  }))).execute();
  const nodes = sealed.flatMap((s) => s.nodes);
  await db.insertInto('audit_checkpoint_nodes').values(nodes.map((n) => ({ level: n.level, idx: n.index, hash: n.hash }))).execute();
}

/** Roots of perfect subtrees of the checkpoint log, by (level, index). */
export async function logNodes(db: DbOrTx, wanted: ReadonlyArray<{ level: number; index: number }>): Promise<Map<string, Hash>> {
  const out = new Map<string, Hash>();
  if (wanted.length === 0) return out;
  const levels = wanted.map((w) => w.level);
  const idxs = wanted.map((w) => w.index);
  const rows = await sql<{ level: number; idx: number; hash: string }>`
    SELECT n.level, n.idx, n.hash FROM audit_checkpoint_nodes n
    JOIN unnest(${levels}::smallint[], ${idxs}::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx`.execute(db);
  for (const r of rows.rows) out.set(`${r.level}/${r.idx}`, Buffer.from(r.hash, 'hex'));
  return out;
}

/** The frontier of the checkpoint log of `size` checkpoints (what an appender or archive verifier resumes from). */
export async function logFrontier(db: DbOrTx, size: number): Promise<Hash[]> {
  const want = frontierOf(size);
  const nodes = await logNodes(db, want);
  return want.map((w) => {
    const h = nodes.get(`${w.level}/${w.index}`);
    if (!h) throw new Error(`checkpoint log node ${w.level}/${w.index} is missing`);
    return h;
  });
}

export async function checkpointCovering(db: DbOrTx, seq: number): Promise<SignedCheckpoint | undefined> {
  const r = await db.selectFrom('audit_checkpoints').selectAll().where('seq', '>=', seq).orderBy('seq').limit(1).executeTakeFirst();
  return r && r.first_seq <= seq ? toCheckpoint(r as Row) : undefined;
}

export async function checkpointAtSeq(db: DbOrTx, seq: number): Promise<SignedCheckpoint | undefined> {
  const r = await db.selectFrom('audit_checkpoints').selectAll().where('seq', '=', seq).executeTakeFirst();
  return r && toCheckpoint(r as Row);
}

export async function checkpointAtIndex(db: DbOrTx, index: number): Promise<SignedCheckpoint | undefined> {
  const r = await db.selectFrom('audit_checkpoints').selectAll().where('idx', '=', index).executeTakeFirst();
  return r && toCheckpoint(r as Row);
}

/** Checkpoints in index order after `afterIndex` (keyset paging for verification and archives). */
export async function checkpointsAfter(db: DbOrTx, afterIndex: number, limit: number, maxSeq?: number): Promise<SignedCheckpoint[]> {
  let q = db.selectFrom('audit_checkpoints').selectAll().where('idx', '>', afterIndex);
  if (maxSeq !== undefined) q = q.where('seq', '<=', maxSeq);
  const rows = await q.orderBy('idx').limit(limit).execute();
  return rows.map((r) => toCheckpoint(r as Row));
}

export async function listCheckpoints(db: DbOrTx, page: number, size: number): Promise<{ items: SignedCheckpoint[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.selectFrom('audit_checkpoints').selectAll().orderBy('idx', 'desc').limit(size).offset((page - 1) * size).execute(),
    db.selectFrom('audit_checkpoints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toCheckpoint(r as Row)), total: Number(count.n) };
}

export async function registerKey(db: DbOrTx, k: { fingerprint: string; keyId: string; sigAlg: string; publicPem: string }): Promise<void> {
  await db.insertInto('audit_keys').values({ fingerprint: k.fingerprint, key_id: k.keyId, sig_alg: k.sigAlg, public_pem: k.publicPem })
    .onConflict((oc) => oc.column('fingerprint').doNothing()).execute();
}

export async function auditKeyPems(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectFrom('audit_keys').select('public_pem').orderBy('created_at').execute();
  return rows.map((r) => r.public_pem);
}
