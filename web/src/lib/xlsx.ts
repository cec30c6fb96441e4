import type { Workbook } from 'exceljs';

/**
 * Spreadsheets in the browser with exceljs (its browser build), loaded only when a page needs it so the
 * shell stays light. Cells are read as text: the values are the user's own records, compared as strings.
 */
export type Cell = string | number | null;

async function newWorkbook(): Promise<Workbook> {
  const mod = (await import('exceljs')) as unknown as { default?: { Workbook: new () => Workbook }; Workbook?: new () => Workbook };
  const ctor = mod.Workbook ?? mod.default?.Workbook;
  if (!ctor) throw new Error('exceljs did not load');
  return new ctor();
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One sheet with a bold, frozen header row. */
export async function buildXlsx(sheetName: string, header: string[], rows: Cell[][], widths?: number[]): Promise<Blob> {
  const wb = await newWorkbook();
  const ws = wb.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = widths?.[i] ?? Math.min(40, Math.max(10, h.length * 2 + 2));
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: XLSX_MIME });
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; result?: unknown; text?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return cellText(o.result);
    if ('text' in o) return String(o.text);
    return '';
  }
  return String(v);
}

/** A sheet (the first, or the one named) as text rows; empty rows are dropped. */
export async function readXlsx(data: ArrayBuffer, sheet?: string): Promise<string[][]> {
  const wb = await newWorkbook();
  await wb.xlsx.load(data);
  const ws = (sheet ? wb.getWorksheet(sheet) : undefined) ?? wb.worksheets[0];
  if (!ws) return [];
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value).trim();
    });
    out.push(Array.from(cells, (c) => c ?? ''));
  });
  return out;
}

/** Excel's column name of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
