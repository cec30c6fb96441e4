import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import type { ResourceConfig, SourceConfig } from '../config.js';
import { MemoryTable, type Cell } from './memory-table.js';
import { guarded } from './source-errors.js';
import type { Connector, ExportSpec, QuerySpec, ResourceStats, Row } from './types.js';

/**
 * CSV and xlsx files, loaded into memory with an index on the key (memory-table.ts) and reloaded when the file
 * changes. Meant for the spreadsheets departments already keep: up to MAX_FILE_BYTES; larger data belongs in a
 * database. CSV: UTF-8 (a BOM is skipped), comma-separated, first row = column names.
 */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
const RECHECK_MS = 2_000;

interface Loaded { table: MemoryTable; mtimeMs: number; checkedAt: number }

export class FileConnector implements Connector {
  readonly source: string;
  private readonly loaded = new Map<string, Promise<Loaded>>();

  constructor(private readonly cfg: SourceConfig, private readonly log: (err: unknown) => void) {
    this.source = cfg.name;
  }

  filePath(resource: ResourceConfig): string {
    return resource.file ? path.resolve(this.cfg.path!, resource.file) : this.cfg.path!;
  }

  /** The resource's table, reloaded at most every 2 s when the file's mtime moved; one load at a time. */
  private async table(resource: ResourceConfig): Promise<MemoryTable> {
    return guarded(this.source, this.log, async () => {
      const file = this.filePath(resource);
      const current = this.loaded.get(resource.code);
      if (current) {
        const l = await current.catch(() => undefined);
        if (l && Date.now() - l.checkedAt < RECHECK_MS) return l.table;
        const st = await fs.promises.stat(file);
        if (l && st.mtimeMs === l.mtimeMs) {
          l.checkedAt = Date.now();
          return l.table;
        }
      }
      const p = this.load(resource, file);
      this.loaded.set(resource.code, p);
      p.catch(() => this.loaded.delete(resource.code));
      return (await p).table;
    });
  }

  private async load(resource: ResourceConfig, file: string): Promise<Loaded> {
    const st = await fs.promises.stat(file);
    if (st.size > MAX_FILE_BYTES) throw new Error(`${file} is larger than ${MAX_FILE_BYTES} bytes; put the data in a database`);
    const { header, rows } = this.cfg.type === 'xlsx' ? await readXlsx(file, resource.sheet) : await readCsv(file);
    try {
      return { table: new MemoryTable(header, rows, resource.keyColumns), mtimeMs: st.mtimeMs, checkedAt: Date.now() };
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
  }

  async query(resource: ResourceConfig, spec: QuerySpec): Promise<Row[]> {
    const t = await this.table(resource);
    return guarded(this.source, this.log, async () => t.select(spec.columns, { filters: spec.filters, after: spec.after, limit: spec.limit }));
  }

  async fetchByKeys(resource: ResourceConfig, keyColumns: string[], keys: string[][], columns: string[]): Promise<Row[]> {
    const t = await this.table(resource);
    return guarded(this.source, this.log, async () => t.byKeys(keyColumns, keys, columns));
  }

  async *exportRows(resource: ResourceConfig, spec: ExportSpec): AsyncIterable<Row[]> {
    const t = await this.table(resource);
    const keyIdx = resource.keyColumns.map((k) => spec.columns.indexOf(k));
    const since = spec.since && resource.updatedAtColumn ? { column: resource.updatedAtColumn, value: spec.since } : undefined;
    let after = spec.after;
    for (;;) {
      const rows = t.select(spec.columns, { after, since, limit: spec.batchSize });
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < spec.batchSize) return;
      const last = rows[rows.length - 1]!;
      after = keyIdx.map((i) => last[i]);
    }
  }

  async stats(resource: ResourceConfig): Promise<ResourceStats> {
    const t = await this.table(resource);
    const st = await fs.promises.stat(this.filePath(resource));
    const last = resource.updatedAtColumn ? t.maxOf(resource.updatedAtColumn) : st.mtime.toISOString();
    return { rows: t.size, lastChange: last === null ? null : String(last) };
  }

  async health(): Promise<void> {
    await guarded(this.source, this.log, () => fs.promises.access(this.cfg.path!, fs.constants.R_OK));
  }

  async close(): Promise<void> {
    this.loaded.clear();
  }
}

async function readCsv(file: string): Promise<{ header: string[]; rows: Cell[][] }> {
  const parser = fs.createReadStream(file).pipe(parse({ bom: true, skip_empty_lines: true, relax_quotes: false }));
  let header: string[] | undefined;
  const rows: Cell[][] = [];
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!header) header = record.map((h) => h.trim());
    else rows.push(record.map((v) => (v === '' ? null : v)));
  }
  if (!header) throw new Error(`${file} is empty`);
  return { header, rows };
}

/** xlsx cells as text or numbers; dates as "YYYY-MM-DD" (or with the time when it is not midnight). */
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof v === 'object') {
    const o = v as { result?: unknown; richText?: Array<{ text: string }>; text?: unknown };
    if ('result' in o) return cellValue(o.result);
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellValue(o.text);
    return JSON.stringify(v);
  }
  return v as Cell;
}

async function readXlsx(file: string, sheet?: string): Promise<{ header: string[]; rows: Cell[][] }> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = sheet ? wb.getWorksheet(sheet) : wb.worksheets[0];
  if (!ws) throw new Error(`${file} has no worksheet ${sheet ?? ''}`);
  const header: string[] = [];
  const rows: Cell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = (row.values as unknown[]).slice(1); // exceljs rows are 1-based
    if (n === 1) header.push(...values.map((h) => String(cellValue(h) ?? '').trim()));
    else rows.push(header.map((_, i) => cellValue(values[i])));
  });
  return { header, rows };
}
