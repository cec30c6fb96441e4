import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/seed.js';
import { seedWorkflow } from '../demo/workflow-seed.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { sessionFor } from './workflow.test-support.js';

let p: TestPlatform;
let seedMs = 0;
beforeAll(async () => {
  p = await startTestPlatform();
  await seedDemo(p.ctx); // not demo mode: organisations and catalog only
  expect(await p.ctx.db.selectFrom('applications').select('id').execute()).toEqual([]);
  const demo = { ...p.ctx, config: { ...p.ctx.config, demo: true } };
  const t = Date.now();
  await seedWorkflow(demo);
  seedMs = Date.now() - t;
  await seedWorkflow(demo); // a seeded database is left as it is
}, 180_000);
afterAll(async () => p?.close());

describe('demo workflow seed (govshare demo)', () => {
  it('fills every screen: applications in each state, objections, a dispute with the office, to-dos at every level', async () => {
    expect(seedMs).toBeLessThan(10_000); // usually well under a second; generous for a loaded CI machine
    const statuses = await p.ctx.db.selectFrom('applications').select(['status', 'overdue_at']).execute();
    expect(new Set(statuses.map((s) => s.status))).toEqual(new Set(['pending', 'refused', 'approved', 'active', 'withdrawn']));
    expect(statuses.filter((s) => s.overdue_at).length).toBe(1);
    const get = async (url: string, who: string) => p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: await sessionFor(p, who) });
    const todos = (await get('/todos', 'gat_approver')).json().items;
    expect(new Set(todos.map((t: { level: string }) => t.level))).toEqual(new Set(['normal', 'warning', 'overdue']));
    expect(todos.map((t: { type: string }) => t.type)).toEqual(expect.arrayContaining(['application.decide', 'objection.reply']));
    expect((await get('/todos', 'office')).json().items.map((t: { type: string }) => t.type)).toContain('dispute.coordinate');
    const mine = (await get('/applications?role=consumer', 'rst_user')).json();
    expect(mine.total).toBeGreaterThanOrEqual(3);
    const active = (await get('/applications?status=active&role=consumer', 'wjw_user')).json().items[0] ?? (await get('/applications?status=active&role=consumer', 'rst_user')).json().items[0];
    expect(active.grant.status).toBe('active');
    const approved = (await get('/applications?status=approved&role=provider', 'gat_approver')).json().items[0];
    const pdf = await get(`/applications/${approved.id}/agreement.pdf`, 'gat_approver');
    expect(pdf.statusCode).toBe(200);
    expect((await get('/objections?role=provider', 'gat_approver')).json().total).toBe(3);
    expect((await get('/disputes', 'office')).json().items[0]).toMatchObject({ status: 'office_coordination' });
    expect((await get('/inbox/unread-count', 'gat_approver')).json().count).toBeGreaterThan(0);
  });
});
