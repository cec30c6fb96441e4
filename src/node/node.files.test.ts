import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type RunningNode } from './server.js';
import { bearer, testConfig, testKeys, ticket, type TestKeys } from './test-helpers.js';

/** Integration: CSV and xlsx fixtures written here, served by a real node. */
let keys: TestKeys;
let node: RunningNode;
const CSV_RES = 'csv-1';
const XLSX_RES = 'xlsx-1';

async function call(method: 'GET' | 'POST', p: string, t: { ticket: string }, body?: unknown) {
  const res = await fetch(`${node.url}${p}`, { method, headers: { ...bearer(t), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function writeCsv(file: string, n: number, nameOf = (g: number) => `王${g}`): void {
  const lines = ['\uFEFF证件号码,姓名,地址,更新时间'];
  for (let g = 1; g <= n; g++) lines.push(`51070019800101${String(g).padStart(4, '0')},${nameOf(g)},"绵阳市涪城区""${g}""号, 2单元",2024-03-${String((g % 28) + 1).padStart(2, '0')}`);
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
}

beforeAll(async () => {
  keys = testKeys('intl');
  writeCsv(path.join(keys.dir, 'people.csv'), 500);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('许可');
  ws.addRow(['许可证号', '单位名称', '发证日期', '有效年限']);
  for (let g = 1; g <= 200; g++) ws.addRow([`川食许${String(g).padStart(6, '0')}`, { richText: [{ text: '成都' }, { text: `餐饮${g}` }] }, new Date(Date.UTC(2023, 0, g)), g % 5 + 1]);
  await wb.xlsx.writeFile(path.join(keys.dir, 'licences.xlsx'));
  node = await startNode(testConfig(keys, {
    sources: [{ name: 'files', type: 'csv', path: '.' }, { name: 'sheet', type: 'xlsx', path: 'licences.xlsx' }],
    resources: [
      { code: CSV_RES, source: 'files', file: 'people.csv', key: ['证件号码'], updatedAtColumn: '更新时间', items: { 身份证号: '证件号码', 姓名: '姓名', 地址: '地址' }, masks: { 身份证号: 'id_number' } },
      { code: XLSX_RES, source: 'sheet', key: ['许可证号'], items: { 许可证号: '许可证号', 单位名称: '单位名称', 发证日期: '发证日期', 有效年限: '有效年限' }, compare: { distinguishNotFound: true } },
    ],
  }), { listen: { port: 0 } });
});

afterAll(async () => {
  await node?.close();
  keys?.cleanup();
});

describe('node on CSV', () => {
  const q = (over: Partial<Parameters<typeof ticket>[1]> = {}) => ticket(keys, { res: CSV_RES, items: ['身份证号', '姓名', '地址'], masks: { 姓名: 'name' }, ...over });

  it('queries with quoted fields, masks (ticket and node floor) and filters', async () => {
    const r = await call('POST', '/v1/query', q(), { filter: [{ item: '身份证号', op: 'in', value: ['510700198001010002', '510700198001010003'] }] });
    expect(r.json().rows).toEqual([
      { 身份证号: '510700********0002', 姓名: '王*', 地址: '绵阳市涪城区"2"号, 2单元' },
      { 身份证号: '510700********0003', 姓名: '王*', 地址: '绵阳市涪城区"3"号, 2单元' },
    ]);
    const n = async (filter: unknown[]) => (await call('POST', '/v1/query', q(), { filter, limit: 1000 })).json().rows.length as number;
    expect(await n([{ item: '姓名', op: 'prefix', value: '王4' }])).toBe(111); // 王4, 王40–49, 王400–499
    expect(await n([{ item: '身份证号', op: 'between', value: ['510700198001010010', '510700198001010019'] }])).toBe(10);
    expect(await n([{ item: '身份证号', op: 'gt', value: '510700198001010495' }])).toBe(5);
  });

  it('pages in key order and compares against the file', async () => {
    const first = (await call('POST', '/v1/query', q(), { items: ['地址'], limit: 200 })).json();
    const second = (await call('POST', '/v1/query', q(), { items: ['地址'], limit: 200, cursor: first.next })).json();
    const third = (await call('POST', '/v1/query', q(), { items: ['地址'], limit: 200, cursor: second.next })).json();
    expect([first.rows.length, second.rows.length, third.rows.length, third.next]).toEqual([200, 200, 100, undefined]);
    const cmp = await call('POST', '/v1/compare', q({ method: 'compare' }), { keys: ['身份证号'], records: [{ 身份证号: '510700198001010007', 姓名: '王7' }, { 身份证号: '510700198001010008', 姓名: '王9' }] });
    expect(cmp.json().results.map((x: { status: string }) => x.status)).toEqual(['match', 'mismatch']);
  });

  it('exports CSV and NDJSON, incremental by the update column', async () => {
    const csv = (await call('GET', '/v1/export?format=csv', q({ method: 'export' }))).text.split('\r\n').filter(Boolean);
    expect(csv).toHaveLength(501);
    expect(csv[1]).toBe('510700********0001,王*,"绵阳市涪城区""1""号, 2单元"');
    const since = (await call('GET', '/v1/export?since=2024-03-28', q({ method: 'export' }))).text.trim().split('\n');
    expect(since.filter((l) => !l.startsWith('{"$'))).toHaveLength(17); // g % 28 = 27
  });

  it('reloads the file when it changes', async () => {
    const file = path.join(keys.dir, 'people.csv');
    writeCsv(file, 3, (g) => `赵${g}`);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    await new Promise((r) => setTimeout(r, 2100));
    const r = await call('POST', '/v1/query', q({ masks: {} }), { items: ['姓名'] });
    expect(r.json().rows).toEqual([{ 姓名: '赵1' }, { 姓名: '赵2' }, { 姓名: '赵3' }]);
  });
});

describe('node on xlsx', () => {
  const q = (over: Partial<Parameters<typeof ticket>[1]> = {}) => ticket(keys, { res: XLSX_RES, items: ['许可证号', '单位名称', '发证日期', '有效年限'], ...over });

  it('reads rich text, dates and numbers', async () => {
    const r = await call('POST', '/v1/query', q(), { filter: [{ item: '许可证号', op: 'eq', value: '川食许000031' }] });
    expect(r.json().rows).toEqual([{ 许可证号: '川食许000031', 单位名称: '成都餐饮31', 发证日期: '2023-01-31', 有效年限: 2 }]);
    const n = (await call('POST', '/v1/query', q(), { filter: [{ item: '有效年限', op: 'gt', value: 4 }], limit: 1000 })).json().rows.length;
    expect(n).toBe(40);
  });

  it('compares, telling not_found apart as configured', async () => {
    const r = await call('POST', '/v1/compare', q({ method: 'compare' }), { keys: ['许可证号'], records: [{ 许可证号: '川食许000002', 单位名称: '成都餐饮2' }, { 许可证号: '川食许999999', 单位名称: '成都餐饮2' }] });
    expect(r.json().results).toEqual([{ index: 0, status: 'match', items: { 单位名称: 'match' } }, { index: 1, status: 'not_found', items: {} }]);
  });

  it('reports row counts (Art. 21)', async () => {
    const s = (await call('GET', '/v1/stats', ticket(keys, { res: '*', items: [], method: 'stats' }))).json();
    expect(s.resources.find((r: { code: string }) => r.code === XLSX_RES)).toMatchObject({ rows: 200 });
  });
});
