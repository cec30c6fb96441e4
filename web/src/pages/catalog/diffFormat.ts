import type { TFunction } from 'i18next';
import { dataTypeLabel, maskLabel } from './labels';

/**
 * How a field change of GET /resources/{code}/diff reads on screen: the field's Chinese name, and values in
 * words (共享类型 有条件共享 → 无条件共享), not the API's codes. Unknown fields fall back to their path.
 */
const FIELD_KEYS: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  classPath: 'classPath',
  abstract: 'abstract',
  format: 'format',
  formatDetail: 'formatDetail',
  shareType: 'shareType',
  shareConditions: 'shareConditions',
  shareMethods: 'methods',
  'open.toPublic': 'openToPublic',
  'open.conditions': 'openConditions',
  updateCycle: 'updateCycle',
  legalBasis: 'legalBasis',
  classified: 'classified',
  nodeId: 'node',
  relatedCodes: 'relatedCodes',
  usageRequirements: 'usageRequirements',
  electronic: 'electronic',
  digitisation: 'digitisation',
  'digitisation.plan': 'digitisationPlan',
  'digitisation.date': 'digitisationDate',
  contributingDepartmentIds: 'contributors',
  'items.order': 'itemsOrder',
  // item fields
  nameEn: 'nameEn',
  dataType: 'dataType',
  length: 'length',
  description: 'itemDescription',
  base: 'itemKind',
  mask: 'mask',
  sensitive: 'sensitive',
};

const VOCABULARIES: Record<string, string> = {
  kind: 'kinds',
  format: 'formats',
  shareType: 'shareTypes',
  updateCycle: 'updateCycles',
  shareMethods: 'methods',
};

export function fieldLabel(t: TFunction, field: string, inItem = false): string {
  // An item's `name` is the item name, not the resource's.
  const key = inItem && field === 'name' ? 'itemName' : FIELD_KEYS[field];
  return key ? t(`catalog.${key}` as 'catalog.name') : field;
}

export function formatValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'base') return value ? t('catalog.baseItem') : t('catalog.businessItem');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'dataType' && typeof value === 'string') return dataTypeLabel(t, value);
  if (field === 'mask' && typeof value === 'string') return maskLabel(t, value);
  const vocab = VOCABULARIES[field];
  const word = (v: unknown) =>
    vocab && typeof v === 'string' ? t(`catalog.${vocab}.${v}` as 'catalog.kinds.base', { defaultValue: v }) : String(v);
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(word).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return word(value);
}
