import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor.js';
import { addDays, todayInShanghai } from '../calendar/dates.js';
import type { AppContext } from '../http/context.js';
import { workflow } from '../scheduler/runtime.js';
import { issueNotice } from '../supervision/notices.service.js';
import { demoDepartmentId } from './ids.js';

/**
 * Demo supervision data (issue 8): Art. 10 deadlines (one met by 省公安厅, one overdue at 省市场监管局) and a
 * rectification notice the office has issued, so the dashboard, the evaluation and the notices have something to
 * show in `npm start`. The scheduler's daily detection then proposes notices from the demo workflow's overdue items.
 */
export async function seedSupervision(ctx: AppContext): Promise<void> {
  if (!ctx.config.demo) return;
  if (await ctx.db.selectFrom('supervision_notices').select('id').limit(1).executeTakeFirst()) return;
  const today = todayInShanghai(workflow(ctx).now());
  const cal = await ctx.calendar.get();
  const gat = demoDepartmentId('gat');
  const scjgj = demoDepartmentId('scjgj');
  const met = addDays(today, -60);
  const late = addDays(today, -40);
  const metDue = cal.addWorkdays(met, 15).date;
  await ctx.db.insertInto('catalog_org_changes').values([
    { id: randomUUID(), department_id: gat, kind: 'legal_duty', description: '新增出入境证件信息共享职责', effective_on: met, due_on: metDue, provisional: false, created_by: null, closed_at: new Date(`${addDays(metDue, -3)}T10:00:00+08:00`), closed_by_code: null, closed_by_version: null },
    { id: randomUUID(), department_id: scjgj, kind: 'reorganisation', description: '内设机构调整（信用监管处职责划入）', effective_on: late, due_on: cal.addWorkdays(late, 15).date, provisional: false, created_by: null, closed_at: null, closed_by_code: null, closed_by_version: null },
  ]).execute();
  const office = await ctx.db.selectFrom('users').select(['id', 'department_id']).where('username', '=', 'office').executeTakeFirst();
  if (!office) return;
  const actor: Actor = { kind: 'user', id: office.id, name: 'office', roles: ['office'], departmentId: office.department_id, regionCode: '510000', sessionId: null };
  await issueNotice(ctx, actor, { departmentId: scjgj, ground: 3, facts: '内设机构调整后未在 15 个工作日内更新资源目录（第十条）。', deadlineWorkdays: 10 }, 'demo-seed');
}
