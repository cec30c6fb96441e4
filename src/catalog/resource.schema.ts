import { Type, type TSchema } from 'typebox';
import { IsoDate, Strict, Uuid } from '../http/schemas.js';
import { DATA_TYPES, FORMATS, KINDS, MASK_PATTERN, SHARE_METHODS, SHARE_TYPES, STATUSES, UPDATE_CYCLES } from './model.js';
import { SORTS } from './search.store.js';

/** TypeBox schemas of the catalog API: request bodies refuse unknown fields; rules with codes live in resource.rules.ts. */
const Enum = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (max: number) => Type.String({ maxLength: max });

export const Kind = Enum(KINDS);
export const Format = Enum(FORMATS);
export const ShareType = Enum(SHARE_TYPES);
export const UpdateCycle = Enum(UPDATE_CYCLES);
export const Status = Enum(STATUSES);
export const ResourceRef = Type.String({ minLength: 1, maxLength: 64, description: 'resource id (uuid) or URL-encoded code (101001001%2F000123)' });

export const ItemIn = Strict({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  nameEn: Type.Optional(Text(100)),
  dataType: Enum(DATA_TYPES),
  length: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  description: Type.Optional(Text(500)),
  base: Type.Optional(Type.Boolean()),
  mask: Type.Optional(Type.String({ pattern: MASK_PATTERN })),
  sensitive: Type.Optional(Type.Boolean()),
});

/** Lengths here are generous limits against abuse; the catalog's own limits (abstract ≤ 1000) give coded errors. */
const resourceProps = {
  name: Type.String({ minLength: 1, maxLength: 500 }),
  kind: Kind,
  classPath: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 4 })),
  departmentId: Uuid,
  abstract: Text(5000),
  format: Format,
  formatDetail: Type.Optional(Text(64)),
  items: Type.Array(ItemIn, { maxItems: 500 }),
  shareType: ShareType,
  shareConditions: Type.Optional(Text(2000)),
  shareMethods: Type.Array(Enum(SHARE_METHODS), { maxItems: 4 }),
  open: Strict({ toPublic: Type.Boolean(), conditions: Type.Optional(Text(2000)) }),
  updateCycle: UpdateCycle,
  legalBasis: Type.Optional(Text(2000)),
  classified: Type.Optional(Type.Boolean()),
  nodeId: Type.Optional(Text(64)),
  relatedCodes: Type.Optional(Type.Array(Text(32), { maxItems: 50 })),
  usageRequirements: Type.Optional(Text(2000)),
  electronic: Type.Optional(Type.Boolean()),
  digitisation: Type.Optional(Strict({ plan: Type.String({ minLength: 1, maxLength: 2000 }), date: IsoDate })),
  contributingDepartmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
};
export const ResourceIn = Strict(resourceProps);
/** A resource of a project's pre-compiled catalog (Art. 35): the provider is the project's department. */
export const ProjectResourceIn = Strict({ ...resourceProps, departmentId: Type.Optional(Uuid) });

export const ReviewIn = Strict({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
  comments: Type.Optional(Text(2000)),
  items: Type.Optional(Type.Array(Strict({ name: Type.String({ minLength: 1, maxLength: 100 }), decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), comment: Type.Optional(Text(1000)) }), { maxItems: 500 })),
});

const ItemOut = Type.Object({
  name: Type.String(), nameEn: Nullable(Type.String()), dataType: Type.String(), length: Nullable(Type.Integer()), description: Nullable(Type.String()),
  base: Type.Boolean(), mask: Nullable(Type.String()), sensitive: Type.Boolean(),
  effectiveShareType: ShareType,
  review: Type.Optional(Type.Object({ decision: Type.String(), comment: Nullable(Type.String()) })),
});
const DeptRef = Type.Object({ id: Type.String(), name: Type.String(), code: Type.String() });

export const ReviewOut = Type.Object({
  decision: Type.String(), comments: Nullable(Type.String()), reviewer: Type.String(), at: Type.String(),
  items: Type.Array(Type.Object({ name: Type.String(), decision: Type.String(), comment: Nullable(Type.String()) })),
});

export const RetirementOut = Type.Object({ reason: Type.String(), by: Type.String(), at: Type.String() });

/** POST /resources/{id}/retire: the reason is required (RETIRE_REASON_REQUIRED when missing or blank). */
export const RetireIn = Strict({ reason: Type.Optional(Type.String({ maxLength: 2000 })) });

export const ResourceOut = Type.Object({
  id: Type.String(), code: Type.String(), status: Type.String(), version: Type.Integer(), publishedVersion: Nullable(Type.Integer()),
  name: Type.String(), kind: Kind, classPath: Type.Array(Type.String()), classCode: Type.String(),
  departmentId: Type.String(), departmentName: Type.String(), departmentCode: Type.String(), regionCode: Type.String(),
  leadDepartmentId: Nullable(Type.String()), contributingDepartments: Type.Array(DeptRef),
  abstract: Type.String(), format: Format, formatDetail: Nullable(Type.String()), items: Type.Array(ItemOut),
  shareType: ShareType, shareConditions: Nullable(Type.String()), shareMethods: Type.Array(Type.String()),
  open: Type.Object({ toPublic: Type.Boolean(), conditions: Nullable(Type.String()) }), updateCycle: UpdateCycle,
  publishDate: Nullable(Type.String()), publishedAt: Nullable(Type.String()), relatedCodes: Type.Array(Type.String()),
  classified: Type.Boolean(), legalBasis: Nullable(Type.String()), usageRequirements: Nullable(Type.String()),
  electronic: Type.Boolean(), digitisation: Nullable(Type.Object({ plan: Type.String(), date: Type.String() })), nodeId: Nullable(Type.String()),
  review: Nullable(ReviewOut), retirement: Nullable(RetirementOut), createdAt: Type.String(), updatedAt: Type.String(),
});

export const ResourceSummary = Type.Object({
  id: Type.String(), code: Type.String(), status: Type.String(), version: Type.Integer(), name: Type.String(), kind: Kind,
  departmentId: Type.String(), departmentName: Type.String(), regionCode: Type.String(), abstract: Type.String(),
  shareType: ShareType, format: Format, updateCycle: UpdateCycle, open: Type.Boolean(), publishDate: Nullable(Type.String()),
  updatedAt: Type.String(), score: Type.Optional(Type.Number()),
});

export const Transition = Type.Object({ id: Type.String(), code: Type.String(), status: Type.String(), version: Type.Integer() });

const Facet = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }));
export const Facets = Type.Object({
  region: Facet, department: Facet, kind: Facet, shareType: Facet, format: Facet, updateCycle: Facet, open: Facet,
});

/** One value, or several separated by commas (any of them: multi-select faceting), e.g. `shareType=unconditional,conditional`. */
const AnyOf = (values: readonly string[]) => Type.String({ pattern: `^(${values.join('|')})(,(${values.join('|')})){0,${values.length - 1}}$`, description: `one or more of ${values.join(', ')}, comma-separated` });
const UUID_RE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const ListQuery = {
  q: Type.Optional(Type.String({ maxLength: 100 })),
  region: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  department: Type.Optional(Type.String({ pattern: `^${UUID_RE}(,${UUID_RE}){0,19}$`, description: 'one or more department ids, comma-separated' })),
  shareType: Type.Optional(AnyOf(SHARE_TYPES)),
  kind: Type.Optional(AnyOf(KINDS)),
  format: Type.Optional(AnyOf(FORMATS)),
  updateCycle: Type.Optional(AnyOf(UPDATE_CYCLES)),
  open: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Unsafe<(typeof SORTS)[number]>({ type: 'string', enum: [...SORTS], description: 'relevance (default; newest first without q), publishDate, name, updated' })),
  order: Type.Optional(Type.Unsafe<'asc' | 'desc'>({ type: 'string', enum: ['asc', 'desc'], description: 'default desc, name asc' })),
};

/** Splits the comma-separated multi-select values of ListQuery. */
export function splitList<T extends string>(v: T | string | undefined): T[] | undefined {
  return v ? ([...new Set(v.split(','))] as T[]) : undefined;
}
