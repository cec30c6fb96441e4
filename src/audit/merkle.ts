import { hash as oneShot } from 'node:crypto';
import type { HashAlgorithm } from './chain.js';

/*
 * RFC 6962 (§2.1) Merkle tree hash, audit paths and consistency proofs, with RFC 9162 §2.1.3.2/§2.1.4.2 verification.
 *
 * Written here, not taken from npm (checked the registry list for "merkle"): merkletreejs builds Bitcoin-style trees
 * (no 0x00/0x01 domain separation, odd nodes duplicated or promoted differently) and has no consistency proofs;
 * @sigstore/verify only verifies SHA-256 inclusion as an internal of Rekor bundles; the rest are Ethereum/Solidity or
 * sparse/incremental trees for zk circuits. None does RFC 6962 with SM3, which the gm suite needs. The algorithms are
 * short, pure and tested against the CT vectors (merkle.test.ts).
 *
 * Hashes are raw bytes (Buffer) here; hex is for the edges (API, files).
 */

export type Hash = Buffer;
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function digest(alg: HashAlgorithm, data: Buffer): Hash {
  return oneShot(alg, data, 'buffer') as Buffer;
}

/** MTH({d}) = H(0x00 || d). */
export function leafHash(alg: HashAlgorithm, data: Buffer): Hash {
  return digest(alg, Buffer.concat([LEAF, data]));
}

/** H(0x00 || bytes(hex)): the leaf of an event (or checkpoint) hash given in hex, without an intermediate buffer. */
export function leafOfHex(alg: HashAlgorithm, hex: string): Hash {
  const b = Buffer.allocUnsafe(1 + (hex.length >> 1));
  b[0] = 0x00;
  b.write(hex, 1, 'hex');
  return digest(alg, b);
}

const pair = Buffer.alloc(65);

/** H(0x01 || left || right). Both suites' hashes are 32 bytes: one reused buffer (the one-shot hash copies it). */
export function nodeHash(alg: HashAlgorithm, left: Hash, right: Hash): Hash {
  if (left.length !== 32 || right.length !== 32) return digest(alg, Buffer.concat([NODE, left, right]));
  pair[0] = 0x01;
  left.copy(pair, 1);
  right.copy(pair, 33);
  return digest(alg, pair);
}

/** MTH({}) = H(""). */
export function emptyRoot(alg: HashAlgorithm): Hash {
  return digest(alg, Buffer.alloc(0));
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes (already H(0x00||d)). */
export function rootOfLeaves(alg: HashAlgorithm, leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return emptyRoot(alg);
  return rangeOf(alg, leaves, 0, leaves.length);
}

function rangeOf(alg: HashAlgorithm, leaves: readonly Hash[], lo: number, hi: number): Hash {
  if (hi - lo === 1) return leaves[lo]!;
  const k = splitPoint(hi - lo);
  return nodeHash(alg, rangeOf(alg, leaves, lo, lo + k), rangeOf(alg, leaves, lo + k, hi));
}

/** MTH(D[lo:hi]) for the proof builders: from leaves in memory, or from stored perfect subtrees (checkpoint log). */
export type RangeHash = (lo: number, hi: number) => Hash;

export function rangeHashOfLeaves(alg: HashAlgorithm, leaves: readonly Hash[]): RangeHash {
  return (lo, hi) => rangeOf(alg, leaves, lo, hi);
}

/** RFC 6962 §2.1.1 PATH(m, D[n]): the audit path of leaf `index` in a tree of `size` leaves. */
export function inclusionProof(index: number, size: number, mth: RangeHash): Hash[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is outside a tree of ${size}`);
  const path = (m: number, lo: number, hi: number): Hash[] => {
    if (hi - lo === 1) return [];
    const k = splitPoint(hi - lo);
    return m < k ? [...path(m, lo, lo + k), mth(lo + k, hi)] : [...path(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  return path(index, 0, size);
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]): proves the tree of `oldSize` leaves is a prefix of the tree of `newSize`. */
export function consistencyProof(oldSize: number, newSize: number, mth: RangeHash): Hash[] {
  if (!(oldSize >= 0 && oldSize <= newSize)) throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const sub = (m: number, lo: number, hi: number, complete: boolean): Hash[] => {
    if (m === hi - lo) return complete ? [] : [mth(lo, hi)];
    const k = splitPoint(hi - lo);
    return m <= k ? [...sub(m, lo, lo + k, complete), mth(lo + k, hi)] : [...sub(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  return sub(oldSize, 0, newSize, true);
}

/** RFC 9162 §2.1.3.2: the root an audit path leads to, or undefined when the path cannot belong to (index, size). */
export function rootFromInclusionProof(alg: HashAlgorithm, index: number, size: number, leaf: Hash, proof: readonly Hash[]): Hash | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined; // extra element
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(alg, p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      r = nodeHash(alg, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined; // sn > 0: elements missing
}

export function verifyInclusion(alg: HashAlgorithm, index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  const r = rootFromInclusionProof(alg, index, size, leaf, proof);
  return r !== undefined && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree (oldSize, oldRoot) is a prefix of (newSize, newRoot)? */
export function verifyConsistency(alg: HashAlgorithm, oldSize: number, newSize: number, proof: readonly Hash[], oldRoot: Hash, newRoot: Hash): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  if (oldSize === 0) return proof.length === 0; // the empty tree is a prefix of every tree
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(alg, c, fr);
      sr = nodeHash(alg, c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
    } else {
      sr = nodeHash(alg, sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/**
 * The perfect subtrees (level, index) whose roots make up a tree of `size` leaves, left to right: one per set bit of
 * `size`. The checkpoint log stores these (audit_checkpoint_nodes) so a proof over millions of checkpoints reads
 * O(log n) rows, and an appender or an archive verifier resumes from them.
 */
export function frontierOf(size: number): Array<{ level: number; index: number }> {
  const out: Array<{ level: number; index: number }> = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (size - start >= width) {
      out.push({ level, index: start / width });
      start += width;
    }
  }
  return out;
}

/** Root of a tree from its frontier's hashes (left to right): MTH = H(f0, H(f1, … fk)). */
export function rootOfFrontier(alg: HashAlgorithm, frontier: readonly Hash[]): Hash {
  if (frontier.length === 0) return emptyRoot(alg);
  let r = frontier[frontier.length - 1]!;
  for (let i = frontier.length - 2; i >= 0; i--) r = nodeHash(alg, frontier[i]!, r);
  return r;
}

/**
 * MTH(D[lo:hi]) from perfect-subtree roots, for the RFC 6962 recursion (whose ranges always start on a boundary of
 * their left perfect part). `node(level, index)` returns the root of leaves [index·2^level, (index+1)·2^level).
 */
export function rangeHashOfNodes(alg: HashAlgorithm, node: (level: number, index: number) => Hash): RangeHash {
  const mth = (lo: number, hi: number): Hash => {
    const n = hi - lo;
    if (isPowerOfTwo(n) && lo % n === 0) return node(Math.log2(n), lo / n);
    const k = splitPoint(n);
    return nodeHash(alg, mth(lo, lo + k), mth(lo + k, hi));
  };
  return mth;
}

/** Appends a leaf to a frontier; returns the new perfect nodes it completes (to store), lowest level first. */
export function appendToFrontier(alg: HashAlgorithm, frontier: Hash[], size: number, leaf: Hash): Array<{ level: number; index: number; hash: Hash }> {
  const made = [{ level: 0, index: size, hash: leaf }];
  let h = leaf;
  let index = size;
  let level = 0;
  frontier.push(leaf);
  while (index % 2 === 1) {
    frontier.pop();
    const left = frontier.pop()!;
    h = nodeHash(alg, left, h);
    index = Math.floor(index / 2);
    level++;
    frontier.push(h);
    made.push({ level, index, hash: h });
  }
  return made;
}
