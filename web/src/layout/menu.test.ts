import { describe, expect, it } from 'vitest';
import { isGroup, mayOpen, menuFor, pathsFor, selectedKeyFor } from './menu';

const keys = (roles: string[]) => menuFor(roles).map((e) => e.key);
const childPaths = (roles: string[], group: string) => {
  const g = menuFor(roles).find((e) => e.key === group);
  return g && isGroup(g) ? g.children.map((c) => c.path) : [];
};

describe('menuFor', () => {
  it('gives every signed-in user the home page and the published catalog', () => {
    expect(keys([])).toEqual(['home', 'catalog']);
    expect(childPaths([], 'catalog')).toEqual(['/catalog']);
    expect(keys(['dept_head', 'share_approver'])).toEqual(['home', 'catalog', 'applications', 'supervision']);
  });

  it('gives admin and office the organisation pages, the nodes and the audit log', () => {
    for (const role of ['admin', 'office']) {
      const menu = menuFor([role]);
      expect(menu.map((e) => e.key)).toEqual(['home', 'catalog', 'applications', 'exchange', 'supervision', 'orgs', 'security', 'audit']);
      expect(childPaths([role], 'orgs')).toEqual(['/orgs/regions', '/orgs/departments', '/orgs/users', '/orgs/credentials', '/orgs/platforms']);
      expect(childPaths([role], 'exchange')).toEqual(['/exchange/nodes']);
    }
  });

  it("gives catalog staff their department's catalog; only the editor imports", () => {
    expect(childPaths(['catalog_editor'], 'catalog')).toEqual(['/catalog', '/catalog/mine', '/catalog/import']);
    expect(childPaths(['catalog_reviewer'], 'catalog')).toEqual(['/catalog', '/catalog/mine']);
    expect(keys(['catalog_editor'])).toEqual(['home', 'catalog', 'applications', 'supervision']);
    expect(keys(['catalog_reviewer'])).toEqual(['home', 'catalog', 'supervision']);
  });

  it('gives data users the exchange consoles but not the nodes', () => {
    expect(keys(['data_user'])).toEqual(['home', 'catalog', 'applications', 'exchange']);
    expect(childPaths(['data_user'], 'exchange')).toEqual([
      '/exchange/usable',
      '/exchange/query',
      '/exchange/compare',
      '/exchange/export',
    ]);
  });

  it('lets oversight roles and the security officer read the audit log but not administer organisations', () => {
    for (const role of ['auditor', 'leading_group']) expect(keys([role])).toEqual(['home', 'catalog', 'applications', 'supervision', 'security', 'audit']);
    expect(keys(['security_officer'])).toEqual(['home', 'catalog', 'exchange', 'supervision', 'security', 'audit']);
    expect(childPaths(['security_officer'], 'exchange')).toEqual(['/exchange/nodes']);
  });

  it('gives security alerts and incidents to security officers and oversight only (Art. 31, 32)', () => {
    for (const role of ['security_officer', 'office', 'admin', 'auditor']) expect(childPaths([role], 'security')).toEqual(['/security/alerts', '/security/incidents']);
    for (const role of ['data_user', 'catalog_editor', 'share_approver', 'dept_head']) expect(keys([role])).not.toContain('security');
  });

  it('gives supervision to oversight and to department staff for their own department, not to data users (Art. 34, 39)', () => {
    expect(childPaths(['office'], 'supervision')).toEqual(['/supervision', '/supervision/evaluation', '/supervision/notices', '/supervision/projects', '/supervision/report']);
    expect(childPaths(['dept_head'], 'supervision')).not.toContain('/supervision/report'); // the annual report is the office's (Art. 34)
    // Art. 35 project gate and Art. 37: oversight (the auditor too) and a department head, not the department's staff
    for (const role of ['auditor', 'leading_group', 'dept_head']) expect(childPaths([role], 'supervision')).toContain('/supervision/projects');
    expect(childPaths(['catalog_editor'], 'supervision')).not.toContain('/supervision/projects');
    expect(mayOpen('/supervision/projects', ['auditor'])).toBe(true);
    expect(mayOpen('/supervision/projects', ['share_approver'])).toBe(false);
    expect(keys(['data_user'])).not.toContain('supervision');
  });

  it('does not repeat entries for users holding several roles', () => {
    expect(keys(['admin', 'office', 'auditor'])).toEqual(['home', 'catalog', 'applications', 'exchange', 'supervision', 'orgs', 'security', 'audit']);
    expect(childPaths(['catalog_editor', 'catalog_reviewer'], 'catalog')).toEqual(['/catalog', '/catalog/mine', '/catalog/import']);
  });

  it('gives the sharing workflow to the parties and to oversight (Art. 23–25)', () => {
    expect(childPaths(['data_user'], 'applications')).toEqual(['/applications', '/objections', '/disputes', '/grants']);
    expect(childPaths(['share_approver'], 'applications')).toEqual(['/applications', '/objections', '/disputes', '/grants']);
    expect(childPaths(['dept_head'], 'applications')).toEqual(['/applications', '/objections', '/disputes', '/grants', '/overdue']);
    // Catalog editors reply to objections but do not decide applications.
    expect(childPaths(['catalog_editor'], 'applications')).toEqual(['/objections', '/disputes']);
    expect(childPaths(['security_officer'], 'applications')).toEqual([]);
    for (const role of ['office', 'leading_group', 'auditor', 'admin']) {
      expect(childPaths([role], 'applications')).toEqual(['/applications', '/objections', '/disputes', '/grants', '/overdue']);
    }
  });

  it('uses i18n keys for labels', () => {
    for (const e of menuFor(['admin', 'catalog_editor', 'data_user'])) {
      expect(e.label).toMatch(/^menu\./);
      if (isGroup(e)) for (const c of e.children) expect(c.label).toMatch(/^menu\./);
    }
  });
});

describe('pathsFor, selectedKeyFor and mayOpen', () => {
  it('lists the reachable paths', () => {
    expect(pathsFor(['data_user'])).toContain('/exchange/query');
    expect(pathsFor(['office'])).toContain('/orgs/credentials');
  });

  it('highlights the leaf a location belongs to, the longest match winning', () => {
    expect(selectedKeyFor('/', ['admin'])).toBe('home');
    expect(selectedKeyFor('/orgs/users', ['admin'])).toBe('orgs/users');
    expect(selectedKeyFor('/audit', ['data_user'])).toBeUndefined();
    expect(selectedKeyFor('/catalog/resources/101001/000001', ['data_user'])).toBe('catalog/search');
    expect(selectedKeyFor('/catalog/mine/abc/edit', ['catalog_editor'])).toBe('catalog/mine');
  });

  it('opens a page only to the roles whose menu has it, details included', () => {
    expect(mayOpen('/catalog/resources/101001/000001', ['data_user'])).toBe(true);
    // 目录检索 (/catalog) is a prefix of 我的目录, which a data user does not have.
    expect(mayOpen('/catalog/mine', ['data_user'])).toBe(false);
    expect(mayOpen('/catalog/mine/abc/review', ['data_user'])).toBe(false);
    expect(mayOpen('/catalog/mine/abc/review', ['catalog_reviewer'])).toBe(true);
    expect(mayOpen('/catalog/import', ['catalog_reviewer'])).toBe(false);
    expect(mayOpen('/exchange/query', ['catalog_editor'])).toBe(false);
    expect(mayOpen('/exchange/nodes/', ['office'])).toBe(true);
    // A group path without its own page is open when one of its pages is.
    expect(mayOpen('/orgs', ['office'])).toBe(true);
    expect(mayOpen('/orgs', ['data_user'])).toBe(false);
    // Workflow detail pages belong to their list.
    expect(mayOpen('/applications/abc', ['share_approver'])).toBe(true);
    expect(mayOpen('/applications/abc', ['catalog_editor'])).toBe(false);
    expect(mayOpen('/objections/abc', ['catalog_editor'])).toBe(true);
    expect(mayOpen('/disputes/abc', ['security_officer'])).toBe(false);
    expect(selectedKeyFor('/applications/abc', ['data_user'])).toBe('applications/list');
  });
});
