import { DomainError } from '../errors.js';

/** Workdays each dispute step may take (Art. 25 sets none: these are the platform's configurable defaults). */
export interface DisputeStepWorkdays {
  /** 双方协商 (GOVSHARE_DISPUTE_NEGOTIATION_WORKDAYS, default 10). */
  readonly negotiation: number;
  /** 管理机构协调 (GOVSHARE_DISPUTE_OFFICE_WORKDAYS, default 15). */
  readonly office_coordination: number;
  /** The parties accept the office's decision or escalate it (GOVSHARE_DISPUTE_RESPONSE_WORKDAYS, default 5). */
  readonly office_decided: number;
  /** 领导小组裁定 (GOVSHARE_DISPUTE_LEADING_GROUP_WORKDAYS, default 20). */
  readonly leading_group: number;
}

/**
 * Settings of the workflow (SPEC C4: reminders, notifications; DESIGN.md: one scheduler per platform), part of the one
 * config object (src/config.ts `Config.workflow`, README.md "Configuration"), read from the environment once and
 * validated there: a bad value stops the platform with a readable message.
 */
export interface WorkflowConfig {
  /** Seconds between scheduler runs; 0 turns the scheduler off (GOVSHARE_SCHEDULER_INTERVAL_SECONDS, default 60). */
  readonly schedulerIntervalSeconds: number;
  /** Remind this many workdays before a deadline (GOVSHARE_REMINDER_WORKDAYS, default 2). */
  readonly reminderWorkdays: number;
  /** Remind a consumer this many workdays before its grant ends, time enough to renew (default 15). */
  readonly renewalReminderWorkdays: number;
  /** SMTP URL for e-mail notices (GOVSHARE_SMTP_URL, e.g. smtp://mail.gov.local:587, smtps:// for TLS); unset → no e-mail. */
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  /** SMTP login (GOVSHARE_SMTP_USER, GOVSHARE_SMTP_PASSWORD); kept out of the URL so the password is never logged with it. */
  readonly smtpUser: string | undefined;
  readonly smtpPassword: string | undefined;
  /** Deadlines of the dispute steps, in workdays. */
  readonly disputeStepWorkdays: DisputeStepWorkdays;
  /** A platform-wide webhook that receives every notice, signed with GOVSHARE_WEBHOOK_SECRET. */
  readonly webhookUrl: string | undefined;
  readonly webhookSecret: string | undefined;
  readonly webhookTimeoutMs: number;
  /** A font file with Chinese glyphs for agreement PDFs (GOVSHARE_PDF_FONT); default: the bundled Noto Sans SC. */
  readonly pdfFont: string | undefined;
}

type Env = Record<string, string | undefined>;

function invalid(name: string, en: string, zh: string): DomainError {
  return new DomainError('CONFIG_INVALID', 400, `配置项 ${name} ${zh}`, `Setting ${name} ${en}`);
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(name, `must be a whole number from ${min} to ${max}, got "${raw}"`, `应为 ${min} 到 ${max} 之间的整数，实际为 "${raw}"`);
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalid(name, `is not a URL: "${raw}"`, `不是合法的 URL："${raw}"`);
  }
  if (!protocols.includes(u.protocol)) throw invalid(name, `must use ${protocols.join(' or ')}`, `须使用 ${protocols.join(' 或 ')} 协议`);
  return raw;
}

export function loadWorkflowConfig(env: Env = process.env): WorkflowConfig {
  const webhookUrl = url(env, 'GOVSHARE_WEBHOOK_URL', ['http:', 'https:']);
  const webhookSecret = env.GOVSHARE_WEBHOOK_SECRET || undefined;
  if (webhookUrl && (!webhookSecret || webhookSecret.length < 16)) {
    throw invalid('GOVSHARE_WEBHOOK_SECRET', 'is required (at least 16 characters) when GOVSHARE_WEBHOOK_URL is set', '在设置 GOVSHARE_WEBHOOK_URL 时必填（至少 16 个字符）');
  }
  const smtpUser = env.GOVSHARE_SMTP_USER || undefined;
  const smtpPassword = env.GOVSHARE_SMTP_PASSWORD || undefined;
  if (smtpPassword && !smtpUser) throw invalid('GOVSHARE_SMTP_USER', 'is required when GOVSHARE_SMTP_PASSWORD is set', '在设置 GOVSHARE_SMTP_PASSWORD 时必填');
  return Object.freeze({
    schedulerIntervalSeconds: int(env, 'GOVSHARE_SCHEDULER_INTERVAL_SECONDS', 60, 0, 86_400),
    reminderWorkdays: int(env, 'GOVSHARE_REMINDER_WORKDAYS', 2, 0, 30),
    renewalReminderWorkdays: int(env, 'GOVSHARE_RENEWAL_REMINDER_WORKDAYS', 15, 0, 120),
    smtpUrl: url(env, 'GOVSHARE_SMTP_URL', ['smtp:', 'smtps:']),
    smtpFrom: env.GOVSHARE_SMTP_FROM || 'govshare@localhost',
    smtpUser,
    smtpPassword,
    disputeStepWorkdays: Object.freeze({
      negotiation: int(env, 'GOVSHARE_DISPUTE_NEGOTIATION_WORKDAYS', 10, 1, 120),
      office_coordination: int(env, 'GOVSHARE_DISPUTE_OFFICE_WORKDAYS', 15, 1, 120),
      office_decided: int(env, 'GOVSHARE_DISPUTE_RESPONSE_WORKDAYS', 5, 1, 120),
      leading_group: int(env, 'GOVSHARE_DISPUTE_LEADING_GROUP_WORKDAYS', 20, 1, 120),
    }),
    webhookUrl,
    webhookSecret,
    webhookTimeoutMs: int(env, 'GOVSHARE_WEBHOOK_TIMEOUT_MS', 5_000, 100, 60_000),
    pdfFont: env.GOVSHARE_PDF_FONT || undefined,
  });
}
