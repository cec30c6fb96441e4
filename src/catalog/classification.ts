import { DomainError } from '../errors.js';
import type { Kind } from './model.js';

/**
 * Resource classification of the national catalog guide (CATALOG-METADATA.md rows 1 and 3): 类 (1 digit, Art. 16)
 * + 项 (2 digits) + 目 (3 digits) + 细目 (3 digits), e.g. 101001001. 项 comes from the lists below; 目 and 细目 are
 * numbered on first use by the store and never reused: for a base/theme resource 目 is the class path's sub-class
 * and 细目 the one below it; for a department resource 目 is the provider department and 细目 the department's own
 * category (its class path), '' when none is given.
 */
export const KIND_DIGIT: Record<Kind, string> = { base: '1', theme: '2', department: '3' };

export const CLASS_ITEMS: Record<Kind, readonly string[]> = {
  base: ['人口', '法人单位', '自然资源和空间地理', '社会信用', '电子证照'],
  theme: ['公共服务', '健康保障', '社会保障', '食品药品安全', '安全生产', '价格监管', '能源安全', '信用体系', '城乡建设', '社区治理', '生态环保', '应急维稳'],
  department: ['中央政务部门', '省级政务部门', '市县级政务部门'],
};

const KIND_NAMES: Record<Kind, readonly string[]> = {
  base: ['基础', '基础信息资源'], theme: ['主题', '主题信息资源'], department: ['部门', '部门信息资源'],
};

export interface ResolvedClass {
  /** 类 + 项, e.g. "101". */
  itemPrefix: string;
  itemName: string;
  /** The name the 目 is numbered under: a sub-class name, '' for none, or the department id. */
  dirKey: string;
  /** The name the 细目 is numbered under within its 目 ('' for none). */
  subKey: string;
}

function classError(kind: Kind, got: string): DomainError {
  const allowed = CLASS_ITEMS[kind].join('、');
  return new DomainError('CLASS_PATH_UNKNOWN', 400, `类目“${got}”不在${KIND_NAMES[kind][1]}分类中，可选：${allowed}`, `Class "${got}" is not a ${kind} class; allowed: ${allowed}`);
}

/** The 项 number used when a base/theme resource names no class and its name names none either. */
export const OTHER_ITEM = { no: 99, name: '其他' } as const;

/**
 * classPath is optional (DESIGN.md). A base/theme resource without one is classed by the 项 its name contains
 * ("人口基础信息" → 人口; the longest when several), else under 其他 (项 99): the code stays derivable and stable.
 */
export function inferItem(kind: Exclude<Kind, 'department'>, name: string | undefined): string {
  const hits = CLASS_ITEMS[kind].filter((item) => (name ?? '').includes(item)).sort((a, b) => b.length - a.length);
  return hits[0] ?? OTHER_ITEM.name;
}

/** Strips a leading kind label ("基础", "基础信息资源") from a class path. */
export function stripKind(kind: Kind, classPath: readonly string[]): string[] {
  const path = classPath.map((s) => s.trim()).filter((s) => s.length > 0);
  return path.length > 0 && KIND_NAMES[kind].includes(path[0]!) ? path.slice(1) : path;
}

/**
 * Resolves a base/theme resource's class path (e.g. ["人口"] or ["基础", "人口", "户籍人口"]); a department
 * resource is classed by its department's level ('province' → 省级, else 市县级) and the department itself.
 */
export function resolveClass(kind: Kind, classPath: readonly string[] | undefined, dept: { id: string; regionLevel: 'province' | 'city' | 'county' }, name?: string): ResolvedClass {
  if (kind === 'department') {
    const idx = dept.regionLevel === 'province' ? 1 : 2;
    const own = stripKind(kind, classPath ?? []);
    return { itemPrefix: `${KIND_DIGIT.department}${String(idx + 1).padStart(2, '0')}`, itemName: CLASS_ITEMS.department[idx]!, dirKey: dept.id, subKey: own[0] ?? '' };
  }
  const given = stripKind(kind, classPath ?? []);
  const path = given.length > 0 ? given : [inferItem(kind, name)];
  if (path[0] === OTHER_ITEM.name) return { itemPrefix: `${KIND_DIGIT[kind]}${OTHER_ITEM.no}`, itemName: OTHER_ITEM.name, dirKey: path[1] ?? '', subKey: path[2] ?? '' };
  const idx = CLASS_ITEMS[kind].indexOf(path[0]!);
  if (idx < 0) throw classError(kind, path[0]!);
  return { itemPrefix: `${KIND_DIGIT[kind]}${String(idx + 1).padStart(2, '0')}`, itemName: path[0]!, dirKey: path[1] ?? '', subKey: path[2] ?? '' };
}

/** The input form of a stored class path (for an edit that leaves classPath out: the class cannot change anyway). */
export function inputClassPath(kind: Kind, stored: readonly string[]): string[] {
  return kind === 'department' ? stored.slice(3) : stored.slice(1);
}

/** The stored class path: kind label, 项, then the sub-class (base/theme) or the department's name. */
export function displayClassPath(kind: Kind, resolved: ResolvedClass, classPath: readonly string[] | undefined, departmentName: string): string[] {
  if (kind === 'department') return [KIND_NAMES.department[0]!, resolved.itemName, departmentName, ...(resolved.subKey ? [resolved.subKey] : [])];
  const given = stripKind(kind, classPath ?? []);
  return [KIND_NAMES[kind][0]!, ...(given.length > 0 ? given : [resolved.itemName])];
}

/** 信息资源代码 = 前段码 (类+项+目+细目) + "/" + 后段码 (6-digit sequence within the 前段码). */
export function composeCode(classCode: string, seq: number): string {
  if (!/^[0-9]{9}$/.test(classCode) || !Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`bad code parts ${classCode} ${seq}`);
  return `${classCode}/${String(seq).padStart(6, '0')}`;
}

/** Appends a 3-digit 目 or 细目 number to a class prefix. */
export function composeClassCode(prefix: string, no: number): string {
  if (!Number.isInteger(no) || no < 1 || no > 999) {
    throw new DomainError('CLASS_DIRECTORY_FULL', 409, `分类 ${prefix} 下的目录编号已满（999）`, `Class ${prefix} has no free number (999 used)`);
  }
  return `${prefix}${String(no).padStart(3, '0')}`;
}
