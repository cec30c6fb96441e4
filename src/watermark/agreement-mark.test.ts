import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInShanghai } from '../calendar/dates.js';
import { apply, startWorkflowPlatform, type WorkflowFixture } from '../applications/workflow.test-support.js';
import { traceLeak } from './leak.service.js';

// Art. 39(4): the agreement PDF the platform produces names who downloaded it and when, in its properties and footer.
let f: WorkflowFixture;
let id: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-wm-pdf-'));

beforeAll(async () => {
  f = await startWorkflowPlatform();
  const today = todayInShanghai();
  f.setToday(today);
  id = (await f.post('/applications', 'rst_user', apply(f.codes.conditional, { validUntil: addDays(today, 30) }))).json().id;
  await f.post(`/applications/${id}/decision`, 'gat_approver', { decision: 'approve' });
}, 180_000);
afterAll(async () => {
  await f?.p.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('agreement PDF watermark', () => {
  it('carries a signed mark in its document properties and a visible footer, and trace-leak names the download', async () => {
    const res = await f.get(`/applications/${id}/agreement.pdf`, 'rst_user');
    expect(res.statusCode).toBe(200);
    const file = path.join(dir, 'agreement.pdf');
    fs.writeFileSync(file, res.rawPayload);
    expect(res.rawPayload.toString('latin1')).toMatch(/\(govshare-watermark [\w-]+\.[\w-]+\.[\w-]+\)/); // the Keywords entry
    if (spawnSync('pdftotext', ['-v']).status === 0) expect(execFileSync('pdftotext', ['-layout', file, '-']).toString()).toMatch(/水印 wm-[0-9a-f]{16} · rst_user/); // the visible footer
    const r = await traceLeak(f.p.ctx.db, f.p.ctx.keys.suite.name, file);
    expect(r.kind).toBe('pdf');
    expect(r.signed.head).toMatchObject({ signature: 'valid', claims: { kind: 'agreement.pdf', application: id, user: { name: 'rst_user' } } });
    expect(r.source).toMatchObject({ exportId: r.signed.head!.claims.id, userName: 'rst_user' });
    const again = await f.get(`/applications/${id}/agreement.pdf`, 'gat_approver');
    const other = path.join(dir, 'again.pdf');
    fs.writeFileSync(other, again.rawPayload);
    expect((await traceLeak(f.p.ctx.db, f.p.ctx.keys.suite.name, other)).source?.userName).toBe('gat_approver'); // each download its own mark
  });
});
