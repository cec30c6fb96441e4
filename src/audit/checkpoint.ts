import { signingSuite, suiteOfPem, type SignatureAlg, type SigningSuite, type PrivateKey, type PublicKey } from '../crypto/suite.js';
import { canonicalJson, type HashAlgorithm } from './chain.js';
import { digest } from './merkle.js';

export const CHECKPOINT_TYPE = 'govshare.audit.checkpoint/v1';

/**
 * A signed statement by the platform about the log up to `seq` (Art. 33; SECURITY-NOTES "Tamper evidence"):
 * - `merkleRoot`: RFC 6962 tree over the event hashes of seq `firstSeq..seq` (one event's inclusion is provable
 *   from this checkpoint and a short audit path, without the rest of the log);
 * - `chainHead`: the hash-chain value at `seq` (the chain covers everything before too);
 * - `prevCheckpointHash` and `logRoot` (RFC 6962 tree over the hashes of checkpoints 1..index-1): a later checkpoint
 *   commits to every earlier one, so a consistency proof between two checkpoints is O(log n) hashes.
 * Deleting the newest rows, or rewriting history with recomputed hashes, contradicts a checkpoint that only the
 * platform key can sign; checkpoints exported off the database (proof API, archives) keep that evidence outside.
 */
export interface CheckpointBody {
  type: typeof CHECKPOINT_TYPE;
  index: number;
  firstSeq: number;
  seq: number;
  size: number;
  merkleRoot: string;
  chainHead: string;
  prevCheckpointHash: string;
  logSize: number;
  logRoot: string;
  at: string;
  hashAlg: HashAlgorithm;
  sigAlg: SignatureAlg;
  keyId: string;
  keyFingerprint: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  /** H(canonical(body)) with `hashAlg`, hex: the leaf of the checkpoint log and the next `prevCheckpointHash`. */
  hash: string;
  /** Signature over the UTF-8 bytes of canonical(body), base64. Ed25519 (intl) or SM2 with the GM/T 0009 id (gm). */
  signature: string;
}

const BODY_KEYS: ReadonlyArray<keyof CheckpointBody> = [
  'type', 'index', 'firstSeq', 'seq', 'size', 'merkleRoot', 'chainHead', 'prevCheckpointHash', 'logSize', 'logRoot', 'at',
  'hashAlg', 'sigAlg', 'keyId', 'keyFingerprint',
];

/** Exactly the fields above, whatever else the object carries (hash, signature, API extras). */
export function bodyOf(cp: CheckpointBody): CheckpointBody {
  const out: Record<string, unknown> = {};
  for (const k of BODY_KEYS) out[k] = cp[k];
  return out as unknown as CheckpointBody;
}

export function checkpointBytes(cp: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson(bodyOf(cp)), 'utf8');
}

export function checkpointHash(cp: CheckpointBody): string {
  return digest(cp.hashAlg, checkpointBytes(cp)).toString('hex');
}

export function signCheckpoint(body: CheckpointBody, suite: SigningSuite, key: PrivateKey): SignedCheckpoint {
  const b = bodyOf(body);
  return { ...b, hash: checkpointHash(b), signature: Buffer.from(suite.sign(checkpointBytes(b), key)).toString('base64') };
}

/** A public key ready to check checkpoints: parsed once (SM2 keys precompute a table), fingerprinted once. */
export interface VerifyKey { suite: SigningSuite; key: PublicKey; fingerprint: string }

const parsed = new Map<string, VerifyKey>();

/** Reads a PEM public key of either suite (cached: parsing an SM2 key costs a table); throws for any other key. */
export function verifyKeyOf(pem: string): VerifyKey {
  const hit = parsed.get(pem);
  if (hit) return hit;
  const name = suiteOfPem(pem);
  if (!name) throw new Error('not an Ed25519 or SM2 public key');
  const suite = signingSuite(name);
  const key = suite.publicKey(pem);
  const k = { suite, key, fingerprint: digest(suite.hash, Buffer.from(key.pem, 'utf8')).toString('hex') };
  if (parsed.size >= 32) parsed.clear();
  parsed.set(pem, k);
  return k;
}

/** Keys by fingerprint: what a verifier trusts (the database's audit_keys, an archive's manifest, or one pinned key). */
export type KeyRing = (fingerprint: string) => VerifyKey | undefined;

export function keyRing(pems: readonly string[]): KeyRing {
  const byFp = new Map(pems.map((p) => verifyKeyOf(p)).map((k) => [k.fingerprint, k] as const));
  return (fp) => byFp.get(fp);
}

/** Why a checkpoint is not what it claims, or undefined when its hash and signature hold under a trusted key. */
export function checkpointProblem(cp: SignedCheckpoint, keys: KeyRing): 'hash' | 'signature' | 'key' | undefined {
  if (cp.type !== CHECKPOINT_TYPE || checkpointHash(cp) !== cp.hash) return 'hash';
  const k = keys(cp.keyFingerprint);
  if (!k || cp.sigAlg !== k.suite.alg) return 'key';
  let ok = false;
  try {
    ok = k.suite.verify(checkpointBytes(cp), Buffer.from(cp.signature, 'base64'), k.key);
  } catch {
    ok = false;
  }
  return ok ? undefined : 'signature';
}
