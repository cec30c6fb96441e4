import { chainHash, type StoredEvent } from './chain.js';
import { checkpointProblem, keyRing, type KeyRing, type SignedCheckpoint } from './checkpoint.js';
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.js';

/*
 * Offline verification of what the proof API returns (docs/audit-proofs.md). Pure: no database, no clock, no network,
 * so an auditor runs it on another machine with the platform's public key obtained out of band (Art. 33, 37).
 */

/** `GET /audit/events/{seq}/proof`: one event, its audit path, and the signed checkpoint whose Merkle root it leads to. */
export interface EventProof {
  event: StoredEvent;
  leafHash: string;
  leafIndex: number;
  treeSize: number;
  auditPath: string[];
  checkpoint: SignedCheckpoint;
  platformPublicKey: string;
}

/** `GET /audit/consistency?from&to`: the later checkpoint commits to the earlier one and to every checkpoint before it. */
export interface CheckpointConsistencyProof {
  from: SignedCheckpoint;
  to: SignedCheckpoint;
  /** Audit path of leaf H(0x00 ‖ from.hash) at index from.index-1 in the checkpoint log of size to.logSize (root to.logRoot). */
  inclusionPath: string[];
  /** RFC 6962 consistency proof from (from.logSize, from.logRoot) to (to.logSize, to.logRoot). */
  consistencyPath: string[];
  platformPublicKey: string;
}

export type ProofCheck = { ok: true } | { ok: false; reason: string };

const HEX = /^[0-9a-f]+$/;
const bytes = (hex: string) => Buffer.from(hex, 'hex');
const isHashList = (xs: unknown): xs is string[] => Array.isArray(xs) && xs.every((x) => typeof x === 'string' && HEX.test(x) && x.length % 2 === 0);

/** The keys to trust: the pinned one(s) when given, otherwise the key that came with the proof (say which, in the UI). */
function ringFor(proofKey: string, trusted?: KeyRing): KeyRing {
  return trusted ?? keyRing([proofKey]);
}

export function verifyEventProof(p: EventProof, trusted?: KeyRing): ProofCheck {
  const cp = p.checkpoint;
  const alg = cp.hashAlg;
  const sig = checkpointProblem(cp, ringFor(p.platformPublicKey, trusted));
  if (sig) return { ok: false, reason: `checkpoint ${sig}` };
  if (chainHash(alg, p.event.prevHash, p.event) !== p.event.hash) return { ok: false, reason: 'the event does not hash to its recorded hash' };
  if (!isHashList(p.auditPath) || typeof p.leafHash !== 'string') return { ok: false, reason: 'malformed proof' };
  const leaf = leafHash(alg, bytes(p.event.hash));
  if (p.leafHash !== leaf.toString('hex')) return { ok: false, reason: 'leaf hash is not H(0x00 ‖ event hash)' };
  if (p.event.seq < cp.firstSeq || p.event.seq > cp.seq) return { ok: false, reason: 'the checkpoint does not cover this event' };
  if (p.leafIndex !== p.event.seq - cp.firstSeq || p.treeSize !== cp.size) return { ok: false, reason: 'leaf index or tree size does not match the checkpoint' };
  if (!verifyInclusion(alg, p.leafIndex, p.treeSize, leaf, p.auditPath.map(bytes), bytes(cp.merkleRoot))) return { ok: false, reason: 'the audit path does not lead to the signed Merkle root' };
  if (p.event.seq === cp.seq && p.event.hash !== cp.chainHead) return { ok: false, reason: 'the last event of the checkpoint is not its chain head' };
  return { ok: true };
}

export function verifyCheckpointConsistency(p: CheckpointConsistencyProof, trusted?: KeyRing): ProofCheck {
  const { from, to } = p;
  const ring = ringFor(p.platformPublicKey, trusted);
  for (const [name, cp] of [['from', from], ['to', to]] as const) {
    const problem = checkpointProblem(cp, ring);
    if (problem) return { ok: false, reason: `${name} checkpoint ${problem}` };
  }
  if (from.hashAlg !== to.hashAlg) return { ok: false, reason: 'the checkpoints use different hash algorithms' };
  if (!isHashList(p.inclusionPath) || !isHashList(p.consistencyPath)) return { ok: false, reason: 'malformed proof' };
  if (from.logSize !== from.index - 1 || to.logSize !== to.index - 1) return { ok: false, reason: 'malformed checkpoint' };
  if (from.index > to.index || from.seq > to.seq) return { ok: false, reason: 'from is later than to' };
  if (from.index === to.index) {
    const same = from.hash === to.hash && p.inclusionPath.length === 0 && p.consistencyPath.length === 0;
    return same ? { ok: true } : { ok: false, reason: 'two different checkpoints claim the same index' };
  }
  if (from.seq >= to.seq) return { ok: false, reason: 'a later checkpoint must cover later events' };
  const alg = from.hashAlg;
  const included = verifyInclusion(alg, from.index - 1, to.logSize, leafHash(alg, bytes(from.hash)), p.inclusionPath.map(bytes), bytes(to.logRoot));
  if (!included) return { ok: false, reason: 'the later checkpoint does not commit to the earlier one' };
  const consistent = verifyConsistency(alg, from.logSize, to.logSize, p.consistencyPath.map(bytes), bytes(from.logRoot), bytes(to.logRoot));
  if (!consistent) return { ok: false, reason: 'the checkpoint logs are not consistent' };
  return { ok: true };
}
