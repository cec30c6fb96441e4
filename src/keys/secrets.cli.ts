import type { Command } from 'commander';
import type { Config } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import { sealSecretsAtRest } from './at-rest.js';
import { secretBoxFromConfig } from './master-key.js';

/**
 * `govshare secrets rotate`: after setting a new GOVSHARE_MASTER_KEY and moving the old one to
 * GOVSHARE_MASTER_KEY_PREVIOUS, re-encrypts every stored secret with the new key (docs/security.md "Rotation").
 * Afterwards the previous key can be removed. Safe to run again; safe to run while the platform serves.
 */
export async function rotateSecrets(cfg: Config): Promise<string> {
  const handle = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(handle.db);
    const box = secretBoxFromConfig(cfg);
    const r = await sealSecretsAtRest(handle.db, box);
    return `主密钥 master key ${box.current.id} (${box.alg}): 重新加密 re-encrypted ${r.platformKeys} platform key(s), ${r.webhookSecrets} webhook secret(s), ${r.totpSecrets} TOTP secret(s)\n`;
  } finally {
    await handle.close();
  }
}

export function registerSecretsCommands(program: Command, fail: (err: unknown) => never, config: () => Config): void {
  const secrets = program.command('secrets').description('secrets at rest, sealed with the master key (docs/security.md)');
  secrets.command('rotate')
    .description('re-encrypt every stored secret with GOVSHARE_MASTER_KEY (old keys in GOVSHARE_MASTER_KEY_PREVIOUS)')
    .action(async () => {
      try {
        process.stdout.write(await rotateSecrets(config()));
      } catch (err) {
        fail(err);
      }
    });
}
