/**
 * Which roles the server grants what (src/auth/policy.ts), for deciding what to offer on screen.
 * The server decides every request; when its policy changes, change this too.
 */
export const ORG_ADMINS = ['admin', 'office'] as const;
/** audit.read: oversight roles, and a department's security officer for that department (Art. 31, 37). */
export const AUDIT_READERS = ['admin', 'office', 'leading_group', 'auditor', 'security_officer'] as const;
/** trace.read (溯源, Art. 33): auditors, the office, and a department's security officer for that department. */
export const TRACE_READERS = ['auditor', 'office', 'security_officer'] as const;
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

// Catalog (policy.ts catalog.*): the provider's catalog staff work on their department's entries.
/** catalog.edit: create, edit, submit, import. */
export const CATALOG_EDITORS = ['catalog_editor'] as const;
/** catalog.review (the office too when the platform is configured so; the server decides). */
export const CATALOG_REVIEWERS = ['catalog_reviewer'] as const;
/** catalog.publish */
export const CATALOG_PUBLISHERS = ['catalog_editor', 'catalog_reviewer', 'office'] as const;
/** catalog.retire */
export const CATALOG_RETIRERS = ['catalog_reviewer', 'office'] as const;
/** Who works on the department's own catalog (我的目录). */
export const CATALOG_STAFF = ['catalog_editor', 'catalog_reviewer'] as const;

// Exchange (policy.ts exchange.use, node.*).
/** exchange.use: a department's data users query, compare and export through the bus. */
export const EXCHANGE_USERS = ['data_user'] as const;
/** node.manage: suspend, resume; the node page is theirs. */
export const NODE_MANAGERS = ['admin', 'office', 'security_officer'] as const;
/** node.read (department-scoped for the department roles). */
export const NODE_READERS = ['admin', 'office', 'leading_group', 'auditor', 'security_officer', 'dept_head', 'catalog_editor'] as const;

// Workflow (docs/workflow-api.md "Who does what"): applications, objections, disputes.
const OVERSIGHT = ['admin', 'office', 'leading_group', 'auditor'] as const;
/** 共享申请: the consumer's data users, the provider's approvers, department heads, oversight. */
export const APPLICATION_READERS = ['data_user', 'share_approver', 'dept_head', ...OVERSIGHT] as const;
/** 数据异议: as applications, plus the provider's catalog editors who reply. */
export const OBJECTION_READERS = ['data_user', 'share_approver', 'catalog_editor', 'dept_head', ...OVERSIGHT] as const;
/** Who files objections and applications: a consumer's data user. */
export const APPLICANTS = ['data_user'] as const;
/** Who decides applications and signs for the provider. */
export const SHARE_APPROVERS = ['share_approver'] as const;
/** 授权管理 (grant.read; the security officer reads grants through the API, not this menu). */
export const GRANT_READERS = ['data_user', 'share_approver', 'dept_head', ...OVERSIGHT] as const;
/** grant.manage: suspend, revoke, resume (the provider's approvers; the office; admin). */
export const GRANT_MANAGERS = ['share_approver', 'office', 'admin'] as const;
/** 超期督办 (deadline.read): oversight, and a department head for the department. */
export const DEADLINE_READERS = ['dept_head', ...OVERSIGHT] as const;

// Security monitoring and incidents (policy.ts alert.*, incident.*; Art. 31, 32).
/** 安全告警 and 安全事件: a department's security officer, and oversight. */
export const SECURITY_READERS = ['security_officer', ...OVERSIGHT] as const;
/** incident.file: only a department's security officer reports an incident. */
export const INCIDENT_FILERS = ['security_officer'] as const;
/** Who replies to objections. */
export const OBJECTION_REPLIERS = ['share_approver', 'catalog_editor'] as const;

// Supervision (policy.ts evaluation.read, notice.*): the office and oversight see their region or everything; a
// department's head and staff see their own result and notices.
const DEPARTMENT_SUPERVISED = ['dept_head', 'catalog_editor', 'catalog_reviewer', 'share_approver', 'security_officer'] as const;
/** evaluation.read and notice.read */
export const EVALUATION_READERS = [...OVERSIGHT, ...DEPARTMENT_SUPERVISED] as const;
/** supervision.project.read (Art. 35 项目目录关口): oversight, and a department head for the department. */
export const PROJECT_GATE_READERS = ['dept_head', ...OVERSIGHT] as const;
// Art. 34 annual report (src/reports): the office, the leading group and the auditor.
export const REPORT_READERS = OVERSIGHT;
/** notice.issue: issue, confirm or dismiss proposals, accept or send back a rectification. */
export const NOTICE_ISSUERS = ['admin', 'office', 'leading_group'] as const;
/** notice.reply: the department reports its rectification. */
export const NOTICE_REPLIERS = ['dept_head', 'catalog_editor', 'share_approver'] as const;
