import { DomainError } from '../errors.js';

type Env = Record<string, string | undefined>;

/** The alert rules (docs/security-monitoring.md); an alert's `rule` is one of these. */
export const RULES = ['volume', 'off_hours_export', 'purpose_mismatch', 'repeated_refusals', 'failed_logins', 'node_items', 'compare_no_match', 'compare_volume'] as const;
export type Rule = (typeof RULES)[number];

/** Thresholds of the monitoring rules (Art. 32) and where security incidents go (Art. 31). README "Configuration". */
export interface MonitoringConfig {
  /** A grant's calls in one hour above max(floor, factor × its usual hourly rate over the last `baselineDays`). */
  readonly volumeFactor: number;
  readonly volumeFloorCalls: number;
  readonly volumeFloorRows: number;
  readonly baselineDays: number;
  /** Working hours on PRC workdays, minutes after midnight in Shanghai; exports outside them are flagged. */
  readonly workStartMinute: number;
  readonly workEndMinute: number;
  /** Repeated refusals / failed sign-ins: at least N in a sliding window of M minutes, per user, credential or IP. */
  readonly refusalThreshold: number;
  readonly loginFailureThreshold: number;
  readonly windowMinutes: number;
  /** Comparison guards (src/exchange/compare-guard.ts): a batch of ≥ min records with a no-match share above … */
  readonly compareMinRecords: number;
  readonly compareNoMatchShare: number;
  /** … and a day's compared records passing this share of the quota. */
  readonly compareVolumeShare: number;
  /** Rules whose alert suspends the grant concerned at once (through the grant service, audited). */
  readonly suspendRules: readonly Rule[];
  /** The security authority incidents are forwarded to: a webhook (signed) and/or an e-mail address. */
  readonly incidentWebhookUrl: string | undefined;
  readonly incidentWebhookSecret: string | undefined;
  readonly incidentEmail: string | undefined;
}

function bad(name: string, en: string, zh: string): DomainError {
  return new DomainError('CONFIG_INVALID', 400, `配置项 ${name} ${zh}`, `Setting ${name} ${en}`);
}

function num(env: Env, name: string, dflt: number, min: number, max: number, integer = true): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw bad(name, `must be a number from ${min} to ${max}, got "${raw}"`, `应为 ${min} 到 ${max} 之间的数，实际为 "${raw}"`);
  }
  return n;
}

/** "HH:MM-HH:MM" → minutes after midnight. */
export function parseWorkHours(raw: string): { start: number; end: number } | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(raw.trim());
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start < end && end <= 24 * 60 ? { start, end } : undefined;
}

export function loadMonitoringConfig(env: Env): MonitoringConfig {
  const hours = parseWorkHours(env.GOVSHARE_WORK_HOURS ?? '08:30-18:00');
  if (!hours) throw bad('GOVSHARE_WORK_HOURS', 'must be "HH:MM-HH:MM" with the start before the end', '应为 "HH:MM-HH:MM"，且开始早于结束');
  const suspend = (env.GOVSHARE_ALERT_SUSPEND_RULES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = suspend.filter((r) => !(RULES as readonly string[]).includes(r));
  if (unknown.length > 0) throw bad('GOVSHARE_ALERT_SUSPEND_RULES', `names unknown rules ${unknown.join(',')} (known: ${RULES.join(',')})`, `含未知规则 ${unknown.join(',')}（可选：${RULES.join(',')}）`);
  const webhook = env.GOVSHARE_INCIDENT_WEBHOOK_URL || undefined;
  if (webhook && !/^https?:\/\//.test(webhook)) throw bad('GOVSHARE_INCIDENT_WEBHOOK_URL', 'must be an http(s) URL', '应为 http(s) 地址');
  if (webhook && (env.GOVSHARE_INCIDENT_WEBHOOK_SECRET ?? '').length < 16) throw bad('GOVSHARE_INCIDENT_WEBHOOK_SECRET', 'of at least 16 characters is required with GOVSHARE_INCIDENT_WEBHOOK_URL (requests are signed)', '在设置 GOVSHARE_INCIDENT_WEBHOOK_URL 时必填，至少 16 个字符（请求须签名）');
  return Object.freeze({
    volumeFactor: num(env, 'GOVSHARE_ALERT_VOLUME_FACTOR', 5, 1, 1000, false),
    volumeFloorCalls: num(env, 'GOVSHARE_ALERT_VOLUME_FLOOR_CALLS', 200, 1, 10_000_000),
    volumeFloorRows: num(env, 'GOVSHARE_ALERT_VOLUME_FLOOR_ROWS', 50_000, 1, 1_000_000_000),
    baselineDays: num(env, 'GOVSHARE_ALERT_BASELINE_DAYS', 14, 1, 365),
    workStartMinute: hours.start,
    workEndMinute: hours.end,
    refusalThreshold: num(env, 'GOVSHARE_ALERT_REFUSALS', 10, 2, 10_000),
    loginFailureThreshold: num(env, 'GOVSHARE_ALERT_LOGIN_FAILURES', 5, 2, 10_000),
    windowMinutes: num(env, 'GOVSHARE_ALERT_WINDOW_MINUTES', 15, 1, 1440),
    compareMinRecords: num(env, 'GOVSHARE_ALERT_COMPARE_MIN_RECORDS', 100, 1, 100_000),
    compareNoMatchShare: num(env, 'GOVSHARE_ALERT_COMPARE_NO_MATCH_SHARE', 0.8, 0, 1, false),
    compareVolumeShare: num(env, 'GOVSHARE_ALERT_COMPARE_VOLUME_SHARE', 0.8, 0, 1, false),
    suspendRules: Object.freeze(suspend as Rule[]),
    incidentWebhookUrl: webhook,
    incidentWebhookSecret: env.GOVSHARE_INCIDENT_WEBHOOK_SECRET || undefined,
    incidentEmail: env.GOVSHARE_INCIDENT_EMAIL || undefined,
  });
}
