import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { seedDemo } from '../demo/seed.js';
import { openPlatform } from '../platform.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { annualReport, type AnnualReport } from './annual.service.js';
import { SHEETS } from './annual.xlsx.js';

const PASSWORD = 'Govshare@2026';
// Audit events carry the real clock: the report's year is the current Shanghai year.
const YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
const hasPoppler = (() => { try { execFileSync('pdftotext', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; } })();

/** The demo seed plus a few exchanges (successful bus calls as the audit log records them) by 省公安厅 and a 成都 department. */
async function seed(p: Pick<TestPlatform, 'ctx'>): Promise<void> {
  await seedDemo(p.ctx);
  const depts = await p.ctx.db.selectFrom('departments').select(['id', 'name', 'region_code']).execute();
  const gat = depts.find((d) => d.name.includes('公安厅'))!;
  const city = depts.find((d) => d.region_code === '510100')!;
  for (const [d, n] of [[gat, 3], [city, 2]] as const) {
    for (let i = 0; i < n; i++) await p.ctx.audit.record({ action: 'exchange.query', outcome: 'success', actor: { id: null, name: 'test', departmentId: d.id }, objectType: 'resource', objectId: 'R' });
  }
  await p.ctx.audit.record({ action: 'exchange.query', outcome: 'failure', actor: { id: null, name: 'test', departmentId: gat.id } });
  await p.ctx.audit.flush();
}

async function workbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}
const result = (c: ExcelJS.Cell) => (c.value as ExcelJS.CellFormulaValue).result;
const formula = (c: ExcelJS.Cell) => (c.value as ExcelJS.CellFormulaValue).formula;

describe('annual report (Art. 34)', () => {
  let p: TestPlatform;
  const h: Record<string, { authorization: string }> = {};
  let province: AnnualReport;
  beforeAll(async () => {
    p = await startTestPlatform();
    await seed(p);
    for (const u of ['office', 'cd_office', 'auditor', 'gat_head']) h[u] = await p.login(u, PASSWORD);
    province = await annualReport(p.ctx, null, { year: YEAR, regionCode: '510000' });
  }, 120_000);
  afterAll(async () => p?.close());

  const get = (url: string, who: string) => p.app.inject({ method: 'GET', url, headers: h[who] });

  it('aggregates the province: every city is a sub-region row, the exchanges counted from the audit log', () => {
    expect(province.region.name).toBe('四川省');
    expect(province.summary.exchanges).toBe(5); // the failed call is not an exchange
    expect(province.subRegions.map((s) => s.regionCode)).toContain('510100');
    const chengdu = province.subRegions.find((s) => s.regionCode === '510100')!;
    expect(chengdu.exchanges).toBe(2);
    expect(chengdu.departments).toBeGreaterThan(0);
    expect(province.departments.length).toBe(province.summary.departments);
    expect(province.monthly).toHaveLength(12);
    expect(province.monthly.reduce((s, m) => s + m.exchanges, 0)).toBe(5);
  });

  it('xlsx: the four sheets, totals as formulas whose cached values match the API figures', async () => {
    const res = await get(`/api/v1/reports/annual?year=${YEAR}&region=510000&format=xlsx`, 'office');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = await workbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual([SHEETS.summary, SHEETS.departments, SHEETS.regions, SHEETS.monthly]);
    const api = (await p.app.inject({ method: 'GET', url: `/api/v1/evaluation?year=${YEAR}&region=510000`, headers: h.office })).json<{ departments: Array<{ score: number }> }>();

    const dws = wb.getWorksheet(SHEETS.departments)!;
    const total = dws.getRow(api.departments.length + 2);
    expect(total.getCell(1).value).toBe('合计 / 平均');
    expect(formula(total.getCell(4))).toBe(`AVERAGE(D2:D${api.departments.length + 1})`);
    const mean = api.departments.reduce((s, d) => s + d.score, 0) / api.departments.length;
    expect(result(total.getCell(4))).toBeCloseTo(mean, 6);
    // the exchanges column: recomputing the SUM over the data rows gives the cached total
    const exCol = 5 + 8;
    let sum = 0;
    for (let r = 2; r <= api.departments.length + 1; r++) sum += Number(dws.getRow(r).getCell(exCol).value);
    expect(formula(total.getCell(exCol))).toMatch(/^SUM\(/);
    expect(result(total.getCell(exCol))).toBe(sum);
    expect(sum).toBe(5);

    const mws = wb.getWorksheet(SHEETS.monthly)!;
    expect(formula(mws.getRow(14).getCell(2))).toBe('SUM(B2:B13)');
    expect(result(mws.getRow(14).getCell(2))).toBe(5);
    const summary = wb.getWorksheet(SHEETS.summary)!;
    expect(result(summary.getCell('B7'))).toBe(5);
    expect(formula(summary.getCell('B7'))).toBe(`'${SHEETS.monthly}'!B14`);
    expect(dws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });

    const rws = wb.getWorksheet(SHEETS.regions)!;
    const names = rws.getColumn(2).values.filter(Boolean);
    expect(names).toContain('成都市');
  });

  it('PDF: a real PDF of a few pages with the Chinese title and a department name in its text', async () => {
    const res = await get(`/api/v1/reports/annual?year=${YEAR}&region=510000&format=pdf`, 'auditor');
    expect(res.statusCode).toBe(200);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(20);
    if (hasPoppler) {
      const file = path.join(os.tmpdir(), `.tmp-annual-${process.pid}.pdf`);
      fs.writeFileSync(file, pdf);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      fs.rmSync(file);
      expect(text).toContain(`四川省${YEAR}年度政务信息资源共享工作报告`);
      expect(text).toContain(province.departments[0]!.departmentName);
      expect(text).toContain('部门评估排名');
    }
    const audit = await p.ctx.db.selectFrom('audit_events').select(['action', 'object_id']).where('action', '=', 'report.annual').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('scope: a city office gets its city, not the province; a department head gets nothing', async () => {
    expect((await get(`/api/v1/reports/annual?year=${YEAR}&region=510000&format=xlsx`, 'cd_office')).statusCode).toBe(404);
    const own = await get(`/api/v1/reports/annual?year=${YEAR}&format=xlsx`, 'cd_office');
    expect(own.statusCode).toBe(200);
    const wb = await workbook(own.rawPayload);
    expect(String(wb.getWorksheet(SHEETS.summary)!.getCell('B3').value)).toContain('成都市');
    expect((await get(`/api/v1/reports/annual?year=${YEAR}&format=pdf`, 'gat_head')).statusCode).toBe(403);
    expect((await get(`/api/v1/reports/annual?year=${YEAR}&format=doc`, 'office')).statusCode).toBe(400);
  });
});

describe('govshare report annual (the CLI as a real process)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), '.tmp-annual-cli-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the .xlsx and the .pdf of the province into DIR', async () => {
    // A PGlite data dir seeded in-process, then the CLI opens it (always PGlite: the child gets no DATABASE_URL).
    const data = path.join(dir, 'data');
    const cfg = loadConfig({ GOVSHARE_DATA: data, GOVSHARE_ADMIN_PASSWORD: 'Admin@Test2026', LOG_LEVEL: 'silent' });
    const platform = await openPlatform(cfg, { logger: false });
    await seed(platform);
    await platform.close();
    const out = path.join(dir, 'out');
    const env: NodeJS.ProcessEnv = { ...process.env, GOVSHARE_DATA: data, LOG_LEVEL: 'silent' };
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'report', 'annual', '--year', String(YEAR), '--region', '510000', '--out', out], { env, cwd: path.resolve(import.meta.dirname, '../..') });
    const files = fs.readdirSync(out).sort();
    expect(files).toEqual([`annual-report-510000-${YEAR}.pdf`, `annual-report-510000-${YEAR}.xlsx`]);
    expect(stdout).toContain('.xlsx');
    expect(fs.readFileSync(path.join(out, files[0]!)).subarray(0, 5).toString()).toBe('%PDF-');
    const wb = await workbook(fs.readFileSync(path.join(out, files[1]!)));
    expect(wb.getWorksheet(SHEETS.departments)).toBeDefined();
    const bad = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'report', 'annual', '--year', 'x', '--out', out], { env, cwd: path.resolve(import.meta.dirname, '../..') }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
  }, 180_000);
});
