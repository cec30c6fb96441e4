import { signingSuite, type SuiteName } from '../crypto/suite.js';
import type { PlatformKey } from '../keys/platform-key.js';
import { GENESIS_HASH, chainHash, type ChainedEvent, type HashAlgorithm, type StoredEvent } from './chain.js';
import { verifyKeyOf, type SignedCheckpoint } from './checkpoint.js';
import { Sealer, type Sealed } from './sealer.js';

/** A platform key made on the spot (tests, bench). */
export function testKey(suiteName: SuiteName = 'intl'): PlatformKey {
  const suite = signingSuite(suiteName);
  const pair = suite.generateKeyPair();
  const key = suite.privateKey(pair.privatePem);
  return { suite, key, publicPem: key.publicPem, keyId: verifyKeyOf(key.publicPem).fingerprint.slice(0, 16), issuer: 'govshare:test' };
}

export function makeEvent(seq: number, at: string): Omit<ChainedEvent, 'seq'> & { seq: number } {
  return {
    seq, at, actorId: `u${seq % 7}`, actorName: '张三', departmentId: `d${seq % 3}`, action: 'resource.query', objectType: 'resource',
    objectId: `101001001/${String(seq).padStart(6, '0')}`, outcome: 'success', requestId: `r${seq}`, detail: { rows: seq % 50, items: ['姓名', '公民身份号码'] },
  };
}

export interface MemoryLog {
  events: StoredEvent[];
  checkpoints: SignedCheckpoint[];
  /** Checkpoint-log subtree roots by "level/index", as audit_checkpoint_nodes holds them. */
  nodes: Map<string, Buffer>;
  key: PlatformKey;
}

/** A log of `n` events with a checkpoint every `every` (and one over the rest), built by the appender's own Sealer. */
export function memoryLog(n: number, every: number, opts: { alg?: HashAlgorithm; key?: PlatformKey; start?: number } = {}): MemoryLog {
  const alg = opts.alg ?? 'sha256';
  const key = opts.key ?? testKey(alg === 'sm3' ? 'gm' : 'intl');
  const sealer = new Sealer(alg, key, verifyKeyOf(key.publicPem).fingerprint, every, Sealer.initial(), () => new Date(Date.UTC(2026, 10, 25)));
  const events: StoredEvent[] = [];
  const sealed: Sealed[] = [];
  let prev = GENESIS_HASH;
  const t0 = opts.start ?? Date.UTC(2026, 10, 25, 1);
  for (let seq = 1; seq <= n; seq++) {
    const e = makeEvent(seq, new Date(t0 + seq * 1000).toISOString());
    const s = { ...e, prevHash: prev, hash: chainHash(alg, prev, e) };
    prev = s.hash;
    events.push(s);
    sealed.push(...sealer.add(s));
  }
  sealed.push(...sealer.seal());
  const nodes = new Map<string, Buffer>();
  for (const s of sealed) for (const nd of s.nodes) nodes.set(`${nd.level}/${nd.index}`, Buffer.from(nd.hash, 'hex'));
  return { events, checkpoints: sealed.map((s) => s.checkpoint), nodes, key };
}

/** Feeds a log to a verifier in the order the database driver does. */
export function feed(v: { event(e: StoredEvent): boolean; checkpoint(c: SignedCheckpoint): boolean; endOfEvents(): void }, events: StoredEvent[], checkpoints: SignedCheckpoint[]): void {
  let ci = 0;
  for (const e of events) {
    while (ci < checkpoints.length && checkpoints[ci]!.seq < e.seq) if (!v.checkpoint(checkpoints[ci++]!)) return;
    if (!v.event(e)) return;
  }
  v.endOfEvents();
  while (ci < checkpoints.length) if (!v.checkpoint(checkpoints[ci++]!)) return;
}
