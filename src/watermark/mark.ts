import { createHmac, hash } from 'node:crypto';
import type { TraceKeys } from '../trace/trace-key.js';

/**
 * The invisible per-file marking of exported rows (ADR 007). Rows of each export — the first 64 data rows and every
 * 32nd after — are written in an equivalent form that is unique to the export:
 * - CSV: some non-empty fields are quoted although they need no quotes (`"abc"` reads as `abc` in RFC 4180);
 * - NDJSON: a space after the colon of some fields (`"k": "v"` is the same JSON value as `"k":"v"`).
 * Which fields vary is an HMAC (the platform mark key) of the export id and the row's own canonical text, so a
 * detector recomputes it from any row of any fragment, whatever its position, with the export header gone.
 * Values never change; a row whose canonical re-rendering is not byte-identical to what the node wrote is left
 * alone. A marked row of n eligible fields tells one export from another with chance 1 − 1/(2ⁿ−1), so a fragment
 * needs a few marked rows: ~10 rows of three fields name an export among thousands — any piece of the first 64 rows
 * of that size, or ~300 rows further in. Marking costs ~15 µs a marked row (string work and one hash), so every
 * 32nd row adds ~0.5 µs a row on average to the bus's export (docs/decisions/007). Limits: re-saving the
 * file in a spreadsheet, re-serialising the JSON or re-quoting the CSV erases the marks; a fragment of a column or
 * two, or of rows with one non-empty field, carries too few bits to name an export.
 */
export const MARK_FIRST = 64;
export const MARK_EVERY = 32;

export function isMarkedRow(index: number): boolean {
  return index < MARK_FIRST || index % MARK_EVERY === 0;
}

/**
 * The marker of one export: which fields (indices among `eligible`) vary in a row — bits of H(k_e ‖ "\n" ‖ row), never
 * none, where k_e = HMAC(mark key, export id) is derived once per export and H is the suite's hash (SHA-256 or SM3),
 * one-shot: a marked row costs one short hash, not an HMAC object (PERF: ~3× less CPU on this machine).
 */
export function rowMarker(keys: TraceKeys, exportId: string): (canonical: string, eligible: number[]) => number[] {
  const k = createHmac(keys.alg, keys.markKey).update(exportId, 'utf8').digest('hex');
  return (canonical, eligible) => {
    if (eligible.length === 0) return [];
    const h = hash(keys.alg, `${k}\n${canonical}`, 'buffer');
    const out = eligible.filter((_, j) => j < 8 * (h.length - 1) && ((h[1 + (j >> 3)]! >> (j & 7)) & 1) === 1);
    return out.length > 0 ? out : [eligible[h[0]! % eligible.length]!];
  };
}

/** One row's varied fields for an export (tests and one-off checks; streams keep the `rowMarker`). */
export function variedFields(keys: TraceKeys, exportId: string, canonical: string, eligible: number[]): number[] {
  return rowMarker(keys, exportId)(canonical, eligible);
}

// ---- CSV ----

/** A CSV data line the marker may vary: no quotes at all (so no field holds a comma, quote or newline); split once. */
export function csvEligible(line: string): { fields: string[]; eligible: number[] } | undefined {
  if (line.length === 0 || line.includes('"')) return undefined;
  const fields = line.split(',');
  const eligible: number[] = [];
  for (let j = 0; j < fields.length; j++) if (fields[j]!.length > 0) eligible.push(j); // "" and empty differ for some readers (COPY: NULL)
  return eligible.length > 0 ? { fields, eligible } : undefined;
}

export function markCsv(fields: string[], varied: number[]): string {
  const out = fields.slice();
  for (const j of varied) out[j] = `"${out[j]!}"`;
  return out.join(',');
}

/** A line as a detector sees it: its canonical text and the fields quoted beyond need; undefined when it cannot be a marked row. */
export function readCsv(line: string): { canonical: string; varied: number[]; eligible: number[] } | undefined {
  const fields = line.split(',');
  const plain: string[] = [];
  const varied: number[] = [];
  for (let j = 0; j < fields.length; j++) {
    const f = fields[j]!;
    if (f.length >= 3 && f.startsWith('"') && f.endsWith('"') && !f.slice(1, -1).includes('"')) {
      plain.push(f.slice(1, -1));
      varied.push(j);
    } else if (f.includes('"')) return undefined;
    else plain.push(f);
  }
  const canonical = plain.join(',');
  const e = csvEligible(canonical);
  return e ? { canonical, varied, eligible: e.eligible } : undefined;
}

// ---- NDJSON ----

function renderJson(obj: Record<string, unknown>, varied: Set<number>): string {
  let s = '{';
  let j = 0;
  for (const [k, v] of Object.entries(obj)) {
    s += `${j === 0 ? '' : ','}${JSON.stringify(k)}:${varied.has(j) ? ' ' : ''}${JSON.stringify(v)}`;
    j++;
  }
  return `${s}}`;
}

function parseRow(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{"') || line.startsWith('{"$')) return undefined; // control lines ($cursor, $end, $watermark)
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A data line the marker may vary: one whose canonical rendering is exactly the line (so no value can change). */
export function jsonEligible(line: string): { obj: Record<string, unknown>; eligible: number[] } | undefined {
  const obj = parseRow(line);
  if (!obj || renderJson(obj, new Set()) !== line) return undefined;
  const eligible = Object.keys(obj).map((_, j) => j);
  return eligible.length > 0 ? { obj, eligible } : undefined;
}

export function markJson(obj: Record<string, unknown>, varied: number[]): string {
  return renderJson(obj, new Set(varied));
}

export function readJson(line: string): { canonical: string; varied: number[]; eligible: number[] } | undefined {
  const obj = parseRow(line);
  if (!obj) return undefined;
  const entries = Object.entries(obj);
  const varied: number[] = [];
  let pos = 1;
  for (let j = 0; j < entries.length; j++) {
    const [k, v] = entries[j]!;
    const key = `${j === 0 ? '' : ','}${JSON.stringify(k)}:`;
    if (!line.startsWith(key, pos)) return undefined;
    pos += key.length;
    if (line[pos] === ' ') {
      varied.push(j);
      pos++;
    }
    const val = JSON.stringify(v);
    if (!line.startsWith(val, pos)) return undefined;
    pos += val.length;
  }
  if (line.slice(pos) !== '}') return undefined;
  return { canonical: renderJson(obj, new Set()), varied, eligible: entries.map((_, j) => j) };
}
