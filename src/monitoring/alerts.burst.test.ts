import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signingSuite } from '../crypto/suite.js';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { pullNodeEvents } from '../exchange/node-sync.js';
import { freePort } from '../net.js';
import { parseNodeConfig } from '../node/config.js';
import { startNode, type RunningNode } from '../node/server.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { workflow } from '../scheduler/runtime.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { loadMonitoringConfig } from './monitoring.config.js';
import { shanghaiClock } from './rules.js';

// "Alerts raised by a scripted burst" (issue 7): real queries, exports, comparisons and failed sign-ins through the
// HTTP API against a real node, then the monitoring job; each rule's alert, the auto-suspension, the notices, and the
// officers' handling. Thresholds are lowered through the configuration, as an operator would.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-monitor-'));
let p: TestPlatform;
let node: RunningNode;
let nodeId: string;
let code: string;
let rstGrant: string;
let wjwGrant: string;
const H: Record<string, { authorization: string }> = {};
const enc = encodeURIComponent;
const api = (method: 'GET' | 'POST', url: string, who: string | null, payload?: object) =>
  p.app.inject({ method, url: `/api/v1${url}`, headers: who ? H[who]! : {}, ...(payload ? { payload } : {}) });

// Working hours that exclude this very minute, so the test's exports fall outside them on any day it runs.
const minute = shanghaiClock(new Date()).minute;
const offHours = minute < 1380 ? { workStartMinute: minute + 30, workEndMinute: minute + 31 } : { workStartMinute: 0, workEndMinute: 1 };

beforeAll(async () => {
  p = await startTestPlatform({
    monitoring: {
      ...loadMonitoringConfig({}), ...offHours, volumeFloorCalls: 8, volumeFloorRows: 1_000_000, refusalThreshold: 4, loginFailureThreshold: 4,
      compareMinRecords: 50, suspendRules: ['volume'],
    },
  });
  await seedDemo(p.ctx);
  H.admin = await p.login('admin');
  for (const u of ['gat_editor', 'gat_reviewer', 'gat_security', 'rst_user', 'wjw_user', 'office', 'scjgj_editor']) H[u] = await p.login(u, DEMO_PASSWORD);
  const officer = await api('POST', '/users', 'admin', { username: 'rst_security', password: DEMO_PASSWORD, departmentId: demoDepartmentId('rst'), roles: ['security_officer'] });
  expect(officer.statusCode, officer.body).toBeLessThan(300);
  H.rst_security = await p.login('rst_security', DEMO_PASSWORD);

  const keys = signingSuite('intl').generateKeyPair();
  fs.writeFileSync(path.join(dir, 'node.key'), keys.privatePem, { mode: 0o600 });
  const rows = ['证件号码,姓名,电话,地址'];
  for (let i = 1; i <= 30; i++) rows.push(`5101041990010${String(1000 + i)},张${i},1381234${String(1000 + i)},成都市锦江区红星路${i}号`);
  fs.writeFileSync(path.join(dir, 'people.csv'), rows.join('\n') + '\n');
  const port = await freePort();
  const reg = await api('POST', '/nodes', 'admin', { departmentId: demoDepartmentId('gat'), name: '省公安厅节点', url: `http://127.0.0.1:${port}`, publicKey: keys.publicPem });
  expect(reg.statusCode, reg.body).toBe(201);
  nodeId = reg.json().id;
  const draft = await api('POST', '/resources', 'gat_editor', {
    name: '人口基础信息（监控测试）', kind: 'base', classPath: ['人口'], departmentId: demoDepartmentId('gat'), abstract: '全省户籍人口的基础信息。', format: 'database',
    items: [
      { name: '公民身份号码', dataType: 'C', length: 18, base: true, mask: 'id_number' },
      { name: '姓名', dataType: 'C', length: 50, base: true, mask: 'name' },
      { name: '联系电话', dataType: 'C', length: 20, mask: 'phone' },
      { name: '户籍地址', dataType: 'C', length: 200 },
    ],
    shareType: 'conditional', shareConditions: '履职需要', shareMethods: ['table', 'compare', 'file'], open: { toPublic: false }, updateCycle: 'daily', nodeId,
  });
  expect(draft.statusCode, draft.body).toBeLessThan(300);
  for (const [step, who, body] of [['submit', 'gat_editor', {}], ['review', 'gat_reviewer', { decision: 'approve' }], ['publish', 'gat_reviewer', {}]] as const) {
    const r = await api('POST', `/resources/${draft.json().id}/${step}`, who, body);
    expect(r.statusCode, r.body).toBeLessThan(300);
  }
  code = draft.json().code;
  const config = parseNodeConfig({
    platformUrl: 'http://127.0.0.1:1', nodeId, platformPublicKey: reg.json().platformPublicKey, listen: `127.0.0.1:${port}`, keyFile: 'node.key', logLevel: 'silent',
    sources: [{ name: 'files', type: 'csv', path: '.' }],
    resources: [{ code, source: 'files', file: 'people.csv', key: ['公民身份号码'], items: { 公民身份号码: '证件号码', 姓名: '姓名', 联系电话: '电话', 户籍地址: '地址' } }],
  }, dir);
  node = await startNode(config, { listen: { host: '127.0.0.1', port } });

  const grant = async (dept: string, items: string[], purpose: string) => {
    const r = await api('POST', '/grants', 'admin', { resourceCode: code, consumerDepartmentId: demoDepartmentId(dept), items, purpose, validFrom: '2020-01-01', validUntil: '2099-12-31' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  rstGrant = await grant('rst', ['户籍地址'], '社保待遇资格认证');
  wjwGrant = await grant('wjw', ['联系电话'], '传染病防控；医疗救治');

  // ---- the scripted burst ----
  // 1. Repeated failed sign-ins of one user (below the lockout threshold of 5).
  for (let i = 0; i < 4; i++) expect((await api('POST', '/auth/login', null, { username: 'rst_user', password: `wrong-${i}` })).statusCode).toBe(401);
  // 2. Repeated refusals: wjw asks for an item outside its grant.
  for (let i = 0; i < 4; i++) expect((await api('POST', `/exchange/${enc(code)}/query`, 'wjw_user', { items: ['户籍地址'], limit: 1 })).statusCode).toBe(403);
  // 3. A query for a purpose the grant does not name.
  const off = await api('POST', `/exchange/${enc(code)}/query`, 'wjw_user', { items: ['联系电话'], limit: 1, purpose: '商业营销推广' });
  expect(off.statusCode, off.body).toBe(200);
  // 4. An export outside working hours.
  const exp = await api('GET', `/exchange/${enc(code)}/export?format=ndjson&items=${enc('联系电话')}&purpose=${enc('传染病防控')}`, 'wjw_user');
  expect(exp.statusCode, exp.body).toBe(200);
  // 5. A comparison that looks like enumeration (everything unmatched).
  const probe = Array.from({ length: 60 }, (_, i) => ({ 公民身份号码: `51010419800101${String(2000 + i)}`, 姓名: '某某' }));
  const cmp = await api('POST', `/exchange/${enc(code)}/compare`, 'wjw_user', { keys: ['公民身份号码'], records: probe, purpose: '传染病防控' });
  expect(cmp.statusCode, cmp.body).toBe(200);
  // 6. A volume burst on rst's grant: 12 calls against a floor of 8 an hour.
  for (let i = 0; i < 12; i++) {
    const r = await api('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['户籍地址'], limit: 5, purpose: '社保待遇资格认证' });
    expect(r.statusCode, r.body).toBe(200);
  }
  // 7. The node's own log, shipped to the platform as the node-health job does; then one event of a misconfigured
  //    node that served an item its catalog entry does not have.
  const node0 = await p.ctx.db.selectFrom('nodes').select(['id', 'url', 'public_key']).where('id', '=', nodeId).executeTakeFirstOrThrow();
  expect((await pullNodeEvents(p.ctx, node0)).pulled).toBeGreaterThan(0);
  const lastSeq = (await p.ctx.db.selectFrom('node_sync').select('last_seq').where('node_id', '=', nodeId).executeTakeFirstOrThrow()).last_seq;
  await p.ctx.db.insertInto('node_events').values({
    node_id: nodeId, seq: lastSeq + 1, at: new Date().toISOString(), jti: 'forged', consumer: demoDepartmentId('rst'), resource: code, method: 'query', outcome: 'ok', code: null, rows: 3, bytes: 100,
    event: JSON.stringify({ items: ['户籍地址', '宗教信仰'] }), hash: 'x',
  }).execute();

  const result = await new Scheduler(p.ctx, workflow(p.ctx)).runJob('monitoring');
  expect(result.alerts, JSON.stringify(result)).toBeGreaterThan(0);
}, 120_000);

afterAll(async () => {
  if (node) await node.close();
  await p?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type AlertOut = { id: string; rule: string; status: string; grantId: string | null; departmentId: string | null; providerDepartmentId: string | null; autoAction: string | null; evidence: { auditSeqs: number[]; [k: string]: unknown } };
const alerts = async (who: string, query = '') => (await api('GET', `/alerts?size=100${query}`, who)).json<{ items: AlertOut[]; total: number }>().items;
const one = async (rule: string) => {
  const list = (await alerts('admin')).filter((a) => a.rule === rule);
  expect(list, rule).toHaveLength(1);
  return list[0]!;
};
const eventsAt = async (seqs: number[]) => p.ctx.db.selectFrom('audit_events').select(['seq', 'action', 'outcome', 'actor_name', 'detail']).where('seq', 'in', seqs).execute();

describe('alerts raised by a scripted burst', () => {
  it('volume above the grant\'s rate, and the grant suspended automatically through the grant service', async () => {
    const a = await one('volume');
    expect(a).toMatchObject({ grantId: rstGrant, departmentId: demoDepartmentId('rst'), providerDepartmentId: demoDepartmentId('gat'), autoAction: 'grant.suspended' });
    const ev = await eventsAt(a.evidence.auditSeqs);
    expect(ev.length).toBeGreaterThan(8);
    expect(ev.every((e) => e.action === 'exchange.query' && (e.detail as { grant: string }).grant === rstGrant)).toBe(true);
    const grant = await p.ctx.db.selectFrom('grants').select('status').where('id', '=', rstGrant).executeTakeFirstOrThrow();
    expect(grant.status).toBe('suspended');
    const suspendEvent = await p.ctx.db.selectFrom('audit_events').select(['actor_name', 'detail']).where('action', '=', 'grant.suspend').where('object_id', '=', rstGrant).executeTakeFirst();
    expect(suspendEvent?.actor_name).toBe('monitoring');
    const after = await api('POST', `/exchange/${enc(code)}/query`, 'rst_user', { items: ['户籍地址'], limit: 1 });
    expect(after.statusCode).toBe(403);
    // Only the configured rule suspends: wjw's grant, with a purpose alert, is still active.
    expect((await p.ctx.db.selectFrom('grants').select('status').where('id', '=', wjwGrant).executeTakeFirstOrThrow()).status).toBe('active');
  });

  it('export outside working hours', async () => {
    const a = await one('off_hours_export');
    expect(a.grantId).toBe(wjwGrant);
    expect((await eventsAt(a.evidence.auditSeqs)).map((e) => e.action)).toEqual(['exchange.export']);
  });

  it('a purpose not in the grant', async () => {
    const a = await one('purpose_mismatch');
    expect(a).toMatchObject({ grantId: wjwGrant, evidence: { statedPurposes: ['商业营销推广'] } });
  });

  it('repeated refusals and repeated failed sign-ins', async () => {
    const r = await one('repeated_refusals');
    expect((await eventsAt(r.evidence.auditSeqs)).every((e) => e.outcome === 'denied' && e.actor_name === 'wjw_user')).toBe(true);
    expect(r.evidence.auditSeqs).toHaveLength(4);
    // Per username, and per source address when the sign-in event records it.
    const f = (await alerts('admin')).filter((x) => x.rule === 'failed_logins');
    const byUser = f.find((x) => x.evidence.subject === 'user:rst_user');
    expect(byUser).toMatchObject({ departmentId: demoDepartmentId('rst'), evidence: { count: 4 } });
    expect(f.filter((x) => x !== byUser).every((x) => String(x.evidence.subject).startsWith('ip:') && x.departmentId === null)).toBe(true);
  });

  it('a node serving items outside its catalog entry, and the comparison guard\'s alert in the same model', async () => {
    const n = await one('node_items');
    expect(n).toMatchObject({ departmentId: demoDepartmentId('gat'), evidence: { nodeId, itemsOutsideCatalog: ['宗教信仰'] } });
    const c = await one('compare_no_match');
    expect((await eventsAt(c.evidence.auditSeqs)).map((e) => e.action).sort()).toEqual(['alert.compare.no_match_rate', 'exchange.compare']);
  });

  it('a second run raises nothing new (cursor and per-window keys)', async () => {
    const before = (await alerts('admin')).length;
    const r = await new Scheduler(p.ctx, workflow(p.ctx)).runJob('monitoring');
    expect(r.alerts).toBe(0);
    expect((await alerts('admin')).length).toBe(before);
  });

  it('goes to the departments\' security officers and the office; others see nothing', async () => {
    const gat = await alerts('gat_security');
    expect(gat.map((a) => a.rule)).toEqual(expect.arrayContaining(['volume', 'node_items', 'purpose_mismatch']));
    expect(gat.map((a) => a.rule)).not.toContain('failed_logins');
    const rst = (await alerts('rst_security')).map((a) => a.rule);
    expect(rst).toEqual(expect.arrayContaining(['volume', 'failed_logins']));
    expect(rst).not.toContain('purpose_mismatch');
    expect((await alerts('office')).length).toBe((await alerts('admin')).length);
    expect((await api('GET', '/alerts', 'scjgj_editor')).statusCode).toBe(403);
    const wjwAlert = (await alerts('admin')).find((a) => a.rule === 'repeated_refusals')!;
    expect((await api('GET', `/alerts/${wjwAlert.id}`, 'rst_security')).statusCode).toBe(404);
    const inbox = (await api('GET', '/inbox?size=100', 'gat_security')).json<{ items: Array<{ kind: string; subject: { type: string } | null }> }>().items;
    expect(inbox.some((n) => n.kind === 'alert.volume' && n.subject?.type === 'alert')).toBe(true);
    const officeInbox = (await api('GET', '/inbox?size=100', 'office')).json<{ items: Array<{ kind: string }> }>().items;
    expect(officeInbox.some((n) => n.kind === 'alert.failed_logins')).toBe(true);
  });

  it('is acknowledged and closed with a note, audited; a closed alert stays closed', async () => {
    const a = await one('volume');
    expect((await api('POST', `/alerts/${a.id}/acknowledge`, 'gat_security', { note: '' })).statusCode).toBe(400);
    const ack = await api('POST', `/alerts/${a.id}/acknowledge`, 'gat_security', { note: '已联系人社厅核实' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'gat_security', acknowledgeNote: '已联系人社厅核实' });
    expect((await api('POST', `/alerts/${a.id}/acknowledge`, 'office', { note: 'again' })).json().error.code).toBe('ALERT_ACKNOWLEDGED');
    const close = await api('POST', `/alerts/${a.id}/close`, 'office', { note: '系批量补录，已恢复授权' });
    expect(close.json()).toMatchObject({ status: 'closed', closedBy: 'office' });
    expect((await api('POST', `/alerts/${a.id}/close`, 'office', { note: 'x' })).statusCode).toBe(409);
    const audit = await p.ctx.db.selectFrom('audit_events').select('action').where('object_id', '=', a.id).where('action', 'like', 'monitoring.alert%').execute();
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['monitoring.alert', 'monitoring.alert.acknowledge', 'monitoring.alert.close']));
    expect((await alerts('admin', '&status=closed')).map((x) => x.id)).toEqual([a.id]);
  });
});
