import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';
import { demoDepartmentId } from '../demo/seed.js';
import { configureWorkflow, workflow } from '../scheduler/runtime.js';
import { deliverDue } from './deliver.js';

// E-mail notices through a real SMTP server (smtp-server, in process, with a login): the platform reads the server,
// the user and the password from its config (GOVSHARE_SMTP_*), and the mail arrives with the Chinese subject and body.
const USER = 'govshare-notify';
const PASSWORD = randomBytes(12).toString('base64url'); // a fresh secret per run, handed over only through the config
const received: Array<{ from: string; to: string[]; mail: ParsedMail }> = [];
const logins: Array<{ user: string; ok: boolean }> = [];
let smtp: SMTPServer;
let f: WorkflowFixture;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'], // plain text on loopback; production uses smtps:// or STARTTLS
    allowInsecureAuth: true,
    authOptional: false,
    onAuth(auth, _session, cb) {
      const ok = auth.username === USER && auth.password === PASSWORD;
      logins.push({ user: auth.username ?? '', ok });
      if (ok) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), mail });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  f = await startWorkflowPlatform({
    GOVSHARE_SMTP_URL: `smtp://127.0.0.1:${port}`, GOVSHARE_SMTP_USER: USER, GOVSHARE_SMTP_PASSWORD: PASSWORD, GOVSHARE_SMTP_FROM: 'gxpt@sc.gov.cn',
  });
}, 180_000);
afterAll(async () => {
  await f?.p.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
});

const gat = demoDepartmentId('gat');

describe('e-mail notices through SMTP', () => {
  it('takes the SMTP settings from the one config object', () => {
    expect(f.p.ctx.config.workflow).toMatchObject({ smtpUser: USER, smtpPassword: PASSWORD, smtpFrom: 'gxpt@sc.gov.cn' });
    expect(workflow(f.p.ctx).config.smtpPassword).toBe(PASSWORD);
  });

  it("mails the provider's address when an application is filed: subject, recipient and Chinese body", async () => {
    const put = await f.p.app.inject({ method: 'PUT', url: `/api/v1/notification-settings/${gat}`, headers: f.h.gat_head, payload: { email: 'gxzd@gat.sc.gov.cn', webhookUrl: null } });
    expect(put.statusCode).toBe(200);
    const { id } = (await f.post('/applications', 'rst_user', apply(f.codes.conditional))).json();
    const queued = await f.p.ctx.db.selectFrom('notification_deliveries').innerJoin('notifications', 'notifications.id', 'notification_deliveries.notification_id')
      .select(['channel', 'address']).where('notifications.subject_id', '=', id).execute();
    expect(queued).toEqual([{ channel: 'email', address: 'gxzd@gat.sc.gov.cn' }]);

    expect(await deliverDue(f.p.ctx, workflow(f.p.ctx))).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const [{ from, to, mail }] = received as [(typeof received)[number]];
    expect(logins).toEqual([{ user: USER, ok: true }]);
    expect(from).toBe('gxpt@sc.gov.cn');
    expect(to).toEqual(['gxzd@gat.sc.gov.cn']);
    expect(mail.subject).toBe('[政务信息资源共享平台] 新的共享申请待受理：机动车驾驶人信息（测试）');
    expect(mail.text).toMatch(/^使用部门提出共享申请，请在 \d{4}-\d{2}-\d{2} 前受理（第二十三条：10 个工作日内）。/);
    expect(mail.headers.get('content-type')).toMatchObject({ params: { charset: 'utf-8' } });
    expect(await deliverDue(f.p.ctx, workflow(f.p.ctx))).toEqual({ sent: 0, retried: 0, failed: 0 }); // sent once
  });

  it('does not deliver with a wrong password: the server refuses the login and the mail is retried later', async () => {
    const rt = configureWorkflow(f.p.ctx, { config: { smtpPassword: `${PASSWORD}-wrong` } });
    await f.post('/applications', 'wjw_user', apply(f.codes.conditional2));
    expect(await deliverDue(f.p.ctx, rt)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(logins.at(-1)).toEqual({ user: USER, ok: false });
    expect(received).toHaveLength(1);
    const row = await f.p.ctx.db.selectFrom('notification_deliveries').select(['last_error']).where('channel', '=', 'email').where('status', '=', 'pending').executeTakeFirstOrThrow();
    expect(row.last_error).toMatch(/535|Invalid/);
  });
});
