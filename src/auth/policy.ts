import { isWithin } from '../orgs/region-code.js';
import type { Actor } from './actor.js';
import type { Role } from './roles.js';

/**
 * Authorization as data (STYLE.md): for each permission, which roles hold it and over what scope.
 * - global: any object;
 * - region: objects of the actor's region and the regions below it (the office of 成都市 sees 武侯区);
 * - department: objects of the actor's own department;
 * - authenticated: anyone signed in (user or system), any object.
 * Anything not listed is denied (deny by default). The one function `can` decides every request: routes
 * call it without a target (does any role grant this at all?), services call it with the object's target.
 */
export type Scope = 'global' | 'region' | 'department' | 'authenticated';

const ADMIN_OFFICE: Partial<Record<Role, Scope>> = { admin: 'global', office: 'region' };
const OVERSIGHT: Partial<Record<Role, Scope>> = { ...ADMIN_OFFICE, leading_group: 'global', auditor: 'global' };
const ANYONE: Partial<Record<Role, Scope>> = { admin: 'authenticated' };

export const POLICY = {
  'session.self': ANYONE,
  // Any user's sessions and second factor (list, revoke, reset a lost TOTP device): src/auth/account.service.ts.
  'session.manage': { admin: 'global' },
  'region.read': ANYONE,
  'region.create': { admin: 'global', office: 'region' },
  'department.read': ANYONE,
  'department.create': ADMIN_OFFICE,
  'user.read': { ...OVERSIGHT, dept_head: 'department', security_officer: 'department' },
  'user.create': ADMIN_OFFICE,
  'user.unlock': { ...ADMIN_OFFICE, security_officer: 'department' },
  'credential.read': { ...ADMIN_OFFICE, dept_head: 'department', security_officer: 'department' },
  'credential.create': { ...ADMIN_OFFICE, dept_head: 'department', security_officer: 'department' },
  'credential.revoke': { ...ADMIN_OFFICE, dept_head: 'department', security_officer: 'department' },
  'audit.read': { ...OVERSIGHT, security_officer: 'department' },
  'audit.verify': { admin: 'global', auditor: 'global', leading_group: 'global', office: 'global' },
  // Trace (溯源, Art. 33; src/trace): auditors everywhere, an office in its region, a security officer for its own department.
  'trace.read': { auditor: 'global', office: 'region', security_officer: 'department' },
  'calendar.read': ANYONE,
  'calendar.write': { admin: 'global', office: 'global' },
  // Catalog (src/catalog/, SPEC C1). The published catalog is read by every signed-in caller; working versions
  // (drafts, submitted, rejected, approved) by the provider's catalog staff and the region's office.
  'catalog.read': ANYONE,
  'catalog.drafts.read': { ...OVERSIGHT, catalog_editor: 'department', catalog_reviewer: 'department', dept_head: 'department' },
  'catalog.edit': { catalog_editor: 'department' },
  'catalog.review': { catalog_reviewer: 'department', office: 'region' }, // office only when the setting allows it
  'catalog.publish': { catalog_editor: 'department', catalog_reviewer: 'department', office: 'region' },
  'catalog.retire': { catalog_reviewer: 'department', office: 'region' },
  'catalog.settings': { admin: 'global' },
  'catalog.orgchange.write': ADMIN_OFFICE,
  'catalog.deadline.read': { ...OVERSIGHT, catalog_editor: 'department', catalog_reviewer: 'department', dept_head: 'department' },
  'catalog.project.write': { ...ADMIN_OFFICE, catalog_editor: 'department' },
  'catalog.project.accept': ADMIN_OFFICE,
  'catalog.project.read': { ...OVERSIGHT, catalog_editor: 'department', catalog_reviewer: 'department', dept_head: 'department' },
  'catalog.duplicates.read': { ...OVERSIGHT, catalog_editor: 'global', catalog_reviewer: 'global', dept_head: 'global' },
  // Nodes and the exchange bus (src/exchange/, SPEC C2). Art. 14: a provider runs its own node.
  'node.read': { ...OVERSIGHT, security_officer: 'department', dept_head: 'department', catalog_editor: 'department' },
  'node.register': { ...ADMIN_OFFICE, security_officer: 'department' },
  'node.manage': { ...ADMIN_OFFICE, security_officer: 'department' },
  'grant.read': { ...OVERSIGHT, share_approver: 'department', data_user: 'department', security_officer: 'department', dept_head: 'department' },
  'grant.admin': { admin: 'global' },
  'grant.manage': { ...ADMIN_OFFICE, share_approver: 'department' },
  // Every signed-in user or system of a department may call the bus; the grant decides what it gets.
  'exchange.use': { data_user: 'department' },
  // Workflow of SPEC C4 (src/applications, src/objections, src/notifications, src/scheduler). Services check the object's
  // department again: a consumer's side or a provider's side; another department's object answers 404.
  'application.read': { ...OVERSIGHT, data_user: 'department', share_approver: 'department', dept_head: 'department', security_officer: 'department' },
  'application.file': { data_user: 'department' }, // Art. 23: the consumer applies
  'application.decide': { share_approver: 'department' }, // Art. 23: the provider accepts or refuses
  'application.sign': { data_user: 'department', share_approver: 'department', dept_head: 'department' }, // Art. 30
  'objection.read': { ...OVERSIGHT, data_user: 'department', share_approver: 'department', catalog_editor: 'department', dept_head: 'department' },
  'objection.file': { data_user: 'department' }, // Art. 24
  'objection.reply': { share_approver: 'department', catalog_editor: 'department' },
  'dispute.read': { ...OVERSIGHT, data_user: 'department', share_approver: 'department', catalog_editor: 'department', dept_head: 'department' },
  // Art. 25: the two departments negotiate, the office of their common region coordinates, the leading group rules.
  'dispute.participate': { data_user: 'department', share_approver: 'department', catalog_editor: 'department', dept_head: 'department' },
  'dispute.coordinate': { office: 'region' },
  'dispute.rule': { leading_group: 'global' },
  'dispute.act': { data_user: 'department', share_approver: 'department', catalog_editor: 'department', dept_head: 'department', office: 'region', leading_group: 'global' },
  'inbox.read': ANYONE,
  'todo.read': ANYONE,
  'deadline.read': { ...OVERSIGHT, dept_head: 'department' },
  'notify.settings': { ...ADMIN_OFFICE, dept_head: 'department', security_officer: 'department' },
  'scheduler.run': { admin: 'global' },
  // Federation (SPEC C8): the province office approves the city platforms of its region; oversight reads their state.
  'platform.read': OVERSIGHT,
  'platform.manage': ADMIN_OFFICE,
  // Monitoring during use (Art. 32, src/monitoring) and security incidents (Art. 31, src/incidents): the departments'
  // security officers and the office of the region; auditors and the leading group read.
  'alert.read': { ...OVERSIGHT, security_officer: 'department' },
  'alert.handle': { ...ADMIN_OFFICE, security_officer: 'department' },
  'incident.read': { ...OVERSIGHT, security_officer: 'department' },
  'incident.file': { security_officer: 'department' },
  'incident.update': { ...ADMIN_OFFICE, security_officer: 'department' },
  // Supervision (src/supervision, SPEC C7). Art. 34: the office and the leading group evaluate; a department sees
  // its own result. Art. 39: the office issues rectification notices, the department answers (Art. 38: its head).
  'evaluation.read': { ...OVERSIGHT, dept_head: 'department', catalog_editor: 'department', catalog_reviewer: 'department', share_approver: 'department', security_officer: 'department' },
  // Art. 34 annual report (src/reports): the office of the region (and below), the leading group, the auditor.
  'report.read': OVERSIGHT,
  'notice.read': { ...OVERSIGHT, dept_head: 'department', catalog_editor: 'department', catalog_reviewer: 'department', share_approver: 'department', security_officer: 'department' },
  'notice.issue': { ...ADMIN_OFFICE, leading_group: 'global' },
  'notice.reply': { dept_head: 'department', catalog_editor: 'department', share_approver: 'department' },
  // Art. 35 project gate (src/supervision/projects.*): oversight everywhere, the office in its region, a head its own.
  'supervision.project.read': { ...OVERSIGHT, dept_head: 'department' },
  'notice.circular.read': ANYONE, // written circulars are public within the region (the service filters by region)
} satisfies Record<string, Partial<Record<Role, Scope>>>;

export type Permission = keyof typeof POLICY;

export interface Target {
  departmentId?: string | null | undefined;
  regionCode?: string | null | undefined;
}

function scopeAllows(scope: Scope, actor: Actor, target: Target | undefined): boolean {
  if (scope === 'global' || scope === 'authenticated') return true;
  if (!target) return true; // route-level check: the role grants the permission somewhere
  if (scope === 'department') return !!actor.departmentId && target.departmentId === actor.departmentId;
  // region scope: the target's region must lie within the actor's region
  return !!actor.regionCode && !!target.regionCode && isWithin(target.regionCode, actor.regionCode);
}

export function can(actor: Actor, permission: Permission, target?: Target): boolean {
  if (actor.kind === 'public') return false;
  const grants: Partial<Record<Role, Scope>> = POLICY[permission];
  if (grants.admin === 'authenticated') return true; // ANYONE marker: every signed-in caller
  return actor.roles.some((role) => {
    const scope = grants[role];
    return scope !== undefined && scopeAllows(scope, actor, target);
  });
}

/** The list form of `can`: which objects of a permission the actor may see, as a filter for the store. */
export type Visibility = { kind: 'all' } | { kind: 'region'; regionCode: string } | { kind: 'department'; departmentId: string } | { kind: 'none' };

export function visibility(actor: Actor, permission: Permission): Visibility {
  if (actor.kind === 'public') return { kind: 'none' };
  const grants: Partial<Record<Role, Scope>> = POLICY[permission];
  const scopes = actor.roles.map((r) => grants[r]).filter((s): s is Scope => s !== undefined);
  if (grants.admin === 'authenticated' || scopes.includes('global') || scopes.includes('authenticated')) return { kind: 'all' };
  if (scopes.includes('region') && actor.regionCode) return { kind: 'region', regionCode: actor.regionCode };
  if (scopes.includes('department') && actor.departmentId) return { kind: 'department', departmentId: actor.departmentId };
  return { kind: 'none' };
}
