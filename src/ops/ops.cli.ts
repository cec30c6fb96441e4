import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { backup, restore } from './backup.js';
import { withConfigFile } from './ops.config.js';

type Fail = (err: unknown) => never;
const out = (s: string) => process.stdout.write(`${s}\n`);

/** The passphrase from a file (first line; what an operator keeps in a secret store) or GOVSHARE_BACKUP_PASSPHRASE. */
function passphrase(file: string | undefined): string {
  if (file) return fs.readFileSync(file, 'utf8').split('\n')[0]!.trimEnd();
  return process.env.GOVSHARE_BACKUP_PASSPHRASE ?? '';
}

/**
 * The operations commands (docs/operations.md): the global `--config FILE`, `backup` and `restore`.
 * `govshare --config FILE <command>` (or GOVSHARE_CONFIG) puts the file's settings under the environment of the whole process, so every
 * part of the platform that reads a setting sees it, validated the same way as the environment.
 */
export function registerOpsCommands(program: Command, fail: Fail, config: () => Config): void {
  // Positional: `govshare --config FILE serve`; after a subcommand, `--config` stays that command's own (govshare node --config).
  program.enablePositionalOptions().option('--config <file>', 'JSON file of settings named like the environment variables (GOVSHARE_CONFIG); before the command');
  program.hook('preAction', () => {
    const file = program.opts<{ config?: string }>().config;
    if (file) process.env.GOVSHARE_CONFIG = path.resolve(file);
    try {
      const merged = withConfigFile(process.env);
      for (const [k, v] of Object.entries(merged)) if (process.env[k] === undefined || process.env[k] === '') process.env[k] = v;
    } catch (err) {
      fail(err);
    }
  });

  program.command('backup').description('back up the database, the master key and audit archives into one encrypted file')
    .requiredOption('--out <file>', 'the backup file to write')
    .option('--passphrase-file <file>', 'file whose first line is the passphrase (else GOVSHARE_BACKUP_PASSPHRASE)')
    .option('--archives <dir>', 'an audit archive directory (govshare audit archive --out DIR) to include')
    .action(async (o: { out: string; passphraseFile?: string; archives?: string }) => {
      try {
        const r = await backup(config(), { out: o.out, passphrase: passphrase(o.passphraseFile), archivesDir: o.archives });
        const m = r.manifest;
        out(`backup written: ${r.file} (${m.engine}, ${m.migrations.length} migrations, audit head ${m.auditHead ? `seq ${m.auditHead.seq}` : 'empty'}, ${m.entries.length} entries: ${m.entries.map((e) => e.name).join(', ')})`);
      } catch (err) {
        fail(err);
      }
    });

  program.command('restore').argument('<file>', 'a backup file written by govshare backup')
    .description('restore a backup into an empty database (DATABASE_URL or GOVSHARE_DATA) and verify the audit chain')
    .option('--passphrase-file <file>', 'file whose first line is the passphrase (else GOVSHARE_BACKUP_PASSPHRASE)')
    .option('--archives <dir>', 'where to put the audit archive files the backup holds')
    .action(async (file: string, o: { passphraseFile?: string; archives?: string }) => {
      try {
        const r = await restore(config(), { file, passphrase: passphrase(o.passphraseFile), archivesDir: o.archives });
        out(`restored: ${r.manifest.engine} backup of ${r.manifest.createdAt}, ${r.manifest.migrations.length} migrations (the platform runs newer ones at start)`);
        if (r.archivesRestored) out(`audit archive files restored: ${r.archivesRestored}`);
        if (r.archivesSkipped) out(`audit archive files in the backup, not extracted (use --archives DIR): ${r.archivesSkipped}`);
        if (r.verify.ok) {
          out(`audit chain intact: ${r.verify.checked} events, ${r.verify.checkpoints} checkpoints`);
        } else {
          out(`AUDIT CHAIN BROKEN after restore: first bad seq ${r.verify.firstBadSeq} (${r.verify.reason})`);
          process.exitCode = 3;
        }
      } catch (err) {
        fail(err);
      }
    });
}
