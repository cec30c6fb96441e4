import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { DomainError } from '../errors.js';
import { createContext, openPlatform } from '../platform.js';
import { makeCreditCode } from '../orgs/credit-code.js';
import { ADMIN_PASSWORD, startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { MASTER_KEY_FILE, secretBoxFromConfig } from './master-key.js';
import { rotateSecrets } from './secrets.cli.js';

const K1 = randomBytes(32).toString('base64');
const K2 = randomBytes(32).toString('hex');
const cfg = (env: Record<string, string>) => loadConfig({ GOVSHARE_ADMIN_PASSWORD: ADMIN_PASSWORD, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent', ...env });

let p: TestPlatform;
let deptId: string;
let clearSecret: string;

const rawSettings = async () => JSON.stringify(await p.ctx.db.selectFrom('settings').selectAll().execute());
const rawHooks = async () => JSON.stringify(await p.ctx.db.selectFrom('department_notify_settings').selectAll().execute());
const startCode = async (env: Record<string, string>) => createContext(cfg(env), p.handle).then(() => 'started', (e: unknown) => (e instanceof DomainError ? e.code : String(e)));

beforeAll(async () => {
  p = await startTestPlatform({}, { GOVSHARE_MASTER_KEY: K1 });
  const admin = await p.login('admin');
  await p.app.inject({ method: 'POST', url: '/api/v1/regions', headers: admin, payload: { code: '510000', name: '四川省', level: 'province' } });
  const dept = await p.app.inject({ method: 'POST', url: '/api/v1/departments', headers: admin, payload: { code: makeCreditCode({ authority: '1', category: '1', regionCode: '510000', orgSeq: 77_001 }), name: '测试厅', regionCode: '510000' } });
  deptId = dept.json().id;
  const put = await p.app.inject({ method: 'PUT', url: `/api/v1/notification-settings/${deptId}`, headers: admin, payload: { email: null, webhookUrl: 'https://hooks.example.gov.cn/x' } });
  expect(put.statusCode, put.body + dept.body).toBe(200);
  clearSecret = put.json().webhookSecret;
}, 120_000);
afterAll(async () => p?.close());

describe('secrets at rest (issue 7 item 6)', () => {
  it('keeps no private key and no webhook secret in the clear in the database', async () => {
    expect(clearSecret).toMatch(/^whs_/);
    expect(await rawSettings()).not.toContain('PRIVATE KEY');
    expect(await rawSettings()).toContain('gsenc:1:A256GCM:');
    const hooks = await rawHooks();
    expect(hooks).not.toContain(clearSecret);
    expect(hooks).toContain('gsenc:1:A256GCM:');
  });

  it('seals plain values left by an older version at the next start', async () => {
    const legacyPem = p.ctx.keys.suite.generateKeyPair();
    await p.ctx.db.updateTable('settings').set({ value: JSON.stringify({ ...legacyPem, createdAt: '2025-01-01T00:00:00Z' }) }).where('key', '=', 'platform_key:intl').execute();
    await p.ctx.db.updateTable('department_notify_settings').set({ webhook_secret: 'whs_legacy-plain-secret' }).where('department_id', '=', deptId).execute();
    expect(await rawSettings()).toContain('PRIVATE KEY');
    const ctx = await createContext(cfg({ GOVSHARE_MASTER_KEY: K1 }), p.handle);
    expect(ctx.keys.publicPem).toBe(legacyPem.publicPem); // the same key, now sealed
    expect(await rawSettings()).not.toContain('PRIVATE KEY');
    expect(await rawHooks()).not.toContain('whs_legacy-plain-secret');
    const row = await p.ctx.db.selectFrom('department_notify_settings').select('webhook_secret').where('department_id', '=', deptId).executeTakeFirstOrThrow();
    expect(ctx.secrets.open(row.webhook_secret!, `notify:webhook_secret:${deptId}`)).toBe('whs_legacy-plain-secret');
  });

  it('refuses to start with a wrong master key, with a coded error', async () => {
    expect(await startCode({ GOVSHARE_MASTER_KEY: K2 })).toBe('MASTER_KEY_MISMATCH');
    expect(await startCode({ GOVSHARE_MASTER_KEY: 'too-short' })).toBe('MASTER_KEY_INVALID');
  });

  it('rotates to a new master key with the old one as previous; afterwards the old key alone no longer opens', async () => {
    const row = await p.ctx.db.selectFrom('settings').select('value').where('key', '=', 'platform_key:intl').executeTakeFirstOrThrow();
    const before = (row.value as { publicPem: string }).publicPem;
    const adminId = (await p.ctx.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()).id;
    await p.ctx.db.insertInto('user_totp').values({ user_id: adminId, secret_sealed: p.ctx.secrets.seal('JBSWY3DPEHPK3PXP', `auth:totp:${adminId}`), confirmed_at: null, last_step: null }).execute();
    const rotated = await createContext(cfg({ GOVSHARE_MASTER_KEY: K2, GOVSHARE_MASTER_KEY_PREVIOUS: K1 }), p.handle);
    expect(rotated.keys.publicPem).toBe(before);
    const totp = await p.ctx.db.selectFrom('user_totp').select('secret_sealed').where('user_id', '=', adminId).executeTakeFirstOrThrow();
    expect(rotated.secrets.isCurrent(totp.secret_sealed)).toBe(true);
    expect(rotated.secrets.open(totp.secret_sealed, `auth:totp:${adminId}`)).toBe('JBSWY3DPEHPK3PXP');
    expect(await rawSettings()).toContain(`:${rotated.secrets.current.id}:`);
    expect(await rawHooks()).toContain(`:${rotated.secrets.current.id}:`);
    expect(await startCode({ GOVSHARE_MASTER_KEY: K2 })).toBe('started');
    expect(await startCode({ GOVSHARE_MASTER_KEY: K1 })).toBe('MASTER_KEY_MISMATCH');
  });
});

describe('govshare secrets rotate', () => {
  it('re-encrypts a data directory\'s secrets with the new key', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-rotate-'));
    try {
      const first = await openPlatform(cfg({ GOVSHARE_DATA: dataDir, GOVSHARE_MASTER_KEY: K1 }), { logger: false });
      const pub = first.ctx.keys.publicPem;
      await first.close();
      expect(await rotateSecrets(cfg({ GOVSHARE_DATA: dataDir, GOVSHARE_MASTER_KEY: K2, GOVSHARE_MASTER_KEY_PREVIOUS: K1 }))).toContain('re-encrypted 1 platform key(s)');
      const again = await openPlatform(cfg({ GOVSHARE_DATA: dataDir, GOVSHARE_MASTER_KEY: K2 }), { logger: false });
      expect(again.ctx.keys.publicPem).toBe(pub);
      await again.close();
      await expect(openPlatform(cfg({ GOVSHARE_DATA: dataDir, GOVSHARE_MASTER_KEY: K1 }), { logger: false })).rejects.toMatchObject({ code: 'MASTER_KEY_MISMATCH' });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the master key file', () => {
  it('is created on first start with mode 0600, reused, and refused when others can read it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-mk-'));
    try {
      const c = cfg({ GOVSHARE_DATA: dataDir });
      const a = secretBoxFromConfig(c);
      const file = path.join(dataDir, MASTER_KEY_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(secretBoxFromConfig(c).current.id).toBe(a.current.id);
      fs.chmodSync(file, 0o644);
      expect(() => secretBoxFromConfig(c)).toThrow(expect.objectContaining({ code: 'MASTER_KEY_FILE_EXPOSED' }));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
