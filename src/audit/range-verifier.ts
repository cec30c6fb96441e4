import { ChainVerifier, type HashAlgorithm, type StoredEvent } from './chain.js';
import type { LogProblem } from './log-verifier.js';
import { leafOfHex, rootOfLeaves, type Hash } from './merkle.js';

/** The part of a checkpoint a range check needs (its signature and links are the main verifier's job). */
export interface Interval { index: number; firstSeq: number; seq: number; merkleRoot: string; chainHead: string }

/** A run of whole checkpoint intervals, checkable on its own: the chain resumes from a signed chain head. */
export interface RangeTask { firstSeq: number; lastSeq: number; prevHash: string; intervals: Interval[]; last: boolean }

export type RangeResult = { ok: true; checked: number } | { ok: false; checked: number; firstBadSeq: number; reason: LogProblem; checkpointIndex?: number };

/**
 * Checks the events of one task, fed in seq order: the hash chain from `prevHash`, and each interval's RFC 6962 root
 * and chain head against its checkpoint. Pure; the parallel verifier runs one per worker thread, each on its own
 * range, because a range depends on nothing before it but a chain head that a signed checkpoint vouches for.
 */
export class RangeVerifier {
  private readonly chain: ChainVerifier;
  private leaves: Hash[] = [];
  private at = 0;
  private last: StoredEvent | undefined;
  private bad: Extract<RangeResult, { ok: false }> | undefined;

  constructor(private readonly alg: HashAlgorithm, private readonly task: RangeTask) {
    this.chain = new ChainVerifier(alg, { seq: task.firstSeq, prevHash: task.prevHash });
  }

  event(e: StoredEvent): boolean {
    if (this.bad) return false;
    if (!this.chain.push(e)) {
      const r = this.chain.result();
      return this.fail(r.ok ? e.seq : r.firstBadSeq, r.ok ? 'gap' : r.reason);
    }
    this.last = e;
    this.leaves.push(leafOfHex(this.alg, e.hash));
    const iv = this.task.intervals[this.at];
    if (iv && e.seq === iv.seq) {
      if (this.leaves.length !== iv.seq - iv.firstSeq + 1 || rootOfLeaves(this.alg, this.leaves).toString('hex') !== iv.merkleRoot) return this.fail(iv.firstSeq, 'checkpoint-root', iv.index);
      if (e.hash !== iv.chainHead) return this.fail(iv.firstSeq, 'checkpoint-head', iv.index);
      this.leaves = [];
      this.at++;
    }
    return true;
  }

  result(): RangeResult {
    const checked = this.chain.result().checked;
    if (this.bad) return this.bad;
    const reached = this.last?.seq ?? this.task.firstSeq - 1;
    if (reached < this.task.lastSeq) {
      const iv = this.task.intervals[this.at];
      return { ok: false, checked, firstBadSeq: reached + 1, reason: this.task.last ? 'truncated' : 'gap', ...(iv ? { checkpointIndex: iv.index } : {}) };
    }
    return { ok: true, checked };
  }

  private fail(seq: number, reason: LogProblem, index?: number): false {
    this.bad = { ok: false, checked: this.chain.result().checked, firstBadSeq: seq, reason, ...(index ? { checkpointIndex: index } : {}) };
    return false;
  }
}
