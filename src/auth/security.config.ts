import { DomainError } from '../errors.js';
import type { Role } from './roles.js';

type Env = Record<string, string | undefined>;

/** Secrets at rest and identity hardening (docs/security.md); README "Configuration" lists the variables. */
export interface SecurityConfig {
  /** GOVSHARE_MASTER_KEY: 32 bytes (base64 or hex). Unset: a key file `master.key` in the data directory. */
  readonly masterKey: string | undefined;
  /** GOVSHARE_MASTER_KEY_PREVIOUS: earlier master keys (comma-separated), to open values until `govshare secrets rotate`. */
  readonly masterKeyPrevious: readonly string[];
  readonly passwordMinLength: number;
  /** A new password may not be one of the user's last N. */
  readonly passwordHistory: number;
  /** Roles that may enrol a TOTP second factor; with `totpRequired` they must before doing anything else. */
  readonly totpRoles: readonly Role[];
  readonly totpRequired: boolean;
  /** Sign-in attempts per minute per client address, and per username (whatever the address). */
  readonly loginPerIpPerMinute: number;
  readonly loginPerUserPerMinute: number;
}

function bad(name: string, en: string, zh: string): DomainError {
  return new DomainError('CONFIG_INVALID', 400, `配置项 ${name} ${zh}`, `Setting ${name} ${en}`);
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw bad(name, `must be a whole number from ${min} to ${max}, got "${raw}"`, `应为 ${min} 到 ${max} 之间的整数，实际为 "${raw}"`);
  return n;
}

function bool(env: Env, name: string, dflt: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (raw !== 'true' && raw !== 'false') throw bad(name, `must be true or false, got "${raw}"`, `应为 true 或 false，实际为 "${raw}"`);
  return raw === 'true';
}

export function loadSecurityConfig(env: Env): SecurityConfig {
  return {
    masterKey: env.GOVSHARE_MASTER_KEY || undefined,
    masterKeyPrevious: (env.GOVSHARE_MASTER_KEY_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    passwordMinLength: int(env, 'GOVSHARE_PASSWORD_MIN_LENGTH', 10, 8, 128),
    passwordHistory: int(env, 'GOVSHARE_PASSWORD_HISTORY', 5, 0, 24),
    // 等保 2.0 level 3 asks for two factors for administrators: the office and the platform administrators.
    totpRoles: ['admin', 'office'],
    totpRequired: bool(env, 'GOVSHARE_TOTP_REQUIRED', false),
    loginPerIpPerMinute: int(env, 'GOVSHARE_LOGIN_RATE_IP', 30, 1, 100_000),
    loginPerUserPerMinute: int(env, 'GOVSHARE_LOGIN_RATE_USER', 10, 1, 10_000),
  };
}
