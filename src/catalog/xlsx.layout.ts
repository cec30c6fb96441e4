import { DATA_TYPE_LABELS, FORMAT_LABELS, KIND_LABELS, SHARE_METHOD_LABELS, SHARE_TYPE_LABELS, UPDATE_CYCLE_LABELS } from './model.js';

/**
 * The spreadsheet layout departments fill in today: one row per item, the resource's columns repeated on each
 * row (or left empty on the rows after the first). Headers are the catalog guide's Chinese element names.
 */
export const COLUMNS = [
  { key: 'name', header: '信息资源名称', width: 28 },
  { key: 'code', header: '信息资源代码', width: 20, exportOnly: true },
  { key: 'kind', header: '资源分类', width: 10 },
  { key: 'classPath', header: '资源类目', width: 18 },
  { key: 'provider', header: '提供方', width: 24 },
  { key: 'providerCode', header: '提供方代码', width: 22 },
  { key: 'abstract', header: '信息资源摘要', width: 40 },
  { key: 'format', header: '信息资源格式', width: 12 },
  { key: 'formatDetail', header: '格式类型', width: 12 },
  { key: 'itemName', header: '信息项名称', width: 20 },
  { key: 'itemNameEn', header: '信息项英文名称', width: 18 },
  { key: 'dataType', header: '数据类型', width: 10 },
  { key: 'length', header: '数据长度', width: 10 },
  { key: 'itemDescription', header: '信息项描述', width: 24 },
  { key: 'base', header: '是否基础信息项', width: 14 },
  { key: 'mask', header: '脱敏规则', width: 12 },
  { key: 'shareType', header: '共享类型', width: 12 },
  { key: 'shareConditions', header: '共享条件', width: 30 },
  { key: 'shareMethods', header: '共享方式', width: 14 },
  { key: 'open', header: '是否向社会开放', width: 14 },
  { key: 'openConditions', header: '开放条件', width: 24 },
  { key: 'updateCycle', header: '更新周期', width: 10 },
  { key: 'legalBasis', header: '不予共享依据', width: 30 },
  { key: 'publishDate', header: '发布日期', width: 12, exportOnly: true },
  { key: 'relatedCodes', header: '关联资源代码', width: 20 },
  { key: 'classified', header: '是否涉密', width: 10 },
  { key: 'usageRequirements', header: '使用要求', width: 24 },
  { key: 'electronic', header: '是否电子化', width: 10 },
  { key: 'digitisationPlan', header: '电子化改造计划', width: 24 },
  { key: 'digitisationDate', header: '电子化完成时间', width: 14 },
  { key: 'contributors', header: '配合部门', width: 24 },
] as const;

export type ColumnKey = (typeof COLUMNS)[number]['key'];
export const REQUIRED_HEADERS = ['信息资源名称', '资源分类', '信息资源摘要', '信息资源格式', '信息项名称', '数据类型', '共享类型', '更新周期'];

/** Reverse lookups: a cell may hold the Chinese label or the code identifier. */
function reverse<T extends string>(labels: Record<T, string>, extra: Record<string, T> = {}): Map<string, T> {
  const m = new Map<string, T>();
  for (const [code, label] of Object.entries(labels) as Array<[T, string]>) {
    m.set(code.toLowerCase(), code);
    m.set(label, code);
  }
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return m;
}

export const LOOKUP = {
  kind: reverse(KIND_LABELS, { 基础信息资源: 'base', 主题信息资源: 'theme', 部门信息资源: 'department', 1: 'base', 2: 'theme', 3: 'department' }),
  format: reverse(FORMAT_LABELS, { 服务接口: 'other', 数据库表: 'database' }),
  dataType: reverse(DATA_TYPE_LABELS),
  shareType: reverse(SHARE_TYPE_LABELS, { 1: 'unconditional', 2: 'conditional', 3: 'none', 无条件: 'unconditional', 有条件: 'conditional' }),
  shareMethod: reverse(SHARE_METHOD_LABELS, { 数据库: 'table', 库表交换: 'table', 服务接口: 'api', 文件下载: 'file', 数据比对: 'compare' }),
  updateCycle: reverse(UPDATE_CYCLE_LABELS, { 半年: 'half_yearly', 每半年度: 'half_yearly', 每年度: 'yearly', 季度: 'quarterly' }),
};

export const YES = new Set(['是', 'y', 'yes', 'true', '1', '√']);
export const NO = new Set(['否', 'n', 'no', 'false', '0', '', '×']);

/** Where a rule issue's field shows in the sheet. */
export function columnOfField(field: string): ColumnKey {
  const [head, , sub] = field.split('/');
  const items: Record<string, ColumnKey> = { name: 'itemName', length: 'length', dataType: 'dataType', mask: 'mask' };
  if (head === 'items' && sub) return items[sub] ?? 'itemName';
  const map: Record<string, ColumnKey> = {
    name: 'name', abstract: 'abstract', items: 'itemName', shareConditions: 'shareConditions', legalBasis: 'legalBasis', open: 'open',
    shareMethods: 'shareMethods', classified: 'classified', digitisation: 'digitisationPlan', contributingDepartmentIds: 'contributors', relatedCodes: 'relatedCodes', classPath: 'classPath', kind: 'kind',
  };
  return map[head ?? ''] ?? 'name';
}

/** The column letter of `key`: in the uploaded sheet when its header positions are known, else in our layout. */
export function columnLetter(key: ColumnKey, positions?: ReadonlyMap<ColumnKey, number>): string {
  let n = positions?.get(key) ?? COLUMNS.findIndex((c) => c.key === key) + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function header(key: ColumnKey): string {
  return COLUMNS.find((c) => c.key === key)!.header;
}
