import type { ResourceConfig } from '../config.js';
import type { CheckedFilter } from '../filter.js';

/**
 * What every table-like source does (PostgreSQL, MySQL/MariaDB, PGlite, CSV, xlsx). Columns are configured column
 * names; rows come back as arrays in the order of `columns`, unmasked: masking happens once, in the service, for
 * every source alike. The HTTP source (share method api) is a pass-through and has its own shape (http.ts).
 *
 * Comparison is split: the connector only fetches the provider's rows for a batch of keys (`fetchByKeys`); the
 * comparison itself is one pure function (compare.ts) for all sources. Either way no value leaves the node.
 */
export type Row = unknown[];

export interface QuerySpec {
  columns: string[];
  filters: CheckedFilter[];
  /** Keyset paging: only rows whose key is greater than this (the last key of the previous page). */
  after?: unknown[];
  limit: number;
}

export interface ExportSpec {
  columns: string[];
  after?: unknown[];
  /** Incremental export: rows whose updatedAtColumn ≥ since. */
  since?: string;
  batchSize: number;
}

export interface ResourceStats { rows: number; lastChange: string | null }

export interface Connector {
  readonly source: string;
  query(resource: ResourceConfig, spec: QuerySpec): Promise<Row[]>;
  fetchByKeys(resource: ResourceConfig, keyColumns: string[], keys: string[][], columns: string[]): Promise<Row[]>;
  /** Batches of rows in key order, pulled one at a time: the caller's pace is the source's (flat memory). */
  exportRows(resource: ResourceConfig, spec: ExportSpec): AsyncIterable<Row[]>;
  stats(resource: ResourceConfig): Promise<ResourceStats>;
  /** Resolves when the source answers; throws SOURCE_UNAVAILABLE otherwise. */
  health(): Promise<void>;
  close(): Promise<void>;
}
