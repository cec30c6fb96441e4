import fs from 'node:fs';
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { PublicKey, SigningSuite } from '../crypto/suite.js';
import type { TraceKeys } from '../trace/trace-key.js';
import { END_TYP, MARK_TYP, markLine, readSigned, type EndClaims, type MarkClaims } from './header.js';
import { readCsv, readJson, rowMarker } from './mark.js';

/** What a suspect file shows (ADR 007): its signed header and trailer if still there, and its marked rows. */
export interface FileScan {
  kind: 'csv' | 'ndjson' | 'xlsx' | 'pdf' | 'unknown';
  headJws?: string;
  endJws?: string;
  /** SHA-256 of the body as the trailer counts it (everything but a leading BOM and the watermark lines). */
  bodyHash: string;
  /** Data rows, counted as the marker counts them (not the CSV header row, not NDJSON control lines). */
  dataLines: number;
  /** Rows written in a varied form, as the detector reads them (at most MAX_ROWS). */
  rows: Array<{ canonical: string; varied: number[]; eligible: number[] }>;
}

const MAX_ROWS = 5_000;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads a file line by line (flat memory): the header and trailer lines, the body hash, and the varied rows. */
export async function scanFile(file: string): Promise<FileScan> {
  let fragment = false;
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(5);
  fs.readSync(fd, magic, 0, 5, 0);
  fs.closeSync(fd);
  if (magic.subarray(0, 2).toString() === 'PK') return scanXlsx(file);
  if (magic.toString() === '%PDF-') return scanPdf(file);
  const hash = createHash('sha256');
  const scan: FileScan = { kind: 'unknown', bodyHash: '', dataLines: 0, rows: [] };
  let carry: Buffer | undefined;
  let first = true;
  const onLine = (line: Buffer) => {
    const text = line.toString('utf8').replace(/\r?\n$/, '');
    const m = markLine(text);
    if (m) {
      if (m.kind === 'head') scan.headJws = m.jws;
      else scan.endJws = m.jws;
      return;
    }
    hash.update(line);
    if (text.length === 0) return;
    if (scan.kind === 'unknown') {
      scan.kind = text.startsWith('{') ? 'ndjson' : 'csv';
      if (scan.kind === 'csv' && !fragment) return; // the header row of item names (counted as the marker counts rows)
    }
    if (!text.startsWith('{"$')) scan.dataLines++;
    const r = scan.kind === 'ndjson' ? readJson(text) : readCsv(text);
    if (r && r.varied.length > 0 && scan.rows.length < MAX_ROWS) scan.rows.push(r);
  };
  for await (const chunk of fs.createReadStream(file)) {
    let buf = chunk as Buffer;
    if (first) {
      first = false;
      if (buf.subarray(0, 3).equals(BOM)) buf = buf.subarray(3);
      else fragment = true; // a CSV without its BOM is a piece of a file: its first line may be a row
    }
    if (carry) {
      buf = Buffer.concat([carry, buf]);
      carry = undefined;
    }
    let start = 0;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
      onLine(buf.subarray(start, nl + 1));
      start = nl + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
  }
  if (carry) onLine(carry);
  scan.bodyHash = hash.digest('hex');
  return scan;
}

async function scanXlsx(file: string): Promise<FileScan> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const jws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(wb.description ?? '') ? wb.description : undefined;
  return { kind: 'xlsx', ...(jws ? { headJws: jws } : {}), bodyHash: '', dataLines: 0, rows: [] };
}

/** PDF document properties as the platform writes them: the JWS in the Keywords entry (ASCII, a literal string). */
async function scanPdf(file: string): Promise<FileScan> {
  const text = (await fs.promises.readFile(file)).toString('latin1');
  const m = /govshare-watermark ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text);
  return { kind: 'pdf', ...(m ? { headJws: m[1] } : {}), bodyHash: '', dataLines: 0, rows: [] };
}

export interface MarkMatch {
  exportId: string;
  matched: number;
  examined: number;
  /** Union bound on the chance that some other export of the candidates matches as many rows by accident. */
  falseMatchChance: number;
}

/**
 * Informed detection: for each issued export id, recompute which fields each observed row would have varied and count
 * exact agreements. A row of n eligible fields agrees with a wrong id with chance ≈ 1/(2ⁿ−1).
 */
export function matchMarks(keys: TraceKeys, rows: FileScan['rows'], candidates: string[]): MarkMatch | undefined {
  let best: MarkMatch | undefined;
  for (const id of candidates) {
    let matched = 0;
    let chance = 1;
    const vary = rowMarker(keys, id);
    for (const r of rows) {
      const expected = vary(r.canonical, r.eligible);
      if (expected.length === r.varied.length && expected.every((v, i) => v === r.varied[i])) {
        matched++;
        chance /= 2 ** Math.min(r.eligible.length, 52) - 1 || 1;
      }
    }
    if (matched > 0 && (!best || matched > best.matched)) best = { exportId: id, matched, examined: rows.length, falseMatchChance: Math.min(1, chance * candidates.length) };
  }
  return best;
}

export interface HeaderCheck {
  head?: { claims: MarkClaims; signature: 'valid' | 'invalid' | 'unchecked' };
  end?: { claims: EndClaims; signature: 'valid' | 'invalid' | 'unchecked'; bodyIntact: boolean };
}

export function checkSigned(scan: FileScan, verify?: { suite: SigningSuite; key: PublicKey }): HeaderCheck {
  const out: HeaderCheck = {};
  const head = scan.headJws ? readSigned<MarkClaims>(scan.headJws, MARK_TYP, verify) : undefined;
  if (head) out.head = head;
  const end = scan.endJws ? readSigned<EndClaims>(scan.endJws, END_TYP, verify) : undefined;
  if (end) out.end = { ...end, bodyIntact: end.claims.bodyHash === scan.bodyHash && end.claims.rows === scan.dataLines };
  return out;
}
