import type { Role } from './roles.js';

/** Who is calling: a signed-in user, a department's system credential, or the public (open-data portal). */
export interface Actor {
  kind: 'user' | 'system' | 'public';
  id: string | null;
  name: string;
  roles: readonly Role[];
  departmentId: string | null;
  /** Region of the actor's department: the scope of region roles (office). */
  regionCode: string | null;
  /** Hash of the bearer token, so logout can revoke exactly this session. */
  sessionId: string | null;
  /** The session's public id (GET /auth/sessions), never the token or its hash. */
  sessionRef?: string;
  /** Signed in with a password while a mandatory TOTP is not enrolled: only enrolment is allowed (docs/security.md). */
  mfaPending?: boolean;
}

export const PUBLIC_ACTOR: Actor = { kind: 'public', id: null, name: 'public', roles: [], departmentId: null, regionCode: null, sessionId: null };

/** The shape the audit log records for an actor. */
export function auditActor(a: Actor): { id: string | null; name: string; departmentId: string | null } {
  return { id: a.id, name: a.name, departmentId: a.departmentId };
}
