import { DomainError } from '../errors.js';
import { effectiveShareType, type ResourceBody } from '../catalog/model.js';
import { diffDays, isAfter, isBefore } from '../calendar/dates.js';
import type { ApplicationStatus } from '../db/schema.js';

/**
 * The application as a small state machine (STYLE.md: each transition one function; Art. 23, 30):
 * pending → approved → (both sign) active → expired | revoked;  pending → refused | withdrawn;  approved → withdrawn;
 * an amendment supersedes a pending or approved application; a resubmission follows a refused one.
 */
export type ApplicationAction = 'approve' | 'refuse' | 'withdraw' | 'sign' | 'activate' | 'amend' | 'resubmit' | 'revoke' | 'expire';

const TRANSITIONS: Record<ApplicationAction, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
  approve: { pending: 'approved' },
  refuse: { pending: 'refused' },
  withdraw: { pending: 'withdrawn', approved: 'withdrawn' },
  sign: { approved: 'approved' },
  activate: { approved: 'active' },
  // A renewal or change of an active (or ended) grant leaves the old one as it is until it ends.
  amend: { pending: 'superseded', approved: 'superseded', active: 'active', expired: 'expired' },
  resubmit: { refused: 'refused' },
  revoke: { active: 'revoked' },
  expire: { active: 'expired' },
};

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  pending: '待受理', approved: '已批准待签署协议', refused: '不予共享', withdrawn: '已撤回', superseded: '已被变更申请取代',
  active: '已授权', revoked: '授权已撤销', expired: '授权已到期',
};

const ACTION_LABELS: Record<ApplicationAction, [string, string]> = {
  approve: ['批准', 'approve'], refuse: ['拒绝', 'refuse'], withdraw: ['撤回', 'withdraw'], sign: ['签署协议', 'sign'], activate: ['生效', 'activate'],
  amend: ['变更', 'amend'], resubmit: ['重新申请', 'resubmit'], revoke: ['撤销', 'revoke'], expire: ['到期', 'expire'],
};

/** The next status, or a coded 409 naming what was tried and from where. */
export function transition(status: ApplicationStatus, action: ApplicationAction): ApplicationStatus {
  const next = TRANSITIONS[action][status];
  if (!next) {
    const [zh, en] = ACTION_LABELS[action];
    throw new DomainError('APPLICATION_INVALID_TRANSITION', 409, `申请当前状态为「${STATUS_LABELS[status]}」，不能${zh}`, `An application that is ${status} cannot ${en}`, { status, action });
  }
  return next;
}

export function canTransition(status: ApplicationStatus, action: ApplicationAction): boolean {
  return TRANSITIONS[action][status] !== undefined;
}

/** Art. 22–23: whether the items asked for need an application at all. */
export function applicationNeed(body: ResourceBody, items: readonly string[]): 'needed' | 'not_needed' | 'refused' {
  if (body.shareType === 'none') return 'refused';
  const byName = new Map(body.items.map((i) => [i.name, i]));
  const open = items.every((n) => effectiveShareType(body.kind, body.shareType, byName.get(n)!) === 'unconditional');
  return open ? 'not_needed' : 'needed';
}

export function unknownItems(body: ResourceBody, items: readonly string[]): string[] {
  const names = new Set(body.items.map((i) => i.name));
  return items.filter((n) => !names.has(n));
}

/** Longest use period one application may ask for; a longer need is a renewal. */
export const MAX_PERIOD_DAYS = 3 * 366;

export function checkPeriod(validFrom: string, validUntil: string, today: string): void {
  if (isBefore(validUntil, validFrom) || isBefore(validUntil, today)) {
    throw new DomainError('APPLICATION_PERIOD_INVALID', 400, '使用期限无效：结束日期须不早于开始日期和今天', 'The use period is invalid: it must end on or after its start and today');
  }
  if (isBefore(validFrom, today)) throw new DomainError('APPLICATION_PERIOD_INVALID', 400, '使用期限的开始日期不能早于今天', 'The use period cannot start before today');
  if (diffDays(validFrom, validUntil) > MAX_PERIOD_DAYS) {
    throw new DomainError('APPLICATION_PERIOD_INVALID', 400, '使用期限最长 3 年，期满可续期申请', 'A use period is at most 3 years; renew it when it ends');
  }
}

/** Which bus methods the catalog's share methods allow (Art. 23; the bus maps `table` to query and export). */
export function methodsFor(shareMethods: readonly string[], asked?: readonly string[]): string[] {
  const offered = new Set<string>();
  if (shareMethods.includes('table')) offered.add('query').add('export');
  if (shareMethods.includes('compare')) offered.add('compare');
  if (shareMethods.includes('api')) offered.add('api');
  if (shareMethods.includes('file')) offered.add('file');
  if (!asked || asked.length === 0) return [...offered];
  const missing = asked.filter((m) => !offered.has(m));
  if (missing.length > 0) throw new DomainError('METHOD_NOT_OFFERED', 400, `该资源不提供以下共享方式：${missing.join('、')}`, `The resource is not shared by: ${missing.join(', ')}`, { methods: missing });
  return [...new Set(asked)];
}

export interface DecisionInput {
  decision: 'approve' | 'refuse';
  reason?: string | undefined;
  items?: string[] | undefined;
  masks?: Record<string, string> | undefined;
  maxRecords?: number | undefined;
}

/** Art. 23: a refusal states its reason; an approval may narrow the items and add masks, never widen. */
export function checkDecision(input: DecisionInput, requested: readonly string[]): { items: string[]; masks: Record<string, string>; maxRecords: number | null; reason: string | null } {
  const reason = input.reason?.trim() || null;
  if (input.decision === 'refuse') {
    if (!reason) throw new DomainError('APPLICATION_REASON_REQUIRED', 400, '不予共享须说明理由（第二十三条）', 'A refusal must state its reason (Art. 23)');
    return { items: [], masks: {}, maxRecords: null, reason };
  }
  const items = input.items && input.items.length > 0 ? [...new Set(input.items)] : [...requested];
  const outside = items.filter((i) => !requested.includes(i));
  if (outside.length > 0) throw new DomainError('APPLICATION_ITEMS_INVALID', 400, `批准的信息项须在申请范围内：${outside.join('、')}`, `Approved items must be among those applied for: ${outside.join(', ')}`, { items: outside });
  const masks = input.masks ?? {};
  const stray = Object.keys(masks).filter((k) => !items.includes(k));
  if (stray.length > 0) throw new DomainError('APPLICATION_ITEMS_INVALID', 400, `脱敏规则只能用于批准的信息项：${stray.join('、')}`, `Masks apply only to approved items: ${stray.join(', ')}`, { items: stray });
  return { items, masks, maxRecords: input.maxRecords ?? null, reason };
}

/** The grant period when both sides have signed: it cannot start before the day it is granted. */
export function grantPeriod(validFrom: string, validUntil: string, today: string): { validFrom: string; validUntil: string } {
  if (isAfter(today, validUntil)) {
    throw new DomainError('APPLICATION_PERIOD_ENDED', 409, '申请的使用期限已过，请变更申请后重新签署', 'The use period has ended; amend the application and sign again');
  }
  return { validFrom: isAfter(today, validFrom) ? today : validFrom, validUntil };
}
