import ExcelJS from 'exceljs';
import { DomainError } from '../errors.js';
import type { DataType, Format, Item, Kind, ResourceInput, ShareMethod, ShareType, UpdateCycle } from './model.js';
import { COLUMNS, LOOKUP, NO, REQUIRED_HEADERS, YES, columnLetter, header, type ColumnKey } from './xlsx.layout.js';

/** One resource read from the sheet: its rows (for error positions) and the body the API would take. */
export interface ParsedResource {
  rows: number[];
  /** 信息资源代码: an existing resource this row group updates (a new draft version), '' for a new resource. */
  code: string;
  input: Omit<ResourceInput, 'departmentId'>;
  provider: { name: string; code: string };
  contributors: string[];
}

export interface ImportError { sheet: string; row: number; column: string; header: string; code: string; message: string; messageEn: string }

const MAX_ROWS = 20_000;

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('result' in v) return text(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

/** Reads the first sheet whose header row (within the first 5 rows) names 信息资源名称. */
export async function parseCatalogWorkbook(data: Buffer): Promise<{ sheet: string; resources: ParsedResource[]; errors: ImportError[]; columns: ReadonlyMap<ColumnKey, number> }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new DomainError('IMPORT_FILE_INVALID', 400, '文件不是有效的 Excel（.xlsx）工作簿', 'The file is not a valid Excel (.xlsx) workbook');
  }
  for (const ws of wb.worksheets) {
    for (let r = 1; r <= Math.min(5, ws.rowCount); r++) {
      const cols = new Map<ColumnKey, number>();
      ws.getRow(r).eachCell((cell, c) => {
        const col = COLUMNS.find((x) => x.header === text(cell.value));
        if (col) cols.set(col.key, c);
      });
      if (cols.has('name')) return readSheet(ws, r, cols);
    }
  }
  throw new DomainError('IMPORT_HEADER_MISSING', 400, '未找到表头行（应包含“信息资源名称”等列），请使用平台提供的模板', 'No header row (with 信息资源名称 …) found; use the platform\'s template');
}

function readSheet(ws: ExcelJS.Worksheet, headerRow: number, cols: Map<ColumnKey, number>) {
  const sheet = ws.name;
  const errors: ImportError[] = [];
  const missing = REQUIRED_HEADERS.filter((h) => ![...cols.keys()].some((k) => header(k) === h));
  if (missing.length > 0) throw new DomainError('IMPORT_HEADER_MISSING', 400, `表头缺少列：${missing.join('、')}`, `Missing columns: ${missing.join(', ')}`, { missing });
  if (ws.rowCount - headerRow > MAX_ROWS) throw new DomainError('IMPORT_TOO_LARGE', 413, `一次最多导入 ${MAX_ROWS} 行`, `At most ${MAX_ROWS} rows per import`);
  const fail = (row: number, key: ColumnKey, code: string, message: string, messageEn: string) =>
    errors.push({ sheet, row, column: columnLetter(key, cols), header: header(key), code, message, messageEn });
  const resources: ParsedResource[] = [];
  let current: ParsedResource | undefined;
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cell = (key: ColumnKey) => (cols.has(key) ? text(row.getCell(cols.get(key)!).value) : '');
    if (COLUMNS.every((c) => cell(c.key) === '')) continue;
    const look = <T extends string>(key: ColumnKey, map: Map<string, T>, dflt?: T): T => {
      const raw = cell(key);
      const v = map.get(raw) ?? map.get(raw.toLowerCase());
      if (v) return v;
      if (raw === '' && dflt) return dflt;
      fail(r, key, raw === '' ? 'IMPORT_VALUE_REQUIRED' : 'IMPORT_VALUE_INVALID', raw === '' ? `“${header(key)}”不能为空` : `“${header(key)}”的值“${raw}”不可识别`, raw === '' ? `${header(key)} is required` : `${header(key)}: "${raw}" is not a known value`);
      return (dflt ?? [...map.values()][0]) as T;
    };
    const flag = (key: ColumnKey, dflt: boolean): boolean => {
      const raw = cell(key).toLowerCase();
      if (raw === '') return dflt;
      if (YES.has(raw)) return true;
      if (NO.has(raw)) return false;
      fail(r, key, 'IMPORT_VALUE_INVALID', `“${header(key)}”应填“是”或“否”`, `${header(key)} must be 是 or 否`);
      return dflt;
    };
    const name = cell('name');
    const code = cell('code');
    if (!current || (name !== '' && name !== current.input.name) || (code !== '' && code !== current.code)) {
      if (name === '') fail(r, 'name', 'IMPORT_VALUE_REQUIRED', '第一行须填写信息资源名称', 'The first row of a resource needs its name');
      const methods = cell('shareMethods').split(/[、,，;；\s]+/).filter(Boolean).map((m) => {
        const v = LOOKUP.shareMethod.get(m) ?? LOOKUP.shareMethod.get(m.toLowerCase());
        if (!v) fail(r, 'shareMethods', 'IMPORT_VALUE_INVALID', `共享方式“${m}”不可识别（库表/接口/文件/比对）`, `Share method "${m}" is not known (table/api/file/compare)`);
        return v;
      }).filter((m): m is ShareMethod => !!m);
      const plan = cell('digitisationPlan');
      current = {
        rows: [r],
        code,
        provider: { name: cell('provider'), code: cell('providerCode') },
        contributors: cell('contributors').split(/[、,，;；\s]+/).filter(Boolean),
        input: {
          name, kind: look<Kind>('kind', LOOKUP.kind), classPath: cell('classPath').split(/[/／>]+/).map((s) => s.trim()).filter(Boolean),
          abstract: cell('abstract'), format: look<Format>('format', LOOKUP.format), formatDetail: cell('formatDetail') || undefined, items: [],
          shareType: look<ShareType>('shareType', LOOKUP.shareType), shareConditions: cell('shareConditions') || undefined, shareMethods: methods,
          open: { toPublic: flag('open', false), conditions: cell('openConditions') || undefined }, updateCycle: look<UpdateCycle>('updateCycle', LOOKUP.updateCycle),
          legalBasis: cell('legalBasis') || undefined, classified: flag('classified', false),
          relatedCodes: cell('relatedCodes').split(/[、,，;；\s]+/).filter(Boolean), usageRequirements: cell('usageRequirements') || undefined,
          electronic: flag('electronic', true), ...(plan ? { digitisation: { plan, date: cell('digitisationDate') } } : {}),
        },
      };
      resources.push(current);
    } else {
      current.rows.push(r);
    }
    const lengthRaw = cell('length');
    const length = lengthRaw === '' ? undefined : Number(lengthRaw);
    if (length !== undefined && (!Number.isInteger(length) || length < 1)) fail(r, 'length', 'ITEM_LENGTH_INVALID', `数据长度“${lengthRaw}”应为正整数`, `Length "${lengthRaw}" must be a positive integer`);
    const mask = cell('mask');
    if (mask && !/^(id_number|phone|name|hash|year_only|null|keep:[0-9]{1,2},[0-9]{1,2})$/.test(mask)) fail(r, 'mask', 'IMPORT_VALUE_INVALID', `脱敏规则“${mask}”不可识别`, `Mask "${mask}" is not known`);
    const item: Item = {
      name: cell('itemName'), nameEn: cell('itemNameEn') || undefined, dataType: look<DataType>('dataType', LOOKUP.dataType),
      length: length !== undefined && Number.isInteger(length) && length > 0 ? length : undefined, description: cell('itemDescription') || undefined,
      base: flag('base', false), mask: mask || undefined,
    };
    if (!item.name) fail(r, 'itemName', 'ITEM_NAME_REQUIRED', '信息项名称不能为空', 'The item name is required');
    current.input.items.push(item);
  }
  if (resources.length === 0) errors.push({ sheet, row: headerRow + 1, column: 'A', header: header('name'), code: 'IMPORT_EMPTY', message: '表中没有可导入的资源', messageEn: 'The sheet has no resources to import' });
  return { sheet, resources, errors, columns: cols };
}
