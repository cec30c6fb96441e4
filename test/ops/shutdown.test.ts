import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStoredLog } from '../../src/audit/verify.service.js';
import { startNode, type RunningNode } from '../../src/node/server.js';
import { call, DEMO_PASSWORD, freshPostgres, login, openWhere, prepareDeployment, serve, whereEnv, type Where } from './deployment.js';

// SIGTERM under load (issue 11 item 3): a real `govshare serve` process with exchanges and a streamed export in
// flight is told to stop; every request that got a 2xx must have its audit event, and the chain must verify.
// On PGlite by default, on a fresh PostgreSQL database when DATABASE_URL is set.
const ROWS = 30_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-ops-shutdown-'));
let where: Where;
let drop: (() => Promise<void>) | undefined;
let node: RunningNode;
let code: string;

beforeAll(async () => {
  if (process.env.DATABASE_URL) {
    const db = await freshPostgres(process.env.DATABASE_URL);
    where = { databaseUrl: db.url };
    drop = db.drop;
  } else {
    where = { dataDir: path.join(dir, 'data') };
  }
  const prepared = await prepareDeployment(where, dir, ROWS);
  code = prepared.code;
  node = await startNode(prepared.nodeConfig);
}, 180_000);

afterAll(async () => {
  await node?.close();
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  it('drains in-flight exchanges and a streamed export, flushes the audit, and the chain verifies', async () => {
    // A generous drain limit: this test is about nothing being lost, not about speed on a shared machine.
    const server = await serve({ ...whereEnv(where), GOVSHARE_SHUTDOWN_TIMEOUT_SECONDS: '300' });
    const token = await login(server.url, 'rst_user', DEMO_PASSWORD);
    const enc = encodeURIComponent(code);

    // A streamed export whose reader pauses after the first chunk: it is in flight when the signal arrives.
    const exportRes = await fetch(`${server.url}/api/v1/exchange/${enc}/export?format=ndjson&items=${encodeURIComponent('公民身份号码,姓名')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(exportRes.status).toBe(200);
    const exportId = exportRes.headers.get('x-request-id')!;
    const reader = exportRes.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);

    // Load: queries and comparisons sent together, the signal right behind them.
    const load = Array.from({ length: 40 }, (_, i) => (i % 2 === 0
      ? call(server.url, token, 'POST', `/exchange/${enc}/query`, { items: ['公民身份号码', '姓名'], limit: 5 })
      : call(server.url, token, 'POST', `/exchange/${enc}/compare`, { keys: ['公民身份号码'], records: [{ 公民身份号码: '510104199001011234', 姓名: '张三' }], purpose: '停机演练' })
    ).catch(() => undefined)); // refused after the server stopped accepting: no answer, nothing to audit
    await new Promise((r) => setTimeout(r, 30));
    const exit = server.stop('SIGTERM');

    // The export completes after the signal: every row arrives.
    let bytes = first.value!.length;
    let newlines = first.value!.filter((b) => b === 10).length;
    for (;;) {
      const chunk = await reader.read().catch((err: unknown) => { throw new Error(`export cut: ${String(err)}\n${server.output()}`); });
      if (chunk.done) break;
      bytes += chunk.value.length;
      newlines += chunk.value.filter((b) => b === 10).length;
    }
    expect(newlines).toBeGreaterThanOrEqual(ROWS); // every row (and the node's page markers)
    expect(bytes).toBeGreaterThan(ROWS * 10);

    const answers = await Promise.all(load);
    expect(await exit, server.output()).toBe(0);
    expect(server.output()).not.toMatch(/shutdown failed|timeout/);
    const ok = answers.filter((a) => a && a.status >= 200 && a.status < 300).map((a) => a!.requestId!);
    expect(ok.length).toBeGreaterThan(0);

    const handle = await openWhere(where);
    try {
      const events = await handle.db.selectFrom('audit_events').select(['request_id', 'action', 'outcome', 'detail']).where('action', 'like', 'exchange.%').execute();
      const byRequest = new Map(events.map((e) => [e.request_id, e]));
      for (const id of ok) expect(byRequest.get(id), `audit event of request ${id}`).toBeDefined();
      const exp = byRequest.get(exportId);
      expect(exp?.action).toBe('exchange.export');
      expect(exp?.outcome).toBe('success');
      expect((exp?.detail as { rows?: number } | null)?.rows).toBeGreaterThanOrEqual(ROWS); // the whole stream, audited once it ended
      const pending = await handle.db.selectFrom('audit_pending').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(pending.n)).toBe(0);
      const verified = await verifyStoredLog(handle.db, 'sha256');
      expect(verified.ok, JSON.stringify(verified)).toBe(true);
      if (verified.ok) expect(verified.unsealed).toBe(0); // the last checkpoint was signed on the way out
    } finally {
      await handle.close();
    }
  }, 400_000);
});
