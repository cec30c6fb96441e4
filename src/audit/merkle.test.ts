import { describe, expect, it } from 'vitest';
import {
  appendToFrontier, consistencyProof, emptyRoot, frontierOf, inclusionProof, leafHash, rangeHashOfLeaves, rangeHashOfNodes,
  rootFromInclusionProof, rootOfFrontier, rootOfLeaves, verifyConsistency, verifyInclusion, type Hash,
} from './merkle.js';

// The certificate-transparency / transparency-dev test vectors (RFC 6962 trees over these eight leaves).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', 'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4', '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c', '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const PATHS: Array<[number, number, string[]]> = [
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];
const CONSISTENCY: Array<[number, number, string[]]> = [
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
const hex = (hs: Hash[]) => hs.map((h) => h.toString('hex'));
const leaves = (alg: 'sha256' | 'sm3', n: number) => Array.from({ length: n }, (_, i) => leafHash(alg, Buffer.from(`event ${i}`)));

/** Every way a valid proof can be spoiled (transparency-dev/merkle proof/verify_test.go). */
function corruptions(proof: Hash[]): Array<[string, Hash[]]> {
  const out: Array<[string, Hash[]]> = [['extra element at the end', [...proof, Buffer.alloc(32)]], ['extra element at the start', [Buffer.alloc(32), ...proof]]];
  if (proof.length > 0) {
    out.push(['last element missing', proof.slice(0, -1)], ['first element missing', proof.slice(1)]);
    out.push(['an element duplicated', [...proof.slice(0, 1), ...proof]]);
    for (let i = 0; i < proof.length; i++) {
      const flipped = proof.map((h) => Buffer.from(h));
      const h = flipped[i]!;
      h[i % 32] = h[i % 32]! ^ 0x01;
      out.push([`bit flipped in element ${i}`, flipped]);
    }
  }
  if (proof.length > 1) out.push(['two elements swapped', [proof[1]!, proof[0]!, ...proof.slice(2)]]);
  return out;
}

describe('RFC 6962 Merkle tree', () => {
  it('matches the CT vectors: empty tree, every size 1..8', () => {
    expect(emptyRoot('sha256').toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const ls = LEAVES.map((d) => leafHash('sha256', d));
    for (let n = 1; n <= 8; n++) expect(rootOfLeaves('sha256', ls.slice(0, n)).toString('hex')).toBe(ROOTS[n - 1]);
  });

  it('builds the CT audit paths and consistency proofs', () => {
    const ls = LEAVES.map((d) => leafHash('sha256', d));
    for (const [i, n, want] of PATHS) expect(hex(inclusionProof(i, n, rangeHashOfLeaves('sha256', ls.slice(0, n))))).toEqual(want);
    for (const [m, n, want] of CONSISTENCY) expect(hex(consistencyProof(m, n, rangeHashOfLeaves('sha256', ls.slice(0, n))))).toEqual(want);
  });

  it.each(['sha256', 'sm3'] as const)('every valid %s inclusion proof verifies, every mutation is rejected (sizes 1..33)', (alg) => {
    const all = leaves(alg, 34);
    for (let size = 1; size <= 33; size++) {
      const ls = all.slice(0, size);
      const root = rootOfLeaves(alg, ls);
      const mth = rangeHashOfLeaves(alg, ls);
      for (let i = 0; i < size; i++) {
        const proof = inclusionProof(i, size, mth);
        expect(verifyInclusion(alg, i, size, ls[i]!, proof, root), `${i}/${size}`).toBe(true);
        if (i + 1 < size) expect(verifyInclusion(alg, i + 1, size, ls[i]!, proof, root), 'wrong index').toBe(false);
        if (i > 0) expect(verifyInclusion(alg, i - 1, size, ls[i]!, proof, root), 'wrong index').toBe(false);
        if ((i ^ 2) < size) expect(verifyInclusion(alg, i ^ 2, size, ls[i]!, proof, root), 'wrong index (i ^ 2)').toBe(false);
        // Wrong tree height (size ± 1 can give the same path shape, so the probes change the height, as upstream).
        expect(verifyInclusion(alg, i, size * 2, ls[i]!, proof, root), 'wrong size (size * 2)').toBe(false);
        if (i < Math.floor(size / 2)) expect(verifyInclusion(alg, i, Math.floor(size / 2), ls[i]!, proof, root), 'wrong size (size / 2)').toBe(false);
        expect(verifyInclusion(alg, size, size, ls[i]!, proof, root), 'index = size').toBe(false);
        expect(verifyInclusion(alg, -1, size, ls[i]!, proof, root), 'negative index').toBe(false);
        expect(verifyInclusion(alg, i, size, all[i + 1]!, proof, root), 'wrong leaf').toBe(false);
        expect(verifyInclusion(alg, i, size, ls[i]!, proof, leafHash(alg, Buffer.from('other root'))), 'wrong root').toBe(false);
        expect(verifyInclusion(alg, i, size, ls[i]!, proof, Buffer.alloc(0)), 'empty root').toBe(false);
        for (const [what, bad] of corruptions(proof)) expect(verifyInclusion(alg, i, size, ls[i]!, bad, root), what).toBe(false);
      }
    }
  });

  it.each(['sha256', 'sm3'] as const)('every valid %s consistency proof verifies, every mutation is rejected (sizes 0..33)', (alg) => {
    const all = leaves(alg, 34);
    const roots = Array.from({ length: 35 }, (_, n) => rootOfLeaves(alg, all.slice(0, n)));
    const other = leafHash(alg, Buffer.from('forged'));
    for (let n = 1; n <= 33; n++) {
      const mth = rangeHashOfLeaves(alg, all.slice(0, n));
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(m, n, mth);
        expect(verifyConsistency(alg, m, n, proof, roots[m]!, roots[n]!), `${m}→${n}`).toBe(true);
        if (m === 0) continue; // the empty tree is a prefix of everything
        expect(verifyConsistency(alg, n, m, proof, roots[n]!, roots[m]!), 'larger to smaller').toBe(m === n);
        if (m === n) {
          expect(verifyConsistency(alg, m, n, [roots[m]!], roots[m]!, roots[n]!), 'extra element on equal sizes').toBe(false);
          continue;
        }
        expect(verifyConsistency(alg, m, n, proof, other, roots[n]!), 'wrong old root').toBe(false);
        expect(verifyConsistency(alg, m, n, proof, roots[m]!, other), 'wrong new root').toBe(false);
        expect(verifyConsistency(alg, m, n, proof, roots[m]!, roots[n - 1]!), 'root of a smaller tree').toBe(false);
        expect(verifyConsistency(alg, m - 1, n, proof, roots[m - 1]!, roots[n]!), 'wrong old size').toBe(false);
        if (m + 1 < n) expect(verifyConsistency(alg, m + 1, n, proof, roots[m + 1]!, roots[n]!), 'wrong old size (+1)').toBe(false);
        expect(verifyConsistency(alg, m, n + 1, proof, roots[m]!, roots[n + 1]!), 'wrong new size').toBe(false);
        for (const [what, bad] of corruptions(proof)) expect(verifyConsistency(alg, m, n, bad, roots[m]!, roots[n]!), what).toBe(false);
      }
    }
  });

  it('an audit path leads nowhere when its shape does not fit (index, size)', () => {
    const ls = leaves('sha256', 5);
    const proof = inclusionProof(4, 5, rangeHashOfLeaves('sha256', ls));
    expect(rootFromInclusionProof('sha256', 4, 5, ls[4]!, proof)).toEqual(rootOfLeaves('sha256', ls));
    expect(rootFromInclusionProof('sha256', 4, 5, ls[4]!, [...proof, ls[0]!])).toBeUndefined();
    expect(rootFromInclusionProof('sha256', 0, 5, ls[0]!, [])).toBeUndefined();
    expect(() => inclusionProof(5, 5, rangeHashOfLeaves('sha256', ls))).toThrow(RangeError);
    expect(() => consistencyProof(6, 5, rangeHashOfLeaves('sha256', ls))).toThrow(RangeError);
  });

  it('a frontier of stored perfect subtrees gives the same roots and proofs as the leaves', () => {
    const all = leaves('sha256', 70);
    const nodes = new Map<string, Hash>();
    const frontier: Hash[] = [];
    all.forEach((leaf, i) => {
      for (const n of appendToFrontier('sha256', frontier, i, leaf)) nodes.set(`${n.level}/${n.index}`, n.hash);
      const size = i + 1;
      expect(rootOfFrontier('sha256', frontier)).toEqual(rootOfLeaves('sha256', all.slice(0, size)));
      expect(frontierOf(size).map((f) => nodes.get(`${f.level}/${f.index}`))).toEqual(frontier);
    });
    const fromNodes = rangeHashOfNodes('sha256', (level, index) => nodes.get(`${level}/${index}`)!);
    const fromLeaves = rangeHashOfLeaves('sha256', all);
    for (const [m, n] of [[1, 70], [13, 64], [64, 70], [37, 69]] as const) {
      expect(consistencyProof(m, n, fromNodes)).toEqual(consistencyProof(m, n, rangeHashOfLeaves('sha256', all.slice(0, n))));
      expect(inclusionProof(m - 1, n, fromNodes)).toEqual(inclusionProof(m - 1, n, rangeHashOfLeaves('sha256', all.slice(0, n))));
    }
    expect(fromNodes(0, 70)).toEqual(fromLeaves(0, 70));
  });
});
