import mysql2 from 'mysql2';
import type { ExecuteValues, Pool, PoolConnection } from 'mysql2';
import type { ResourceConfig, SourceConfig } from '../config.js';
import { byKeysSql, mysql as dialect, selectSql, statsSql } from '../sql.js';
import type { SqlTimeouts } from './postgres.js';
import { readBatch } from './batches.js';
import { guarded, withDeadline } from './source-errors.js';
import type { Connector, ExportSpec, QuerySpec, ResourceStats, Row } from './types.js';

/**
 * MySQL / MariaDB through a mysql2 pool, with server-side prepared statements (`execute`): values travel as
 * parameters of the binary protocol. Every new connection gets a statement time limit (MariaDB max_statement_time,
 * else MySQL max_execution_time); the client also gives up after timeoutMs.
 */
export class MysqlConnector implements Connector {
  readonly source: string;
  private readonly pool: Pool;

  constructor(cfg: SourceConfig, private readonly t: SqlTimeouts, private readonly log: (err: unknown) => void) {
    this.source = cfg.name;
    this.pool = mysql2.createPool({
      uri: cfg.url,
      connectionLimit: cfg.pool,
      connectTimeout: t.connectTimeoutMs,
      dateStrings: true, // dates as the database's text, no time-zone shifts
      supportBigNumbers: true,
      bigNumberStrings: true,
      charset: 'utf8mb4',
      enableKeepAlive: true,
    });
    this.pool.on('connection', (conn) => {
      const seconds = t.timeoutMs / 1000;
      conn.query('SET SESSION max_statement_time = ?', [seconds], (err) => {
        if (err) conn.query('SET SESSION max_execution_time = ?', [t.timeoutMs], () => undefined);
      });
    });
  }

  private async run(sql: string, params: unknown[]): Promise<Row[]> {
    const [rows] = await this.pool.promise().execute({ sql, timeout: this.t.timeoutMs, rowsAsArray: true }, params as ExecuteValues[]);
    return rows as Row[];
  }

  query(resource: ResourceConfig, spec: QuerySpec): Promise<Row[]> {
    const st = selectSql(dialect, { table: resource.table!, columns: spec.columns, keys: resource.keyColumns, filters: spec.filters, after: spec.after, limit: spec.limit });
    return guarded(this.source, this.log, () => this.run(st.sql, st.params));
  }

  async fetchByKeys(resource: ResourceConfig, keyColumns: string[], keys: string[][], columns: string[]): Promise<Row[]> {
    const out: Row[] = [];
    const chunk = Math.floor(5_000 / keyColumns.length); // prepared statements take at most 65,535 placeholders
    for (let i = 0; i < keys.length; i += chunk) {
      const st = byKeysSql(dialect, resource.table!, columns, keyColumns, keys.slice(i, i + chunk));
      out.push(...await guarded(this.source, this.log, () => this.run(st.sql, st.params)));
    }
    return out;
  }

  /**
   * Rows streamed from one statement (mysql2 `.stream()`): the socket is paused while the consumer is slow, so
   * memory stays flat. The statement time limit is lifted for this session; each batch has its own deadline.
   */
  async *exportRows(resource: ResourceConfig, spec: ExportSpec): AsyncIterable<Row[]> {
    const st = selectSql(dialect, {
      table: resource.table!, columns: spec.columns, keys: resource.keyColumns, after: spec.after,
      since: spec.since && resource.updatedAtColumn ? { column: resource.updatedAtColumn, value: spec.since } : undefined,
    });
    const conn = await guarded(this.source, this.log, () => withDeadline(this.source, this.t.connectTimeoutMs + 1000, this.connection()));
    try {
      await guarded(this.source, this.log, () => conn.promise().query('SET SESSION max_statement_time = 0').catch(() => conn.promise().query('SET SESSION max_execution_time = 0')));
      const stream = conn.execute({ sql: st.sql, rowsAsArray: true }, st.params as ExecuteValues[]).stream({ highWaterMark: spec.batchSize });
      for (;;) {
        const rows = await guarded(this.source, this.log, () => withDeadline(this.source, this.t.timeoutMs, readBatch<Row>(stream, spec.batchSize)));
        if (!rows) break;
        yield rows;
      }
    } finally {
      // The session's time limit was lifted and a stopped export leaves it mid-result: never return it to the pool.
      conn.destroy();
    }
  }

  private connection(): Promise<PoolConnection> {
    return new Promise((resolve, reject) => this.pool.getConnection((err, conn) => (err ? reject(err) : resolve(conn))));
  }

  async stats(resource: ResourceConfig): Promise<ResourceStats> {
    const st = statsSql(dialect, resource.table!, resource.updatedAtColumn);
    const [row] = await guarded(this.source, this.log, () => this.run(st.sql, st.params));
    return { rows: Number(row?.[0] ?? 0), lastChange: row?.[1] == null ? null : String(row[1]) };
  }

  async health(): Promise<void> {
    await guarded(this.source, this.log, () => withDeadline(this.source, this.t.connectTimeoutMs + 1000, this.run('SELECT 1', [])));
  }

  async close(): Promise<void> {
    await this.pool.promise().end();
  }
}
