import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovshareClient, GovshareError } from '@govshare/sdk';
import { loadConfig } from '../../src/config.js';
import { startNode, type RunningNode } from '../../src/node/server.js';
import { openPlatform, type Platform } from '../../src/platform.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, MASTER_KEY, freshPostgres, openWhere, prepareDeployment, whereEnv, type Where } from './deployment.js';

// The client SDK (packages/sdk) against a started platform listening on a port, with a node serving a population
// file: sign-in, typed catalog calls, query with paging, comparison, streamed export, coded errors.
const ROWS = 250;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-ops-sdk-'));
let where: Where;
let drop: (() => Promise<void>) | undefined;
let node: RunningNode;
let platform: Platform;
let url: string;
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
  const config = loadConfig({ GOVSHARE_ADMIN_PASSWORD: ADMIN_PASSWORD, GOVSHARE_MASTER_KEY: MASTER_KEY, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent', ...whereEnv(where) });
  platform = await openPlatform(config, { handle: await openWhere(where), logger: false });
  url = (await platform.app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
}, 180_000);

afterAll(async () => {
  await platform?.close();
  await node?.close();
  await drop?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('@govshare/sdk', () => {
  it('signs in and makes typed calls; a refusal is a GovshareError with the platform code', async () => {
    const client = new GovshareClient({ baseUrl: url });
    await expect(client.login('rst_user', 'wrong-password')).rejects.toMatchObject({ name: 'GovshareError', status: 401 });
    const { user } = await client.login('rst_user', DEMO_PASSWORD);
    expect(user.username).toBe('rst_user');
    const me = await client.api.GET('/api/v1/auth/me');
    expect(me.response.status).toBe(200);
    const err = await client.query(code, { items: ['婚姻状况'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GovshareError);
    expect((err as GovshareError).code).toBe('GRANT_REQUIRED');
  });

  it('queries page by page, compares, and streams an export', async () => {
    const client = new GovshareClient({ baseUrl: url });
    await client.login('rst_user', DEMO_PASSWORD);
    const first = await client.query(code, { items: ['公民身份号码', '姓名'], limit: 100 });
    expect(first.rows).toHaveLength(100);
    expect(first.next).toBeTruthy();
    const all: unknown[] = [];
    for await (const row of client.queryAll(code, { items: ['公民身份号码', '姓名'], limit: 100 })) all.push(row);
    expect(all).toHaveLength(ROWS);
    expect(new Set(all.map((r) => JSON.stringify(r))).size).toBe(ROWS);

    const results = await client.compare(code, { keys: ['公民身份号码'], records: [{ 公民身份号码: '110101190001011234', 姓名: '无此人' }], purpose: 'SDK 测试' });
    expect(results).toEqual([expect.objectContaining({ index: 0, status: 'not_found' })]);

    let exported = 0;
    for await (const row of client.exportRows(code, { items: ['公民身份号码', '姓名'] })) {
      if ('公民身份号码' in row) exported++;
    }
    expect(exported).toBe(ROWS);
  });
});
