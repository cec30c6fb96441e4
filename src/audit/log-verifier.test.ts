import { describe, expect, it } from 'vitest';
import { chainHash } from './chain.js';
import { keyRing, signCheckpoint } from './checkpoint.js';
import { LogVerifier } from './log-verifier.js';
import { feed, memoryLog, testKey } from './memory-log.test-support.js';
import { frontierOf } from './merkle.js';

const log = memoryLog(95, 10);
const ring = keyRing([log.key.publicPem]);

function run(events = log.events, checkpoints = log.checkpoints, start?: ConstructorParameters<typeof LogVerifier>[2]) {
  const v = new LogVerifier('sha256', ring, start);
  feed(v, events, checkpoints);
  return v.result();
}

describe('log verifier: chain + signed checkpoints', () => {
  it('an intact log verifies: every event, every checkpoint', () => {
    expect(run()).toMatchObject({ ok: true, checked: 95, checkpoints: 10, lastSeq: 95, unsealed: 0, lastCheckpoint: { index: 10, seq: 95 } });
  });

  it('events after the last checkpoint are reported as not yet sealed', () => {
    expect(run(log.events, log.checkpoints.slice(0, 9))).toMatchObject({ ok: true, checked: 95, unsealed: 5 });
  });

  it('a tampered row is named', () => {
    const events = log.events.map((e) => (e.seq === 37 ? { ...e, detail: { rows: 0 } } : e));
    expect(run(events)).toMatchObject({ ok: false, firstBadSeq: 37, reason: 'hash' });
  });

  it('a removed row is named', () => {
    expect(run(log.events.filter((e) => e.seq !== 52))).toMatchObject({ ok: false, firstBadSeq: 52, reason: 'gap' });
  });

  it('a reordered pair is named', () => {
    const events = [...log.events];
    [events[20], events[21]] = [{ ...events[21]!, seq: 21 }, { ...events[20]!, seq: 22 }];
    expect(run(events)).toMatchObject({ ok: false, firstBadSeq: 21 });
  });

  it('removed newest rows are caught by the signed checkpoint that covered them', () => {
    expect(run(log.events.slice(0, 93))).toMatchObject({ ok: false, firstBadSeq: 94, reason: 'truncated', checkpointIndex: 10 });
    expect(run([])).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'truncated' });
  });

  it('history rewritten with recomputed hashes is caught by the checkpoint root', () => {
    let prev = log.events[29]!.hash;
    const events = log.events.map((e) => {
      if (e.seq <= 30) return e;
      const edited = e.seq === 31 ? { ...e, actorName: 'mallory' } : e;
      const hash = chainHash('sha256', prev, edited);
      const out = { ...edited, prevHash: prev, hash };
      prev = hash;
      return out;
    });
    expect(run(events)).toMatchObject({ ok: false, firstBadSeq: 31, reason: 'checkpoint-root', checkpointIndex: 4 });
  });

  it('a forged checkpoint signature is caught', () => {
    const mallory = testKey();
    const cps = [...log.checkpoints];
    cps[4] = { ...signCheckpoint(cps[4]!, mallory.suite, mallory.key), keyFingerprint: cps[4]!.keyFingerprint };
    expect(run(log.events, cps)).toMatchObject({ ok: false, firstBadSeq: 41, checkpointIndex: 5 });
    const bits = [...log.checkpoints];
    bits[4] = { ...bits[4]!, signature: Buffer.from(Buffer.from(bits[4]!.signature, 'base64').map((b, i) => (i === 0 ? b ^ 0x80 : b))).toString('base64') };
    expect(run(log.events, bits)).toMatchObject({ ok: false, firstBadSeq: 41, reason: 'checkpoint-signature' });
    const foreign = [...log.checkpoints];
    foreign[4] = signCheckpoint({ ...foreign[4]!, keyFingerprint: 'f'.repeat(64) }, mallory.suite, mallory.key);
    expect(run(log.events, foreign)).toMatchObject({ ok: false, reason: 'checkpoint-key' });
  });

  it('a removed or reordered checkpoint is caught', () => {
    expect(run(log.events, log.checkpoints.filter((c) => c.index !== 3))).toMatchObject({ ok: false, reason: 'checkpoint-link', checkpointIndex: 4 });
    const cps = [...log.checkpoints];
    [cps[2], cps[3]] = [cps[3]!, cps[2]!];
    expect(run(log.events, cps).ok).toBe(false);
  });

  it('starts after archived months from a frontier the first checkpoint vouches for', () => {
    // As if months covering checkpoints 1..4 (seq 1..40) were archived: their checkpoints stay, their events go.
    const from = 41;
    const start = { nextIndex: 1, prevCheckpointHash: '0'.repeat(64), frontier: [], eventsFrom: from };
    expect(run(log.events.slice(from - 1), log.checkpoints, start)).toMatchObject({ ok: true, checked: 55, checkpoints: 10 });
    expect(run(log.events.slice(from), log.checkpoints, start)).toMatchObject({ ok: false, firstBadSeq: 41, reason: 'gap' });
    // An archive month starting at checkpoint 5: resume from the stored frontier of the first four.
    const frontier = frontierOf(4).map((f) => log.nodes.get(`${f.level}/${f.index}`)!);
    const mid = { nextIndex: 5, frontier, eventsFrom: from };
    expect(run(log.events.slice(from - 1), log.checkpoints.slice(4), { ...mid, nextIndex: 5 })).toMatchObject({ ok: false, reason: 'gap' }); // no anchor
    expect(run(log.events.slice(from - 1), log.checkpoints.slice(3), { ...mid, nextIndex: 4, frontier: frontierOf(3).map((f) => log.nodes.get(`${f.level}/${f.index}`)!) }))
      .toMatchObject({ ok: true, checked: 55, checkpoints: 7 });
    expect(run(log.events.slice(from - 1), log.checkpoints.slice(3), { ...mid, nextIndex: 4 })).toMatchObject({ ok: false, reason: 'checkpoint-link' });
  });
});
