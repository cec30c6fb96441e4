import type { DbOrTx } from '../db/database.js';

/** Catalog settings kept in the `settings` table (key `catalog.officeReview`): whether the office reviews too. */
const OFFICE_REVIEW = 'catalog.officeReview';

export async function officeReviews(db: DbOrTx): Promise<boolean> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', OFFICE_REVIEW).executeTakeFirst();
  return row?.value === true;
}

export async function setOfficeReviews(db: DbOrTx, on: boolean): Promise<void> {
  await db.insertInto('settings').values({ key: OFFICE_REVIEW, value: JSON.stringify(on) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(on), updated_at: new Date() })).execute();
}
