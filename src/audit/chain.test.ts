import { describe, expect, it } from 'vitest';
import { ChainVerifier, GENESIS_HASH, canonicalJson, chainHash, encodeEvent, type ChainedEvent, type HashAlgorithm, type StoredEvent } from './chain.js';

function build(n: number, alg: HashAlgorithm = 'sha256'): StoredEvent[] {
  let prev = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const e: ChainedEvent = {
      seq: i + 1, at: new Date(Date.UTC(2026, 10, 25, 0, 0, i)).toISOString(), actorId: `u${i % 3}`, actorName: '张三',
      departmentId: 'd1', action: 'resource.query', objectType: 'resource', objectId: `101001001/00000${i}`, outcome: 'success',
      requestId: `r${i}`, detail: { rows: i, items: ['姓名', '公民身份号码'] },
    };
    const hash = chainHash(alg, prev, e);
    const s = { ...e, prevHash: prev, hash };
    prev = hash;
    return s;
  });
}

function verify(events: StoredEvent[], alg: HashAlgorithm = 'sha256') {
  const v = new ChainVerifier(alg);
  for (const e of events) if (!v.push(e)) break;
  return v.result();
}

describe('hash chain', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('canonical JSON: the fast path gives the same bytes as sorting, on random nested data', () => {
    const sorted = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
      if (Array.isArray(v)) return `[${v.map(sorted).join(',')}]`;
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${sorted(o[k])}`).join(',')}}`;
    };
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const keys = ['a', 'b', 'B', '10', '2', '姓名', 'z', 'é', ''];
    const gen = (depth: number): unknown => {
      switch (rnd(depth > 2 ? 6 : 9)) {
        case 0: return null;
        case 1: return rnd(2) === 0;
        case 2: return rnd(1000) - 500 + rnd(3) / 4;
        case 3: return ['张三', 'x"y', '\n', ''][rnd(4)];
        case 4: return undefined;
        case 5: return new Date(0);
        case 6: case 7: return Array.from({ length: rnd(4) }, () => gen(depth + 1));
        default: return Object.fromEntries(Array.from({ length: rnd(5) }, () => [keys[rnd(keys.length)]!, gen(depth + 1)]));
      }
    };
    for (let i = 0; i < 3000; i++) {
      const v = gen(0);
      expect(canonicalJson(v)).toBe(sorted(v));
      const e = { seq: i, at: '2026-11-25T00:00:00.000Z', actorId: null, actorName: '张"三', departmentId: 'd', action: 'a', objectType: null, objectId: 'x\ny', outcome: 'success' as const, requestId: null, detail: v as Record<string, unknown> | null };
      expect(encodeEvent(e)).toBe(sorted([e.seq, e.at, e.actorId, e.actorName, e.departmentId, e.action, e.objectType, e.objectId, e.outcome, e.requestId, e.detail]));
    }
  });

  it.each(['sha256', 'sm3'] as const)('an intact %s chain verifies', (alg) => {
    const r = verify(build(50, alg), alg);
    expect(r).toMatchObject({ ok: true, checked: 50, lastSeq: 50 });
  });

  it('an edited field is caught at its sequence number', () => {
    const events = build(20);
    events[7] = { ...events[7]!, actorName: '李四' };
    expect(verify(events)).toMatchObject({ ok: false, firstBadSeq: 8, reason: 'hash', checked: 7 });
  });

  it('an edited row with a recomputed hash is caught at the next link', () => {
    const events = build(20);
    const edited = { ...events[7]!, outcome: 'failure' as const };
    events[7] = { ...edited, hash: chainHash('sha256', edited.prevHash, edited) };
    expect(verify(events)).toMatchObject({ ok: false, firstBadSeq: 9, reason: 'link' });
  });

  it('a removed row is caught as a gap', () => {
    const events = build(20);
    events.splice(4, 1);
    expect(verify(events)).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'gap' });
  });

  it('a reordered pair is caught', () => {
    const events = build(20);
    [events[10], events[11]] = [events[11]!, events[10]!];
    expect(verify(events)).toMatchObject({ ok: false, firstBadSeq: 11 });
  });

  it('a renumbered pair (seqs swapped back) is caught by the links', () => {
    const events = build(20);
    const a = events[10]!;
    const b = events[11]!;
    events[10] = { ...b, seq: 11 };
    events[11] = { ...a, seq: 12 };
    expect(verify(events)).toMatchObject({ ok: false, firstBadSeq: 11 });
  });

  it('a chain made with one algorithm does not verify with the other', () => {
    expect(verify(build(3, 'sha256'), 'sm3').ok).toBe(false);
  });
});
