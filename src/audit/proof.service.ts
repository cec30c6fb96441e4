import type { DbOrTx } from '../db/database.js';
import { DomainError, errors } from '../errors.js';
import type { AuditLog } from './audit.service.js';
import { eventAt, eventHashesBetween } from './audit.store.js';
import type { SignedCheckpoint } from './checkpoint.js';
import { checkpointAtSeq, checkpointCovering, logNodes } from './checkpoint.store.js';
import { consistencyProof, inclusionProof, leafHash, rangeHashOfLeaves, rangeHashOfNodes, type Hash } from './merkle.js';
import type { CheckpointConsistencyProof, EventProof } from './proof.js';

const hex = (hs: Hash[]) => hs.map((h) => h.toString('hex'));

async function publicKeyOf(db: DbOrTx, cp: SignedCheckpoint): Promise<string> {
  const k = await db.selectFrom('audit_keys').select('public_pem').where('fingerprint', '=', cp.keyFingerprint).executeTakeFirst();
  if (!k) throw damaged(`the key ${cp.keyId} that signed checkpoint ${cp.index} is not on record`);
  return k.public_pem;
}

function damaged(why: string): DomainError {
  return new DomainError('AUDIT_LOG_DAMAGED', 409, `审计日志已损坏，无法出具证明：${why}。请运行 govshare audit verify。`, `The audit log is damaged and cannot give a proof: ${why}. Run govshare audit verify.`);
}

/**
 * One event's inclusion proof (Art. 33, 37): the event, its audit path in the RFC 6962 tree of its checkpoint's
 * interval, and the signed checkpoint. An event not yet sealed gets a checkpoint made now, so an auditor never waits.
 */
export async function buildEventProof(db: DbOrTx, audit: AuditLog, seq: number): Promise<EventProof> {
  const event = await eventAt(db, seq);
  if (!event) {
    const archived = await db.selectFrom('audit_archives').select('month').where('first_seq', '<=', seq).where('last_seq', '>=', seq).executeTakeFirst();
    if (archived) {
      throw new DomainError('AUDIT_EVENT_ARCHIVED', 410, `审计事件 ${seq} 已归档（${archived.month}），请用归档文件中的证明核验`, `Audit event ${seq} was archived (${archived.month}); its proof is in the archive file`);
    }
    throw errors.notFound('Audit event', '审计事件');
  }
  let cp = await checkpointCovering(db, seq);
  if (!cp) {
    await audit.checkpoint();
    cp = await checkpointCovering(db, seq);
    if (!cp) throw damaged(`no checkpoint covers event ${seq}`);
  }
  const hashes = await eventHashesBetween(db, cp.firstSeq, cp.seq);
  if (hashes.length !== cp.size) throw damaged(`checkpoint ${cp.index} covers ${cp.size} events, ${hashes.length} are stored`);
  const leaves = hashes.map((h) => leafHash(cp.hashAlg, Buffer.from(h, 'hex')));
  const index = seq - cp.firstSeq;
  return {
    event, leafHash: leaves[index]!.toString('hex'), leafIndex: index, treeSize: cp.size,
    auditPath: hex(inclusionProof(index, cp.size, rangeHashOfLeaves(cp.hashAlg, leaves))),
    checkpoint: cp, platformPublicKey: await publicKeyOf(db, cp),
  };
}

/**
 * Proves that the checkpoint ending at `toSeq` extends the one ending at `fromSeq`: the audit path of the earlier
 * checkpoint in the later one's checkpoint log, and the RFC 6962 consistency proof between their checkpoint logs.
 * Reads O(log n) stored subtree roots, however many checkpoints lie between.
 */
export async function buildConsistencyProof(db: DbOrTx, fromSeq: number, toSeq: number): Promise<CheckpointConsistencyProof> {
  const [from, to] = [await checkpointAtSeq(db, fromSeq), await checkpointAtSeq(db, toSeq)];
  if (!from || !to) throw new DomainError('AUDIT_CHECKPOINT_NOT_FOUND', 404, '没有以该序号结束的检查点', 'No checkpoint ends at that sequence number', { from: fromSeq, to: toSeq });
  if (from.index > to.index) throw errors.validation('from must not be later than to', '起点检查点不能晚于终点');
  const key = await publicKeyOf(db, to);
  if (from.index === to.index) return { from, to, inclusionPath: [], consistencyPath: [], platformPublicKey: key };
  const alg = to.hashAlg;
  const build = (mth: ReturnType<typeof rangeHashOfNodes>) => ({
    inclusionPath: inclusionProof(from.index - 1, to.logSize, mth),
    consistencyPath: consistencyProof(from.logSize, to.logSize, mth),
  });
  // First pass names the stored subtree roots the proofs use; the second builds them from those rows.
  const wanted = new Map<string, { level: number; index: number }>();
  build(rangeHashOfNodes(alg, (level, index) => {
    wanted.set(`${level}/${index}`, { level, index });
    return Buffer.alloc(32);
  }));
  const nodes = await logNodes(db, [...wanted.values()]);
  const proof = build(rangeHashOfNodes(alg, (level, index) => {
    const h = nodes.get(`${level}/${index}`);
    if (!h) throw damaged(`checkpoint log node ${level}/${index} is missing`);
    return h;
  }));
  return { from, to, inclusionPath: hex(proof.inclusionPath), consistencyPath: hex(proof.consistencyPath), platformPublicKey: key };
}
