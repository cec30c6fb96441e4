import type { Db } from '../db/database.js';
import type { SecretBox } from '../crypto/secrets.js';
import { platformKeyContext } from './platform-key.js';

/** Where each reversible secret lives, and the context (associated data) it is sealed under. */
export const webhookSecretContext = (departmentId: string) => `notify:webhook_secret:${departmentId}`;
export const totpSecretContext = (userId: string) => `auth:totp:${userId}`;

export interface AtRestReport { platformKeys: number; webhookSecrets: number; totpSecrets: number }

/**
 * Seals every secret the database holds in the clear (values written before issue 7) and re-wraps those sealed
 * with an earlier master key or the other suite's algorithm. Run at every start (cheap when there is nothing to
 * do) and by `govshare secrets rotate`. Each row is rewritten in its own statement: a value that is sealed is never
 * turned back into a plain one, so stopping half-way leaves a readable mix the next run completes.
 * Hashes (passwords, bearer tokens, client secrets, recovery codes) are not secrets to seal: they stay hashes.
 */
export async function sealSecretsAtRest(db: Db, box: SecretBox): Promise<AtRestReport> {
  const report: AtRestReport = { platformKeys: 0, webhookSecrets: 0, totpSecrets: 0 };
  const keys = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', 'platform_key:%').execute();
  for (const row of keys) {
    const suite = row.key.slice('platform_key:'.length);
    if (suite !== 'intl' && suite !== 'gm') continue;
    const v = row.value as unknown as { privatePem?: string; privateSealed?: string };
    if (v.privateSealed && box.isCurrent(v.privateSealed)) continue;
    const context = platformKeyContext(suite);
    const pem = v.privateSealed ? box.open(v.privateSealed, context) : v.privatePem;
    if (!pem) continue;
    const { privatePem: _plain, ...rest } = v;
    await db.updateTable('settings').set({ value: JSON.stringify({ ...rest, privateSealed: box.seal(pem, context) }) }).where('key', '=', row.key).execute();
    report.platformKeys++;
  }
  const hooks = await db.selectFrom('department_notify_settings').select(['department_id', 'webhook_secret']).where('webhook_secret', 'is not', null).execute();
  for (const row of hooks) {
    if (!row.webhook_secret || box.isCurrent(row.webhook_secret)) continue;
    const context = webhookSecretContext(row.department_id);
    await db.updateTable('department_notify_settings')
      .set({ webhook_secret: box.seal(box.reveal(row.webhook_secret, context), context) })
      .where('department_id', '=', row.department_id).where('webhook_secret', '=', row.webhook_secret).execute();
    report.webhookSecrets++;
  }
  // TOTP secrets are sealed from the start (src/auth/totp.service.ts): only re-wrapped after a key change.
  const totps = await db.selectFrom('user_totp').select(['user_id', 'secret_sealed']).execute();
  for (const row of totps) {
    if (box.isCurrent(row.secret_sealed)) continue;
    const context = totpSecretContext(row.user_id);
    await db.updateTable('user_totp').set({ secret_sealed: box.seal(box.reveal(row.secret_sealed, context), context) })
      .where('user_id', '=', row.user_id).where('secret_sealed', '=', row.secret_sealed).execute();
    report.totpSecrets++;
  }
  return report;
}
