import type { DisputeStatus } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { parentOf, parseRegionCode } from '../orgs/region-code.js';

/**
 * Art. 25: "由使用部门与提供部门协商解决，协商未果的由本级…管理机构协调解决，必要时由领导小组最终裁定。"
 * negotiation ─escalate(party)→ office_coordination ─decide(office)→ office_decided ─escalate(party|office)→ leading_group ─decide(leading group)→ ruled (final)
 * The parties may settle (resolved) at any step before the leading group; the office may refer straight to the leading group.
 */
export type DisputeAction = 'message' | 'escalate' | 'decide' | 'settle';
export type DisputeRole = 'party' | 'office' | 'leading_group';

interface Rule { roles: DisputeRole[]; next?: DisputeStatus }

const RULES: Record<DisputeStatus, Partial<Record<DisputeAction, Rule>>> = {
  negotiation: { message: { roles: ['party', 'office'] }, escalate: { roles: ['party'], next: 'office_coordination' }, settle: { roles: ['party'], next: 'resolved' } },
  office_coordination: {
    message: { roles: ['party', 'office'] }, decide: { roles: ['office'], next: 'office_decided' },
    escalate: { roles: ['office'], next: 'leading_group' }, settle: { roles: ['party'], next: 'resolved' },
  },
  office_decided: { message: { roles: ['party', 'office'] }, escalate: { roles: ['party', 'office'], next: 'leading_group' }, settle: { roles: ['party'], next: 'resolved' } },
  leading_group: { message: { roles: ['party', 'office', 'leading_group'] }, decide: { roles: ['leading_group'], next: 'ruled' } },
  resolved: {},
  ruled: {},
};

export const DISPUTE_STATUS_LABELS: Record<DisputeStatus, string> = {
  negotiation: '双方协商中', office_coordination: '管理机构协调中', office_decided: '管理机构已出具协调意见', leading_group: '领导小组裁定中',
  resolved: '已解决', ruled: '领导小组已裁定（最终）',
};

/**
 * Workdays each step may take. Art. 25 sets no time limits; these are the platform's service targets so that every
 * step shows on someone's to-do list with a date and overdue steps reach supervision. The defaults (10 / 15 / 5 / 20)
 * are settings (Config.workflow.disputeStepWorkdays); closed steps have no deadline.
 */
export function stepWorkdays(steps: Readonly<Record<'negotiation' | 'office_coordination' | 'office_decided' | 'leading_group', number>>, status: DisputeStatus): number | undefined {
  return status === 'negotiation' || status === 'office_coordination' || status === 'office_decided' || status === 'leading_group' ? steps[status] : undefined;
}

const ACTION_ZH: Record<DisputeAction, string> = { message: '发言', escalate: '提请上一级', decide: '作出决定', settle: '确认解决' };

/** The status after `action` by one of `roles` (the actor's roles in this dispute), or a coded error. */
export function disputeTransition(status: DisputeStatus, action: DisputeAction, roles: readonly DisputeRole[]): { next: DisputeStatus; as: DisputeRole } {
  const rule = RULES[status][action];
  if (!rule) {
    throw new DomainError('DISPUTE_INVALID_TRANSITION', 409, `争议当前为「${DISPUTE_STATUS_LABELS[status]}」，不能${ACTION_ZH[action]}`, `A dispute in ${status} cannot ${action}`, { status, action });
  }
  const as = rule.roles.find((r) => roles.includes(r));
  if (!as) {
    throw new DomainError('DISPUTE_ROLE_MISMATCH', 403, `当前阶段只有${rule.roles.map((r) => ({ party: '争议双方', office: '管理机构', leading_group: '领导小组' })[r]).join('或')}可以${ACTION_ZH[action]}`,
      `At this step only ${rule.roles.join(' or ')} may ${action}`, { status, action });
  }
  return { next: rule.next ?? status, as };
}

export function isClosed(status: DisputeStatus): boolean {
  return status === 'resolved' || status === 'ruled';
}

function ancestors(code: string): string[] {
  const out = [code];
  for (let p = parentOf(code); p; p = parentOf(p)) out.push(p);
  return out;
}

/** The lowest region containing both departments' regions: whose management office coordinates ("本级"). */
export function commonRegion(a: string, b: string): string {
  if (!parseRegionCode(a).ok || !parseRegionCode(b).ok) throw new RangeError(`not region codes: ${a}, ${b}`);
  const up = new Set(ancestors(b));
  const found = ancestors(a).find((c) => up.has(c));
  if (!found) throw new DomainError('DISPUTE_NO_COMMON_REGION', 409, '双方不属于同一省级行政区，无法确定协调的管理机构', 'The two departments share no region; no office can coordinate');
  return found;
}
