import { ChainVerifier, GENESIS_HASH, type HashAlgorithm, type StoredEvent } from './chain.js';
import { checkpointProblem, type KeyRing, type SignedCheckpoint } from './checkpoint.js';
import { appendToFrontier, leafOfHex, rootOfFrontier, rootOfLeaves, type Hash } from './merkle.js';

export type LogProblem =
  | 'hash' | 'link' | 'gap' // the hash chain (chain.ts)
  | 'truncated' // a signed checkpoint vouches for events that are gone: the newest rows were removed
  | 'checkpoint-root' | 'checkpoint-head' // the events under a checkpoint are not the ones it signed
  | 'checkpoint-hash' | 'checkpoint-signature' | 'checkpoint-key' // the checkpoint itself is forged or altered
  | 'checkpoint-link'; // a checkpoint is missing, reordered or does not extend the previous ones

export type LogVerifyResult =
  | { ok: true; checked: number; checkpoints: number; lastSeq: number; lastHash: string; unsealed: number; lastCheckpoint?: { index: number; seq: number; hash: string } }
  | { ok: false; checked: number; checkpoints: number; firstBadSeq: number; reason: LogProblem; checkpointIndex?: number };

/** Where verification starts: the beginning of the log, or (an archive month) a state the first checkpoint vouches for. */
export interface LogStart {
  /** Index of the first checkpoint that will be pushed. */
  nextIndex: number;
  /** Hash of checkpoint nextIndex-1; undefined when only the first pushed checkpoint can tell (archive anchor). */
  prevCheckpointHash?: string | undefined;
  /** Perfect-subtree roots of the checkpoint log of size nextIndex-1 (merkle.ts frontierOf); checked by logRoot. */
  frontier: Hash[];
  /** First seq whose events must be present; checkpoints before it are checked without their events (archived). */
  eventsFrom: number;
}

/**
 * Checks a log fed in seq order: the events, and each checkpoint right after its last event (checkpoints of archived
 * ranges first, without events). Pure and incremental (flat memory: one interval's leaves), shared by
 * `govshare audit verify` on the database, the API, and the offline archive verifier. Stops at the first problem
 * and names the first sequence number that is no longer proven (Art. 33: nothing changed or removed).
 */
export class LogVerifier {
  private chain: ChainVerifier | undefined;
  private readonly frontier: Hash[];
  private logSize: number;
  private prevCpHash: string | undefined;
  private anchor: { seq: number; hash: string } | undefined;
  private leaves: Hash[] = [];
  private lastEvent: { seq: number; hash: string } | undefined;
  private lastCp: SignedCheckpoint | undefined;
  private checkpoints = 0;
  private bad: { seq: number; reason: LogProblem; index?: number } | undefined;

  constructor(private readonly alg: HashAlgorithm, private readonly keys: KeyRing, private readonly start: LogStart = { nextIndex: 1, prevCheckpointHash: GENESIS_HASH, frontier: [], eventsFrom: 1 }) {
    this.frontier = [...start.frontier];
    this.logSize = start.nextIndex - 1;
    this.prevCpHash = start.prevCheckpointHash;
    if (start.eventsFrom === 1) this.anchor = { seq: 0, hash: GENESIS_HASH };
  }

  private ended = false;

  get failed(): boolean {
    return this.bad !== undefined;
  }

  /** No more events will come: a checkpoint still to be pushed that covers missing events means truncation, not a gap. */
  endOfEvents(): void {
    this.ended = true;
  }

  event(e: StoredEvent): boolean {
    if (this.bad) return false;
    if (!this.chain) {
      if (e.seq !== this.start.eventsFrom) return this.fail(Math.min(e.seq, this.start.eventsFrom), 'gap');
      if (!this.anchor || this.anchor.seq !== e.seq - 1) return this.fail(e.seq, 'gap');
      this.chain = new ChainVerifier(this.alg, { seq: e.seq, prevHash: this.anchor.hash });
    }
    if (!this.chain.push(e)) {
      const r = this.chain.result();
      return this.fail(r.ok ? e.seq : r.firstBadSeq, r.ok ? 'gap' : r.reason);
    }
    this.leaves.push(leafOfHex(this.alg, e.hash));
    this.lastEvent = { seq: e.seq, hash: e.hash };
    return true;
  }

  checkpoint(cp: SignedCheckpoint): boolean {
    if (this.bad) return false;
    const problem = checkpointProblem(cp, this.keys);
    if (problem) return this.fail(cp.firstSeq, `checkpoint-${problem}`, cp.index);
    const prev = this.lastCp;
    const linked = cp.index === this.logSize + 1 && cp.logSize === this.logSize && cp.hashAlg === this.alg
      && (this.prevCpHash === undefined || cp.prevCheckpointHash === this.prevCpHash)
      && cp.logRoot === rootOfFrontier(this.alg, this.frontier).toString('hex')
      && cp.size === cp.seq - cp.firstSeq + 1 && cp.size > 0
      && (!prev || cp.firstSeq === prev.seq + 1);
    if (!linked) return this.fail(prev ? prev.seq + 1 : cp.firstSeq, 'checkpoint-link', cp.index);
    if (cp.seq < this.start.eventsFrom) {
      // An archived interval: its events are in the archive files; the chain resumes from its head.
      this.anchor = { seq: cp.seq, hash: cp.chainHead };
    } else {
      const last = this.lastEvent?.seq ?? this.start.eventsFrom - 1;
      if (last < cp.seq) return this.fail(last + 1, this.ended ? 'truncated' : 'gap', cp.index);
      if (this.leaves.length !== cp.size || cp.merkleRoot !== rootOfLeaves(this.alg, this.leaves).toString('hex')) return this.fail(cp.firstSeq, 'checkpoint-root', cp.index);
      if (cp.chainHead !== this.lastEvent!.hash) return this.fail(cp.firstSeq, 'checkpoint-head', cp.index);
    }
    appendToFrontier(this.alg, this.frontier, this.logSize, leafOfHex(this.alg, cp.hash));
    this.logSize++;
    this.prevCpHash = cp.hash;
    this.lastCp = cp;
    this.leaves = [];
    this.checkpoints++;
    return true;
  }

  result(): LogVerifyResult {
    const checked = this.chain ? this.chain.result().checked : 0;
    if (this.bad) return { ok: false, checked, checkpoints: this.checkpoints, firstBadSeq: this.bad.seq, reason: this.bad.reason, ...(this.bad.index ? { checkpointIndex: this.bad.index } : {}) };
    const last = this.lastEvent ?? (this.anchor ? { seq: this.anchor.seq, hash: this.anchor.hash } : { seq: 0, hash: GENESIS_HASH });
    return {
      ok: true, checked, checkpoints: this.checkpoints, lastSeq: last.seq, lastHash: last.hash, unsealed: this.leaves.length,
      ...(this.lastCp ? { lastCheckpoint: { index: this.lastCp.index, seq: this.lastCp.seq, hash: this.lastCp.hash } } : {}),
    };
  }

  private fail(seq: number, reason: LogProblem, index?: number): false {
    this.bad = index === undefined ? { seq, reason } : { seq, reason, index };
    return false;
  }
}
