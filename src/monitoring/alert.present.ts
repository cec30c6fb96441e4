import type { AlertTable } from '../db/schema.js';
import type { Selectable } from 'kysely';
import type { Rule } from './monitoring.config.js';

/** Names of the rules on screen and in notices (zh-CN first, as the UI). */
export const RULE_LABELS: Record<Rule, { zh: string; en: string }> = {
  volume: { zh: '使用量高于常态', en: 'Volume above the grant\'s usual rate' },
  off_hours_export: { zh: '非工作时间导出', en: 'Export outside working hours' },
  purpose_mismatch: { zh: '超出授权用途', en: 'Purpose not in the grant' },
  repeated_refusals: { zh: '多次被拒绝访问', en: 'Repeated refusals' },
  failed_logins: { zh: '多次登录失败', en: 'Repeated failed sign-ins' },
  node_items: { zh: '节点提供目录外信息项', en: 'Node served items outside its catalog entry' },
  compare_no_match: { zh: '疑似枚举比对', en: 'Comparison with a high no-match share' },
  compare_volume: { zh: '比对量接近配额', en: 'Comparison volume near the quota' },
};

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentAlert(a: Selectable<AlertTable>) {
  return {
    id: a.id, rule: a.rule, ruleLabel: RULE_LABELS[a.rule as Rule]?.zh ?? a.rule, severity: a.severity, status: a.status, title: a.title,
    departmentId: a.department_id, providerDepartmentId: a.provider_department_id, regionCode: a.region_code, grantId: a.grant_id, userId: a.user_id, userName: a.user_name,
    evidence: a.evidence, autoAction: a.auto_action, raisedAt: iso(a.raised_at)!,
    acknowledgedAt: iso(a.acknowledged_at), acknowledgedBy: a.acknowledged_by, acknowledgeNote: a.acknowledge_note,
    closedAt: iso(a.closed_at), closedBy: a.closed_by, closeNote: a.close_note,
  };
}
