import type { DbOrTx } from '../db/database.js';

export async function findTotp(db: DbOrTx, userId: string) {
  return db.selectFrom('user_totp').select(['user_id', 'secret_sealed', 'confirmed_at', 'last_step']).where('user_id', '=', userId).executeTakeFirst();
}

/** A new, unconfirmed secret replaces an unconfirmed one (enrolment started again). */
export async function putPendingTotp(db: DbOrTx, userId: string, secretSealed: string): Promise<void> {
  await db.deleteFrom('user_totp').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
  await db.insertInto('user_totp').values({ user_id: userId, secret_sealed: secretSealed, confirmed_at: null, last_step: null }).execute();
}

export async function confirmTotp(db: DbOrTx, userId: string, step: number, codeHashes: string[]): Promise<void> {
  await db.updateTable('user_totp').set({ confirmed_at: new Date(), last_step: step }).where('user_id', '=', userId).execute();
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('user_recovery_codes').values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null }))).execute();
}

export async function deleteTotp(db: DbOrTx, userId: string): Promise<boolean> {
  await db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  const r = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Records the step of a used code; false when that step (or a later one) was used already: a replay. */
export async function advanceStep(db: DbOrTx, userId: string, step: number): Promise<boolean> {
  const r = await db.updateTable('user_totp').set({ last_step: step }).where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', String(step))])).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks a recovery code used; false when it is unknown or was used before. */
export async function useRecoveryCode(db: DbOrTx, userId: string, codeHash: string): Promise<boolean> {
  const r = await db.updateTable('user_recovery_codes').set({ used_at: new Date() })
    .where('user_id', '=', userId).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function recoveryCodesLeft(db: DbOrTx, userId: string): Promise<number> {
  const r = await db.selectFrom('user_recovery_codes').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
  return Number(r?.n ?? 0);
}
