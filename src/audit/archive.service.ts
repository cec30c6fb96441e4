import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { DomainError, errors } from '../errors.js';
import type { PlatformKey } from '../keys/platform-key.js';
import type { AuditLog } from './audit.service.js';
import { eventWindow, eventsAfter } from './audit.store.js';
import { canonicalJson } from './chain.js';
import { keyRing, verifyKeyOf, type SignedCheckpoint } from './checkpoint.js';
import { auditKeyPems, checkpointAtSeq, checkpointsAfter, lastCheckpoint, logFrontier } from './checkpoint.store.js';
import { MANIFEST_FORMAT, MONTH_FORMAT, monthFileName, sha256File, writeDurable, writeNdjsonGz, type Manifest, type ManifestMonth, type MonthLine } from './archive.format.js';
import { verifyArchive } from './archive.verify.js';
import { addMonths, existingPartitions, isMonth, monthStart, partitionName, shanghaiMonth } from './partitions.js';
import { buildConsistencyProof } from './proof.service.js';

export interface ArchiveOptions {
  before: string;
  outDir: string;
  /** Write and verify the files but keep the partitions (an export; no retention limit applies). */
  keep: boolean;
  retentionDays: number;
  now?: Date;
  onMonth?: (month: string, events: number) => void;
}

export interface ArchiveOutcome { manifest: string; months: Array<{ month: string; events: number; file: string }>; dropped: string[] }

function refuse(code: string, zh: string, en: string, details?: Record<string, unknown>): DomainError {
  return new DomainError(code, 409, zh, en, details);
}

/** Every event of the seq range, each checkpoint after its last event (the order LogVerifier reads). */
async function* monthLines(db: Db, firstSeq: number, lastSeq: number): AsyncGenerator<MonthLine> {
  let cps: SignedCheckpoint[] = [];
  let cpAfter = (await checkpointAtSeq(db, firstSeq - 1))?.index ?? 0;
  let cpDone = false;
  for (let after = firstSeq - 1; after < lastSeq; after += 10_000) {
    const page = await eventWindow(db, after, 10_000, lastSeq);
    for (const e of page) {
      yield { kind: 'event', ...e };
      if (cps.length === 0 && !cpDone) {
        cps = await checkpointsAfter(db, cpAfter, 1000, lastSeq);
        cpDone = cps.length < 1000;
        if (cps.length > 0) cpAfter = cps[cps.length - 1]!.index;
      }
      while (cps.length > 0 && cps[0]!.seq === e.seq) yield { kind: 'checkpoint', ...cps.shift()! };
    }
  }
}

/**
 * Art. 33: events are kept at least two years, then archived month by month, with their proofs, before their
 * partition is dropped — and only then. Order: seal everything, write each month's file and a signed manifest,
 * read it all back and verify it as an offline verifier would, then (unless --keep) record the months in
 * audit_archives and drop their partitions in one transaction. Any failure before the drop leaves the database as it was.
 */
export async function archiveAuditMonths(db: Db, audit: AuditLog, keys: PlatformKey, opts: ArchiveOptions): Promise<ArchiveOutcome> {
  if (!isMonth(opts.before)) throw errors.validation(`--before must be YYYY-MM, got "${opts.before}"`, '--before 应为 YYYY-MM');
  const now = opts.now ?? new Date();
  const current = shanghaiMonth(now.toISOString());
  const months = (await existingPartitions(db)).filter((m) => m < opts.before && m < current);
  const cutoff = now.getTime() - opts.retentionDays * 86_400_000;
  const young = months.filter((m) => Date.parse(monthStart(addMonths(m, 1))) > cutoff);
  if (!opts.keep && young.length > 0) {
    throw refuse('AUDIT_RETENTION_NOT_REACHED', `${young[0]} 起的审计日志未满保存期（${opts.retentionDays} 天，第三十三条），不能归档删除；可用 --keep 只导出`,
      `Audit months from ${young[0]} are within the ${opts.retentionDays}-day retention (Art. 33) and cannot be archived away; use --keep to export only`, { months: young });
  }
  fs.mkdirSync(opts.outDir, { recursive: true });
  const manifestPath = path.join(opts.outDir, 'manifest.json');
  if (fs.existsSync(manifestPath)) throw refuse('AUDIT_ARCHIVE_EXISTS', `${opts.outDir} 已有归档清单，请换一个目录`, `${opts.outDir} already holds an archive manifest; choose another directory`);

  await audit.checkpoint();
  const publicKeys = await auditKeyPems(db);
  const entries: ManifestMonth[] = [];
  const ends: SignedCheckpoint[] = [];
  for (const month of months) {
    const part = sql.table(partitionName(month));
    const stats = (await sql<{ lo: number | null; hi: number | null; n: number }>`SELECT min(seq) AS lo, max(seq) AS hi, count(*)::int AS n FROM ${part}`.execute(db)).rows[0]!;
    if (stats.n === 0 || stats.lo === null || stats.hi === null) continue; // an empty month holds nothing to keep
    const span = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events WHERE seq BETWEEN ${stats.lo} AND ${stats.hi}`.execute(db)).rows[0]!.n;
    const end = await checkpointAtSeq(db, stats.hi);
    const anchor = stats.lo > 1 ? await checkpointAtSeq(db, stats.lo - 1) : null;
    if (span !== stats.n || stats.hi - stats.lo + 1 !== stats.n || !end || anchor === undefined) {
      throw refuse('AUDIT_ARCHIVE_MONTH_NOT_SEALED', `${month} 的审计事件不连续或未以签名检查点结束，请先运行 govshare audit verify`,
        `The events of ${month} are not one contiguous run ending on a signed checkpoint; run govshare audit verify first`, { month });
    }
    const file = path.join(opts.outDir, monthFileName(month));
    const header: MonthLine = {
      kind: 'header', format: MONTH_FORMAT, month, hashAlg: audit.algorithm, firstSeq: stats.lo, lastSeq: stats.hi, events: stats.n, publicKeys, anchor,
      checkpointLogFrontier: anchor ? (await logFrontier(db, anchor.index - 1)).map((h) => h.toString('hex')) : [],
    };
    const first = (await eventsAfter(db, stats.lo - 1, 1))[0]!;
    await writeNdjsonGz(file, (async function* () {
      yield header;
      yield* monthLines(db, stats.lo!, stats.hi!);
    })());
    opts.onMonth?.(month, stats.n);
    entries.push({
      month, file: path.basename(file), sha256: '', events: stats.n, firstSeq: stats.lo, lastSeq: stats.hi, firstPrevHash: first.prevHash,
      lastHash: end.chainHead, endCheckpoint: { index: end.index, seq: end.seq, hash: end.hash }, toLatest: { inclusionPath: [], consistencyPath: [] },
    });
    ends.push(end);
  }

  const latestRef = await lastCheckpoint(db);
  const latest = latestRef && await checkpointAtSeq(db, latestRef.seq);
  if (!latest) throw refuse('AUDIT_ARCHIVE_NOTHING', '没有可归档的审计事件', 'There are no audit events to archive');
  for (const [i, e] of entries.entries()) {
    const proof = await buildConsistencyProof(db, ends[i]!.seq, latest.seq);
    e.toLatest = { inclusionPath: proof.inclusionPath, consistencyPath: proof.consistencyPath };
    e.sha256 = await sha256File(path.join(opts.outDir, e.file));
  }
  const unsigned = {
    type: MANIFEST_FORMAT, createdAt: now.toISOString(), hashAlg: audit.algorithm, publicKeys, latestCheckpoint: latest, months: entries,
    keyFingerprint: verifyKeyOf(keys.publicPem).fingerprint,
  };
  const manifest: Manifest = { ...unsigned, signature: Buffer.from(keys.suite.sign(Buffer.from(canonicalJson(unsigned)), keys.key)).toString('base64') } as Manifest;
  writeDurable(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`);

  // Read everything back as an auditor's machine would; nothing is dropped unless that passes.
  const check = await verifyArchive(manifestPath, { trusted: keyRing(publicKeys) });
  if (!check.ok) {
    throw refuse('AUDIT_ARCHIVE_VERIFY_FAILED', '归档文件校验失败，未删除任何分区', 'The archive files did not verify; no partition was dropped',
      { problems: [...check.problems, ...check.months.flatMap((m) => m.problems)] });
  }
  const dropped = opts.keep ? [] : entries.map((e) => e.month);
  if (!opts.keep && entries.length > 0) {
    const manifestSha = await sha256File(manifestPath);
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('audit_archives').values(entries.map((e) => ({
        month: e.month, first_seq: e.firstSeq, last_seq: e.lastSeq, first_prev_hash: e.firstPrevHash, last_hash: e.lastHash,
        checkpoint_idx: e.endCheckpoint.index, events: e.events, file: e.file, file_sha256: e.sha256, manifest_sha256: manifestSha,
      }))).execute();
      for (const m of dropped) {
        await sql`ALTER TABLE audit_events DETACH PARTITION ${sql.table(partitionName(m))}`.execute(tx);
        await sql`DROP TABLE ${sql.table(partitionName(m))}`.execute(tx);
      }
    });
  }
  await audit.record({
    action: opts.keep ? 'audit.export' : 'audit.archive', actor: { id: null, name: 'govshare audit archive', departmentId: null },
    objectType: 'audit_archive', objectId: opts.before, detail: { months: entries.map((e) => e.month), dropped, manifest: manifestPath },
  });
  return { manifest: manifestPath, months: entries.map((e) => ({ month: e.month, events: e.events, file: e.file })), dropped };
}
