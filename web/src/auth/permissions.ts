/**
 * Which roles the server grants what (src/auth/policy.ts), for deciding what to offer on screen.
 * The server decides every request; when its policy changes, change this too.
 */
export const ORG_ADMINS = ['admin', 'office'] as const;
/** audit.read: oversight roles, and a department's security officer for that department (Art. 31, 37). */
export const AUDIT_READERS = ['admin', 'office', 'leading_group', 'auditor', 'security_officer'] as const;
/** audit.verify */
export const AUDIT_VERIFIERS = ['admin', 'office', 'leading_group', 'auditor'] as const;
/** Roles bound to one department: the server refuses them without one (DEPARTMENT_REQUIRED). */
export const ROLES_NEEDING_DEPARTMENT = [
  'office',
  'catalog_editor',
  'catalog_reviewer',
  'share_approver',
  'data_user',
  'security_officer',
  'dept_head',
] as const;

export function hasAnyRole(roles: readonly string[], wanted: readonly string[]): boolean {
  return roles.some((r) => wanted.includes(r));
}
