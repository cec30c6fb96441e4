import { describe, expect, it } from 'vitest';
import { isGroup, menuFor, pathsFor, selectedKeyFor } from './menu';

const keys = (roles: string[]) => menuFor(roles).map((e) => e.key);

describe('menuFor', () => {
  it('gives every signed-in user the home page and nothing else by default', () => {
    expect(keys([])).toEqual(['home']);
    expect(keys(['data_user', 'catalog_editor', 'dept_head'])).toEqual(['home']);
  });

  it('gives admin and office the organisation pages and the audit log', () => {
    for (const role of ['admin', 'office']) {
      const menu = menuFor([role]);
      expect(menu.map((e) => e.key)).toEqual(['home', 'orgs', 'audit']);
      const orgs = menu.find((e) => e.key === 'orgs');
      expect(orgs && isGroup(orgs) ? orgs.children.map((c) => c.path) : []).toEqual([
        '/orgs/regions',
        '/orgs/departments',
        '/orgs/users',
        '/orgs/credentials',
      ]);
    }
  });

  it('lets oversight roles and the security officer read the audit log but not administer organisations', () => {
    for (const role of ['auditor', 'leading_group', 'security_officer']) expect(keys([role])).toEqual(['home', 'audit']);
  });

  it('does not repeat entries for users holding several roles', () => {
    expect(keys(['admin', 'office', 'auditor'])).toEqual(['home', 'orgs', 'audit']);
  });

  it('uses i18n keys for labels', () => {
    for (const e of menuFor(['admin'])) expect(e.label).toMatch(/^menu\./);
  });
});

describe('pathsFor and selectedKeyFor', () => {
  it('lists the reachable paths', () => {
    expect(pathsFor(['data_user'])).toEqual(['/']);
    expect(pathsFor(['office'])).toContain('/orgs/credentials');
  });

  it('highlights the leaf a location belongs to', () => {
    expect(selectedKeyFor('/', ['admin'])).toBe('home');
    expect(selectedKeyFor('/orgs/users', ['admin'])).toBe('orgs/users');
    expect(selectedKeyFor('/audit', ['data_user'])).toBeUndefined();
  });
});
