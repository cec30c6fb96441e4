import type { ResourceInput } from '../../api/resources';
import { RESOURCE_CODE_PATTERN } from '../../api/resources.model';

/**
 * The catalog's metadata rules as the form checks them while the user types: the same rules, codes and fields
 * as the server's src/catalog/resource.rules.ts checkResource (resourceRules.test.ts runs both on the same bodies
 * and compares), so a form that passes here is not refused there. Messages are i18n `rules.<CODE>`.
 */
export interface Issue {
  code: string;
  /** The server's field path: `name`, `items/2/name`, `open/toPublic`, … */
  field: string;
  params?: Record<string, string | number>;
}

export interface RuleContext {
  network: 'extranet' | 'intranet';
}

const FILE_LIKE = new Set(['file', 'image', 'stream']);
const TABULAR = new Set(['database', 'spreadsheet']);
const blank = (s: string | null | undefined) => !s || s.trim().length === 0;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function checkResourceInput(input: Omit<ResourceInput, 'departmentId'>, ctx: RuleContext): Issue[] {
  const out: Issue[] = [];
  const add = (code: string, field: string, params?: Issue['params']) => out.push(params ? { code, field, params } : { code, field });
  const name = input.name.trim();
  const abstract = input.abstract.trim();
  if (blank(name)) add('NAME_REQUIRED', 'name');
  if (name.length > 200) add('NAME_TOO_LONG', 'name');
  if (blank(abstract)) add('ABSTRACT_REQUIRED', 'abstract');
  if (abstract.length > 1000) add('ABSTRACT_TOO_LONG', 'abstract', { length: abstract.length });
  if (input.items.length === 0) add('ITEMS_REQUIRED', 'items');
  const seen = new Set<string>();
  input.items.forEach((it, i) => {
    const itemName = it.name.trim();
    if (blank(itemName)) add('ITEM_NAME_REQUIRED', `items/${i}/name`, { n: i + 1 });
    else if (seen.has(itemName)) add('ITEM_NAME_DUPLICATE', `items/${i}/name`, { name: itemName });
    seen.add(itemName);
    if (it.length !== undefined && (!Number.isInteger(it.length) || it.length < 1)) add('ITEM_LENGTH_INVALID', `items/${i}/length`, { name: itemName });
  });
  if (input.kind === 'base' && input.items.length > 0 && !input.items.some((i) => i.base)) add('BASE_ITEMS_REQUIRED', 'items');
  const toPublic = input.open.toPublic;
  const methods = [...new Set(input.shareMethods)];
  if (input.shareType === 'conditional' && blank(input.shareConditions)) add('SHARE_CONDITIONS_REQUIRED', 'shareConditions');
  if (input.shareType === 'none' && blank(input.legalBasis)) add('LEGAL_BASIS_REQUIRED', 'legalBasis');
  if (input.shareType === 'none' && toPublic) add('NONE_CANNOT_BE_OPEN', 'open/toPublic');
  if (input.shareType !== 'none' && methods.length === 0) add('SHARE_METHODS_REQUIRED', 'shareMethods');
  if (FILE_LIKE.has(input.format) && methods.includes('table')) add('SHARE_METHOD_FORMAT_MISMATCH', 'shareMethods', { rule: 'table' });
  if (methods.includes('compare') && !TABULAR.has(input.format)) add('SHARE_METHOD_FORMAT_MISMATCH', 'shareMethods', { rule: 'compare' });
  const classified = input.classified ?? false;
  if (classified && ctx.network === 'extranet') add('CLASSIFIED_ON_EXTRANET', 'classified');
  if (classified && toPublic) add('CLASSIFIED_CANNOT_BE_OPEN', 'open/toPublic');
  const electronic = input.electronic ?? true;
  if (!electronic && (!input.digitisation || blank(input.digitisation.plan))) add('DIGITISATION_PLAN_REQUIRED', 'digitisation');
  if (input.digitisation && !ISO_DATE.test(input.digitisation.date)) add('DIGITISATION_DATE_INVALID', 'digitisation/date');
  if (input.kind === 'department' && (input.contributingDepartmentIds ?? []).length > 0) add('CONTRIBUTORS_NOT_ALLOWED', 'contributingDepartmentIds');
  const related = [...new Set((input.relatedCodes ?? []).map((c) => c.trim()).filter((c) => c.length > 0))];
  related.forEach((c, i) => {
    if (!RESOURCE_CODE_PATTERN.test(c)) add('RELATED_CODE_INVALID', `relatedCodes/${i}`, { code: c });
  });
  return out;
}
