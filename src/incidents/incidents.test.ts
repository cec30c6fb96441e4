import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCompact, verifyParsed } from '../crypto/jws.js';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { verifySignature } from '../notifications/webhook.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { workflow } from '../scheduler/runtime.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { checkTimes, nextStatusAllowed } from './incident.rules.js';

// Art. 31: a security officer files an incident; the platform forwards it, signed, to the security authority (a real
// HTTP server here, failing once so the retry shows) and tracks it to closure; the office sees its region's incidents.
const SECRET = 'authority-shared-secret-0123456789';
let p: TestPlatform;
let authority: http.Server;
let failNext = 1;
const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
const mails: Array<{ to: string[]; mail: ParsedMail }> = [];
let smtp: SMTPServer;
const H: Record<string, { authorization: string }> = {};
const api = (method: 'GET' | 'POST', url: string, who: string, payload?: object) => p.app.inject({ method, url: `/api/v1${url}`, headers: H[who]!, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  authority = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failNext-- > 0) {
        res.statusCode = 503;
        return res.end('busy');
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => authority.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(authority.address() as { port: number }).port}/incidents`;
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'], // plain text on loopback
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  p = await startTestPlatform({}, {
    GOVSHARE_INCIDENT_WEBHOOK_URL: url, GOVSHARE_INCIDENT_WEBHOOK_SECRET: SECRET, GOVSHARE_INCIDENT_EMAIL: 'wangxin@sc.gov.cn',
    GOVSHARE_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, GOVSHARE_SMTP_FROM: 'gxpt@sc.gov.cn',
  });
  await seedDemo(p.ctx);
  for (const u of ['gat_security', 'gat_editor', 'office', 'cd_office', 'rst_user']) H[u] = await p.login(u, DEMO_PASSWORD);
}, 60_000);

afterAll(async () => {
  await p?.close();
  authority?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(resolve) : resolve()));
});

const resourceCode = async () => (await p.ctx.db.selectFrom('catalog_resources').select('code').where('department_id', '=', demoDepartmentId('gat')).executeTakeFirstOrThrow()).code;
const body = async () => ({
  title: '人口库接口账号疑似泄露', description: '发现外部地址使用本厅系统凭据批量调用人口库查询接口。', severity: 'major',
  occurredAt: '2026-11-20T22:10:00+08:00', discoveredAt: '2026-11-21T09:30:00+08:00',
  dataInvolved: { resources: [{ code: await resourceCode(), records: 1200 }], records: 1200, personalInformation: true },
  measures: '已吊销该系统凭据，暂停相关授权，保全日志。',
});

describe('security incidents (Art. 31)', () => {
  it('rules: status steps and times', () => {
    expect(nextStatusAllowed('reported', 'investigating')).toBe(true);
    expect(nextStatusAllowed('reported', 'closed')).toBe(false);
    expect(nextStatusAllowed('closed', 'investigating')).toBe(false);
    const now = new Date('2026-11-25T10:00:00Z');
    expect(() => checkTimes(new Date('2026-11-22T00:00:00Z'), new Date('2026-11-21T00:00:00Z'), now)).toThrow(/before it occurred|早于/);
    expect(() => checkTimes(null, new Date('2026-11-26T00:00:00Z'), now)).toThrow(/future|晚于/);
    expect(() => checkTimes(null, new Date('2026-11-24T00:00:00Z'), now)).not.toThrow();
  });

  it('only a security officer files; bad input is a clear 400 and writes nothing', async () => {
    expect((await api('POST', '/incidents', 'gat_editor', await body())).statusCode).toBe(403);
    const bad = await api('POST', '/incidents', 'gat_security', { ...(await body()), dataInvolved: { resources: [{ code: 'no/such' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('UNKNOWN_RESOURCE');
    const order = await api('POST', '/incidents', 'gat_security', { ...(await body()), occurredAt: '2026-11-22T00:00:00+08:00' });
    expect(order.json().error.code).toBe('INCIDENT_TIME_ORDER');
    expect((await api('POST', '/incidents', 'gat_security', { ...(await body()), severity: 'huge' })).statusCode).toBe(400);
    expect(Number((await p.ctx.db.selectFrom('incidents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
  });

  it('is forwarded to the security authority, signed, retried after a failure, and the delivery recorded', async () => {
    const filed = await api('POST', '/incidents', 'gat_security', await body());
    expect(filed.statusCode, filed.body).toBe(201);
    const inc = filed.json();
    expect(inc).toMatchObject({ status: 'reported', severity: 'major', departmentId: demoDepartmentId('gat'), deliveries: [{ channel: 'email', status: 'pending', attempts: 0 }, { channel: 'webhook', status: 'pending', attempts: 0 }] });

    const s = new Scheduler(p.ctx, workflow(p.ctx));
    const t0 = new Date();
    // The e-mail goes through at once; the authority's endpoint answers 503 the first time.
    expect(await s.runJob('incident-delivery', t0)).toMatchObject({ retried: 1, sent: 1 });
    const pending = (await api('GET', `/incidents/${inc.id}`, 'gat_security')).json();
    expect(pending.deliveries[0]).toMatchObject({ channel: 'email', status: 'sent', attempts: 1 });
    expect(pending.deliveries[1]).toMatchObject({ channel: 'webhook', status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['wangxin@sc.gov.cn']);
    expect(mails[0]!.mail.subject).toBe('[安全事件报告] 较大：人口库接口账号疑似泄露');
    expect(mails[0]!.mail.text).toContain('已采取措施：已吊销该系统凭据');
    expect(received).toHaveLength(0);
    // Not yet due: nothing is sent before the backoff.
    expect(await s.runJob('incident-delivery', new Date(t0.getTime() + 1000))).toMatchObject({ sent: 0, retried: 0 });
    expect(await s.runJob('incident-delivery', new Date(t0.getTime() + 31_000))).toMatchObject({ sent: 1 });

    expect(received).toHaveLength(1);
    const { headers, body: raw } = received[0]!;
    expect(verifySignature(SECRET, raw, headers['x-govshare-signature'] as string)).toBe(true);
    expect(verifySignature('another-secret-0123456789', raw, headers['x-govshare-signature'] as string)).toBe(false);
    const jws = parseCompact(headers['x-govshare-jws'] as string)!;
    expect(verifyParsed(p.ctx.keys.suite, p.ctx.keys.suite.publicKey(p.ctx.keys.publicPem), jws)).toBe(true);
    expect((jws.payload as { sha256: string }).sha256).toBe(createHash('sha256').update(raw).digest('hex'));
    const report = JSON.parse(raw);
    expect(report).toMatchObject({ type: 'govshare.security_incident', id: inc.id, title: '人口库接口账号疑似泄露', severity: 'major', measures: expect.stringContaining('吊销'), department: { id: demoDepartmentId('gat') }, dataInvolved: { records: 1200 } });

    const sent = (await api('GET', `/incidents/${inc.id}`, 'gat_security')).json();
    expect(sent.deliveries[1]).toMatchObject({ channel: 'webhook', status: 'sent', attempts: 2 });
    expect(sent.timeline.map((n: { kind: string }) => n.kind)).toEqual(['status', 'delivery', 'delivery']);
    // Sent once: a later run sends nothing more.
    expect(await s.runJob('incident-delivery', new Date(t0.getTime() + 600_000))).toMatchObject({ sent: 0 });
  });

  it('is tracked: reported → investigating → closed with a timeline; the office of the region sees it, others do not', async () => {
    const inc = (await api('GET', '/incidents', 'gat_security')).json().items[0];
    expect((await api('POST', `/incidents/${inc.id}/notes`, 'office', { note: '直接结案', status: 'closed' })).json().error.code).toBe('INCIDENT_STATUS_INVALID');
    const inv = await api('POST', `/incidents/${inc.id}/notes`, 'office', { note: '已组织调查', status: 'investigating' });
    expect(inv.statusCode, inv.body).toBe(200);
    expect((await api('POST', `/incidents/${inc.id}/notes`, 'gat_security', { note: '已排查调用日志，确认泄露范围' })).statusCode).toBe(200);
    const closed = await api('POST', `/incidents/${inc.id}/notes`, 'gat_security', { note: '整改完成，凭据已轮换', status: 'closed' });
    expect(closed.json().status).toBe('closed');
    expect(closed.json().timeline.map((n: { text: string }) => n.text).slice(-3)).toEqual(['已组织调查', '已排查调用日志，确认泄露范围', '整改完成，凭据已轮换']);
    expect((await api('POST', `/incidents/${inc.id}/notes`, 'gat_security', { note: 'late' })).json().error.code).toBe('INCIDENT_CLOSED');

    expect((await api('GET', '/incidents', 'office')).json().total).toBe(1);
    expect((await api('GET', '/incidents', 'cd_office')).json().total).toBe(0); // a city office: another region
    expect((await api('GET', `/incidents/${inc.id}`, 'cd_office')).statusCode).toBe(404);
    expect((await api('GET', '/incidents', 'rst_user')).statusCode).toBe(403);
    const audit = await p.ctx.db.selectFrom('audit_events').select('action').where('object_id', '=', inc.id).execute();
    expect(audit.map((e) => e.action)).toEqual(['incident.file', 'incident.investigate', 'incident.note', 'incident.close']);
    const inbox = (await api('GET', '/inbox?size=50', 'office')).json().items as Array<{ kind: string }>;
    expect(inbox.some((n) => n.kind === 'incident.filed')).toBe(true);
  });
});
