import type { Actor } from '../auth/actor.js';
import type { DbOrTx, Tx } from '../db/database.js';

/** The dated steps of an application, objection or dispute (SPEC C4: "every step is dated and logged"). */
export type SubjectType = 'application' | 'objection' | 'dispute';

export interface HistoryEntry {
  action: string;
  actor: Actor | { id: null; name: string; departmentId: null };
  text?: string | null | undefined;
  detail?: Record<string, unknown> | undefined;
}

export async function addEvent(tx: Tx, type: SubjectType, id: string, e: HistoryEntry, at?: Date): Promise<void> {
  await tx.insertInto('workflow_events').values({
    subject_type: type, subject_id: id, action: e.action, actor_id: e.actor.id, actor_name: e.actor.name, department_id: e.actor.departmentId,
    text: e.text ?? null, detail: e.detail ? JSON.stringify(e.detail) : null, ...(at ? { at } : {}),
  }).execute();
}

export async function history(db: DbOrTx, type: SubjectType, id: string) {
  const rows = await db.selectFrom('workflow_events').leftJoin('departments', 'departments.id', 'workflow_events.department_id')
    .select(['workflow_events.at', 'workflow_events.action', 'workflow_events.actor_id', 'workflow_events.actor_name', 'workflow_events.department_id', 'departments.name as department_name', 'workflow_events.text', 'workflow_events.detail'])
    .where('subject_type', '=', type).where('subject_id', '=', id).orderBy('workflow_events.id').execute();
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(), action: r.action, text: r.text, detail: r.detail ?? null,
    actor: { id: r.actor_id, name: r.actor_name, departmentId: r.department_id, departmentName: r.department_name },
  }));
}

/** The scheduler acts as the platform itself. */
export const SYSTEM_ACTOR = { id: null, name: 'system', departmentId: null } as const;
