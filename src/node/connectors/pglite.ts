import type { PGlite } from '@electric-sql/pglite';
import type { ResourceConfig, SourceConfig } from '../config.js';
import { postgres as dialect, selectSql } from '../sql.js';
import { PgLikeConnector } from './postgres.js';
import { guarded } from './source-errors.js';
import type { ExportSpec, Row } from './types.js';

/**
 * PGlite (PostgreSQL in WASM) in a data directory: for the demo and for trying a node without a database server.
 * One session, one process per data dir (DESIGN.md "Storage"); PGlite queues queries itself. No server-side cursor
 * across awaits, so exports page by key instead (the same order and resume semantics).
 */
export class PgliteConnector extends PgLikeConnector {
  private db: Promise<PGlite> | undefined;

  constructor(private readonly cfg: SourceConfig, log: (err: unknown) => void, private readonly existing?: PGlite) {
    super(cfg.name, log);
  }

  private open(): Promise<PGlite> {
    this.db ??= this.existing ? Promise.resolve(this.existing) : (async () => {
      const { PGlite: Ctor, types } = await import('@electric-sql/pglite'); // loaded only when a PGlite source exists (~2 s)
      const text = (v: string) => v;
      return Ctor.create(this.cfg.path, { parsers: { [types.DATE]: text, [types.TIMESTAMP]: text, [types.TIMESTAMPTZ]: text, [types.TIME]: text } });
    })();
    return this.db;
  }

  protected async run(sql: string, params: unknown[]): Promise<Row[]> {
    const db = await this.open();
    const res = await db.query<Row>(sql, params, { rowMode: 'array' });
    return res.rows;
  }

  async *exportRows(resource: ResourceConfig, spec: ExportSpec): AsyncIterable<Row[]> {
    const keyIdx = resource.keyColumns.map((k) => spec.columns.indexOf(k));
    let after = spec.after;
    for (;;) {
      const st = selectSql(dialect, {
        table: resource.table!, columns: spec.columns, keys: resource.keyColumns, after, limit: spec.batchSize,
        since: spec.since && resource.updatedAtColumn ? { column: resource.updatedAtColumn, value: spec.since } : undefined,
      });
      const rows = await guarded(this.source, this.log, () => this.run(st.sql, st.params));
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < spec.batchSize) return;
      const last = rows[rows.length - 1]!;
      after = keyIdx.map((i) => last[i]);
    }
  }

  async close(): Promise<void> {
    if (this.db && !this.existing) await (await this.db).close();
  }
}
