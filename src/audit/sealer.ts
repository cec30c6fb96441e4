import type { PlatformKey } from '../keys/platform-key.js';
import { GENESIS_HASH, type HashAlgorithm, type StoredEvent } from './chain.js';
import { CHECKPOINT_TYPE, signCheckpoint, type SignedCheckpoint } from './checkpoint.js';
import { appendToFrontier, leafOfHex, rootOfFrontier, rootOfLeaves, type Hash } from './merkle.js';
import { shanghaiMonth } from './partitions.js';

/** Perfect-subtree roots of the checkpoint log that a new checkpoint completes (stored in audit_checkpoint_nodes). */
export interface LogNode { level: number; index: number; hash: string }

export interface Sealed { checkpoint: SignedCheckpoint; nodes: LogNode[] }

export interface SealerState {
  /** The chain head (last appended event). */
  head: { seq: number; hash: string; at: string };
  /** The last checkpoint, or index 0 / GENESIS before the first. */
  last: { index: number; seq: number; hash: string };
  /** Perfect-subtree roots of the checkpoint log of size last.index. */
  frontier: Hash[];
}

/**
 * The appender's side of checkpoints: collects the leaf hashes of the open interval and cuts a signed checkpoint
 * every `every` events, at the end of every Asia/Shanghai month (so an archived month ends on a checkpoint and its
 * file is verifiable alone), and when asked (the T-second timer). In memory only; the caller writes what it returns
 * in the appender's transaction and throws the sealer away if that transaction fails.
 */
export class Sealer {
  private leaves: Hash[] = [];
  private openMonth: string | undefined;
  private firstSeq: number;

  constructor(
    private readonly alg: HashAlgorithm,
    private readonly signer: PlatformKey,
    private readonly fingerprint: string,
    private readonly every: number,
    private readonly state: SealerState,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.firstSeq = state.last.seq + 1;
  }

  static initial(): SealerState {
    return { head: { seq: 0, hash: GENESIS_HASH, at: '' }, last: { index: 0, seq: 0, hash: GENESIS_HASH }, frontier: [] };
  }

  get head(): SealerState['head'] {
    return this.state.head;
  }

  /** True when the database still shows what this sealer last wrote (no other instance appended in between). */
  matches(head: { seq: number } | undefined, last: { index: number } | undefined): boolean {
    return (head?.seq ?? 0) === this.state.head.seq && (last?.index ?? 0) === this.state.last.index;
  }

  get open(): number {
    return this.leaves.length;
  }

  /** Adds the next chained event; returns the checkpoints it completes (the month's last one first, if it turns). */
  add(e: Pick<StoredEvent, 'seq' | 'at' | 'hash'>): Sealed[] {
    const out: Sealed[] = [];
    const month = shanghaiMonth(e.at);
    if (this.leaves.length > 0 && month !== this.openMonth) out.push(this.cut());
    if (this.leaves.length === 0) {
      this.openMonth = month;
      this.firstSeq = e.seq;
    }
    this.leaves.push(leafOfHex(this.alg, e.hash));
    this.state.head = { seq: e.seq, hash: e.hash, at: e.at };
    if (this.leaves.length >= this.every) out.push(this.cut());
    return out;
  }

  /** The checkpoint of whatever is open, or nothing when every event is already sealed. */
  seal(): Sealed[] {
    return this.leaves.length > 0 ? [this.cut()] : [];
  }

  private cut(): Sealed {
    const { last, head, frontier } = this.state;
    const index = last.index + 1;
    const checkpoint = signCheckpoint({
      type: CHECKPOINT_TYPE, index, firstSeq: this.firstSeq, seq: head.seq, size: this.leaves.length,
      merkleRoot: rootOfLeaves(this.alg, this.leaves).toString('hex'), chainHead: head.hash, prevCheckpointHash: last.hash,
      logSize: last.index, logRoot: rootOfFrontier(this.alg, frontier).toString('hex'), at: this.now().toISOString(),
      hashAlg: this.alg, sigAlg: this.signer.suite.alg, keyId: this.signer.keyId, keyFingerprint: this.fingerprint,
    }, this.signer.suite, this.signer.key);
    const nodes = appendToFrontier(this.alg, frontier, last.index, leafOfHex(this.alg, checkpoint.hash))
      .map((n) => ({ level: n.level, index: n.index, hash: n.hash.toString('hex') }));
    this.state.last = { index, seq: head.seq, hash: checkpoint.hash };
    this.leaves = [];
    this.firstSeq = head.seq + 1;
    return { checkpoint, nodes };
  }
}
