/**
 * Navigation by role, kept free of React so it can be unit-tested and used by the route guard.
 * The server checks every request again; this only decides what the user is offered.
 *
 * Order of the top-level sections as the platform grows (add an entry only when its page exists):
 *   首页 · 资源目录 (catalog) · 共享申请 (applications) · 数据交换 (exchange) · 监督评估 (supervision)
 *   · 组织机构管理 (orgs) · 审计日志 (audit)
 */
import {
  APPLICATION_READERS,
  AUDIT_READERS,
  CATALOG_EDITORS,
  CATALOG_STAFF,
  DEADLINE_READERS,
  EVALUATION_READERS,
  EXCHANGE_USERS,
  GRANT_READERS,
  NODE_MANAGERS,
  OBJECTION_READERS,
  PROJECT_GATE_READERS,
  REPORT_READERS,
  ORG_ADMINS,
  SECURITY_READERS,
  hasAnyRole,
} from '../auth/permissions';
import { ROLES } from '../auth/roles';

export type MenuIcon =
  | 'home'
  | 'catalog'
  | 'exchange'
  | 'orgs'
  | 'regions'
  | 'departments'
  | 'users'
  | 'credentials'
  | 'audit'
  | 'search'
  | 'mine'
  | 'import'
  | 'usable'
  | 'query'
  | 'compare'
  | 'export'
  | 'nodes'
  | 'applications'
  | 'objections'
  | 'disputes'
  | 'grants'
  | 'overdue'
  | 'security'
  | 'alerts'
  | 'incidents'
  | 'supervision'
  | 'dashboard'
  | 'evaluation'
  | 'notices'
  | 'platforms';

export interface MenuLeaf {
  key: string;
  path: string;
  /** i18n key of the label. */
  label: string;
  icon: MenuIcon;
}

export interface MenuGroup {
  key: string;
  label: string;
  icon: MenuIcon;
  children: MenuLeaf[];
}

export type MenuEntry = MenuLeaf | MenuGroup;

export function menuFor(roles: readonly string[]): MenuEntry[] {
  const entries: MenuEntry[] = [{ key: 'home', path: '/', label: 'menu.home', icon: 'home' }];

  // The published catalog is read by everyone signed in (catalog.read); the department's own entries by its catalog staff.
  const catalog: MenuLeaf[] = [{ key: 'catalog/search', path: '/catalog', label: 'menu.catalogSearch', icon: 'search' }];
  if (hasAnyRole(roles, CATALOG_STAFF)) {
    catalog.push({ key: 'catalog/mine', path: '/catalog/mine', label: 'menu.catalogMine', icon: 'mine' });
  }
  if (hasAnyRole(roles, CATALOG_EDITORS)) {
    catalog.push({ key: 'catalog/import', path: '/catalog/import', label: 'menu.catalogImport', icon: 'import' });
  }
  entries.push({ key: 'catalog', label: 'menu.catalog', icon: 'catalog', children: catalog });

  // Sharing workflow (Art. 23–25): applications and the agreement, objections to data, disputes about either.
  const sharing: MenuLeaf[] = [];
  if (hasAnyRole(roles, APPLICATION_READERS)) {
    sharing.push({ key: 'applications/list', path: '/applications', label: 'menu.applicationsList', icon: 'applications' });
  }
  if (hasAnyRole(roles, OBJECTION_READERS)) {
    sharing.push(
      { key: 'objections', path: '/objections', label: 'menu.objections', icon: 'objections' },
      { key: 'disputes', path: '/disputes', label: 'menu.disputes', icon: 'disputes' },
    );
  }
  if (hasAnyRole(roles, GRANT_READERS)) sharing.push({ key: 'grants', path: '/grants', label: 'menu.grants', icon: 'grants' });
  if (hasAnyRole(roles, DEADLINE_READERS)) sharing.push({ key: 'overdue', path: '/overdue', label: 'menu.overdue', icon: 'overdue' });
  if (sharing.length > 0) entries.push({ key: 'applications', label: 'menu.applications', icon: 'applications', children: sharing });

  // Data users use data through the bus; the office and security officers watch the nodes that serve it.
  const exchange: MenuLeaf[] = [];
  if (hasAnyRole(roles, EXCHANGE_USERS)) {
    exchange.push(
      { key: 'exchange/usable', path: '/exchange/usable', label: 'menu.exchangeUsable', icon: 'usable' },
      { key: 'exchange/query', path: '/exchange/query', label: 'menu.exchangeQuery', icon: 'query' },
      { key: 'exchange/compare', path: '/exchange/compare', label: 'menu.exchangeCompare', icon: 'compare' },
      { key: 'exchange/export', path: '/exchange/export', label: 'menu.exchangeExport', icon: 'export' },
    );
  }
  if (hasAnyRole(roles, NODE_MANAGERS)) {
    exchange.push({ key: 'exchange/nodes', path: '/exchange/nodes', label: 'menu.exchangeNodes', icon: 'nodes' });
  }
  if (exchange.length > 0) entries.push({ key: 'exchange', label: 'menu.exchange', icon: 'exchange', children: exchange });

  // Supervision (Art. 34, 39): the office's dashboard and the region's evaluation; a department's own result and notices.
  if (hasAnyRole(roles, EVALUATION_READERS)) {
    entries.push({
      key: 'supervision',
      label: 'menu.supervision',
      icon: 'supervision',
      children: [
        { key: 'supervision/dashboard', path: '/supervision', label: 'menu.supervisionDashboard', icon: 'dashboard' },
        { key: 'supervision/evaluation', path: '/supervision/evaluation', label: 'menu.supervisionEvaluation', icon: 'evaluation' },
        { key: 'supervision/notices', path: '/supervision/notices', label: 'menu.supervisionNotices', icon: 'notices' },
        // Art. 35: IT projects held at approval or acceptance for want of a catalog.
        ...(hasAnyRole(roles, PROJECT_GATE_READERS) ? [{ key: 'supervision/projects', path: '/supervision/projects', label: 'menu.supervisionProjects', icon: 'catalog' as const }] : []),
        // Art. 34 annual report (xlsx and PDF) of the region.
        ...(hasAnyRole(roles, REPORT_READERS) ? [{ key: 'supervision/report', path: '/supervision/report', label: 'menu.supervisionReport', icon: 'export' as const }] : []),
      ],
    });
  }

  // Management office work: the region's departments, users and system credentials (SPEC §1).
  if (hasAnyRole(roles, ORG_ADMINS)) {
    entries.push({
      key: 'orgs',
      label: 'menu.orgs',
      icon: 'orgs',
      children: [
        { key: 'orgs/regions', path: '/orgs/regions', label: 'menu.regions', icon: 'regions' },
        { key: 'orgs/departments', path: '/orgs/departments', label: 'menu.departments', icon: 'departments' },
        { key: 'orgs/users', path: '/orgs/users', label: 'menu.users', icon: 'users' },
        { key: 'orgs/credentials', path: '/orgs/credentials', label: 'menu.credentials', icon: 'credentials' },
        { key: 'orgs/platforms', path: '/orgs/platforms', label: 'menu.platforms', icon: 'platforms' },
      ],
    });
  }

  // Art. 31, 32: alerts raised by the monitoring rules, and security incidents reported to the authority.
  if (hasAnyRole(roles, SECURITY_READERS)) {
    entries.push({
      key: 'security',
      label: 'menu.security',
      icon: 'security',
      children: [
        { key: 'security/alerts', path: '/security/alerts', label: 'menu.securityAlerts', icon: 'alerts' },
        { key: 'security/incidents', path: '/security/incidents', label: 'menu.securityIncidents', icon: 'incidents' },
      ],
    });
  }

  if (hasAnyRole(roles, AUDIT_READERS)) {
    entries.push({ key: 'audit', path: '/audit', label: 'menu.audit', icon: 'audit' });
  }

  return entries;
}

export function isGroup(entry: MenuEntry): entry is MenuGroup {
  return 'children' in entry;
}

function leavesOf(entries: MenuEntry[]): MenuLeaf[] {
  return entries.flatMap((e) => (isGroup(e) ? e.children : [e]));
}

/** Every page path the roles may open. */
export function pathsFor(roles: readonly string[]): string[] {
  return leavesOf(menuFor(roles)).map((l) => l.path);
}

/** The leaf whose path is the longest prefix of `pathname` (`/catalog/mine/x/edit` → 我的目录, not 目录检索). */
function owningLeaf(pathname: string, leaves: MenuLeaf[]): MenuLeaf | undefined {
  return leaves
    .filter((l) => pathname === l.path || (l.path !== '/' && pathname.startsWith(`${l.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** The menu leaf a location belongs to, for highlighting it (`/orgs/users?x` → `orgs/users`). */
export function selectedKeyFor(pathname: string, roles: readonly string[]): string | undefined {
  return owningLeaf(pathname, leavesOf(menuFor(roles)))?.key;
}

/**
 * Whether the roles may open a location: the page it belongs to (among every role's pages) must be one of theirs,
 * so `/catalog/mine/…` needs 我的目录 even though 目录检索 (`/catalog`) is a prefix of it. A group path without
 * a page of its own (`/orgs`) is open when one of its pages is.
 */
export function mayOpen(pathname: string, roles: readonly string[]): boolean {
  const here = pathname.replace(/\/+$/, '') || '/';
  const mine = pathsFor(roles);
  const owner = owningLeaf(here, leavesOf(menuFor(ROLES)));
  if (owner) return mine.includes(owner.path);
  return mine.some((p) => p !== '/' && p.startsWith(`${here}/`));
}
