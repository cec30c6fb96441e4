import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, type Config } from '../config.js';
import { seedDemo } from '../demo/seed.js';
import { openPlatform } from '../platform.js';
import { cliExportCatalog, cliImportCatalog } from './catalog.cli.js';

// The CLI opens its own database like `govshare` does: a PGlite data directory, or a PostgreSQL database of its own.
let cfg: Config;
let dir: string;
let dbName: string | undefined;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-cli-'));
  const env: Record<string, string> = { GOVSHARE_DATA: path.join(dir, 'data'), GOVSHARE_ADMIN_PASSWORD: 'Admin@Test2026', GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent' };
  if (process.env.DATABASE_URL) {
    dbName = `gs_t_${randomBytes(6).toString('hex')}`;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const u = new URL(process.env.DATABASE_URL);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
  }
  cfg = loadConfig(env);
  const p = await openPlatform(cfg, { logger: false });
  await seedDemo(p.ctx);
  await p.close();
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true); // progress bars
});
afterAll(async () => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
  if (dbName) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  }
});

describe('govshare import/export catalog', () => {
  it('exports json, dcat and xlsx, and re-imports the xlsx as new draft versions of the resources it names', async () => {
    const json = path.join(dir, 'c.json');
    expect(await cliExportCatalog(cfg, 'json', json)).toMatch(/exported \d+ published/);
    const published = JSON.parse(fs.readFileSync(json, 'utf8')).count as number;
    expect(published).toBeGreaterThan(200);
    await cliExportCatalog(cfg, 'dcat', path.join(dir, 'c.jsonld'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'c.jsonld'), 'utf8'))['@type']).toBe('dcat:Catalog');
    const xlsx = path.join(dir, 'c.xlsx');
    await cliExportCatalog(cfg, 'xlsx', xlsx);
    // the export carries each resource's code: re-importing it makes a new draft version of each, no new resource
    const msg = await cliImportCatalog(cfg, xlsx);
    expect(msg).toContain(`imported 0 resources and updated ${published} resources`);
  }, 120_000);

  it('fails with a coded error for a missing file, a bad format, or a bad sheet (nothing imported)', async () => {
    await expect(cliImportCatalog(cfg, path.join(dir, 'nope.xlsx'))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(cliExportCatalog(cfg, 'pdf' as 'json', path.join(dir, 'x'))).rejects.toMatchObject({ code: 'FORMAT_INVALID' });
    fs.writeFileSync(path.join(dir, 'bad.xlsx'), 'not a workbook');
    await expect(cliImportCatalog(cfg, path.join(dir, 'bad.xlsx'))).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID' });
  }, 60_000);
});
