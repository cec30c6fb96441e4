import { describe, expect, it } from 'vitest';
import { signCheckpoint, keyRing, type SignedCheckpoint } from './checkpoint.js';
import { memoryLog, testKey, type MemoryLog } from './memory-log.test-support.js';
import { consistencyProof, inclusionProof, leafHash, rangeHashOfLeaves, rangeHashOfNodes } from './merkle.js';
import { verifyCheckpointConsistency, verifyEventProof, type CheckpointConsistencyProof, type EventProof } from './proof.js';

// What the proof API builds (proof.service.ts), built here from a log in memory so every case is cheap.
function eventProof(log: MemoryLog, seq: number): EventProof {
  const cp = log.checkpoints.find((c) => c.firstSeq <= seq && seq <= c.seq)!;
  const leaves = log.events.slice(cp.firstSeq - 1, cp.seq).map((e) => leafHash(cp.hashAlg, Buffer.from(e.hash, 'hex')));
  const index = seq - cp.firstSeq;
  return {
    event: log.events[seq - 1]!, leafHash: leaves[index]!.toString('hex'), leafIndex: index, treeSize: cp.size,
    auditPath: inclusionProof(index, cp.size, rangeHashOfLeaves(cp.hashAlg, leaves)).map((h) => h.toString('hex')),
    checkpoint: cp, platformPublicKey: log.key.publicPem,
  };
}

function consistency(log: MemoryLog, from: SignedCheckpoint, to: SignedCheckpoint): CheckpointConsistencyProof {
  const mth = rangeHashOfNodes(to.hashAlg, (level, index) => log.nodes.get(`${level}/${index}`)!);
  const hex = (hs: Buffer[]) => hs.map((h) => h.toString('hex'));
  const distinct = from.index < to.index;
  return {
    from, to, platformPublicKey: log.key.publicPem,
    inclusionPath: distinct ? hex(inclusionProof(from.index - 1, to.logSize, mth)) : [],
    consistencyPath: distinct ? hex(consistencyProof(from.logSize, to.logSize, mth)) : [],
  };
}

const flip = (hex: string, at = 0) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
const pathMutations = (path: string[]): Array<[string, string[]]> => [
  ['extra element', [...path, path[0] ?? '00'.repeat(32)]],
  ...(path.length > 0 ? [['missing element', path.slice(0, -1)], ['first element missing', path.slice(1)], ['flipped bit', [flip(path[0]!, 5), ...path.slice(1)]]] as Array<[string, string[]]> : []),
  ...(path.length > 1 ? [['swapped elements', [path[1]!, path[0]!, ...path.slice(2)]]] as Array<[string, string[]]> : []),
];

describe.each(['sha256', 'sm3'] as const)('offline proof verification (%s)', (alg) => {
  const log = memoryLog(75, 10, { alg });
  const pinned = keyRing([log.key.publicPem]);
  const mallory = testKey(alg === 'sm3' ? 'gm' : 'intl');

  it('every event proof verifies, with the key that came with it and with the pinned key', () => {
    for (let seq = 1; seq <= 75; seq++) {
      expect(verifyEventProof(eventProof(log, seq)), `seq ${seq}`).toEqual({ ok: true });
      expect(verifyEventProof(eventProof(log, seq), pinned).ok).toBe(true);
    }
  });

  it('every mutation of an event proof is rejected', () => {
    for (const seq of [1, 10, 11, 33, 75]) {
      const p = eventProof(log, seq);
      const bad: Array<[string, EventProof]> = [
        ['wrong index (+1)', { ...p, leafIndex: p.leafIndex + 1 }],
        ['wrong index (-1)', { ...p, leafIndex: p.leafIndex - 1 }],
        ['wrong size', { ...p, treeSize: p.treeSize + 1 }],
        ['wrong size (smaller)', { ...p, treeSize: p.treeSize - 1 }],
        ['edited event', { ...p, event: { ...p.event, actorName: '李四' } }],
        ['edited event, hash recomputed by hand', { ...p, event: { ...p.event, outcome: 'failure', hash: flip(p.event.hash) } }],
        ['wrong leaf hash', { ...p, leafHash: flip(p.leafHash) }],
        ['wrong root', { ...p, checkpoint: { ...p.checkpoint, merkleRoot: flip(p.checkpoint.merkleRoot) } }],
        ['another interval\'s checkpoint', { ...p, checkpoint: log.checkpoints.find((c) => c.index !== p.checkpoint.index)! }],
        ['flipped signature bit', { ...p, checkpoint: { ...p.checkpoint, signature: Buffer.from(Buffer.from(p.checkpoint.signature, 'base64').map((b, i) => (i === 3 ? b ^ 1 : b))).toString('base64') } }],
        ['root re-signed by another key', { ...p, checkpoint: signCheckpoint({ ...p.checkpoint, merkleRoot: flip(p.checkpoint.merkleRoot) }, mallory.suite, mallory.key) }],
        ...pathMutations(p.auditPath).map(([w, auditPath]): [string, EventProof] => [`audit path: ${w}`, { ...p, auditPath }]),
      ];
      for (const [what, proof] of bad) expect(verifyEventProof(proof, pinned).ok, `${what} (seq ${seq})`).toBe(false);
    }
  });

  it('a proof signed by another key verifies only against that key, never against the pinned one', () => {
    const p = eventProof(log, 5);
    const forged = signCheckpoint({ ...p.checkpoint, keyFingerprint: p.checkpoint.keyFingerprint }, mallory.suite, mallory.key);
    expect(verifyEventProof({ ...p, checkpoint: forged, platformPublicKey: mallory.publicPem }).ok).toBe(false); // fingerprint names the real key
    expect(verifyEventProof({ ...p, checkpoint: forged }, pinned).ok).toBe(false);
  });

  it('every consistency proof between two checkpoints verifies', () => {
    const cps = log.checkpoints;
    expect(cps).toHaveLength(8);
    for (const a of cps) for (const b of cps.filter((c) => c.index >= a.index)) {
      expect(verifyCheckpointConsistency(consistency(log, a, b), pinned), `${a.index}→${b.index}`).toEqual({ ok: true });
    }
  });

  it('every mutation of a consistency proof is rejected', () => {
    const cps = log.checkpoints;
    for (const [a, b] of [[cps[0]!, cps[7]!], [cps[2]!, cps[5]!], [cps[3]!, cps[4]!], [cps[4]!, cps[6]!]] as const) {
      const p = consistency(log, a, b);
      const bad: Array<[string, CheckpointConsistencyProof]> = [
        ['larger to smaller', { ...p, from: b, to: a }],
        ['from replaced by its neighbour', { ...p, from: cps[a.index]! }],
        ['from re-signed with another log root', { ...p, from: signCheckpoint({ ...a, logRoot: flip(a.logRoot) }, mallory.suite, mallory.key) }],
        ['to with a forged log root', { ...p, to: { ...b, logRoot: flip(b.logRoot) } }],
        ['inclusion and consistency paths swapped', { ...p, inclusionPath: p.consistencyPath, consistencyPath: p.inclusionPath }],
        ...pathMutations(p.inclusionPath).map(([w, inclusionPath]): [string, CheckpointConsistencyProof] => [`inclusion: ${w}`, { ...p, inclusionPath }]),
        ...pathMutations(p.consistencyPath).map(([w, consistencyPath]): [string, CheckpointConsistencyProof] => [`consistency: ${w}`, { ...p, consistencyPath }]),
      ];
      for (const [what, proof] of bad) expect(verifyCheckpointConsistency(proof, pinned).ok, `${what} (${a.index}→${b.index})`).toBe(false);
    }
  });

  it('a forked history (same index, other content) is not consistent', () => {
    const fork = memoryLog(75, 10, { alg, key: log.key });
    const forked = { ...fork.checkpoints[3]!, at: '2027-01-01T00:00:00.000Z' };
    const resigned = signCheckpoint(forked, log.key.suite, log.key.key);
    expect(verifyCheckpointConsistency({ ...consistency(log, log.checkpoints[3]!, log.checkpoints[3]!), to: resigned }, pinned).ok).toBe(false);
    expect(verifyCheckpointConsistency({ ...consistency(log, log.checkpoints[2]!, log.checkpoints[6]!), from: { ...resigned, index: 3, logSize: 2 } }, pinned).ok).toBe(false);
  });
});
