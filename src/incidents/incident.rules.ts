import { DomainError } from '../errors.js';

/** Levels of a network-security incident as PRC practice grades them (一般、较大、重大、特别重大). */
export const SEVERITIES = ['general', 'major', 'serious', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { general: '一般', major: '较大', serious: '重大', critical: '特别重大' };

/** Art. 31: reported → under investigation → closed, one step at a time. */
export const STATUSES = ['reported', 'investigating', 'closed'] as const;
export type IncidentStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<IncidentStatus, string> = { reported: '已报告', investigating: '调查处置中', closed: '已结案' };

export function nextStatusAllowed(from: IncidentStatus, to: IncidentStatus): boolean {
  return STATUSES.indexOf(to) === STATUSES.indexOf(from) + 1;
}

const SKEW_MS = 5 * 60_000;

/** When: discovered not before it occurred, neither in the future. */
export function checkTimes(occurredAt: Date | null, discoveredAt: Date, now: Date): void {
  if (Number.isNaN(discoveredAt.getTime()) || (occurredAt && Number.isNaN(occurredAt.getTime()))) {
    throw new DomainError('INCIDENT_TIME_INVALID', 400, '事件时间格式不正确', 'The incident times are not valid date-times');
  }
  if (discoveredAt.getTime() > now.getTime() + SKEW_MS || (occurredAt && occurredAt.getTime() > now.getTime() + SKEW_MS)) {
    throw new DomainError('INCIDENT_TIME_IN_FUTURE', 400, '事件发生或发现时间不能晚于当前时间', 'An incident cannot occur or be discovered in the future');
  }
  if (occurredAt && occurredAt.getTime() > discoveredAt.getTime()) {
    throw new DomainError('INCIDENT_TIME_ORDER', 400, '发现时间不能早于发生时间', 'The incident was discovered before it occurred');
  }
}
