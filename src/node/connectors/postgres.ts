import pg from 'pg';
import Cursor from 'pg-cursor';
import type { ResourceConfig, SourceConfig } from '../config.js';
import { byKeysSql, postgres as dialect, selectSql, statsSql } from '../sql.js';
import { guarded, sourceError, withDeadline } from './source-errors.js';
import type { Connector, ExportSpec, QuerySpec, ResourceStats, Row } from './types.js';

export interface SqlTimeouts { timeoutMs: number; connectTimeoutMs: number }

/** Dates and timestamps as the database's text: no time-zone shifts between the source and the consumer. */
const TEXT = (v: string) => v;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1082 || oid === 1114 || oid === 1184 || oid === 1083) return TEXT; // date, timestamp(tz), time
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Runs queries on a node-postgres client (a pooled PostgreSQL connection or a PGlite session). */
export type QueryFn = (sql: string, params: unknown[]) => Promise<Row[]>;

/** Shared by PostgreSQL and PGlite: the same dialect, different executors. */
export abstract class PgLikeConnector implements Connector {
  protected constructor(readonly source: string, protected readonly log: (err: unknown) => void) {}
  protected abstract run(sql: string, params: unknown[]): Promise<Row[]>;
  abstract exportRows(resource: ResourceConfig, spec: ExportSpec): AsyncIterable<Row[]>;
  abstract close(): Promise<void>;

  query(resource: ResourceConfig, spec: QuerySpec): Promise<Row[]> {
    const st = selectSql(dialect, { table: resource.table!, columns: spec.columns, keys: resource.keyColumns, filters: spec.filters, after: spec.after, limit: spec.limit });
    return guarded(this.source, this.log, () => this.run(st.sql, st.params));
  }

  async fetchByKeys(resource: ResourceConfig, keyColumns: string[], keys: string[][], columns: string[]): Promise<Row[]> {
    const out: Row[] = [];
    // One key column: a single `= ANY($1)` per 10,000 keys; composite keys: tuple lists within the 65,535-parameter limit.
    const chunk = keyColumns.length === 1 ? 10_000 : Math.floor(30_000 / keyColumns.length);
    for (let i = 0; i < keys.length; i += chunk) {
      const st = byKeysSql(dialect, resource.table!, columns, keyColumns, keys.slice(i, i + chunk));
      out.push(...await guarded(this.source, this.log, () => this.run(st.sql, st.params)));
    }
    return out;
  }

  async stats(resource: ResourceConfig): Promise<ResourceStats> {
    const st = statsSql(dialect, resource.table!, resource.updatedAtColumn);
    const [row] = await guarded(this.source, this.log, () => this.run(st.sql, st.params));
    return { rows: Number(row?.[0] ?? 0), lastChange: row?.[1] == null ? null : String(row[1]) };
  }

  async health(): Promise<void> {
    await guarded(this.source, this.log, () => this.run('SELECT 1', []));
  }
}

export class PostgresConnector extends PgLikeConnector {
  private readonly pool: pg.Pool;
  /** Exports get their own small pool: node-postgres's query_timeout would cut any export longer than it. */
  private readonly exportPool: pg.Pool;

  constructor(cfg: SourceConfig, private readonly t: SqlTimeouts, log: (err: unknown) => void) {
    super(cfg.name, log);
    const common = {
      connectionString: cfg.url,
      connectionTimeoutMillis: t.connectTimeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: t.timeoutMs, // the server cancels a long statement…
      keepAlive: true,
      application_name: 'govshare-node',
      types,
    };
    // …and the client gives up if even that answer does not come.
    this.pool = new pg.Pool({ ...common, max: cfg.pool, query_timeout: t.timeoutMs + 2_000 });
    this.exportPool = new pg.Pool({ ...common, max: Math.max(1, Math.min(4, cfg.pool)) });
    this.pool.on('error', (err) => log(err)); // an idle client's broken connection must not crash the node
    this.exportPool.on('error', (err) => log(err));
  }

  protected async run(sql: string, params: unknown[]): Promise<Row[]> {
    const res = await this.pool.query({ text: sql, values: params, rowMode: 'array' });
    return res.rows as Row[];
  }

  /**
   * A server-side cursor in a read-only REPEATABLE READ transaction: one consistent snapshot, fetched batch by batch
   * as the consumer reads. statement_timeout counts the whole portal's life (measured), so it is lifted for this
   * transaction and each fetch gets its own deadline instead; an abandoned export is closed by the caller's `finally`.
   */
  async *exportRows(resource: ResourceConfig, spec: ExportSpec): AsyncIterable<Row[]> {
    const st = selectSql(dialect, {
      table: resource.table!, columns: spec.columns, keys: resource.keyColumns, after: spec.after,
      since: spec.since && resource.updatedAtColumn ? { column: resource.updatedAtColumn, value: spec.since } : undefined,
    });
    const client = await guarded(this.source, this.log, () => this.exportPool.connect());
    let broken = false;
    let cursor: Cursor<Row> | undefined;
    let pending: Promise<Row[]> | undefined;
    try {
      await guarded(this.source, this.log, async () => {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        await client.query('SET LOCAL statement_timeout = 0');
      });
      const cur = client.query(new Cursor<Row>(st.sql, st.params, { rowMode: 'array', types }));
      cursor = cur;
      // pg-cursor turns some failures (a client-side timeout, measured) into an early, silent end: listen for them.
      let failed: unknown;
      cur.on('error', (err) => { failed = err; });
      const fetch = () => guarded(this.source, this.log, () => withDeadline(this.source, this.t.timeoutMs, cur.read(spec.batchSize)));
      // Double buffering: the next batch is requested before this one is handed on, so PostgreSQL produces rows
      // while the node masks and writes (measured: without it the node waits on the database most of the time).
      pending = fetch();
      for (;;) {
        const rows = await pending;
        pending = undefined;
        if (failed) throw sourceError(this.source, failed);
        if (rows.length === 0) break;
        if (rows.length === spec.batchSize) pending = fetch();
        yield rows;
        if (!pending) break;
      }
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      if (pending) await pending.catch(() => { broken = true; });
      if (!broken) {
        await cursor?.close().catch(() => { broken = true; });
        await client.query('COMMIT').catch(() => { broken = true; });
      }
      client.release(broken); // a connection in an unknown state is discarded, not reused
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.exportPool.end()]);
  }
}
