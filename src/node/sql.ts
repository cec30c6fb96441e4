import type { CheckedFilter, Scalar } from './filter.js';
import { escapeLike } from './filter.js';

/**
 * SQL text for the SQL sources. Identifiers come only from the node configuration and are always quoted;
 * every value is a bound parameter ($n for PostgreSQL/PGlite, ? for MySQL/MariaDB). No input is ever spliced in.
 */
export interface Dialect {
  name: 'postgres' | 'mysql';
  quote(identifier: string): string;
}

export const postgres: Dialect = { name: 'postgres', quote: (id) => `"${id.replace(/"/g, '""')}"` };
export const mysql: Dialect = { name: 'mysql', quote: (id) => `\`${id.replace(/`/g, '``')}\`` };

export interface Statement { sql: string; params: unknown[] }

/** Collects parameters and hands out their placeholders. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly d: Dialect) {}
  add(v: unknown): string {
    this.values.push(v);
    return this.d.name === 'postgres' ? `$${this.values.length}` : '?';
  }
}

export function tableRef(d: Dialect, table: string): string {
  return table.split('.').map((p) => d.quote(p)).join('.');
}

function filterSql(d: Dialect, p: Params, f: CheckedFilter): string {
  const col = d.quote(f.column);
  const [a, b] = f.values as [Scalar, Scalar];
  switch (f.op) {
    case 'eq': return `${col} = ${p.add(a)}`;
    case 'gt': return `${col} > ${p.add(a)}`;
    case 'lt': return `${col} < ${p.add(a)}`;
    case 'between': return `${col} BETWEEN ${p.add(a)} AND ${p.add(b)}`;
    case 'in': return d.name === 'postgres' ? `${col} = ANY(${p.add(f.values)})` : `${col} IN (${f.values.map((v) => p.add(v)).join(', ')})`;
    case 'prefix': {
      const ph = p.add(escapeLike(String(a)));
      return d.name === 'postgres' ? `${col} LIKE (${ph} || '%') ESCAPE '!'` : `${col} LIKE CONCAT(${ph}, '%') ESCAPE '!'`;
    }
  }
}

/** Keyset condition "key > after" (row-wise), written out for MySQL, whose row comparison may not use the index. */
function afterSql(d: Dialect, p: Params, keys: string[], after: unknown[]): string {
  if (d.name === 'postgres' || keys.length === 1) {
    const lhs = keys.length === 1 ? d.quote(keys[0]!) : `(${keys.map((k) => d.quote(k)).join(', ')})`;
    const rhs = keys.length === 1 ? p.add(after[0]) : `(${after.map((v) => p.add(v)).join(', ')})`;
    return `${lhs} > ${rhs}`;
  }
  const ors = keys.map((k, i) => {
    const eqs = keys.slice(0, i).map((kk, j) => `${d.quote(kk)} = ${p.add(after[j])}`);
    return `(${[...eqs, `${d.quote(k)} > ${p.add(after[i])}`].join(' AND ')})`;
  });
  return `(${ors.join(' OR ')})`;
}

export interface SelectSpec {
  table: string;
  columns: string[];
  keys: string[];
  filters?: CheckedFilter[];
  after?: unknown[];
  since?: { column: string; value: string };
  limit?: number;
}

/** SELECT columns FROM table WHERE filters AND key > after AND updated >= since ORDER BY key [LIMIT n]. */
export function selectSql(d: Dialect, s: SelectSpec): Statement {
  const p = new Params(d);
  const where = (s.filters ?? []).map((f) => filterSql(d, p, f));
  if (s.after) where.push(afterSql(d, p, s.keys, s.after));
  if (s.since) where.push(`${d.quote(s.since.column)} >= ${p.add(s.since.value)}`);
  let sql = `SELECT ${s.columns.map((c) => d.quote(c)).join(', ')} FROM ${tableRef(d, s.table)}`;
  if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
  sql += ` ORDER BY ${s.keys.map((k) => d.quote(k)).join(', ')}`;
  if (s.limit !== undefined) sql += ` LIMIT ${p.add(s.limit)}`;
  return { sql, params: p.values };
}

/** Rows whose key is one of `keys` (comparison lookups): `= ANY($1)` for one PostgreSQL column, else an IN list. */
export function byKeysSql(d: Dialect, table: string, columns: string[], keyColumns: string[], keys: unknown[][]): Statement {
  const p = new Params(d);
  let cond: string;
  if (keyColumns.length === 1) {
    const col = d.quote(keyColumns[0]!);
    cond = d.name === 'postgres' ? `${col} = ANY(${p.add(keys.map((k) => k[0]))})` : `${col} IN (${keys.map((k) => p.add(k[0])).join(', ')})`;
  } else {
    const tuple = keys.map((k) => `(${k.map((v) => p.add(v)).join(', ')})`).join(', ');
    cond = `(${keyColumns.map((k) => d.quote(k)).join(', ')}) IN (${tuple})`;
  }
  return { sql: `SELECT ${columns.map((c) => d.quote(c)).join(', ')} FROM ${tableRef(d, table)} WHERE ${cond}`, params: p.values };
}

export function statsSql(d: Dialect, table: string, updatedAt?: string): Statement {
  const last = updatedAt ? `MAX(${d.quote(updatedAt)})` : 'NULL';
  return { sql: `SELECT COUNT(*), ${last} FROM ${tableRef(d, table)}`, params: [] };
}
