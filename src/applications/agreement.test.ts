import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInShanghai } from '../calendar/dates.js';
import { decideAccess } from '../exchange/access.rules.js';
import { grantsFor } from '../exchange/grant.store.js';
import { publishedResource } from '../exchange/resource-lookup.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { workflow } from '../scheduler/runtime.js';
import { agreementDigest, canonicalJson, signatureMessage, type AgreementContent } from './agreement.template.js';
import { apply, startWorkflowPlatform, type WorkflowFixture } from './workflow.test-support.js';
import { demoDepartmentId } from '../demo/seed.js';
import type { DomainError } from '../errors.js';

let f: WorkflowFixture;
let id: string;
beforeAll(async () => {
  f = await startWorkflowPlatform();
  const today = todayInShanghai();
  f.setToday(today);
  id = (await f.post('/applications', 'rst_user', apply(f.codes.conditional, { validUntil: addDays(today, 30), expectedVolume: '每日约 500 次' }))).json().id;
  await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'approve', masks: { 姓名: 'name' } });
}, 180_000);
afterAll(async () => f?.p.close());

describe('security agreement (Art. 30)', () => {
  it('is sealed by the platform key over the digest of its canonical content, and each signature is sealed too', async () => {
    expect((await f.get(`/applications/${id}/agreement`, 'wjw_user')).statusCode).toBe(404);
    const a = (await f.get(`/applications/${id}/agreement`, 'rst_user')).json();
    const content = a.content as AgreementContent;
    expect(content).toMatchObject({ title: '政务信息资源共享安全协议', provider: { name: '四川省公安厅' }, consumer: { name: '四川省人力资源和社会保障厅' }, purpose: expect.stringContaining('身份核验') });
    expect(content.clauses.map((c) => c.basis).join()).toMatch(/第二十九条.*第三十条.*第三十九条/);
    const { keys } = f.p.ctx;
    expect(agreementDigest(keys.suite.hash, content)).toBe(a.digest);
    const pub = keys.suite.publicKey(a.publicKey);
    expect(keys.suite.verify(Buffer.from(a.digest, 'hex'), Buffer.from(a.seal, 'base64'), pub)).toBe(true);
    expect(keys.suite.verify(Buffer.from(a.digest.replace(/^./, (c: string) => (c === '0' ? '1' : '0')), 'hex'), Buffer.from(a.seal, 'base64'), pub)).toBe(false);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');

    await f.post(`/applications/${id}/agreement`, 'gat_approver', { party: 'provider', signedBy: '李四' });
    const row = await f.p.ctx.db.selectFrom('agreements').selectAll().where('application_id', '=', id).executeTakeFirstOrThrow();
    const msg = signatureMessage(a.digest, 'provider', '李四', row.provider_user_id, new Date(row.provider_signed_at!).toISOString());
    expect(keys.suite.verify(Buffer.from(msg), Buffer.from(row.provider_seal!, 'base64'), pub)).toBe(true);
  });

  it('renders as a PDF with embedded Chinese text', async () => {
    const res = await f.get(`/applications/${id}/agreement.pdf`, 'rst_user');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/FontFile3|FontFile2/); // the CJK font is embedded (subset), not referenced
    expect((await f.get(`/applications/${id}/agreement.pdf`, 'wjw_user')).statusCode).toBe(404);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-agreement-'));
    const file = path.join(dir, 'agreement.pdf');
    fs.writeFileSync(file, pdf);
    if (process.env.GOVSHARE_KEEP_PDF) fs.copyFileSync(file, process.env.GOVSHARE_KEEP_PDF);
    // With poppler installed, the text layer must give the Chinese back (glyphs mapped, not boxes).
    if (spawnSync('pdftotext', ['-v']).status === 0) {
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      expect(text).toContain('政务信息资源共享安全协议');
      expect(text).toContain('四川省公安厅');
      expect(text).toContain('谁经手，谁使用，谁管理，谁负责');
      expect(text).toContain('李四');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts the grant when both have signed and ends it with the period: the scheduler marks it expired and the bus refuses', async () => {
    const signed = await f.post(`/applications/${id}/agreement`, 'rst_user', { party: 'consumer', signedBy: '张三' });
    expect(signed.json().status).toBe('active');
    const resource = (await publishedResource(f.p.ctx.db, f.codes.conditional))!;
    const consumer = demoDepartmentId('rst');
    const ask = async (today: string) => {
      try {
        return decideAccess({ resource, consumerDepartmentId: consumer, credentialId: null, method: 'query', items: ['姓名'], grants: await grantsFor(f.p.ctx.db, consumer, resource.code), today }).grantId;
      } catch (err) {
        return (err as DomainError).code;
      }
    };
    const end = (await f.get(`/applications/${id}`, 'rst_user')).json().validUntil as string;
    expect(await ask(end)).toBe(signed.json().grantId);
    expect(await ask(addDays(end, 1))).toBe('GRANT_REQUIRED');

    const s = new Scheduler(f.p.ctx, workflow(f.p.ctx));
    // renewal reminder inside the last workdays of the period, once
    f.setToday(addDays(end, -3));
    await s.runJob('grant-expiry');
    await s.runJob('grant-expiry');
    expect((await f.get('/inbox', 'rst_user')).json().items.filter((n: { kind: string }) => n.kind === 'grant.expiring')).toHaveLength(1);
    f.setToday(addDays(end, 1));
    expect(await Promise.all([s.runJob('grant-expiry'), s.runJob('grant-expiry')])).toEqual(expect.arrayContaining([{ 'grant.expired': 1 }, {}]));
    const after = (await f.get(`/applications/${id}`, 'rst_user')).json();
    expect(after.status).toBe('expired');
    expect(after.history.at(-1)).toMatchObject({ action: 'grant.expire', actor: { name: 'system' } });
    expect((await f.get('/inbox', 'gat_approver')).json().items.map((n: { kind: string }) => n.kind)).toContain('grant.expired');

    // renewal = an amendment of the expired application, linked to it
    const renewal = await f.post(`/applications/${id}/amend`, 'rst_user', { validUntil: addDays(end, 200) });
    expect(renewal.statusCode).toBe(201);
    expect((await f.get(`/applications/${renewal.json().id}`, 'rst_user')).json()).toMatchObject({ linkKind: 'amend', previousId: id, status: 'pending' });
  });
});
