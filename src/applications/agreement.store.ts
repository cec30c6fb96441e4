import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx, Tx } from '../db/database.js';
import type { AgreementTable } from '../db/schema.js';

export async function insertAgreement(tx: Tx, row: Insertable<AgreementTable>): Promise<void> {
  await tx.insertInto('agreements').values(row).execute();
}

export async function findAgreement(db: DbOrTx, applicationId: string) {
  return db.selectFrom('agreements').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
}

export type AgreementRow = NonNullable<Awaited<ReturnType<typeof findAgreement>>>;

export async function updateAgreement(tx: Tx, applicationId: string, set: Updateable<AgreementTable>): Promise<void> {
  await tx.updateTable('agreements').set(set).where('application_id', '=', applicationId).execute();
}

export async function departmentCodes(db: DbOrTx, ids: string[]) {
  const rows = await db.selectFrom('departments').select(['id', 'name', 'code', 'region_code']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}
