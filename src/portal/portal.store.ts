import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { todayInShanghai } from '../calendar/dates.js';

/** Usage counts of the open-data portal (Art. 26): one row per resource, day and kind, incremented in place. */
export async function countUse(db: DbOrTx, code: string, kind: 'view' | 'download' | 'api', rows = 0): Promise<void> {
  await db.insertInto('open_usage').values({ day: todayInShanghai(), resource_code: code, kind, n: 1, rows })
    .onConflict((oc) => oc.columns(['resource_code', 'day', 'kind']).doUpdateSet({ n: sql`open_usage.n + 1`, rows: sql`open_usage.rows + ${rows}` }))
    .execute();
}

export async function usageOf(db: DbOrTx, code: string): Promise<Record<'view' | 'download' | 'api', number>> {
  const rows = await db.selectFrom('open_usage').select(['kind', (eb) => eb.fn.sum<number>('n').as('n')]).where('resource_code', '=', code).groupBy('kind').execute();
  const out = { view: 0, download: 0, api: 0 };
  for (const r of rows) out[r.kind] = Number(r.n);
  return out;
}

/** The most used open resources over the last `days` days. */
export async function topUsed(db: DbOrTx, days: number, limit: number) {
  const since = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  return db.selectFrom('open_usage')
    .select(['resource_code', (eb) => eb.fn.sum<number>('n').filterWhere('kind', '=', 'download').as('downloads'), (eb) => eb.fn.sum<number>('n').filterWhere('kind', '=', 'api').as('apiCalls'), (eb) => eb.fn.sum<number>('n').filterWhere('kind', '=', 'view').as('views')])
    .where('day', '>=', since).groupBy('resource_code').orderBy(sql`sum(n)`, 'desc').limit(limit).execute();
}
