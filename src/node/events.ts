import fs from 'node:fs';
import readline from 'node:readline';
import { canonicalJson } from '../audit/chain.js';
import { digestHex, type HashAlg } from '../crypto/hash.js';
import { signCompact } from '../crypto/jws.js';
import type { PrivateKey, SigningSuite } from '../crypto/suite.js';

/**
 * The node's own append-only event log (Art. 27, 33; DESIGN.md "Audit": the node keeps its own copy and ships
 * signed batches). One NDJSON line per event, hash-chained: hash = H(prevHash "\n" canonical(event without hashes)),
 * so an edited or removed line breaks the chain. Never holds data values or comparison inputs — counts and digests.
 */
export interface EventFields {
  jti: string | null;
  consumer: string | null; // ticket sub (consumer department)
  actor: string | null; // ticket act
  grant: string | null;
  resource: string | null;
  method: string;
  items: string[];
  rows: number;
  bytes: number;
  outcome: 'ok' | 'refused' | 'error' | 'aborted';
  code: string | null; // the error code when not ok
  durationMs: number;
  requestId: string | null;
  detail: Record<string, unknown> | null; // e.g. comparison counts and the keyed digest of the batch
}

export interface NodeEvent extends EventFields { seq: number; at: string; prevHash: string; hash: string }

export const GENESIS = '0'.repeat(64);
const INDEX_EVERY = 256;

export function eventHash(alg: HashAlg, prevHash: string, e: Omit<NodeEvent, 'prevHash' | 'hash'>): string {
  return digestHex(alg, `${prevHash}\n${canonicalJson(e)}`);
}

export class EventLog {
  private pending: string[] = [];
  private flushScheduled = false;
  private size: number;
  /** Byte offset of event seq = k·256 + 1, so reading `after=` starts near its place. */
  private readonly offsets: number[];

  private constructor(private readonly file: string, private readonly fd: number, private readonly alg: HashAlg,
    private seq: number, private lastHash: string, size: number, offsets: number[], readonly chainIntact: boolean) {
    this.size = size;
    this.offsets = offsets;
  }

  /** Opens (creating, mode 0600) the log, re-reading it to find the head and check the chain. */
  static async open(file: string, alg: HashAlg): Promise<EventLog> {
    const fd = fs.openSync(file, 'a', 0o600);
    let seq = 0;
    let last = GENESIS;
    let size = 0;
    let intact = true;
    const offsets: number[] = [];
    const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      const at = size;
      size += Buffer.byteLength(line) + 1;
      if (line === '') continue;
      let e: NodeEvent;
      try {
        e = JSON.parse(line) as NodeEvent;
      } catch {
        intact = false; // a damaged line: reported at start; new events still chain on from the last good one
        continue;
      }
      const { prevHash, hash, ...rest } = e;
      if (e.seq !== seq + 1 || prevHash !== last || eventHash(alg, prevHash, rest) !== hash) intact = false;
      if ((e.seq - 1) % INDEX_EVERY === 0) offsets[(e.seq - 1) / INDEX_EVERY] = at;
      seq = e.seq;
      last = hash;
    }
    return new EventLog(file, fd, alg, seq, last, size, offsets, intact);
  }

  get lastSeq(): number { return this.seq; }
  get head(): string { return this.lastHash; }

  append(fields: EventFields): NodeEvent {
    const base = { seq: this.seq + 1, at: new Date().toISOString(), ...fields };
    const event: NodeEvent = { ...base, prevHash: this.lastHash, hash: eventHash(this.alg, this.lastHash, base) };
    const line = `${JSON.stringify(event)}\n`;
    if ((event.seq - 1) % INDEX_EVERY === 0) this.offsets[(event.seq - 1) / INDEX_EVERY] = this.size;
    this.size += Buffer.byteLength(line);
    this.seq = event.seq;
    this.lastHash = event.hash;
    this.pending.push(line);
    // Group the writes of one event-loop turn into one write call.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return event;
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    fs.writeSync(this.fd, text);
  }

  /** Up to `limit` events with seq > after, in order. */
  async read(after: number, limit: number): Promise<NodeEvent[]> {
    this.flush();
    if (after >= this.seq) return [];
    const start = this.offsets[Math.floor(Math.max(after, 0) / INDEX_EVERY)] ?? 0;
    const out: NodeEvent[] = [];
    const input = fs.createReadStream(this.file, { encoding: 'utf8', start });
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (line === '') continue;
        let e: NodeEvent;
        try {
          e = JSON.parse(line) as NodeEvent;
        } catch {
          continue; // shipped batches skip a damaged line; the platform sees the gap in seq
        }
        if (e.seq <= after) continue;
        out.push(e);
        if (out.length >= limit) break;
      }
    } finally {
      lines.close();
      input.destroy();
    }
    return out;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export const EVENTS_TYP = 'gs-node-events+jws';

export interface EventBatch {
  nodeId: string;
  hashAlg: HashAlg;
  after: number;
  events: NodeEvent[];
  lastSeq: number; // the last seq in this batch (= after when empty)
  lastHash: string; // its hash: the next batch's first prevHash
  headSeq: number; // the newest seq the node holds: the platform knows whether to pull again
  signedAt: string;
}

/** A batch as a compact JWS signed with the node's key (docs/node.md "Event batches"). */
export function signEventBatch(batch: EventBatch, suite: SigningSuite, key: PrivateKey): string {
  return signCompact(suite, key, { typ: EVENTS_TYP }, batch);
}
