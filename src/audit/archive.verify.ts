import fs from 'node:fs';
import path from 'node:path';
import { GENESIS_HASH, canonicalJson } from './chain.js';
import { checkpointProblem, keyRing, verifyKeyOf, type KeyRing, type SignedCheckpoint } from './checkpoint.js';
import { readNdjsonGz, sha256File, MANIFEST_FORMAT, MONTH_FORMAT, type Manifest, type MonthHeader } from './archive.format.js';
import { LogVerifier, type LogVerifyResult } from './log-verifier.js';
import { verifyCheckpointConsistency } from './proof.js';

/*
 * Offline verification of archive files (govshare audit verify --archive F): no database, no network. Trust comes
 * from the platform's public key: pinned with --public-key, or else the key written in the files, whose fingerprint
 * the report prints for the auditor to compare with the one the platform publishes.
 */

export interface MonthReport { month: string; file: string; result: LogVerifyResult; problems: string[] }
export interface ArchiveReport { ok: boolean; months: MonthReport[]; problems: string[]; fingerprints: string[] }

/** One month file on its own. */
export async function verifyMonthFile(file: string, trusted?: KeyRing, onEvent?: (seq: number) => void): Promise<MonthReport & { header?: MonthHeader; end?: SignedCheckpoint }> {
  const problems: string[] = [];
  let header: MonthHeader | undefined;
  let v: LogVerifier | undefined;
  let lastType: string | undefined;
  let end: SignedCheckpoint | undefined;
  for await (const line of readNdjsonGz(file)) {
    if (!header || !v) {
      if (line.kind !== 'header' || line.format !== MONTH_FORMAT) return { month: '?', file, result: notOk(), problems: ['not a govshare audit month file'] };
      const h: MonthHeader = line;
      const anchor = h.anchor;
      v = new LogVerifier(h.hashAlg, trusted ?? keyRing(h.publicKeys), anchor
        ? { nextIndex: anchor.index, frontier: h.checkpointLogFrontier.map((x) => Buffer.from(x, 'hex')), eventsFrom: h.firstSeq }
        : { nextIndex: 1, prevCheckpointHash: GENESIS_HASH, frontier: [], eventsFrom: h.firstSeq });
      if (anchor) v.checkpoint(anchor);
      header = h;
      continue;
    }
    if (line.kind === 'event') {
      v.event(line);
      onEvent?.(line.seq);
    } else if (line.kind === 'checkpoint') {
      v.checkpoint(line);
      end = line;
    } else {
      problems.push('a second header line');
    }
    lastType = line.kind;
    if (v.failed) break;
  }
  if (!header || !v) return { month: '?', file, result: notOk(), problems: ['empty file'] };
  v.endOfEvents();
  const result = v.result();
  if (result.ok) {
    if (result.checked !== header.events || result.lastSeq !== header.lastSeq) problems.push(`header says ${header.events} events up to seq ${header.lastSeq}, the file holds ${result.checked} up to ${result.lastSeq}`);
    if (lastType !== 'checkpoint' || result.unsealed !== 0) problems.push('the file does not end with the signed checkpoint of its last event');
  }
  return { month: header.month, file, result, problems, header, ...(end ? { end } : {}) };
}

function notOk(): LogVerifyResult {
  return { ok: false, checked: 0, checkpoints: 0, firstBadSeq: 0, reason: 'gap' };
}

/** A manifest (or the directory holding manifest.json), or a single month file. */
export async function verifyArchive(target: string, opts: { trusted?: KeyRing; onEvent?: (seq: number) => void } = {}): Promise<ArchiveReport> {
  const stat = fs.statSync(target);
  const manifestPath = stat.isDirectory() ? path.join(target, 'manifest.json') : target;
  if (manifestPath.endsWith('.gz')) {
    const m = await verifyMonthFile(manifestPath, opts.trusted, opts.onEvent);
    const ok = m.result.ok && m.problems.length === 0;
    return { ok, months: [m], problems: [], fingerprints: (m.header?.publicKeys ?? []).map((k) => verifyKeyOf(k).fingerprint) };
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  const problems: string[] = [];
  if (manifest.type !== MANIFEST_FORMAT) return { ok: false, months: [], problems: ['not a govshare audit archive manifest'], fingerprints: [] };
  const ring = opts.trusted ?? keyRing(manifest.publicKeys);
  const signer = ring(manifest.keyFingerprint);
  const { signature, ...unsigned } = manifest;
  if (!signer || !signer.suite.verify(Buffer.from(canonicalJson(unsigned)), Buffer.from(signature, 'base64'), signer.key)) problems.push('the manifest signature does not verify');
  const latestProblem = checkpointProblem(manifest.latestCheckpoint, ring);
  if (latestProblem) problems.push(`latest checkpoint: ${latestProblem}`);
  const months: MonthReport[] = [];
  let prev: Manifest['months'][number] | undefined;
  for (const m of manifest.months) {
    const file = path.join(path.dirname(manifestPath), path.basename(m.file));
    if (!fs.existsSync(file)) {
      problems.push(`${m.month}: ${m.file} is missing`);
      continue;
    }
    if ((await sha256File(file)) !== m.sha256) problems.push(`${m.month}: ${m.file} does not have the SHA-256 the manifest names`);
    const report = await verifyMonthFile(file, ring, opts.onEvent);
    months.push(report);
    const end = report.header && report.result.ok ? report.result.lastCheckpoint : undefined;
    if (report.result.ok && (!end || end.hash !== m.endCheckpoint.hash || report.header!.firstSeq !== m.firstSeq || report.header!.lastSeq !== m.lastSeq)) {
      problems.push(`${m.month}: the file does not match its manifest entry`);
    }
    if (prev && (prev.lastSeq + 1 !== m.firstSeq || prev.lastHash !== m.firstPrevHash)) problems.push(`${m.month}: does not continue ${prev.month}`);
    if (end && report.end) {
      const proof = { from: report.end, to: manifest.latestCheckpoint, platformPublicKey: '', ...m.toLatest };
      const c = verifyCheckpointConsistency(proof, ring);
      if (!c.ok) problems.push(`${m.month}: not part of the log the latest checkpoint signs (${c.reason})`);
    }
    prev = m;
  }
  const ok = problems.length === 0 && months.every((m) => m.result.ok && m.problems.length === 0);
  return { ok, months, problems, fingerprints: manifest.publicKeys.map((k) => verifyKeyOf(k).fingerprint) };
}
