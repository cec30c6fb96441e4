import { randomUUID } from 'node:crypto';
import { demoDepartmentId } from './ids.js';
import type { Role } from '../auth/roles.js';
import { hashPassword } from '../auth/password.js';
import type { AppContext } from '../http/context.js';
import { seedCatalog } from './catalog-seed.js';
import { seedWorkflow } from './workflow-seed.js';
import { seedSupervision } from './supervision-seed.js';
import { ALL_DEPARTMENTS } from './departments.js';
import { SICHUAN_REGIONS } from './sichuan.js';

/** One password for every demo account. It exists only in demo mode (`govshare demo` / `npm start`). */
export const DEMO_PASSWORD = 'Govshare@2026';
export const DEMO_ADMIN_PASSWORD = 'Admin@Govshare2026';

/** One demo user per role (DESIGN.md role names), with the department whose work they show. */
export const DEMO_USERS: Array<{ username: string; role: Role; dept: string | null; displayName: string }> = [
  { username: 'leader', role: 'leading_group', dept: 'bgt', displayName: '领导小组成员' },
  { username: 'office', role: 'office', dept: 'bgt', displayName: '省政府办公厅 管理员' },
  { username: 'cd_office', role: 'office', dept: 'cd-bgt', displayName: '成都市管理机构 管理员' },
  { username: 'auditor', role: 'auditor', dept: 'sjt', displayName: '省审计厅 审计员' },
  { username: 'gat_editor', role: 'catalog_editor', dept: 'gat', displayName: '省公安厅 编目员' },
  { username: 'gat_reviewer', role: 'catalog_reviewer', dept: 'gat', displayName: '省公安厅 审核员' },
  { username: 'gat_approver', role: 'share_approver', dept: 'gat', displayName: '省公安厅 共享审批员' },
  { username: 'gat_security', role: 'security_officer', dept: 'gat', displayName: '省公安厅 安全管理员' },
  { username: 'gat_head', role: 'dept_head', dept: 'gat', displayName: '省公安厅 第一责任人' },
  { username: 'scjgj_editor', role: 'catalog_editor', dept: 'scjgj', displayName: '省市场监管局 编目员' },
  { username: 'scjgj_reviewer', role: 'catalog_reviewer', dept: 'scjgj', displayName: '省市场监管局 审核员' },
  { username: 'rst_user', role: 'data_user', dept: 'rst', displayName: '省人社厅 数据使用者' },
  { username: 'wjw_user', role: 'data_user', dept: 'wjw', displayName: '省卫生健康委 数据使用者' },
];

export { demoDepartmentId } from './ids.js';

export interface DemoAccount { username: string; password: string; role: string; department: string }

/** Seeds Sichuan's regions, departments and demo users on an empty database; a seeded one is left as it is. */
export async function seedDemo(ctx: AppContext): Promise<DemoAccount[]> {
  const names = new Map(ALL_DEPARTMENTS.map((d) => [d.slug, d.shortName]));
  const accounts: DemoAccount[] = [
    { username: 'admin', password: ctx.config.adminPassword ?? '(see GOVSHARE_ADMIN_PASSWORD)', role: 'admin', department: '' },
    ...DEMO_USERS.map((u) => ({ username: u.username, password: DEMO_PASSWORD, role: u.role, department: u.dept ? names.get(u.dept) ?? '' : '' })),
  ];
  const seeded = await ctx.db.selectFrom('regions').select('code').where('code', '=', '510000').executeTakeFirst();
  if (seeded) return accounts;
  const passwordHash = await hashPassword(DEMO_PASSWORD, ctx.config.scryptCost);
  await ctx.tx(async (tx) => {
    // Parents before children: the list is ordered province → cities → counties.
    const regions = [...SICHUAN_REGIONS].sort((a, b) => ['province', 'city', 'county'].indexOf(a.level) - ['province', 'city', 'county'].indexOf(b.level));
    await tx.insertInto('regions').values(regions.map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode ?? null }))).execute();
    await tx.insertInto('departments').values(ALL_DEPARTMENTS.map((d) => ({ id: demoDepartmentId(d.slug), code: d.code, name: d.name, region_code: d.regionCode, parent_id: null }))).execute();
    const users = DEMO_USERS.map((u) => ({ ...u, id: randomUUID() }));
    await tx.insertInto('users').values(users.map((u) => ({ id: u.id, username: u.username, password_hash: passwordHash, department_id: u.dept ? demoDepartmentId(u.dept) : null, display_name: u.displayName, locked_until: null }))).execute();
    await tx.insertInto('user_roles').values(users.map((u) => ({ user_id: u.id, role: u.role }))).execute();
    await seedCatalog(tx, demoDepartmentId, ctx.config.network);
    await ctx.audit.inTx(tx, { action: 'demo.seed', actor: { id: null, name: 'system', departmentId: null }, detail: { regions: regions.length, departments: ALL_DEPARTMENTS.length, users: users.length } });
  });
  await seedWorkflow(ctx); // demo applications, objections and a dispute (govshare demo only), after the catalog
  await seedSupervision(ctx); // Art. 10 deadlines and a rectification notice for the supervision screens (demo only)
  return accounts;
}
