import { loadConfig, type Config } from '../config.js';
import { openPlatform, type Platform } from '../platform.js';
import { createTestDb } from './db.js';

export const ADMIN_PASSWORD = 'Admin@Test2026';

export interface TestPlatform extends Platform {
  /** Signs in through the real endpoint and returns the bearer header. */
  login(username: string, password?: string): Promise<{ authorization: string }>;
}

/** A platform on a fresh database with `admin` bootstrapped; requests go through `app.inject` (no port). */
export async function startTestPlatform(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Promise<TestPlatform> {
  // Login rate limits high: suites sign in many times from one address (src/auth tests set them low on purpose).
  const config = loadConfig({
    GOVSHARE_ADMIN_PASSWORD: ADMIN_PASSWORD, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent',
    GOVSHARE_LOGIN_RATE_IP: '100000', GOVSHARE_LOGIN_RATE_USER: '10000', ...env,
  }, overrides);
  const handle = await createTestDb();
  const platform = await openPlatform(config, { handle, logger: false });
  return {
    ...platform,
    async login(username, password = ADMIN_PASSWORD) {
      const res = await platform.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
    },
  };
}
