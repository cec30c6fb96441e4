/** Role names as the server knows them (DESIGN.md, POST /users). Labels live in i18n under `roles.*`. */
export const ROLES = [
  'admin',
  'leading_group',
  'office',
  'auditor',
  'catalog_editor',
  'catalog_reviewer',
  'share_approver',
  'data_user',
  'security_officer',
  'dept_head',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
