import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';
import { demoDepartmentId } from '../demo/seed.js';
import { configureWorkflow } from '../scheduler/runtime.js';
import { deliverDue } from './deliver.js';
import { SIGNATURE_HEADER, verifySignature } from './webhook.js';

let f: WorkflowFixture;
let server: http.Server;
let base: string;
const received: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string }> = [];
let failNext = 0;
const GLOBAL_SECRET = 'global-secret-0123456789';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/flaky' && failNext > 0) {
        failNext--;
        res.statusCode = 500;
      }
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  f = await startWorkflowPlatform();
  configureWorkflow(f.p.ctx, { config: { webhookUrl: `${base}/global`, webhookSecret: GLOBAL_SECRET } });
}, 180_000);
afterAll(async () => {
  await f?.p.close();
  server?.close();
});

const gat = demoDepartmentId('gat');

describe('notifications: inbox, webhooks signed with HMAC-SHA256, retries', () => {
  let deptSecret: string;

  it('lets the department set its webhook; the secret is shown once', async () => {
    expect((await f.post(`/notification-settings/${gat}`, 'rst_user', {})).statusCode).toBe(404); // PUT only
    const put = (who: string, body: object) => f.p.app.inject({ method: 'PUT', url: `/api/v1/notification-settings/${gat}`, headers: f.h[who], payload: body });
    expect((await put('rst_user', { email: null, webhookUrl: `${base}/gat` })).statusCode).toBe(403);
    expect((await put('gat_head', { email: null, webhookUrl: 'ftp://x' })).json().error.code).toBe('WEBHOOK_URL_INVALID');
    expect((await put('gat_head', { email: 'not-an-email', webhookUrl: null })).json().error.code).toBe('VALIDATION_FAILED');
    const ok = await put('gat_head', { email: 'gxzd@gat.sc.gov.cn', webhookUrl: `${base}/gat` });
    expect(ok.statusCode).toBe(200);
    deptSecret = ok.json().webhookSecret;
    expect(deptSecret).toMatch(/^whs_/);
    const again = (await f.get(`/notification-settings/${gat}`, 'gat_head')).json();
    expect(again).toEqual({ departmentId: gat, email: 'gxzd@gat.sc.gov.cn', webhookUrl: `${base}/gat`, webhookSecretSet: true });
    expect((await put('office', { email: 'gxzd@gat.sc.gov.cn', webhookUrl: `${base}/gat` })).json().webhookSecret).toBeUndefined(); // kept, not rotated
  });

  it('delivers each notice to the platform webhook and the department webhook, signed; the signature verifies', async () => {
    const { id } = (await f.post('/applications', 'rst_user', apply(f.codes.conditional))).json();
    const rows = await f.p.ctx.db.selectFrom('notification_deliveries').innerJoin('notifications', 'notifications.id', 'notification_deliveries.notification_id')
      .select(['channel', 'target']).where('notifications.subject_id', '=', id).execute();
    expect(rows.map((r) => `${r.channel}:${r.target}`).sort()).toEqual([`webhook:${gat}`, 'webhook:global']); // no e-mail: SMTP is not configured
    received.length = 0;
    expect(await deliverDue(f.p.ctx, configureWorkflow(f.p.ctx, {}))).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(received.map((r) => r.path).sort()).toEqual(['/gat', '/global']);
    for (const r of received) {
      const secret = r.path === '/gat' ? deptSecret : GLOBAL_SECRET;
      expect(r.headers[SIGNATURE_HEADER]).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifySignature(secret, r.body, r.headers[SIGNATURE_HEADER] as string)).toBe(true);
      expect(verifySignature(secret, r.body.replace('application', 'applicatiom'), r.headers[SIGNATURE_HEADER] as string)).toBe(false);
      expect(verifySignature('wrong-secret-xxxxxxxx', r.body, r.headers[SIGNATURE_HEADER] as string)).toBe(false);
      const payload = JSON.parse(r.body);
      expect(payload).toMatchObject({ kind: 'application.filed', subject: { type: 'application', id }, recipient: { departmentId: gat, role: 'share_approver' } });
      expect(r.headers['x-govshare-event']).toBe('application.filed');
    }
    expect(await deliverDue(f.p.ctx, configureWorkflow(f.p.ctx, {}))).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('retries a failing receiver with backoff', async () => {
    await f.p.app.inject({ method: 'PUT', url: `/api/v1/notification-settings/${gat}`, headers: f.h.gat_head, payload: { email: null, webhookUrl: `${base}/flaky` } });
    failNext = 1;
    await f.post('/applications', 'wjw_user', apply(f.codes.conditional2));
    const rt = configureWorkflow(f.p.ctx, {});
    const t0 = new Date();
    expect(await deliverDue(f.p.ctx, rt, t0)).toEqual({ sent: 1, retried: 1, failed: 0 });
    expect(await deliverDue(f.p.ctx, rt, new Date(t0.getTime() + 10_000))).toEqual({ sent: 0, retried: 0, failed: 0 }); // waiting out the backoff
    expect(await deliverDue(f.p.ctx, rt, new Date(t0.getTime() + 31_000))).toEqual({ sent: 1, retried: 0, failed: 0 });
    const flaky = received.filter((r) => r.path === '/flaky');
    expect(flaky).toHaveLength(2);
    expect(JSON.parse(flaky[1]!.body).attempt).toBe(2);
    expect(verifySignature(deptSecret, flaky[1]!.body, flaky[1]!.headers[SIGNATURE_HEADER] as string)).toBe(true);
  });

  it('keeps an inbox per user and per department role, with unread counts', async () => {
    const before = (await f.get('/inbox/unread-count', 'gat_approver')).json().count;
    expect(before).toBeGreaterThanOrEqual(2);
    const inbox = (await f.get('/inbox?unread=true', 'gat_approver')).json();
    expect(inbox.items[0]).toMatchObject({ kind: 'application.filed', read: false, subject: { type: 'application' } });
    expect((await f.post(`/inbox/${inbox.items[0].id}/read`, 'rst_user')).statusCode).toBe(404); // not theirs
    expect((await f.post(`/inbox/${inbox.items[0].id}/read`, 'gat_approver')).statusCode).toBe(204);
    expect((await f.get('/inbox/unread-count', 'gat_approver')).json().count).toBe(before - 1);
    // another user with the same role in the same department still has it unread
    expect((await f.get('/inbox', 'rst_user')).json().items.map((n: { kind: string }) => n.kind)).not.toContain('application.filed');
    expect((await f.post('/inbox/read-all', 'gat_approver')).json().marked).toBe(before - 1);
    expect((await f.get('/inbox/unread-count', 'gat_approver')).json().count).toBe(0);
    expect((await f.post('/inbox/not-a-uuid/read', 'gat_approver')).statusCode).toBe(400);
    expect((await f.get('/inbox?size=1000', 'gat_approver')).statusCode).toBe(400);
  });
});
