import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { DayOverride } from './workdays.js';

export async function loadOverrides(db: DbOrTx): Promise<DayOverride[]> {
  const rows = await db.selectFrom('calendar_overrides').select(['date', 'kind', 'name']).orderBy('date').execute();
  return rows.map((r) => ({ date: r.date, kind: r.kind, ...(r.name ? { name: r.name } : {}) }));
}

export async function listOverrides(db: DbOrTx, year: number) {
  return db.selectFrom('calendar_overrides').selectAll()
    .where('date', '>=', `${year}-01-01`).where('date', '<=', `${year}-12-31`).orderBy('date').execute();
}

export async function upsertOverrides(db: DbOrTx, rows: Array<{ date: string; kind: 'workday' | 'holiday'; name: string | null }>, by: string | null): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('calendar_overrides').values(rows.map((r) => ({ ...r, updated_by: by })))
    .onConflict((oc) => oc.column('date').doUpdateSet({ kind: (eb) => eb.ref('excluded.kind'), name: (eb) => eb.ref('excluded.name'), updated_by: by, updated_at: sql`now()` }))
    .execute();
}

export async function deleteOverride(db: DbOrTx, date: string): Promise<boolean> {
  const r = await db.deleteFrom('calendar_overrides').where('date', '=', date).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Changes when any override changes: instances compare it to know their cached calendar is stale. */
export async function overridesVersion(db: DbOrTx): Promise<string> {
  const r = await db.selectFrom('calendar_overrides').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')]).executeTakeFirstOrThrow();
  return `${r.n}:${r.latest ? new Date(r.latest as unknown as string).toISOString() : ''}`;
}
