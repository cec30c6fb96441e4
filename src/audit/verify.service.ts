import type { DbOrTx } from '../db/database.js';
import { GENESIS_HASH, type HashAlgorithm } from './chain.js';
import { keyRing, type KeyRing, type SignedCheckpoint } from './checkpoint.js';
import { auditKeyPems, checkpointsAfter, lastCheckpoint } from './checkpoint.store.js';
import { eventWindow, headSeq } from './audit.store.js';
import { LogVerifier, type LogVerifyResult } from './log-verifier.js';

const PAGE = 10_000;

/** Checkpoints in index order, fetched a page at a time. */
class CheckpointCursor {
  private page: SignedCheckpoint[] = [];
  private at = 0;
  private after = 0;
  private done = false;

  constructor(private readonly db: DbOrTx, private readonly maxIndex: number) {}

  async peek(): Promise<SignedCheckpoint | undefined> {
    if (this.at >= this.page.length && !this.done) {
      this.page = (await checkpointsAfter(this.db, this.after, 1000)).filter((c) => c.index <= this.maxIndex);
      this.at = 0;
      if (this.page.length === 0) this.done = true;
      else this.after = this.page[this.page.length - 1]!.index;
    }
    return this.page[this.at];
  }

  next(): void {
    this.at++;
  }
}

/** The last seq archived to files (govshare audit archive); events from the next one on must be in the database. */
export async function archivedThrough(db: DbOrTx): Promise<number> {
  const r = await db.selectFrom('audit_archives').select((eb) => eb.fn.max('last_seq').as('s')).executeTakeFirst();
  return Number(r?.s ?? 0);
}

/**
 * Verifies the log in the database (Art. 33): the hash chain of every stored event, every signed checkpoint (its
 * signature under a key in audit_keys or the pinned ones, its Merkle root, its chain head, its link to the previous
 * checkpoint and the checkpoint log), and that no checkpoint vouches for events that are gone. Months archived by
 * `govshare audit archive` are checked through their checkpoints only; `verify --archive` checks their files.
 */
export async function verifyStoredLog(db: DbOrTx, alg: HashAlgorithm, opts: { onProgress?: ((seq: number) => void) | undefined; trusted?: KeyRing } = {}): Promise<LogVerifyResult> {
  const keys = opts.trusted ?? keyRing(await auditKeyPems(db));
  const eventsFrom = (await archivedThrough(db)) + 1;
  const v = new LogVerifier(alg, keys, { nextIndex: 1, prevCheckpointHash: GENESIS_HASH, frontier: [], eventsFrom });
  // What the log holds now; what is appended while this runs is for the next verification.
  const lastCp = await lastCheckpoint(db);
  const head = Math.max(await headSeq(db), lastCp?.seq ?? 0);
  const cps = new CheckpointCursor(db, lastCp?.index ?? 0);
  const fetch = (after: number) => {
    const p = eventWindow(db, after, PAGE, head);
    p.catch(() => undefined); // awaited below; an early return must not leave it unhandled
    return p;
  };
  let next = fetch(eventsFrom - 1);
  let cp = await cps.peek();
  for (let after = eventsFrom - 1; after < head; after += PAGE) {
    const page = await next;
    // Ask for the next window now: the server reads it while this one is hashed.
    if (after + PAGE < head) next = fetch(after + PAGE);
    for (const e of page) {
      // A checkpoint goes in right after its last event, so push those that end before this one.
      for (; cp && cp.seq < e.seq; cp = await cps.peek()) {
        if (!v.checkpoint(cp)) return v.result();
        cps.next();
      }
      if (!v.event(e)) return v.result();
    }
    opts.onProgress?.(Math.min(after + PAGE, head));
  }
  // Checkpoints after the last stored event: the newest rows were removed (or nothing was ever stored).
  v.endOfEvents();
  for (; cp; cp = await cps.peek()) {
    if (!v.checkpoint(cp)) return v.result();
    cps.next();
  }
  return v.result();
}
