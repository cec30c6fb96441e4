import type { DataType, Format, Kind, Resource, ResourceInput, ShareMethod, ShareType, UpdateCycle } from '../../api/resources';

/**
 * The edit form's values and their conversion to and from the API's body. The form keeps the classification
 * as 项 + 细目 and the open/digitisation pairs as flat fields; everything else mirrors ResourceInput.
 */
export interface ItemRow {
  name: string;
  nameEn?: string;
  dataType?: DataType;
  length?: number | null;
  description?: string;
  base?: boolean;
  mask?: string;
  sensitive?: boolean;
}

export interface ResourceFormValues {
  name: string;
  kind: Kind;
  classItem?: string;
  subClass?: string;
  abstract: string;
  format?: Format;
  formatDetail?: string;
  updateCycle?: UpdateCycle;
  items: ItemRow[];
  shareType: ShareType;
  shareConditions?: string;
  shareMethods: ShareMethod[];
  openToPublic: boolean;
  openConditions?: string;
  legalBasis?: string;
  usageRequirements?: string;
  classified: boolean;
  electronic: boolean;
  digitisationPlan?: string;
  /** YYYY-MM-DD */
  digitisationDate?: string;
  relatedCodes: string[];
  contributingDepartmentIds: string[];
  nodeId?: string;
}

export const EMPTY_FORM: ResourceFormValues = {
  name: '',
  kind: 'department',
  abstract: '',
  items: [{ name: '', dataType: 'C' }],
  shareType: 'conditional',
  shareMethods: [],
  openToPublic: false,
  classified: false,
  electronic: true,
  relatedCodes: [],
  contributingDepartmentIds: [],
};

const text = (s: string | null | undefined): string | undefined => {
  const v = s?.trim();
  return v ? v : undefined;
};

/** The API body; blank optional fields are left out (the server would store them as null anyway). */
export function toInput(v: ResourceFormValues, departmentId: string): ResourceInput {
  // classPath is optional: without a 项 the server classes the resource by its name (a sub-class alone means nothing).
  const classPath = v.kind === 'department' || !v.classItem ? undefined : [v.classItem, text(v.subClass)].filter((s): s is string => Boolean(s));
  return {
    name: v.name ?? '',
    kind: v.kind,
    ...(classPath ? { classPath } : {}),
    departmentId,
    abstract: v.abstract ?? '',
    format: v.format ?? 'other',
    ...(text(v.formatDetail) ? { formatDetail: text(v.formatDetail) } : {}),
    items: (v.items ?? []).map((i) => ({
      name: i?.name ?? '',
      dataType: i?.dataType ?? 'C',
      ...(text(i?.nameEn) ? { nameEn: text(i?.nameEn) } : {}),
      ...(i?.length !== undefined && i?.length !== null ? { length: i.length } : {}),
      ...(text(i?.description) ? { description: text(i?.description) } : {}),
      ...(i?.base ? { base: true } : {}),
      ...(text(i?.mask) ? { mask: text(i?.mask) } : {}),
      ...(i?.sensitive ? { sensitive: true } : {}),
    })),
    shareType: v.shareType,
    ...(v.shareType === 'conditional' && text(v.shareConditions) ? { shareConditions: text(v.shareConditions) } : {}),
    shareMethods: v.shareMethods ?? [],
    open: { toPublic: Boolean(v.openToPublic), ...(v.openToPublic && text(v.openConditions) ? { conditions: text(v.openConditions) } : {}) },
    updateCycle: v.updateCycle ?? 'other',
    ...(text(v.legalBasis) ? { legalBasis: text(v.legalBasis) } : {}),
    classified: Boolean(v.classified),
    ...(v.nodeId ? { nodeId: v.nodeId } : {}),
    relatedCodes: (v.relatedCodes ?? []).map((c) => c.trim()).filter(Boolean),
    ...(text(v.usageRequirements) ? { usageRequirements: text(v.usageRequirements) } : {}),
    electronic: v.electronic !== false,
    // Without a plan the server's rule (DIGITISATION_PLAN_REQUIRED) speaks, not the schema's.
    ...(v.electronic === false && text(v.digitisationPlan)
      ? { digitisation: { plan: text(v.digitisationPlan)!, date: v.digitisationDate ?? '' } }
      : {}),
    ...(v.kind !== 'department' ? { contributingDepartmentIds: v.contributingDepartmentIds ?? [] } : {}),
  };
}

/** The form's values for an existing version (the stored class path starts with the kind's label). */
export function fromResource(r: Resource): ResourceFormValues {
  return {
    name: r.name,
    kind: r.kind,
    classItem: r.kind === 'department' ? undefined : r.classPath[1],
    subClass: r.kind === 'department' ? undefined : r.classPath[2],
    abstract: r.abstract,
    format: r.format,
    formatDetail: r.formatDetail ?? undefined,
    updateCycle: r.updateCycle,
    items: r.items.map((i) => ({
      name: i.name,
      nameEn: i.nameEn ?? undefined,
      dataType: i.dataType,
      length: i.length,
      description: i.description ?? undefined,
      base: i.base,
      mask: i.mask ?? undefined,
      sensitive: i.sensitive,
    })),
    shareType: r.shareType,
    shareConditions: r.shareConditions ?? undefined,
    shareMethods: r.shareMethods,
    openToPublic: r.open.toPublic,
    openConditions: r.open.conditions ?? undefined,
    legalBasis: r.legalBasis ?? undefined,
    usageRequirements: r.usageRequirements ?? undefined,
    classified: r.classified,
    electronic: r.electronic,
    digitisationPlan: r.digitisation?.plan,
    digitisationDate: r.digitisation?.date,
    relatedCodes: r.relatedCodes,
    contributingDepartmentIds: r.contributingDepartments.map((d) => d.id),
    nodeId: r.nodeId ?? undefined,
  };
}

export type FieldPath = string | Array<string | number>;

/** The form field a server field path (`items/2/name`, `open/toPublic`) belongs to. */
export function formFieldOf(field: string): FieldPath {
  const item = /^items\/(\d+)\/(name|length|dataType|mask|nameEn|description)$/.exec(field);
  if (item) return ['items', Number(item[1]), item[2]!];
  if (field.startsWith('relatedCodes')) return 'relatedCodes';
  const map: Record<string, string> = {
    'open/toPublic': 'openToPublic',
    'open/conditions': 'openConditions',
    digitisation: 'digitisationPlan',
    'digitisation/plan': 'digitisationPlan',
    'digitisation/date': 'digitisationDate',
    classPath: 'classItem',
  };
  return map[field] ?? field;
}

export const sameField = (a: FieldPath, b: FieldPath) => JSON.stringify(a) === JSON.stringify(b);

/** A validator-only rule: fits both Form.Item and Form.List. */
export interface FieldRule {
  validator: () => Promise<void>;
}
