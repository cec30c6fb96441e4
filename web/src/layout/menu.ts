/**
 * Navigation by role, kept free of React so it can be unit-tested and used by the route guard.
 * The server checks every request again; this only decides what the user is offered.
 *
 * Order of the top-level sections as the platform grows (add an entry only when its page exists):
 *   首页 · 资源目录 (catalog) · 共享申请 (applications) · 数据交换 (exchange) · 监督评估 (supervision)
 *   · 组织机构管理 (orgs) · 审计日志 (audit)
 */
import { AUDIT_READERS, ORG_ADMINS, hasAnyRole } from '../auth/permissions';

export type MenuIcon = 'home' | 'orgs' | 'regions' | 'departments' | 'users' | 'credentials' | 'audit';

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

/** Every page path the roles may open. */
export function pathsFor(roles: readonly string[]): string[] {
  return menuFor(roles).flatMap((e) => (isGroup(e) ? e.children.map((c) => c.path) : [e.path]));
}

/** The menu leaf a location belongs to, for highlighting it (`/orgs/users?x` → `orgs/users`). */
export function selectedKeyFor(pathname: string, roles: readonly string[]): string | undefined {
  const leaves = menuFor(roles).flatMap((e) => (isGroup(e) ? e.children : [e]));
  const match = leaves
    .filter((l) => pathname === l.path || (l.path !== '/' && pathname.startsWith(`${l.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.key;
}
