// The PRC working-day calendar behind every deadline (SPEC C4: "Every deadline counts PRC workdays (statutory
// holidays and make-up days)", e.g. Art. 23: accept or refuse an application within 10 workdays).
//
// Precedence for a date:
//   1. an administrator's override (the calendar_override table, passed in) wins;
//   2. years for which the chinese-days package has the State Council notice: its holidays and make-up days (调休);
//   3. otherwise weekends + the statutory holidays of the current rules (./statutory.ts), marked provisional.
// A year is "officially loaded" by an admin when any override of kind 'holiday' falls in it, or when it is listed
// in options.officialYears; such a year uses weekends + the statutory days (always rest by law) + the overrides.
import { createRequire } from 'node:module';
import { fromEpochDay, toEpochDay } from './dates.js';
import { statutoryHolidays } from './statutory.js';

export type DayOverride = { date: string; kind: 'workday' | 'holiday'; name?: string };
export interface DayInfo { date: string; workday: boolean; provisional: boolean; name?: string }

/** Largest n for addWorkdays (about 14 years); anything larger is a bug upstream, not a deadline. */
export const MAX_WORKDAYS = 3660;
/** Largest span, in calendar days, that workdaysBetween / addWorkdays will scan. */
const MAX_SPAN_DAYS = 2 * MAX_WORKDAYS;

const WORK = 1;
const PROVISIONAL = 2;

interface YearTable { start: number; flags: Uint8Array; names: Map<number, string> } // index = epoch day - start

// ---- chinese-days data, read once. Its API answers for any year (2027-01-01 "is a workday"), so coverage comes
// from the data itself: a year is covered only if its holiday list has entries for it.
type PackageData = { holidays?: Record<string, string>; workdays?: Record<string, string> };
const pkg = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as PackageData;
const FULL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };
const pkgByYear = new Map<number, Array<{ date: string; work: boolean; name: string }>>();
for (const [work, entries] of [[false, pkg.holidays], [true, pkg.workdays]] as const) {
  for (const [date, value] of Object.entries(entries ?? {})) {
    const zh = value.split(',')[1] ?? value; // "Spring Festival,春节,4"
    const year = Number(date.slice(0, 4));
    if (!work) pkgByYear.set(year, pkgByYear.get(year) ?? []);
    pkgByYear.get(year)?.push({ date, work, name: FULL_NAMES[zh] ?? zh }); // holidays first: they decide coverage
  }
}

type Mode = 'package' | 'admin' | 'fallback';
const baseTables = new Map<string, YearTable>();

function baseTable(year: number, mode: Mode, tailProvisional: boolean): YearTable {
  const key = `${year}|${mode}|${tailProvisional}`;
  const cached = baseTables.get(key);
  if (cached) return cached;
  const start = toEpochDay(`${year}-01-01`);
  const flags = new Uint8Array(toEpochDay(`${year + 1}-01-01`) - start);
  const names = new Map<number, string>();
  const prov = mode === 'fallback' ? PROVISIONAL : 0;
  for (let i = 0; i < flags.length; i++) {
    const wd = (((start + i + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    flags[i] = (wd === 0 || wd === 6 ? 0 : WORK) | prov;
  }
  const entries = mode === 'package'
    ? (pkgByYear.get(year) ?? [])
    // Statutory days are rest days whatever the notice says; predicted substitute days only without a notice.
    : statutoryHolidays(year).filter((h) => mode === 'fallback' || !h.substitute).map((h) => ({ ...h, work: false }));
  for (const { date, work, name } of entries) {
    const i = toEpochDay(date) - start;
    flags[i] = (work ? WORK : 0) | prov;
    names.set(i, name);
  }
  // The next year's notice can move the last days of December (the 2019 notice made 2018-12-29 a workday and
  // 2018-12-31 a holiday), so they stay provisional until that notice is known.
  if (tailProvisional) for (let i = flags.length - 3; i < flags.length; i++) flags[i]! |= PROVISIONAL;
  const t: YearTable = { start, flags, names };
  baseTables.set(key, t);
  return t;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKDAYS) {
    throw new RangeError(`workday count must be an integer from 0 to ${MAX_WORKDAYS}, got ${n}`);
  }
}

export class WorkdayCalendar {
  readonly #overrides = new Map<number, Map<number, DayOverride>>(); // year → epoch day → override
  readonly #adminYears = new Set<number>();
  readonly #tables = new Map<number, YearTable>();
  #last: YearTable | undefined;

  constructor(overrides: Iterable<DayOverride> = [], options: { officialYears?: Iterable<number> } = {}) {
    for (const o of overrides) {
      const day = toEpochDay(o.date); // RangeError on a bad date
      if (o.kind !== 'workday' && o.kind !== 'holiday') throw new RangeError(`override ${o.date}: bad kind ${String(o.kind)}`);
      const year = Number(o.date.slice(0, 4));
      if (!this.#overrides.has(year)) this.#overrides.set(year, new Map());
      this.#overrides.get(year)!.set(day, o); // a later row for the same date wins
      if (o.kind === 'holiday') this.#adminYears.add(year); // an admin loaded that year's notice
    }
    for (const y of options.officialYears ?? []) {
      if (!Number.isInteger(y)) throw new RangeError(`officialYears: ${y} is not a year`);
      this.#adminYears.add(y);
    }
  }

  /** Years with a known official arrangement: the package's years plus those an administrator loaded. */
  officialYears(): number[] {
    return [...new Set([...pkgByYear.keys(), ...this.#adminYears])].sort((a, b) => a - b);
  }

  day(date: string): DayInfo {
    const ed = toEpochDay(date);
    const t = this.#tableFor(ed);
    const f = t.flags[ed - t.start]!;
    const name = t.names.get(ed - t.start);
    return { date, workday: (f & WORK) !== 0, provisional: (f & PROVISIONAL) !== 0, ...(name ? { name } : {}) };
  }

  isWorkday(date: string): boolean {
    return this.day(date).workday;
  }

  /**
   * n > 0: the n-th workday AFTER `from` (`from` itself not counted), the usual reading of "within n workdays
   * from" (Art. 23: 10 workdays). n = 0: `from` if it is a workday, otherwise the next workday.
   * provisional is true when any day looked at in (from, result] (or [from, result] for n = 0) is provisional.
   */
  addWorkdays(from: string, n: number): { date: string; provisional: boolean } {
    checkCount(n);
    const origin = toEpochDay(from);
    let ed = origin;
    let provisional = false;
    let left = n;
    if (n === 0) {
      const f = this.#flags(ed);
      if (f & WORK) return { date: from, provisional: (f & PROVISIONAL) !== 0 };
      provisional = (f & PROVISIONAL) !== 0;
      left = 1; // the next workday
    }
    while (left > 0) {
      if (ed - origin >= MAX_SPAN_DAYS) throw new RangeError(`no ${n} workdays within ${MAX_SPAN_DAYS} days of ${from}`);
      const f = this.#flags(++ed);
      provisional ||= (f & PROVISIONAL) !== 0;
      if (f & WORK) left--;
    }
    return { date: fromEpochDay(ed), provisional };
  }

  /** Workdays in (from, to]; negative (and counted over (to, from]) when to is before from. */
  workdaysBetween(from: string, to: string): { days: number; provisional: boolean } {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    if (Math.abs(b - a) > MAX_SPAN_DAYS) throw new RangeError(`span ${from}..${to} exceeds ${MAX_SPAN_DAYS} days`);
    let days = 0;
    let provisional = false;
    for (let ed = Math.min(a, b) + 1; ed <= Math.max(a, b); ed++) {
      const f = this.#flags(ed);
      if (f & WORK) days++;
      provisional ||= (f & PROVISIONAL) !== 0;
    }
    return { days: b < a ? -days : days, provisional };
  }

  #flags(ed: number): number {
    const t = this.#last && ed >= this.#last.start && ed < this.#last.start + this.#last.flags.length
      ? this.#last
      : this.#tableFor(ed);
    return t.flags[ed - t.start]!;
  }

  #tableFor(ed: number): YearTable {
    const year = Number(fromEpochDay(ed).slice(0, 4));
    let t = this.#tables.get(year);
    if (!t) {
      const official = (y: number): boolean => pkgByYear.has(y) || this.#adminYears.has(y);
      const mode: Mode = pkgByYear.has(year) ? 'package' : this.#adminYears.has(year) ? 'admin' : 'fallback';
      t = baseTable(year, mode, mode !== 'fallback' && !official(year + 1));
      const overrides = this.#overrides.get(year);
      if (overrides) {
        t = { start: t.start, flags: t.flags.slice(), names: new Map(t.names) };
        for (const [ed2, o] of overrides) {
          t.flags[ed2 - t.start] = o.kind === 'workday' ? WORK : 0; // an admin's word is not provisional
          if (o.name) t.names.set(ed2 - t.start, o.name);
          else t.names.delete(ed2 - t.start);
        }
      }
      this.#tables.set(year, t);
    }
    this.#last = t;
    return t;
  }
}
