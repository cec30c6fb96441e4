import { isIsoDate } from '../calendar/dates.js';
import { DomainError } from '../errors.js';
import type { ResourceBody, ResourceInput, StoredItem } from './model.js';

/**
 * The catalog's metadata rules as plain functions (no database): each failed rule is one issue with a stable
 * code, so the API, the xlsx import (row/column errors) and the web form report the same thing.
 */
export interface Issue { code: string; field: string; message: string; messageEn: string }

export interface RuleContext { network: 'extranet' | 'intranet' }

const blank = (s: string | null | undefined): boolean => !s || s.trim().length === 0;
const clean = (s: string | null | undefined): string | null => (blank(s) ? null : s!.trim());

/** Trims, fills defaults and drops values that do not apply (open conditions of a closed resource). */
export function normalise(input: Omit<ResourceInput, 'departmentId'>, classPath: string[]): ResourceBody {
  const items: StoredItem[] = input.items.map((i) => ({
    name: i.name.trim(),
    nameEn: clean(i.nameEn),
    dataType: i.dataType,
    length: i.length ?? null,
    description: clean(i.description),
    base: i.base ?? false,
    mask: clean(i.mask),
    sensitive: i.sensitive ?? false,
  }));
  const toPublic = input.open.toPublic;
  return {
    name: input.name.trim(),
    kind: input.kind,
    classPath,
    abstract: input.abstract.trim(),
    format: input.format,
    formatDetail: clean(input.formatDetail),
    items,
    shareType: input.shareType,
    shareConditions: clean(input.shareConditions),
    shareMethods: [...new Set(input.shareMethods)],
    open: { toPublic, conditions: toPublic ? clean(input.open.conditions) : null },
    updateCycle: input.updateCycle,
    legalBasis: clean(input.legalBasis),
    classified: input.classified ?? false,
    nodeId: clean(input.nodeId),
    relatedCodes: [...new Set((input.relatedCodes ?? []).map((c) => c.trim()).filter((c) => c.length > 0))],
    usageRequirements: clean(input.usageRequirements),
    electronic: input.electronic ?? true,
    digitisation: input.digitisation ? { plan: input.digitisation.plan.trim(), date: input.digitisation.date } : null,
    contributingDepartmentIds: [...new Set(input.contributingDepartmentIds ?? [])],
  };
}

const FILE_LIKE = new Set(['file', 'image', 'stream']);
const TABULAR = new Set(['database', 'spreadsheet']);

export function checkResource(b: ResourceBody, ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  const add = (code: string, field: string, message: string, messageEn: string) => out.push({ code, field, message, messageEn });
  if (blank(b.name)) add('NAME_REQUIRED', 'name', '信息资源名称不能为空', 'The resource name is required');
  if (b.name.length > 200) add('NAME_TOO_LONG', 'name', '信息资源名称不能超过 200 个字', 'The resource name has at most 200 characters');
  if (blank(b.abstract)) add('ABSTRACT_REQUIRED', 'abstract', '信息资源摘要不能为空', 'The abstract is required');
  if (b.abstract.length > 1000) add('ABSTRACT_TOO_LONG', 'abstract', `信息资源摘要不能超过 1000 个字（现为 ${b.abstract.length}）`, `The abstract has at most 1000 characters (got ${b.abstract.length})`);
  if (b.items.length === 0) add('ITEMS_REQUIRED', 'items', '至少需要一个信息项', 'At least one item is required');
  const seen = new Set<string>();
  b.items.forEach((it, i) => {
    if (blank(it.name)) add('ITEM_NAME_REQUIRED', `items/${i}/name`, `第 ${i + 1} 个信息项缺少名称`, `Item ${i + 1} has no name`);
    else if (seen.has(it.name)) add('ITEM_NAME_DUPLICATE', `items/${i}/name`, `信息项名称“${it.name}”重复`, `Item name "${it.name}" appears twice`);
    seen.add(it.name);
    if (it.length !== null && (!Number.isInteger(it.length) || it.length < 1)) add('ITEM_LENGTH_INVALID', `items/${i}/length`, `信息项“${it.name}”的数据长度应为正整数`, `Item "${it.name}": length must be a positive integer`);
  });
  if (b.kind === 'base' && b.items.length > 0 && !b.items.some((i) => i.base)) {
    add('BASE_ITEMS_REQUIRED', 'items', '基础信息资源须定义至少一个基础信息项（第二十条）', 'A base resource defines at least one base item (Art. 20)');
  }
  if (b.shareType === 'conditional' && blank(b.shareConditions)) add('SHARE_CONDITIONS_REQUIRED', 'shareConditions', '有条件共享的资源须填写共享条件', 'A conditionally shared resource needs its share conditions');
  if (b.shareType === 'none' && blank(b.legalBasis)) add('LEGAL_BASIS_REQUIRED', 'legalBasis', '不予共享的资源须提供法律、行政法规或党中央、国务院政策依据（第六条）', 'A resource not shared needs its legal basis (Art. 6(1))');
  if (b.shareType === 'none' && b.open.toPublic) add('NONE_CANNOT_BE_OPEN', 'open/toPublic', '不予共享的资源不能向社会开放', 'A resource that is not shared cannot be open to the public');
  if (b.shareType !== 'none' && b.shareMethods.length === 0) add('SHARE_METHODS_REQUIRED', 'shareMethods', '须至少选择一种共享方式', 'At least one share method is required');
  if (FILE_LIKE.has(b.format) && b.shareMethods.includes('table')) add('SHARE_METHOD_FORMAT_MISMATCH', 'shareMethods', '文件类资源（电子文件、图形图像、流媒体）不能以库表方式共享', 'A file-type resource (file, image, stream) cannot be shared as a table');
  if (b.shareMethods.includes('compare') && !TABULAR.has(b.format)) add('SHARE_METHOD_FORMAT_MISMATCH', 'shareMethods', '比对方式仅适用于数据库或电子表格资源', 'Comparison needs a database or spreadsheet resource');
  if (b.classified && ctx.network === 'extranet') add('CLASSIFIED_ON_EXTRANET', 'classified', '涉密资源只能在电子政务内网目录中编目（第二十三条）', 'A classified resource is catalogued on the intranet platform only (Art. 23)');
  if (b.classified && b.open.toPublic) add('CLASSIFIED_CANNOT_BE_OPEN', 'open/toPublic', '涉密资源不能向社会开放', 'A classified resource cannot be open to the public');
  if (!b.electronic && (!b.digitisation || blank(b.digitisation.plan))) add('DIGITISATION_PLAN_REQUIRED', 'digitisation', '非电子化资源须填写电子化改造计划和完成时间（第十七条）', 'A non-electronic resource needs its digitisation plan and date (Art. 17)');
  if (b.digitisation && !isIsoDate(b.digitisation.date)) add('DIGITISATION_DATE_INVALID', 'digitisation/date', '电子化完成时间应为 YYYY-MM-DD', 'The digitisation date must be YYYY-MM-DD');
  if (b.kind === 'department' && b.contributingDepartmentIds.length > 0) add('CONTRIBUTORS_NOT_ALLOWED', 'contributingDepartmentIds', '仅基础、主题信息资源有配合建设部门（第十九条）', 'Only base and theme resources have contributing departments (Art. 19)');
  b.relatedCodes.forEach((c, i) => {
    if (!/^[0-9]{6,12}\/[0-9]{6}$/.test(c)) add('RELATED_CODE_INVALID', `relatedCodes/${i}`, `关联资源代码“${c}”格式不正确`, `Related code "${c}" is malformed`);
  });
  return out;
}

/** The first issue as the error's code; all of them in `details.issues` (the form shows each next to its field). */
export function toError(issues: Issue[]): DomainError {
  const first = issues[0]!;
  return new DomainError(first.code, 400, first.message, first.messageEn, { issues });
}

export function assertValid(b: ResourceBody, ctx: RuleContext): void {
  const issues = checkResource(b, ctx);
  if (issues.length > 0) throw toError(issues);
}
