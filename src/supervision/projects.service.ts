import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import { errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { isWithin } from '../orgs/region-code.js';
import * as store from './projects.store.js';

type Ctx = Pick<AppContext, 'db'>;

/** Why a project is held at the gate (Art. 35), in both languages; `ok` has no reason. */
export const GATE_REASONS = {
  blocked_approval: { code: 'PROJECT_CATALOG_MISSING', message: '项目未编制政务信息资源目录，不予审批立项（第三十五条）', messageEn: 'No pre-compiled catalog: the project cannot be approved (Art. 35)' },
  blocked_acceptance: { code: 'PROJECT_CATALOG_NOT_PUBLISHED', message: '项目目录未全部进入共享平台，不予验收（第三十五条）', messageEn: 'The project\'s catalog has not all entered the platform: it cannot be accepted (Art. 35)' },
} as const;

export interface GateQuery { status?: store.GateStatus | undefined; region?: string | undefined; page: number; size: number }

/** The supervision view of IT projects: office of a region, oversight everywhere, a dept_head its own department. */
export async function projectGate(ctx: Ctx, actor: Actor, q: GateQuery) {
  const v = visibility(actor, 'supervision.project.read');
  const scope: store.GateScope = { regionCode: q.region };
  if (v.kind === 'none') throw errors.forbidden();
  if (v.kind === 'department') scope.departmentId = v.departmentId;
  if (v.kind === 'region') {
    if (q.region && !isWithin(q.region, v.regionCode)) throw errors.notFound('Region', '行政区划');
    scope.regionCode = q.region ?? v.regionCode;
  }
  const { rows, counts } = await store.projectGates(ctx.db, scope, q.status, q.page, q.size);
  const count = (s: store.GateStatus) => counts.find((c) => c.gate === s)?.n ?? 0;
  return {
    total: q.status ? count(q.status) : counts.reduce((a, c) => a + c.n, 0),
    counts: { blocked_approval: count('blocked_approval'), blocked_acceptance: count('blocked_acceptance'), ok: count('ok') },
    items: rows.map((r) => ({
      id: r.id, name: r.name, departmentId: r.department_id, departmentName: r.department_name, regionCode: r.region_code, approvalNo: r.approval_no,
      projectStatus: r.project_status, status: r.gate, reason: r.gate === 'ok' ? null : GATE_REASONS[r.gate],
      plannedCount: r.resource_count, publishedCount: r.published_count, missing: r.missing,
      createdAt: new Date(r.created_at).toISOString(), acceptedAt: r.accepted_at ? new Date(r.accepted_at).toISOString() : null,
    })),
  };
}
