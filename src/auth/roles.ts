/** Role names of DESIGN.md (POST /users). Department roles are bound to one department (SPEC.md §1). */
export const ROLES = [
  'admin', 'leading_group', 'office', 'auditor',
  'catalog_editor', 'catalog_reviewer', 'share_approver', 'data_user', 'security_officer', 'dept_head',
] as const;
export type Role = (typeof ROLES)[number];

export const DEPARTMENT_ROLES: readonly Role[] = ['catalog_editor', 'catalog_reviewer', 'share_approver', 'data_user', 'security_officer', 'dept_head'];
/** The office acts for a region: its users belong to the office department of that region. */
export const REGION_ROLES: readonly Role[] = ['office'];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '平台管理员', en: 'Platform administrator' },
  leading_group: { zh: '领导小组', en: 'Leading group' },
  office: { zh: '管理机构', en: 'Management office' },
  auditor: { zh: '审计', en: 'Auditor' },
  catalog_editor: { zh: '编目员', en: 'Catalog editor' },
  catalog_reviewer: { zh: '审核员', en: 'Catalog reviewer' },
  share_approver: { zh: '共享审批员', en: 'Share approver' },
  data_user: { zh: '数据使用者', en: 'Data user' },
  security_officer: { zh: '安全管理员', en: 'Security officer' },
  dept_head: { zh: '第一责任人', en: 'Department head' },
};

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}
