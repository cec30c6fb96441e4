import { sql, type Kysely, type RawBuilder } from 'kysely';

/*
 * Monthly partitions of audit_events (Art. 33: kept ≥ 2 years, then archived month by month). Months are civil
 * months in Asia/Shanghai (UTC+8, no daylight saving), like every date the platform shows.
 */

const SHANGHAI_MS = 8 * 3600_000;

let memo = { hour: '', month: '' };

/** 'YYYY-MM' of an instant, in Asia/Shanghai (called per event by the appender: remembers the last UTC hour). */
export function shanghaiMonth(iso: string): string {
  const hour = iso.endsWith('Z') ? iso.slice(0, 13) : '';
  if (hour !== '' && hour === memo.hour) return memo.month;
  const month = new Date(Date.parse(iso) + SHANGHAI_MS).toISOString().slice(0, 7);
  if (hour !== '') memo = { hour, month };
  return month;
}

export function isMonth(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The first instant of a month, as an ISO string with the +08:00 offset (a partition bound). */
export function monthStart(month: string): string {
  return `${month}-01T00:00:00+08:00`;
}

/** Every month from `first` to `last`, plus `ahead` more. */
export function monthsBetween(first: string, last: string, ahead = 0): string[] {
  const out: string[] = [];
  const end = addMonths(last, ahead);
  for (let m = first; m <= end; m = addMonths(m, 1)) out.push(m);
  return out;
}

export function partitionName(month: string): string {
  return `audit_events_${month.replace('-', '_')}`;
}

export function monthOfPartition(name: string): string | undefined {
  const m = /^audit_events_(\d{4})_(\d{2})$/.exec(name);
  return m ? `${m[1]}-${m[2]}` : undefined;
}

/** CREATE TABLE … PARTITION OF for one month; bounds are values made here from a validated month, not from input. */
export function partitionDdl(month: string): RawBuilder<unknown> {
  if (!isMonth(month)) throw new Error(`not a month: ${month}`);
  return sql`CREATE TABLE IF NOT EXISTS ${sql.table(partitionName(month))} PARTITION OF audit_events
    FOR VALUES FROM (${sql.lit(monthStart(month))}) TO (${sql.lit(monthStart(addMonths(month, 1)))})`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function existingPartitions(db: AnyDb): Promise<string[]> {
  const r = await sql<{ name: string }>`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'audit_events'::regclass ORDER BY c.relname`.execute(db);
  return r.rows.map((x) => monthOfPartition(x.name)).filter((m): m is string => m !== undefined);
}

/** Creates one month's partition, with the TRUNCATE guard where the append-only guard is installed (PostgreSQL). */
export async function createPartition(db: AnyDb, month: string): Promise<void> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass(${partitionName(month)})::text AS t`.execute(db);
  if (exists.rows[0]?.t) return;
  await partitionDdl(month).execute(db);
  const guarded = await sql<{ f: string | null }>`SELECT to_regproc('govshare_audit_immutable')::text AS f`.execute(db);
  if (guarded.rows[0]?.f) {
    await sql`CREATE TRIGGER audit_immutable_truncate BEFORE TRUNCATE ON ${sql.table(partitionName(month))}
      FOR EACH STATEMENT EXECUTE FUNCTION govshare_audit_immutable()`.execute(db);
  }
}

/**
 * Keeps the partitions of the months it has seen (and their successors) known, so the appender's hot path costs a
 * Set lookup; a month without a partition is created inside the appender's transaction, under its lock.
 */
export class PartitionKeeper {
  private known: Set<string> | undefined;

  constructor(private readonly ahead = 2) {}

  async ensure(db: AnyDb, months: Iterable<string>): Promise<void> {
    this.known ??= new Set(await existingPartitions(db));
    for (const month of months) {
      if (this.known.has(month)) continue;
      await createPartition(db, month);
      this.known.add(month);
    }
  }

  /** This month and the next `ahead` (called by the appender's timer, so a new month never waits on DDL). */
  async ensureAhead(db: AnyDb, now: Date): Promise<void> {
    const m = shanghaiMonth(now.toISOString());
    await this.ensure(db, monthsBetween(m, m, this.ahead));
  }

  /** After a partition is dropped (archive) or a transaction rolled back: read the catalogue again. */
  forget(): void {
    this.known = undefined;
  }
}
