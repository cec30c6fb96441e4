/**
 * The catalog's vocabulary (SPEC §0, CATALOG-METADATA.md): code identifiers with their Chinese labels, and the
 * shape of one resource's metadata as it is stored per version. Labels are used by the xlsx layout and exports.
 */
export const KINDS = ['base', 'theme', 'department'] as const;
export const FORMATS = ['file', 'spreadsheet', 'database', 'image', 'stream', 'self_describing', 'other'] as const;
export const DATA_TYPES = ['C', 'N', 'Y', 'D', 'T', 'L', 'M', 'G', 'B', 'I', 'F'] as const;
export const SHARE_TYPES = ['unconditional', 'conditional', 'none'] as const;
export const SHARE_METHODS = ['table', 'api', 'file', 'compare'] as const;
export const UPDATE_CYCLES = ['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'half_yearly', 'yearly', 'other'] as const;
/** Statuses of a resource in the API; `superseded` appears only on old versions in the history. */
export const STATUSES = ['draft', 'submitted', 'rejected', 'approved', 'published', 'retired'] as const;

export type Kind = (typeof KINDS)[number];
export type Format = (typeof FORMATS)[number];
export type DataType = (typeof DATA_TYPES)[number];
export type ShareType = (typeof SHARE_TYPES)[number];
export type ShareMethod = (typeof SHARE_METHODS)[number];
export type UpdateCycle = (typeof UPDATE_CYCLES)[number];
export type Status = (typeof STATUSES)[number];
export type VersionStatus = Status | 'superseded';

export const KIND_LABELS: Record<Kind, string> = { base: '基础', theme: '主题', department: '部门' };
export const FORMAT_LABELS: Record<Format, string> = {
  file: '电子文件', spreadsheet: '电子表格', database: '数据库', image: '图形图像', stream: '流媒体', self_describing: '自描述格式', other: '其他',
};
export const DATA_TYPE_LABELS: Record<DataType, string> = {
  C: '字符型', N: '数值型', Y: '货币型', D: '日期型', T: '日期时间型', L: '逻辑型', M: '备注型', G: '通用型', B: '双精度型', I: '整型', F: '浮点型',
};
export const SHARE_TYPE_LABELS: Record<ShareType, string> = { unconditional: '无条件共享', conditional: '有条件共享', none: '不予共享' };
export const SHARE_METHOD_LABELS: Record<ShareMethod, string> = { table: '库表', api: '接口', file: '文件', compare: '比对' };
export const UPDATE_CYCLE_LABELS: Record<UpdateCycle, string> = {
  realtime: '实时', daily: '每日', weekly: '每周', monthly: '每月', quarterly: '每季度', half_yearly: '每半年', yearly: '每年', other: '其他',
};
export const STATUS_LABELS: Record<VersionStatus, string> = {
  draft: '草稿', submitted: '待审核', rejected: '已退回', approved: '已注册', published: '已发布', retired: '已下线', superseded: '历史版本',
};

/** Masks of DESIGN.md, applied at the node (`keep:F,L` keeps F first and L last characters). */
export const MASK_PATTERN = '^(id_number|phone|name|hash|year_only|null|keep:[0-9]{1,2},[0-9]{1,2})$';

export interface Item {
  name: string;
  nameEn?: string | undefined;
  dataType: DataType;
  length?: number | undefined;
  description?: string | undefined;
  /** 基础信息项 (Art. 20); otherwise a 业务信息项. */
  base?: boolean | undefined;
  mask?: string | undefined;
  sensitive?: boolean | undefined;
}

/** The body of POST /resources and PUT /resources/{id} (DESIGN.md "Fixed interfaces", plus optional fields). */
export interface ResourceInput {
  name: string;
  kind: Kind;
  classPath?: string[] | undefined;
  departmentId: string;
  abstract: string;
  format: Format;
  formatDetail?: string | undefined;
  items: Item[];
  shareType: ShareType;
  shareConditions?: string | undefined;
  shareMethods: ShareMethod[];
  open: { toPublic: boolean; conditions?: string | undefined };
  updateCycle: UpdateCycle;
  legalBasis?: string | undefined;
  classified?: boolean | undefined;
  nodeId?: string | undefined;
  relatedCodes?: string[] | undefined;
  usageRequirements?: string | undefined;
  /** Art. 17: a non-electronic resource carries its digitisation plan and date. */
  electronic?: boolean | undefined;
  digitisation?: { plan: string; date: string } | undefined;
  /** Art. 19: departments that supply items to a base or theme library (the provider is the lead). */
  contributingDepartmentIds?: string[] | undefined;
}

/** What a version stores: the input, normalised (trimmed, defaults filled, classPath resolved). */
export interface ResourceBody {
  name: string;
  kind: Kind;
  classPath: string[];
  abstract: string;
  format: Format;
  formatDetail: string | null;
  items: Array<Required<Pick<Item, 'name' | 'dataType'>> & { nameEn: string | null; length: number | null; description: string | null; base: boolean; mask: string | null; sensitive: boolean }>;
  shareType: ShareType;
  shareConditions: string | null;
  shareMethods: ShareMethod[];
  open: { toPublic: boolean; conditions: string | null };
  updateCycle: UpdateCycle;
  legalBasis: string | null;
  classified: boolean;
  nodeId: string | null;
  relatedCodes: string[];
  usageRequirements: string | null;
  electronic: boolean;
  digitisation: { plan: string; date: string } | null;
  contributingDepartmentIds: string[];
}

export type StoredItem = ResourceBody['items'][number];

/** Art. 20: base items of a base resource are shared unconditionally, whatever the resource's share type. */
export function effectiveShareType(kind: Kind, resourceShareType: ShareType, item: { base: boolean }): ShareType {
  return kind === 'base' && item.base ? 'unconditional' : resourceShareType;
}

export const RESOURCE_CODE_PATTERN = '^[0-9]{6,12}/[0-9]{6}$';
