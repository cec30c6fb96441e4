import type { CheckedFilter, Scalar } from '../filter.js';
import { normalizeKey } from '../normalize.js';

/**
 * A file's rows held in memory, sorted by the resource key, with a hash index per lookup key set. The same
 * semantics as the SQL sources: filters, keyset paging after a key, lookups by key. Pure; tested without files.
 */
export type Cell = string | number | boolean | null;

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Numbers (and numeric text) by value, everything else by code unit; null sorts first. */
export function compareCells(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  const sa = String(a);
  const sb = String(b);
  if (NUMERIC.test(sa) && NUMERIC.test(sb)) return Number(sa) - Number(sb) || (sa < sb ? -1 : sa > sb ? 1 : 0);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function matches(cell: Cell, f: CheckedFilter): boolean {
  const [a, b] = f.values as [Scalar, Scalar];
  switch (f.op) {
    case 'eq': return cell !== null && compareCells(cell, a) === 0;
    case 'in': return cell !== null && f.values.some((v) => compareCells(cell, v) === 0);
    case 'gt': return cell !== null && compareCells(cell, a) > 0;
    case 'lt': return cell !== null && compareCells(cell, a) < 0;
    case 'between': return cell !== null && compareCells(cell, a) >= 0 && compareCells(cell, b) <= 0;
    case 'prefix': return cell !== null && String(cell).startsWith(String(a));
  }
}

export class MemoryTable {
  private readonly col = new Map<string, number>();
  private readonly keyIdx: number[];
  private readonly indexes = new Map<string, Map<string, number>>();

  constructor(header: string[], private readonly rows: Cell[][], keyColumns: string[]) {
    header.forEach((h, i) => this.col.set(h, i));
    this.keyIdx = keyColumns.map((k) => this.column(k));
    this.rows.sort((x, y) => this.compareKeys(this.keyIdx.map((i) => x[i]), y));
  }

  get size(): number { return this.rows.length; }

  /** The position of a configured column; throws with the column's name when the file has no such header. */
  column(name: string): number {
    const i = this.col.get(name);
    if (i === undefined) throw new Error(`the file has no column "${name}"`);
    return i;
  }

  private compareKeys(key: unknown[], row: Cell[]): number {
    for (let j = 0; j < this.keyIdx.length; j++) {
      const c = compareCells(key[j], row[this.keyIdx[j]!]);
      if (c !== 0) return c;
    }
    return 0;
  }

  /** Index of the first row whose key is greater than `after` (binary search). */
  private firstAfter(after: unknown[] | undefined): number {
    if (!after) return 0;
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compareKeys(after, this.rows[mid]!) >= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  select(columns: string[], opts: { filters?: CheckedFilter[]; after?: unknown[]; since?: { column: string; value: string }; limit: number }): Cell[][] {
    const idx = columns.map((c) => this.column(c));
    const fs = (opts.filters ?? []).map((f) => ({ f, i: this.column(f.column) }));
    const since = opts.since ? { i: this.column(opts.since.column), v: opts.since.value } : undefined;
    const out: Cell[][] = [];
    for (let r = this.firstAfter(opts.after); r < this.rows.length && out.length < opts.limit; r++) {
      const row = this.rows[r]!;
      if (!fs.every(({ f, i }) => matches(row[i]!, f))) continue;
      if (since && !(row[since.i] !== null && compareCells(row[since.i], since.v) >= 0)) continue;
      out.push(idx.map((i) => row[i]!));
    }
    return out;
  }

  byKeys(keyColumns: string[], keys: string[][], columns: string[]): Cell[][] {
    const idx = columns.map((c) => this.column(c));
    const index = this.index(keyColumns);
    const out: Cell[][] = [];
    for (const k of keys) {
      const r = index.get(JSON.stringify(k.map(normalizeKey)));
      if (r !== undefined) out.push(idx.map((i) => this.rows[r]![i]!));
    }
    return out;
  }

  private index(keyColumns: string[]): Map<string, number> {
    const name = JSON.stringify(keyColumns);
    let index = this.indexes.get(name);
    if (!index) {
      const ks = keyColumns.map((k) => this.column(k));
      index = new Map();
      for (let r = 0; r < this.rows.length; r++) {
        const key = JSON.stringify(ks.map((i) => normalizeKey(this.rows[r]![i])));
        if (!index.has(key)) index.set(key, r); // the first row wins, as with ORDER BY key in SQL
      }
      this.indexes.set(name, index);
    }
    return index;
  }

  maxOf(column: string): Cell {
    const i = this.column(column);
    let max: Cell = null;
    for (const row of this.rows) if (row[i] !== null && (max === null || compareCells(row[i], max) > 0)) max = row[i]!;
    return max;
  }
}
