// Civil dates as ISO strings `YYYY-MM-DD`, always the Asia/Shanghai calendar date (SPEC §5: time zone is
// always Asia/Shanghai). Arithmetic runs on "epoch days" (days since 1970-01-01) computed with Date.UTC, so the
// host's time zone and DST rules never matter.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
// Years before 1000 would need zero-padding tricks and Date.UTC maps 0–99 to 1900–1999; nobody files a deadline then.
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

export interface CivilDate { year: number; month: number; day: number }

/** Validates `YYYY-MM-DD` (a real calendar day, e.g. not 2026-02-30). Throws RangeError otherwise. */
export function parseIsoDate(s: string): CivilDate {
  const m = typeof s === 'string' ? ISO_DATE.exec(s) : null;
  if (!m) throw new RangeError(`invalid date ${JSON.stringify(s)}: expected YYYY-MM-DD`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`invalid date ${JSON.stringify(s)}: no such calendar day`);
  }
  return { year, month, day };
}

export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    parseIsoDate(s);
    return true;
  } catch {
    return false;
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate(); // day 0 of the next month
}

/** Days since 1970-01-01 (negative before). */
export function toEpochDay(s: string): number {
  const { year, month, day } = parseIsoDate(s);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromEpochDay(n: number): string {
  const d = new Date(n * MS_PER_DAY);
  const year = d.getUTCFullYear();
  if (!Number.isInteger(n) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`date out of range (epoch day ${n})`);
  }
  return d.toISOString().slice(0, 10);
}

export function addDays(d: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: ${n} is not an integer`);
  return fromEpochDay(toEpochDay(d) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(d) + 4) % 7) + 7) % 7;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function diffDays(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

/** -1, 0 or 1; usable with Array.prototype.sort. Validates both dates. */
export function compareIsoDates(a: string, b: string): -1 | 0 | 1 {
  const d = diffDays(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export const isBefore = (a: string, b: string): boolean => compareIsoDates(a, b) < 0;
export const isAfter = (a: string, b: string): boolean => compareIsoDates(a, b) > 0;

/** Today's civil date in Shanghai. China has used UTC+8 without DST since 1991, so a fixed offset is exact. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
