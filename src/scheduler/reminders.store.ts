import type { DbOrTx, Tx } from '../db/database.js';

/**
 * Records that a reminder (or overdue notice) was sent. The primary key (kind, subject, deadline) makes a second
 * sweep's insert a no-op, so each notice goes out once however many sweeps run; true when this call recorded it.
 */
export async function claimReminder(tx: Tx, kind: string, subjectType: string, subjectId: string, deadline: string): Promise<boolean> {
  const r = await tx.insertInto('reminders_sent').values({ kind, subject_type: subjectType, subject_id: subjectId, deadline })
    .onConflict((oc) => oc.columns(['kind', 'subject_type', 'subject_id', 'deadline']).doNothing()).returning('kind').executeTakeFirst();
  return r !== undefined;
}

export async function countReminders(db: DbOrTx, kind?: string): Promise<number> {
  let q = db.selectFrom('reminders_sent').select((eb) => eb.fn.countAll<number>().as('n'));
  if (kind) q = q.where('kind', '=', kind);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Approved applications waiting for signatures, with which side has signed. */
export async function awaitingSignatures(db: DbOrTx) {
  return db.selectFrom('applications as a').innerJoin('agreements as g', 'g.application_id', 'a.id')
    .innerJoin('departments as pd', 'pd.id', 'a.provider_department_id').innerJoin('departments as cd', 'cd.id', 'a.consumer_department_id')
    .select(['a.id', 'a.resource_name', 'a.resource_code', 'a.sign_by', 'a.provider_department_id', 'a.consumer_department_id', 'pd.name as provider_name', 'pd.region_code as provider_region',
      'cd.name as consumer_name', 'cd.region_code as consumer_region', 'g.consumer_signed_at', 'g.provider_signed_at'])
    .where('a.status', '=', 'approved').orderBy('a.sign_by').limit(5000).execute();
}

export async function recordRun(db: DbOrTx, job: string, started: Date, result: Record<string, unknown> | null, error: string | null): Promise<void> {
  const row = { last_started_at: started, last_finished_at: new Date(), last_result: result ? JSON.stringify(result) : null, last_error: error };
  await db.insertInto('scheduler_runs').values({ job, ...row }).onConflict((oc) => oc.column('job').doUpdateSet(row)).execute();
}

export async function listRuns(db: DbOrTx) {
  return db.selectFrom('scheduler_runs').selectAll().orderBy('job').execute();
}
