import type { Db } from '../db/database.js';
import { DomainError } from '../errors.js';
import { loadOverrides, overridesVersion } from './calendar.store.js';
import { WorkdayCalendar } from './workdays.js';

/**
 * The platform's working-day calendar: the shipped data plus the administrators' overrides from the database.
 *
 * Deadline code often runs inside a transaction; on PGlite (one session) a read on another connection there would
 * wait for that very transaction. So after the first load `get()` never waits on the database: when the cached copy
 * is older than `recheckMs` it is returned as it is and a refresh runs in the background (it picks up overrides made
 * on another instance). A local change calls `reload()` after its commit and is seen at once.
 */
export class CalendarService {
  private cached: { cal: WorkdayCalendar; version: string; checkedAt: number } | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly db: Db, private readonly recheckMs = 5_000) {}

  async get(): Promise<WorkdayCalendar> {
    if (!this.cached) {
      await this.reload();
      return this.cached!.cal;
    }
    if (Date.now() - this.cached.checkedAt >= this.recheckMs && !this.refreshing) {
      this.refreshing = this.refresh().catch(() => undefined).finally(() => (this.refreshing = undefined));
    }
    return this.cached.cal;
  }

  /** Loads the overrides now (at start, and after a local change has committed). */
  async reload(): Promise<void> {
    const version = await overridesVersion(this.db);
    this.cached = { cal: new WorkdayCalendar(await loadOverrides(this.db)), version, checkedAt: Date.now() };
  }

  private async refresh(): Promise<void> {
    const version = await overridesVersion(this.db);
    if (this.cached && this.cached.version === version) this.cached.checkedAt = Date.now();
    else await this.reload();
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
