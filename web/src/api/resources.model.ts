/**
 * The catalog's vocabularies, as the server has them (src/catalog/model.ts); model.test.ts keeps the two equal.
 * Free of imports so pure rules (resourceRules.ts) and their tests can use them. Labels live in i18n `catalog.*`.
 */
export const KINDS = ['base', 'theme', 'department'] as const;
export const FORMATS = ['file', 'spreadsheet', 'database', 'image', 'stream', 'self_describing', 'other'] as const;
export const DATA_TYPES = ['C', 'N', 'Y', 'D', 'T', 'L', 'M', 'G', 'B', 'I', 'F'] as const;
export const SHARE_TYPES = ['unconditional', 'conditional', 'none'] as const;
export const SHARE_METHODS = ['table', 'api', 'file', 'compare'] as const;
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'other'] as const;
export const STATUSES = ['draft', 'submitted', 'rejected', 'approved', 'published', 'retired'] as const;
/** Masks of DESIGN.md without parameters; `keep:F,L` is the one with them. */
export const MASKS = ['id_number', 'phone', 'name', 'hash', 'year_only', 'null'] as const;
export const MASK_PATTERN = /^(id_number|phone|name|hash|year_only|null|keep:[0-9]{1,2},[0-9]{1,2})$/;
export const RESOURCE_CODE_PATTERN = /^[0-9]{6,12}\/[0-9]{6}$/;
/** 项 of the classification per kind (src/catalog/classification.ts CLASS_ITEMS); a department resource is classed by its department. */
export const CLASS_ITEMS: Record<'base' | 'theme', readonly string[]> = {
  base: ['人口', '法人单位', '自然资源和空间地理', '社会信用', '电子证照'],
  theme: ['公共服务', '健康保障', '社会保障', '食品药品安全', '安全生产', '价格监管', '能源安全', '信用体系', '城乡建设', '社区治理', '生态环保', '应急维稳'],
};

export type Kind = (typeof KINDS)[number];
export type Format = (typeof FORMATS)[number];
export type DataType = (typeof DATA_TYPES)[number];
export type ShareType = (typeof SHARE_TYPES)[number];
export type ShareMethod = (typeof SHARE_METHODS)[number];
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
export type Status = (typeof STATUSES)[number];
export type VersionStatus = Status | 'superseded';

