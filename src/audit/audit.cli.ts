import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../config.js';
import { migrate, openDatabase, type DbHandle } from '../db/database.js';
import { loadPlatformKey } from '../keys/platform-key.js';
import { secretBoxFromConfig } from '../keys/master-key.js';
import { AuditLog } from './audit.service.js';
import { archiveAuditMonths } from './archive.service.js';
import { verifyArchive } from './archive.verify.js';
import { keyRing, type KeyRing } from './checkpoint.js';
import { checkpointAtIndex, lastCheckpoint } from './checkpoint.store.js';
import type { LogVerifyResult } from './log-verifier.js';
import { verifyStoredLogParallel } from './verify.parallel.js';
import { verifyStoredLog } from './verify.service.js';

type Fail = (err: unknown) => never;
const out = (s: string) => process.stdout.write(`${s}\n`);

async function withDatabase<T>(cfg: Config, fn: (h: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(handle.db);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

function pinned(file: string | undefined): KeyRing | undefined {
  return file ? keyRing([fs.readFileSync(file, 'utf8')]) : undefined;
}

/** A bar on a terminal; nothing when output goes to a file or a test (cli-progress stays quiet without a TTY). */
function progressBar(total: number, label: string): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(Math.max(total, 1), 0);
  return bar;
}

function report(r: LogVerifyResult): void {
  if (r.ok) {
    const open = r.unsealed > 0 ? `; ${r.unsealed} newest not yet under a checkpoint` : '';
    out(`审计日志完整 audit log intact: ${r.checked} events, ${r.checkpoints} signed checkpoints, head ${r.lastHash}${open}`);
    return;
  }
  const cp = r.checkpointIndex ? `, checkpoint #${r.checkpointIndex}` : '';
  out(`审计日志被篡改 audit log TAMPERED: first bad seq ${r.firstBadSeq} (${r.reason}${cp}); ${r.checked} events before it are intact`);
  process.exitCode = 3;
}

async function verifyDatabase(cfg: Config, publicKey: string | undefined): Promise<void> {
  await withDatabase(cfg, async ({ db }) => {
    const head = await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst();
    const bar = progressBar(Number(head?.s ?? 0), '校验 verifying');
    try {
      const trusted = pinned(publicKey);
      const alg = cfg.crypto === 'gm' ? 'sm3' : 'sha256';
      const opts = { onProgress: (seq: number) => bar.update(seq), ...(trusted ? { trusted } : {}) };
      // On PostgreSQL the ranges between checkpoints are checked on every core (worker threads, one connection each).
      report(cfg.databaseUrl ? await verifyStoredLogParallel(db, alg, { ...opts, databaseUrl: cfg.databaseUrl }) : await verifyStoredLog(db, alg, opts));
    } finally {
      bar.stop();
    }
  });
}

/** Offline: only the files (and, if given, the pinned key). Works on a machine without the platform or its database. */
async function verifyArchiveFiles(target: string, publicKey: string | undefined): Promise<void> {
  const trusted = pinned(publicKey);
  const r = await verifyArchive(target, trusted ? { trusted } : {});
  for (const m of r.months) {
    const status = m.result.ok && m.problems.length === 0 ? 'ok' : m.result.ok ? m.problems.join('; ') : `TAMPERED at seq ${m.result.firstBadSeq} (${m.result.reason})`;
    out(`${m.month}  ${m.file}  ${m.result.checked} events, ${m.result.checkpoints} checkpoints  ${status}`);
  }
  for (const p of r.problems) out(`problem: ${p}`);
  out(`${trusted ? 'pinned key' : 'key(s) in the archive — compare with the platform\'s published fingerprint'}: ${r.fingerprints.join(', ')}`);
  if (r.ok) {
    out(`归档完整 archive intact: ${r.months.reduce((n, m) => n + m.result.checked, 0)} events in ${r.months.length} month file(s)`);
  } else {
    out('归档未通过校验 archive FAILED verification');
    process.exitCode = 3;
  }
}

/** `govshare audit verify [--archive F] [--public-key PEM]`, `audit archive`, `audit checkpoint` (Art. 33). */
export function registerAuditCommands(program: Command, fail: Fail, config: () => Config): void {
  const audit = program.command('audit').description('the tamper-evident audit log (Art. 33)');

  audit.command('verify')
    .description('verify the hash chain, every signed checkpoint and its signature; names the first bad sequence number')
    .option('--archive <path>', 'verify archive files offline instead: manifest.json, its directory, or one audit-YYYY-MM.ndjson.gz')
    .option('--public-key <file>', 'trust only this platform public key (PEM file obtained out of band)')
    .action(async (o: { archive?: string; publicKey?: string }) => {
      try {
        if (o.archive) await verifyArchiveFiles(o.archive, o.publicKey);
        else await verifyDatabase(config(), o.publicKey);
      } catch (err) {
        fail(err);
      }
    });

  audit.command('archive')
    .description('archive whole months older than the retention to NDJSON.gz with their proofs, verify them, then drop their partitions')
    .requiredOption('--before <month>', 'archive the months before this one (YYYY-MM)')
    .requiredOption('--out <dir>', 'a new directory for the month files and manifest.json')
    .option('--keep', 'write and verify the files but drop nothing (an export; any complete month)')
    .action(async (o: { before: string; out: string; keep?: boolean }) => {
      try {
        const cfg = config();
        await withDatabase(cfg, async ({ db }) => {
          const keys = await loadPlatformKey(db, cfg.crypto, `govshare:${cfg.level}:${cfg.region}`, secretBoxFromConfig(cfg));
          const log = new AuditLog(db, cfg.crypto === 'gm' ? 'sm3' : 'sha256', { signer: keys, checkpointSeconds: 0 });
          const r = await archiveAuditMonths(db, log, keys, {
            before: o.before, outDir: o.out, keep: !!o.keep, retentionDays: cfg.auditRetentionDays,
            onMonth: (month, n) => process.stderr.write(`已写入 written ${month}: ${n} events\n`),
          });
          for (const m of r.months) out(`${m.month}  ${m.events} events  ${m.file}${r.dropped.includes(m.month) ? '  (partition dropped)' : ''}`);
          out(r.months.length === 0 ? '没有需要归档的月份 nothing to archive' : `归档清单 manifest: ${r.manifest} (verified)`);
        });
      } catch (err) {
        fail(err);
      }
    });

  audit.command('checkpoint')
    .description('seal the log now and print the latest signed checkpoint as JSON (keep copies outside the database)')
    .action(async () => {
      try {
        const cfg = config();
        await withDatabase(cfg, async ({ db }) => {
          const keys = await loadPlatformKey(db, cfg.crypto, `govshare:${cfg.level}:${cfg.region}`, secretBoxFromConfig(cfg));
          await new AuditLog(db, cfg.crypto === 'gm' ? 'sm3' : 'sha256', { signer: keys, checkpointSeconds: 0 }).checkpoint();
          const last = await lastCheckpoint(db);
          const checkpoint = last && await checkpointAtIndex(db, last.index);
          // The key that signed it (audit_keys), which is the platform key unless that was rotated since.
          const signer = checkpoint && await db.selectFrom('audit_keys').select('public_pem').where('fingerprint', '=', checkpoint.keyFingerprint).executeTakeFirst();
          out(JSON.stringify(checkpoint ? { checkpoint, platformPublicKey: signer?.public_pem ?? null } : null, null, 1));
        });
      } catch (err) {
        fail(err);
      }
    });
}
