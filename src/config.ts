import path from 'node:path';
import { DomainError } from './errors.js';
import { packageRoot } from './paths.js';
import { loadMonitoringConfig, type MonitoringConfig } from './monitoring/monitoring.config.js';
import { loadSecurityConfig, type SecurityConfig } from './auth/security.config.js';
import { loadSupervisionConfig, type SupervisionConfig } from './supervision/supervision.config.js';
import { loadOpsConfig, withConfigFile, type OpsConfig } from './ops/ops.config.js';
import { loadWorkflowConfig, type WorkflowConfig } from './scheduler/workflow-config.js';

/** Every setting of the platform, validated once at start (README.md "Configuration" lists them). */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly adminPassword: string | undefined;
  readonly crypto: 'intl' | 'gm';
  readonly auditRetentionDays: number;
  readonly level: 'province' | 'city';
  readonly region: string;
  readonly parentUrl: string | undefined;
  readonly network: 'extranet' | 'intranet';
  readonly logLevel: string;
  readonly sessionTtlMinutes: number;
  readonly scryptCost: number;
  readonly lockoutThreshold: number;
  readonly lockoutMinutes: number;
  readonly webDir: string;
  readonly bodyLimitBytes: number;
  readonly demo: boolean;
  /** Open-data portal (Art. 26): requests per minute per IP, rows per download, and the licence shown. */
  readonly openRateLimitPerMinute: number;
  readonly openDownloadMaxRows: number;
  readonly openLicence: string;
  /** Calls per minute under one grant, per instance (SECURITY-NOTES: per-caller quotas against enumeration). */
  readonly grantCallsPerMinute: number;
  /** Federation (SPEC C8): this platform's name and the URL other platforms reach it at. */
  readonly platformName: string;
  readonly publicUrl: string;
  /** Alert thresholds (Art. 32) and the security authority for incidents (Art. 31): src/monitoring/monitoring.config.ts. */
  readonly monitoring: MonitoringConfig;
  /** Master key, password policy, TOTP, login rate limits: src/auth/security.config.ts. */
  readonly security: SecurityConfig;
  /** Evaluation weights and the default rectification deadline (Art. 34, 39): src/supervision/supervision.config.ts. */
  readonly supervision: SupervisionConfig;
  /** /metrics access and graceful shutdown (docs/operations.md): src/ops/ops.config.ts. */
  readonly ops: OpsConfig;
  /** Scheduler, reminder lead times, dispute step deadlines, SMTP and webhooks (SPEC C4): src/scheduler/workflow-config.ts. */
  readonly workflow: WorkflowConfig;
}

type Env = Record<string, string | undefined>;

function configError(name: string, problem: string, problemZh: string): DomainError {
  return new DomainError('CONFIG_INVALID', 400, `配置项 ${name} ${problemZh}`, `Setting ${name} ${problem}`);
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw configError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`, `应为 ${min} 到 ${max} 之间的整数，实际为 "${raw}"`);
  }
  return n;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], dflt: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw configError(name, `must be one of ${allowed.join('|')}, got "${raw}"`, `应为 ${allowed.join('|')} 之一，实际为 "${raw}"`);
  }
  return raw as T;
}

export function loadConfig(envIn: Env = process.env, overrides: Partial<Config> = {}): Config {
  const env = withConfigFile(envIn); // GOVSHARE_CONFIG / --config: a JSON file of the same settings, under the environment
  const retention = int(env, 'GOVSHARE_AUDIT_RETENTION_DAYS', 730, 0, 36500);
  // Art. 33: logs are kept at least 2 years; a shorter setting is refused, not silently raised.
  if (retention < 730) {
    throw new DomainError(
      'AUDIT_RETENTION_TOO_SHORT', 400,
      `GOVSHARE_AUDIT_RETENTION_DAYS=${retention} 低于第三十三条要求的 2 年（730 天），平台拒绝启动`,
      `GOVSHARE_AUDIT_RETENTION_DAYS=${retention} is below the 2 years (730 days) Art. 33 requires; refusing to start`,
    );
  }
  const region = env.GOVSHARE_REGION ?? '510000';
  if (!/^\d{6}$/.test(region)) throw configError('GOVSHARE_REGION', 'must be a 6-digit GB/T 2260 code', '应为 6 位行政区划代码');
  const level = oneOf(env, 'GOVSHARE_LEVEL', ['province', 'city'] as const, 'province');
  if (level === 'city' && !env.GOVSHARE_PARENT_URL) {
    throw configError('GOVSHARE_PARENT_URL', 'is required when GOVSHARE_LEVEL=city', '在 GOVSHARE_LEVEL=city 时必填');
  }
  const config: Config = {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GOVSHARE_DATA ?? './data'),
    adminPassword: env.GOVSHARE_ADMIN_PASSWORD || undefined,
    crypto: oneOf(env, 'GOVSHARE_CRYPTO', ['intl', 'gm'] as const, 'intl'),
    auditRetentionDays: retention,
    level,
    region,
    parentUrl: env.GOVSHARE_PARENT_URL || undefined,
    network: oneOf(env, 'GOVSHARE_NETWORK', ['extranet', 'intranet'] as const, 'extranet'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    sessionTtlMinutes: int(env, 'GOVSHARE_SESSION_TTL_MINUTES', 480, 5, 7 * 24 * 60),
    // scrypt N = 2^cost. 15 (32 MiB per hash) by default; 14 is the floor OWASP still accepts.
    scryptCost: int(env, 'GOVSHARE_SCRYPT_COST', 15, 14, 20),
    lockoutThreshold: int(env, 'GOVSHARE_LOCKOUT_THRESHOLD', 5, 3, 20),
    lockoutMinutes: int(env, 'GOVSHARE_LOCKOUT_MINUTES', 15, 1, 1440),
    webDir: path.resolve(env.GOVSHARE_WEB_DIR ?? path.join(packageRoot(), 'web', 'dist')),
    bodyLimitBytes: int(env, 'GOVSHARE_BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    demo: false,
    openRateLimitPerMinute: int(env, 'GOVSHARE_OPEN_RATE_LIMIT', 60, 1, 100_000),
    openDownloadMaxRows: int(env, 'GOVSHARE_OPEN_DOWNLOAD_MAX_ROWS', 100_000, 1, 10_000_000),
    openLicence: env.GOVSHARE_OPEN_LICENCE ?? '政务开放数据使用许可：可免费获取、使用和传播，须注明数据来源部门，不得歪曲或用于违法用途。',
    grantCallsPerMinute: int(env, 'GOVSHARE_GRANT_CALLS_PER_MINUTE', 600, 1, 1_000_000),
    platformName: env.GOVSHARE_PLATFORM_NAME ?? `${region} 政务信息资源共享平台`,
    publicUrl: env.GOVSHARE_PUBLIC_URL ?? `http://127.0.0.1:${env.PORT ?? '8080'}`,
    monitoring: loadMonitoringConfig(env),
    ops: loadOpsConfig(env),
    security: loadSecurityConfig(env),
    supervision: loadSupervisionConfig(env),
    workflow: loadWorkflowConfig(env),
    ...overrides,
  };
  return Object.freeze(config);
}
