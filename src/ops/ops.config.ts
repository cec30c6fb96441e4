import fs from 'node:fs';
import { DomainError } from '../errors.js';

type Env = Record<string, string | undefined>;

/** Settings of running the platform (docs/operations.md): metrics access and shutdown. README "Configuration". */
export interface OpsConfig {
  /** Bearer token a Prometheus scraper sends to /metrics; unset → /metrics answers only direct loopback callers. */
  readonly metricsToken: string | undefined;
  /** How long SIGTERM waits for in-flight requests (exports included) before it stops them and exits. */
  readonly shutdownTimeoutSeconds: number;
}

function bad(name: string, en: string, zh: string): DomainError {
  return new DomainError('CONFIG_INVALID', 400, `配置项 ${name} ${zh}`, `Setting ${name} ${en}`);
}

export function loadOpsConfig(env: Env): OpsConfig {
  const token = env.GOVSHARE_METRICS_TOKEN || undefined;
  // A short token is guessable and /metrics tells a lot about the platform; 16 characters is the floor.
  if (token !== undefined && token.length < 16) throw bad('GOVSHARE_METRICS_TOKEN', 'must be at least 16 characters', '至少 16 个字符');
  const raw = env.GOVSHARE_SHUTDOWN_TIMEOUT_SECONDS;
  const timeout = raw === undefined || raw === '' ? 30 : Number(raw);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 3600) {
    throw bad('GOVSHARE_SHUTDOWN_TIMEOUT_SECONDS', `must be a whole number from 1 to 3600, got "${raw}"`, `应为 1 到 3600 之间的整数，实际为 "${raw}"`);
  }
  return { metricsToken: token, shutdownTimeoutSeconds: timeout };
}

/** Names a config file may set: the environment variables the platform reads, nothing else. */
const NAME = /^(GOVSHARE_[A-Z0-9_]+|PORT|HOST|DATABASE_URL|LOG_LEVEL)$/;

/**
 * The settings of a JSON config file (`--config FILE` or GOVSHARE_CONFIG) under the environment: each key is the
 * name of an environment variable, so both ways are validated by the same code; a variable set in the environment wins.
 */
export function withConfigFile(env: Env): Env {
  const file = env.GOVSHARE_CONFIG;
  if (!file) return env;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw bad('GOVSHARE_CONFIG', `names a file that cannot be read: ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, `指向的文件无法读取：${file}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw bad('GOVSHARE_CONFIG', `is not valid JSON: ${file}: ${(err as Error).message}`, `不是有效的 JSON：${file}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw bad('GOVSHARE_CONFIG', `must hold one JSON object of settings: ${file}`, `应为一个 JSON 对象：${file}`);
  }
  const fromFile: Env = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!NAME.test(key)) throw bad(key, `is not a govshare setting (in ${file}); keys are the environment variable names of README "Configuration"`, `不是 govshare 的配置项（${file}）；键名为 README“配置”中的环境变量名`);
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw bad(key, `must be a string, number or boolean (in ${file})`, `应为字符串、数字或布尔值（${file}）`);
    }
    fromFile[key] = String(value);
  }
  const merged: Env = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  return merged;
}
