import type { Db } from '../db/database.js';
import { DomainError } from '../errors.js';
import { loadOverrides, overridesVersion } from './calendar.store.js';
import { WorkdayCalendar } from './workdays.js';

/**
 * The platform's working-day calendar: the shipped data plus the administrators' overrides from the database.
 * Cached; the cache is dropped on a local change and re-checked against the database every few seconds, so an
 * override made on another instance is seen soon after.
 */
export class CalendarService {
  private cached: { cal: WorkdayCalendar; version: string; checkedAt: number } | undefined;

  constructor(private readonly db: Db, private readonly recheckMs = 5_000) {}

  async get(): Promise<WorkdayCalendar> {
    const now = Date.now();
    if (this.cached && now - this.cached.checkedAt < this.recheckMs) return this.cached.cal;
    const version = await overridesVersion(this.db);
    if (this.cached && this.cached.version === version) {
      this.cached.checkedAt = now;
      return this.cached.cal;
    }
    const cal = new WorkdayCalendar(await loadOverrides(this.db));
    this.cached = { cal, version, checkedAt: now };
    return cal;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  /** Runs a calendar computation, turning its RangeError (bad date, absurd count) into a coded 400. */
  async compute<T>(fn: (cal: WorkdayCalendar) => T): Promise<T> {
    const cal = await this.get();
    try {
      return fn(cal);
    } catch (err) {
      if (err instanceof RangeError) throw new DomainError('CALENDAR_INPUT_INVALID', 400, `日期或天数不合法：${err.message}`, `Invalid date or day count: ${err.message}`);
      throw err;
    }
  }
}
