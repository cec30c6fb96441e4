import { createHash } from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { HashAlgorithm, StoredEvent } from './chain.js';
import type { SignedCheckpoint } from './checkpoint.js';
import type { CheckpointConsistencyProof } from './proof.js';

/*
 * The archive of audit months (Art. 33: kept ≥ 2 years, then archived with their proofs, never silently dropped).
 * One gzip'd NDJSON file per month, verifiable alone on a machine without the database:
 *   line 1   header: the month, its seq range, the public keys, and where the checkpoint log stands before it
 *            (the previous month's final signed checkpoint as anchor, plus the checkpoint log's frontier);
 *   then     every event in seq order, each checkpoint right after its last event;
 *   last     the signed checkpoint that ends the month (the appender cuts one at every month's end).
 * A manifest lists the files with their SHA-256, links the months, and carries a consistency proof from each month's
 * final checkpoint to the latest checkpoint at archive time, so the files tie into the live log's signed history.
 */

export const MONTH_FORMAT = 'govshare.audit.archive-month/v1';
export const MANIFEST_FORMAT = 'govshare.audit.archive/v1';

export interface MonthHeader {
  kind: 'header';
  format: typeof MONTH_FORMAT;
  month: string;
  hashAlg: HashAlgorithm;
  firstSeq: number;
  lastSeq: number;
  events: number;
  publicKeys: string[];
  /** The checkpoint that ends the previous month (its chain head is the first event's prevHash); null from seq 1. */
  anchor: SignedCheckpoint | null;
  /** Perfect-subtree roots (hex) of the checkpoint log before the anchor: its size is anchor.index - 1. */
  checkpointLogFrontier: string[];
}

/** Lines are told apart by `kind` (a checkpoint has its own `type`, part of what is signed). */
export type MonthLine = MonthHeader | ({ kind: 'event' } & StoredEvent) | ({ kind: 'checkpoint' } & SignedCheckpoint);

export interface ManifestMonth {
  month: string;
  file: string;
  sha256: string;
  events: number;
  firstSeq: number;
  lastSeq: number;
  firstPrevHash: string;
  lastHash: string;
  endCheckpoint: { index: number; seq: number; hash: string };
  /** From the month's final checkpoint to `latestCheckpoint` (proof.ts verifyCheckpointConsistency). */
  toLatest: Omit<CheckpointConsistencyProof, 'from' | 'to' | 'platformPublicKey'>;
}

export interface Manifest {
  type: typeof MANIFEST_FORMAT;
  createdAt: string;
  hashAlg: HashAlgorithm;
  publicKeys: string[];
  latestCheckpoint: SignedCheckpoint;
  months: ManifestMonth[];
  /** The platform key's signature over canonical(manifest without signature fields), base64. */
  keyFingerprint: string;
  signature: string;
}

export function monthFileName(month: string): string {
  return `audit-${month}.ndjson.gz`;
}

/** Writes lines as gzip'd NDJSON and makes the file durable before anyone relies on it (the partition is dropped next). */
export async function writeNdjsonGz(file: string, lines: AsyncIterable<unknown>): Promise<void> {
  async function* text() {
    for await (const l of lines) yield `${JSON.stringify(l)}\n`;
  }
  await pipeline(Readable.from(text()), zlib.createGzip({ level: 6 }), fs.createWriteStream(file, { flags: 'wx' }));
  fsync(file);
}

/** A new file (never overwrites), flushed to disk. */
export function writeDurable(file: string, text: string): void {
  fs.writeFileSync(file, text, { flag: 'wx' });
  fsync(file);
}

function fsync(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export async function* readNdjsonGz(file: string): AsyncGenerator<MonthLine> {
  const rl = readline.createInterface({ input: fs.createReadStream(file).pipe(zlib.createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) if (line.trim() !== '') yield JSON.parse(line) as MonthLine;
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
