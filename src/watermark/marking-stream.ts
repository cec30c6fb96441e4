import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { TraceKeys } from '../trace/trace-key.js';
import { csvEligible, isMarkedRow, jsonEligible, markCsv, markJson, rowMarker } from './mark.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NL = 0x0a;

export interface MarkingOptions {
  format: 'csv' | 'ndjson';
  exportId: string;
  keys: TraceKeys;
  /** The header line (signed) written first, and the trailer line made at the end from the row count and body hash. */
  head: string;
  end(rows: number, bodyHash: string): string;
}

/**
 * Streams an export through, adding the signed header and trailer and marking a few rows (mark.ts). Bytes pass as
 * slices of the node's chunks; only a marked row is decoded and re-encoded, and only a line cut by a chunk boundary
 * is held back, so memory stays flat and the per-byte cost is one newline scan and one SHA-256 update.
 */
export class MarkingStream extends Transform {
  private carry: Buffer | undefined;
  private started = false;
  private headerSeen = false;
  private dataRows = 0;
  private readonly hash = createHash('sha256');
  private readonly vary: (canonical: string, eligible: number[]) => number[];

  constructor(private readonly o: MarkingOptions) {
    super();
    this.vary = rowMarker(o.keys, o.exportId);
  }

  private out(b: Buffer): void {
    if (b.length === 0) return;
    this.hash.update(b);
    this.push(b);
  }

  /** One whole line (with its newline); returns the replacement when the line is marked, else undefined. */
  private line(buf: Buffer, start: number, endExcl: number): Buffer | undefined {
    const { format } = this.o;
    if (format === 'csv' && !this.headerSeen) {
      this.headerSeen = true; // the CSV header row of item names
      return undefined;
    }
    if (format === 'ndjson' && buf[start] === 0x7b && buf[start + 1] === 0x22 && buf[start + 2] === 0x24) return undefined; // {"$…} control line
    if (endExcl - start <= 1) return undefined;
    const index = this.dataRows++;
    if (!isMarkedRow(index)) return undefined;
    const crlf = endExcl - start >= 2 && buf[endExcl - 2] === 0x0d;
    const text = buf.toString('utf8', start, endExcl - (crlf ? 2 : 1));
    let marked: string | undefined;
    if (format === 'csv') {
      const row = csvEligible(text);
      if (row) marked = markCsv(row.fields, this.vary(text, row.eligible));
    } else {
      const row = jsonEligible(text);
      if (row) marked = markJson(row.obj, this.vary(text, row.eligible));
    }
    return marked === undefined ? undefined : Buffer.from(`${marked}${crlf ? '\r\n' : '\n'}`);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let buf = chunk;
    if (!this.started) {
      if (this.carry) {
        buf = Buffer.concat([this.carry, buf]);
        this.carry = undefined;
      }
      if (this.o.format === 'csv' && buf.length < 3) {
        this.carry = Buffer.from(buf); // too short to tell whether a BOM starts the file
        return done();
      }
      this.started = true;
      if (this.o.format === 'csv' && buf.subarray(0, 3).equals(BOM)) {
        this.push(BOM); // a BOM must stay first for spreadsheet software; it is not part of the hashed body
        buf = buf.subarray(3);
      }
      this.push(Buffer.from(this.o.head));
    }
    if (this.carry) {
      buf = Buffer.concat([this.carry, buf]); // only the part line cut at the previous chunk's end is copied
      this.carry = undefined;
    }
    // One push a chunk: the untouched slices and the marked rows are joined once (a push per piece costs ~10×).
    const parts: Buffer[] = [];
    let segment = 0;
    let start = 0;
    for (let nl = buf.indexOf(NL); nl !== -1; nl = buf.indexOf(NL, start)) {
      const replaced = this.line(buf, start, nl + 1);
      if (replaced) {
        if (start > segment) parts.push(buf.subarray(segment, start));
        parts.push(replaced);
        segment = nl + 1;
      }
      start = nl + 1;
    }
    if (start > segment) parts.push(buf.subarray(segment, start));
    if (parts.length > 0) this.out(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    if (start < buf.length) this.carry = Buffer.from(buf.subarray(start));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (!this.started) {
      if (this.carry?.equals(BOM)) this.carry = undefined; // BOM only: an empty CSV
      this.push(Buffer.from(this.o.head));
    }
    if (this.carry) this.out(this.carry);
    this.carry = undefined;
    this.push(Buffer.from(this.o.end(this.dataRows, this.hash.digest('hex'))));
    done();
  }
}
