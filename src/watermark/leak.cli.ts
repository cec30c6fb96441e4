import fs from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import { formatLeakReport, traceLeak } from './leak.service.js';

/** `govshare trace-leak FILE`: names the export a leaked file (or a piece of one) came from. Exit 0 named, 3 tampered, 4 not named. */
export function registerTraceLeakCommand(program: Command, fail: (err: unknown) => never, config: () => Config): void {
  program.command('trace-leak').argument('<file>', 'a CSV/NDJSON export, a fragment of one, or a platform xlsx/PDF')
    .option('--public-key <pem>', 'the platform public key (PEM file) to verify the header with; default: the one in the database')
    .option('--json', 'print the report as JSON')
    .description('name the source export of a leaked file: export id, department, user, grant, time (Art. 39(4))')
    .action(async (file: string, opts: { publicKey?: string; json?: boolean }) => {
      try {
        const cfg = config();
        const handle = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
        try {
          await migrate(handle.db);
          const r = await traceLeak(handle.db, cfg.crypto, file, opts.publicKey ? fs.readFileSync(opts.publicKey, 'utf8') : undefined);
          process.stdout.write(`${opts.json ? JSON.stringify(r, null, 2) : formatLeakReport(r)}\n`);
          process.exitCode = r.tampered ? 3 : r.source ? 0 : 4;
        } finally {
          await handle.close();
        }
      } catch (err) {
        fail(err);
      }
    });
}
