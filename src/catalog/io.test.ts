import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import jsonld from 'jsonld';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// A copy of ../shared/standards (the official DCAT-AP 3.0.0 shapes), so the test needs nothing outside the repo.
const STANDARDS = path.resolve(import.meta.dirname, '../../test/fixtures/dcat-ap');

let p: TestPlatform;
const h: Record<string, { authorization: string }> = {};
beforeAll(async () => {
  p = await startTestPlatform();
  await seedDemo(p.ctx);
  for (const u of ['gat_editor', 'scjgj_editor', 'rst_user', 'gat_reviewer']) h[u] = await p.login(u, DEMO_PASSWORD);
});
afterAll(async () => p?.close());

async function sheet(rows: Array<Record<string, string | number>>): Promise<Buffer> {
  const tpl = await p.app.inject({ url: '/api/v1/catalog/template.xlsx', headers: h.gat_editor });
  expect(tpl.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
  // the template's header row, in a fresh sheet of the same name (without the example rows)
  const headers = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
  const out = new ExcelJS.Workbook();
  const ws = out.addWorksheet(wb.worksheets[0]!.name);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((hd) => r[hd] ?? ''));
  return Buffer.from(await out.xlsx.writeBuffer());
}

const row = (over: Record<string, string | number> = {}) => ({
  信息资源名称: '护照签发信息', 资源分类: '部门', 信息资源摘要: '出入境管理部门签发的护照信息。', 信息资源格式: '数据库', 信息项名称: '护照号码', 数据类型: 'C', 数据长度: 9,
  是否基础信息项: '否', 共享类型: '有条件共享', 共享条件: '依法履职需要', 共享方式: '接口、比对', 是否向社会开放: '否', 更新周期: '每日', ...over,
});

const importXlsx = (buf: Buffer, who = 'gat_editor') => p.app.inject({ method: 'POST', url: '/api/v1/catalog/import', headers: { ...h[who], 'content-type': XLSX }, payload: buf });
const count = async () => Number((await p.ctx.db.selectFrom('catalog_resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('xlsx import', () => {
  it('imports resources of several rows each as drafts of the importer\'s department', async () => {
    const buf = await sheet([row(), row({ 信息项名称: '持证人姓名', 脱敏规则: 'name' }), row({ 信息资源名称: '签证签注信息', 信息项名称: '签注号码', 共享类型: '无条件共享', 共享条件: '' })]);
    const res = await importXlsx(buf);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().imported).toBe(2);
    const first = (await p.app.inject({ url: `/api/v1/resources/${res.json().resources[0].id}`, headers: h.gat_editor })).json();
    expect(first).toMatchObject({ status: 'draft', name: '护照签发信息', shareMethods: ['api', 'compare'], updateCycle: 'daily' });
    expect(first.items.map((i: { name: string; mask: string | null }) => [i.name, i.mask])).toEqual([['护照号码', null], ['持证人姓名', 'name']]);
  });

  it('reports every bad row with sheet/row/column and imports nothing', async () => {
    const before = await count();
    const buf = await sheet([
      row({ 信息资源名称: '好资源', 信息项名称: 'A' }),
      row({ 信息资源名称: '坏资源一', 共享类型: '有条件共享', 共享条件: '' }),
      row({ 信息资源名称: '坏资源二', 数据类型: 'Q' }),
      row({ 信息资源名称: '坏资源三', 共享类型: '不予共享', 共享方式: '' }),
      row({ 信息资源名称: '坏资源三', 信息项名称: '护照号码' }),
    ]);
    const res = await importXlsx(buf);
    expect(res.statusCode).toBe(400);
    const body = res.json().error;
    expect(body.code).toBe('IMPORT_INVALID');
    const errs = body.details.errors.map((e: { row: number; column: string; header: string; code: string; sheet: string }) => [e.row, e.header, e.code]);
    expect(errs).toEqual(expect.arrayContaining([[3, '共享条件', 'SHARE_CONDITIONS_REQUIRED'], [4, '数据类型', 'IMPORT_VALUE_INVALID'], [5, '不予共享依据', 'LEGAL_BASIS_REQUIRED'], [6, '信息项名称', 'ITEM_NAME_DUPLICATE']]));
    expect(body.details.errors[0].sheet).toBe('目录填报');
    // Column letters are those of the uploaded sheet (the template has no 信息资源代码 column).
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load((await p.app.inject({ url: '/api/v1/catalog/template.xlsx', headers: h.gat_editor })).rawPayload as unknown as ArrayBuffer);
    const headers = (tpl.worksheets[0]!.getRow(1).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    for (const e of body.details.errors as Array<{ header: string; column: string }>) {
      expect(e.column, e.header).toBe(String.fromCharCode(65 + headers.indexOf(e.header)));
    }
    expect(await count()).toBe(before);
  });

  it('refuses another department as provider, a non-xlsx body, a wrong role', async () => {
    const other = await importXlsx(await sheet([row({ 提供方: '四川省市场监督管理局' })]));
    expect(other.json().error.details.errors[0].code).toBe('IMPORT_PROVIDER_MISMATCH');
    const junk = await importXlsx(Buffer.from('not a zip'));
    expect([junk.statusCode, junk.json().error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
    expect((await importXlsx(await sheet([row()]), 'gat_reviewer')).statusCode).toBe(403);
    const asJson = await p.app.inject({ method: 'POST', url: '/api/v1/catalog/import', headers: h.gat_editor, payload: { a: 1 } });
    expect(asJson.statusCode).toBe(415);
  });
});

describe('xlsx import with resource codes', () => {
  // A sheet with the 信息资源代码 column (as the export has it): a code updates that resource.
  async function sheetWithCode(rows: Array<Record<string, string | number>>): Promise<Buffer> {
    const headers = ['信息资源代码', ...Object.keys(row())];
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('目录填报');
    ws.addRow(headers);
    for (const r of rows) ws.addRow(headers.map((hd) => r[hd] ?? ''));
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const publishedOf = async (slug: string) => p.ctx.db.selectFrom('catalog_resources').select(['id', 'code', 'head_version'])
    .where('department_id', '=', demoDepartmentId(slug)).where('kind', '=', 'department').where('status', '=', 'published').orderBy('code').limit(1).executeTakeFirstOrThrow();

  it('a row with an own resource code becomes a new draft version of that resource, not a new resource', async () => {
    const own = await publishedOf('gat');
    const before = await count();
    const res = await importXlsx(await sheetWithCode([row({ 信息资源代码: own.code, 信息资源名称: '已发布资源的新版本' }), row({ 信息资源代码: own.code, 信息资源名称: '已发布资源的新版本', 信息项名称: '签发机关' }), row({ 信息资源名称: '另一个新资源' })]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ imported: 1, updated: 1, updatedResources: [{ code: own.code, version: own.head_version + 1 }] });
    expect(await count()).toBe(before + 1);
    const working = (await p.app.inject({ url: `/api/v1/resources/${own.id}`, headers: h.gat_editor })).json();
    expect(working).toMatchObject({ status: 'draft', version: own.head_version + 1, name: '已发布资源的新版本' });
    expect(working.items.map((i: { name: string }) => i.name)).toEqual(['护照号码', '签发机关']);
    // the published version is untouched until the new one is published
    const published = (await p.app.inject({ url: `/api/v1/resources/${encodeURIComponent(own.code)}`, headers: h.rst_user })).json();
    expect(published.version).toBe(own.head_version);
  });

  it('an unknown code or another department\'s code is a coded error of its row, and nothing is imported', async () => {
    const own = await publishedOf('gat');
    const foreign = await publishedOf('scjgj');
    const before = await count();
    const res = await importXlsx(await sheetWithCode([
      row({ 信息资源名称: '新资源甲' }),
      row({ 信息资源代码: '399999999/999999', 信息资源名称: '不存在的资源' }),
      row({ 信息资源代码: foreign.code, 信息资源名称: '别人的资源' }),
      row({ 信息资源代码: own.code, 信息资源名称: '本部门资源' }),
    ]));
    expect(res.statusCode).toBe(400);
    const errs = res.json().error.details.errors.map((e: { row: number; column: string; code: string }) => [e.row, e.column, e.code]);
    expect(errs).toEqual([[3, 'A', 'IMPORT_CODE_UNKNOWN'], [4, 'A', 'IMPORT_CODE_FOREIGN']]);
    expect(await count()).toBe(before);
    const still = await p.ctx.db.selectFrom('catalog_resources').select(['head_version', 'status']).where('id', '=', own.id).executeTakeFirstOrThrow();
    expect(still.head_version).toBe(own.head_version);
    expect(still.status).toBe('published');
  });
});

describe('export', () => {
  it('exports published entries as JSON and xlsx (one row per item, Chinese headers)', async () => {
    const res = await p.app.inject({ url: '/api/v1/catalog/export?format=json', headers: h.rst_user });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.count).toBeGreaterThan(200);
    expect(doc.resources.every((r: { status: string }) => r.status === 'published')).toBe(true);
    const x = await p.app.inject({ url: '/api/v1/catalog/export?format=xlsx', headers: h.rst_user });
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('信息资源名称');
    const items = doc.resources.reduce((n: number, r: { items: unknown[] }) => n + r.items.length, 0);
    expect(ws.rowCount - 1).toBe(items);
  });

  it('exports DCAT-AP 3.0.0 JSON-LD with an inline context that conforms to the SHACL shapes', async () => {
    const res = await p.app.inject({ url: '/api/v1/catalog/export?format=dcat', headers: h.rst_user });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(typeof doc['@context']).toBe('object');
    const documentLoader = async (url: string) => { throw new Error(`remote context refused: ${url}`); };
    const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader }) as unknown as string;
    const data = new Store(new Parser({ format: 'N-Quads' }).parse(nquads));
    expect(data.size).toBeGreaterThan(1000);
    const shapes = new Store();
    for (const f of ['dcat-ap-3.0.0-SHACL.ttl', 'dcat-ap-3.0.0-range.ttl']) shapes.addQuads(new Parser({ format: 'text/turtle' }).parse(fs.readFileSync(path.join(STANDARDS, f), 'utf8')));
    const report = await new SHACLValidator(shapes).validate(data);
    const problems = report.results.slice(0, 5).map((r) => `${r.path?.value} ${r.message.map((m) => m.value).join(' ')} at ${r.focusNode?.value}`);
    expect(problems).toEqual([]);
    expect(report.conforms).toBe(true);
    // and the validator does see a broken dataset (a title is mandatory)
    const broken = { ...doc, 'dcat:dataset': [{ ...doc['dcat:dataset'][0], 'dct:title': undefined }] };
    const bad = new Store(new Parser({ format: 'N-Quads' }).parse(await jsonld.toRDF(broken, { format: 'application/n-quads', documentLoader }) as unknown as string));
    expect((await new SHACLValidator(shapes).validate(bad)).conforms).toBe(false);
  }, 120_000);
});
