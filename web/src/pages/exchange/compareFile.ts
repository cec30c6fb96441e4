import type { CompareResult, CompareStatus } from '../../api/exchange';

/**
 * Comparison input and output in the browser (Art. 23: the consumer's records go to the provider's node, only
 * match / mismatch / not_found come back). Pure functions: file rows → records, results → the result sheet.
 */
export interface Table {
  header: string[];
  rows: string[][];
  /** 1-based row number in the file of each row (empty rows are dropped, the numbers stay the file's). */
  lines: number[];
}

/** Column index → item name; unmapped columns are not sent. */
export type Mapping = Record<number, string | undefined>;

export interface Prepared {
  records: Array<Record<string, string>>;
  /** Row number in the file of each record. */
  fileRows: number[];
  /** Rows not sent, with why (no key value). */
  skipped: Array<{ fileRow: number; missing: string[] }>;
}

/** A table from parsed rows: the first non-empty row is the header. */
export function toTable(rows: string[][]): Table {
  const body = rows.map((r, i) => ({ r, line: i + 1 })).filter(({ r }) => r.some((c) => (c ?? '').trim() !== ''));
  const [header, ...rest] = body;
  return { header: (header?.r ?? []).map((h) => (h ?? '').trim()), rows: rest.map((x) => x.r), lines: rest.map((x) => x.line) };
}

/** Columns whose header names an allowed item are mapped to it. */
export function autoMapping(header: string[], items: string[]): Mapping {
  const out: Mapping = {};
  header.forEach((h, i) => {
    const hit = items.find((it) => it === h.trim());
    if (hit) out[i] = hit;
  });
  return out;
}

export function prepareRecords(table: Table, mapping: Mapping, keys: string[], compared: string[]): Prepared {
  const columnOf = new Map<string, number>();
  for (const [col, item] of Object.entries(mapping)) if (item) columnOf.set(item, Number(col));
  const out: Prepared = { records: [], fileRows: [], skipped: [] };
  table.rows.forEach((row, i) => {
    const fileRow = table.lines[i] ?? i + 2;
    const value = (item: string) => (row[columnOf.get(item) ?? -1] ?? '').trim();
    const missing = keys.filter((k) => value(k) === '');
    if (missing.length > 0) {
      out.skipped.push({ fileRow, missing });
      return;
    }
    const record: Record<string, string> = {};
    for (const k of keys) record[k] = value(k);
    // An empty cell is not a claim about the person: it is left out, not compared.
    for (const c of compared) if (value(c) !== '') record[c] = value(c);
    out.records.push(record);
    out.fileRows.push(fileRow);
  });
  return out;
}

export interface ResultLabels {
  fileRow: string;
  result: string;
  status: Record<CompareStatus, string>;
  item: { match: string; mismatch: string; absent: string };
  itemColumn: (item: string) => string;
}

/**
 * The result sheet: the consumer's own key values and, per record and per item, only the verdict. No value of
 * the provider is in the answer, so none can be in the file.
 */
export function resultSheet(prepared: Prepared, results: CompareResult[], keys: string[], compared: string[], l: ResultLabels) {
  const header = [l.fileRow, ...keys, l.result, ...compared.map(l.itemColumn)];
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const rows = prepared.records.map((rec, i) => {
    const r = byIndex.get(i);
    const items = compared.map((c) => (r?.items[c] ? l.item[r.items[c]] : l.item.absent));
    return [prepared.fileRows[i]!, ...keys.map((k) => rec[k] ?? ''), r ? l.status[r.status] : '', ...items];
  });
  return { header, rows };
}

export function countStatuses(results: CompareResult[]): Record<CompareStatus, number> {
  const n = { match: 0, mismatch: 0, not_found: 0 };
  for (const r of results) n[r.status]++;
  return n;
}

/** CSV files saved by Excel on Chinese Windows are GB 18030 (GBK); others UTF-8. */
export function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
