/**
 * Duplicate collection (Art. 6(2), 18, 39(2)): items that different departments collect for the same data.
 * Names are normalised (width, case, brackets, spaces) and mapped through a synonym table to one concept; the
 * data type is compared by class (text, number, date), so 出生日期 as a date and as text are not "the same".
 */
export const SYNONYMS: Record<string, readonly string[]> = {
  公民身份号码: ['公民身份号码', '身份证号', '身份证号码', '证件号码身份证', '居民身份证号码', '身份证件号码', '公民身份证号码', '身份证'],
  统一社会信用代码: ['统一社会信用代码', '信用代码', '社会信用代码', '统一代码'],
  姓名: ['姓名', '名字', '人员姓名', '真实姓名'],
  手机号码: ['手机号码', '手机号', '联系电话', '移动电话', '电话号码', '联系方式'],
  单位名称: ['单位名称', '企业名称', '机构名称', '法人单位名称', '市场主体名称', '主体名称'],
  法定代表人: ['法定代表人', '法人代表', '法定代表人姓名', '负责人'],
  出生日期: ['出生日期', '出生年月日', '生日'],
  户籍地址: ['户籍地址', '户籍所在地', '户籍住址', '户口所在地'],
  成立日期: ['成立日期', '设立日期', '注册日期'],
  住所: ['住所', '注册地址', '经营场所'],
  行政区划代码: ['行政区划代码', '区划代码', '行政区划'],
};

const INDEX = new Map<string, string>();
for (const [concept, names] of Object.entries(SYNONYMS)) for (const n of names) INDEX.set(normaliseName(n), concept);

/** NFKC, lower case, without spaces, brackets and punctuation: "证件号码（身份证）" → "证件号码身份证". */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/[\s()（）[\]【】《》<>:：,，、.。\-_/]/g, '');
}

/** The concept an item name stands for: the synonym table's, else its normalised name. */
export function conceptOf(name: string): string {
  const n = normaliseName(name);
  return INDEX.get(n) ?? n;
}

export function typeClass(dataType: string): 'text' | 'number' | 'date' | 'other' {
  if (dataType === 'C' || dataType === 'M') return 'text';
  if (['N', 'Y', 'B', 'I', 'F'].includes(dataType)) return 'number';
  if (dataType === 'D' || dataType === 'T') return 'date';
  return 'other';
}

export interface HeldItem { code: string; resourceName: string; kind: string; departmentId: string; departmentName: string; itemName: string; dataType: string; base: boolean }

export interface DuplicateGroup {
  concept: string;
  typeClass: string;
  departmentCount: number;
  departments: Array<{ departmentId: string; departmentName: string; items: Array<{ code: string; resourceName: string; itemName: string }> }>;
  /** The base resource that should be the single source (一数一源), when one holds the concept as a base item. */
  singleSource: { code: string; resourceName: string; departmentId: string; departmentName: string; itemName: string } | null;
}

export function groupDuplicates(items: readonly HeldItem[], minDepartments = 2): DuplicateGroup[] {
  const groups = new Map<string, HeldItem[]>();
  for (const i of items) {
    const key = `${conceptOf(i.itemName)}|${typeClass(i.dataType)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  const out: DuplicateGroup[] = [];
  for (const [key, list] of groups) {
    const byDept = new Map<string, HeldItem[]>();
    for (const i of list) byDept.set(i.departmentId, [...(byDept.get(i.departmentId) ?? []), i]);
    if (byDept.size < minDepartments) continue;
    const [concept, tc] = key.split('|') as [string, string];
    const source = list.find((i) => i.kind === 'base' && i.base);
    out.push({
      concept, typeClass: tc, departmentCount: byDept.size,
      departments: [...byDept.values()].map((l) => ({ departmentId: l[0]!.departmentId, departmentName: l[0]!.departmentName, items: l.map((i) => ({ code: i.code, resourceName: i.resourceName, itemName: i.itemName })) })),
      singleSource: source ? { code: source.code, resourceName: source.resourceName, departmentId: source.departmentId, departmentName: source.departmentName, itemName: source.itemName } : null,
    });
  }
  return out.sort((a, b) => b.departmentCount - a.departmentCount || a.concept.localeCompare(b.concept));
}
