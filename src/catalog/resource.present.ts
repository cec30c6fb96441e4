import { effectiveShareType, type ResourceBody, type ShareType } from './model.js';

/** The API shape of one version of a resource (GET /resources/{code}); pure, so list and detail agree. */
export interface ReviewRecord {
  decision: 'approve' | 'reject';
  comments: string | null;
  reviewer: string;
  reviewerId: string | null;
  at: string;
  items: Array<{ name: string; decision: 'approve' | 'reject'; comment: string | null }>;
}

export interface PresentInput {
  resource: { id: string; code: string; class_code: string; department_id: string; region_code: string; published_version: number | null; status: string };
  version: { version: number; status: string; body: unknown; review: unknown; retirement?: unknown; created_at: Date; updated_at: Date; published_at: Date | null; publish_date: string | null };
  departments: ReadonlyMap<string, { name: string; code: string }>;
}

export function presentResource({ resource: r, version: v, departments }: PresentInput) {
  const b = v.body as ResourceBody;
  const review = (v.review ?? null) as ReviewRecord | null;
  const itemReview = new Map((review?.items ?? []).map((i) => [i.name, i]));
  const dept = departments.get(r.department_id);
  const status = v.status === 'superseded' ? 'superseded' : v.status;
  return {
    id: r.id, code: r.code, status, version: v.version, publishedVersion: r.published_version,
    name: b.name, kind: b.kind, classPath: b.classPath, classCode: r.class_code,
    departmentId: r.department_id, departmentName: dept?.name ?? '', departmentCode: dept?.code ?? '', regionCode: r.region_code,
    leadDepartmentId: b.kind === 'department' ? null : r.department_id,
    contributingDepartments: b.contributingDepartmentIds.map((id) => ({ id, name: departments.get(id)?.name ?? '', code: departments.get(id)?.code ?? '' })),
    abstract: b.abstract, format: b.format, formatDetail: b.formatDetail,
    items: b.items.map((i) => {
      const ir = itemReview.get(i.name);
      return { ...i, effectiveShareType: effectiveShareType(b.kind, b.shareType, i) as ShareType, ...(ir ? { review: { decision: ir.decision, comment: ir.comment } } : {}) };
    }),
    shareType: b.shareType, shareConditions: b.shareConditions, shareMethods: b.shareMethods, open: b.open, updateCycle: b.updateCycle,
    publishDate: v.publish_date, publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null, relatedCodes: b.relatedCodes,
    classified: b.classified, legalBasis: b.legalBasis, usageRequirements: b.usageRequirements, electronic: b.electronic,
    digitisation: b.digitisation, nodeId: b.nodeId,
    review: review ? { decision: review.decision, comments: review.comments, reviewer: review.reviewer, at: review.at, items: review.items } : null,
    retirement: presentRetirement(v.retirement),
    createdAt: new Date(v.created_at).toISOString(), updatedAt: new Date(v.updated_at).toISOString(),
  };
}

/** Who retired a version, when and why (the reviewer's id stays internal). */
export function presentRetirement(r: unknown): { reason: string; by: string; at: string } | null {
  const x = (r ?? null) as { reason: string; by: string; at: string } | null;
  return x ? { reason: x.reason, by: x.by, at: x.at } : null;
}

export type ResourceView = ReturnType<typeof presentResource>;
