import type { Actor } from '../auth/actor.js';
import { can, type Permission } from '../auth/policy.js';
import type { DbOrTx } from '../db/database.js';
import { errors } from '../errors.js';
import { findApplication, type ApplicationRow } from './application.store.js';

export const notFound = () => errors.notFound('Application', '共享申请');

/** Either side of an application, as a policy target. */
export function sides(app: ApplicationRow) {
  return {
    consumer: { departmentId: app.consumer_department_id, regionCode: app.consumer_region },
    provider: { departmentId: app.provider_department_id, regionCode: app.provider_region },
  };
}

export function mayOnEither(actor: Actor, permission: Permission, app: ApplicationRow): boolean {
  const s = sides(app);
  return can(actor, permission, s.consumer) || can(actor, permission, s.provider);
}

/** The application if the actor may read it (either party, the office of either's region, oversight); otherwise 404. */
export async function visibleApplication(db: DbOrTx, actor: Actor, id: string): Promise<ApplicationRow> {
  const app = await findApplication(db, id);
  if (!app || !mayOnEither(actor, 'application.read', app)) throw notFound();
  return app;
}
