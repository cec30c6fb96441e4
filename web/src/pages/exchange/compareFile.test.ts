import { describe, expect, it } from 'vitest';
import type { CompareResult } from '../../api/exchange';
import { autoMapping, countStatuses, decodeText, prepareRecords, resultSheet, toTable } from './compareFile';

const table = toTable([
  ['身份证号', '姓名', '备注'],
  ['510104199001011234', '张三', 'a'],
  ['', '李四', 'b'],
  ['  ', '', ''],
  ['510104199202022345', '', 'c'],
]);

describe('comparison files', () => {
  it('maps columns named like allowed items', () => {
    expect(autoMapping(table.header, ['姓名', '身份证号', '性别'])).toEqual({ 0: '身份证号', 1: '姓名' });
  });

  it('sends keys and non-empty compared values; rows without a key are skipped and reported', () => {
    const p = prepareRecords(table, { 0: '身份证号', 1: '姓名' }, ['身份证号'], ['姓名']);
    expect(p.records).toEqual([{ 身份证号: '510104199001011234', 姓名: '张三' }, { 身份证号: '510104199202022345' }]);
    expect(p.fileRows).toEqual([2, 5]);
    expect(p.skipped).toEqual([{ fileRow: 3, missing: ['身份证号'] }]);
  });

  it('writes verdicts only, next to the consumer’s own keys', () => {
    const p = prepareRecords(table, { 0: '身份证号', 1: '姓名' }, ['身份证号'], ['姓名']);
    const results: CompareResult[] = [
      { index: 0, status: 'mismatch', items: { 姓名: 'mismatch' } },
      { index: 1, status: 'not_found', items: {} },
    ];
    const sheet = resultSheet(p, results, ['身份证号'], ['姓名'], {
      fileRow: '行号',
      result: '结果',
      status: { match: '一致', mismatch: '不一致', not_found: '未找到' },
      item: { match: '一致', mismatch: '不一致', absent: '未比对' },
      itemColumn: (i) => `${i}比对`,
    });
    expect(sheet.header).toEqual(['行号', '身份证号', '结果', '姓名比对']);
    expect(sheet.rows).toEqual([
      [2, '510104199001011234', '不一致', '不一致'],
      [5, '510104199202022345', '未找到', '未比对'],
    ]);
    expect(countStatuses(results)).toEqual({ match: 0, mismatch: 1, not_found: 1 });
  });

  it('reads UTF-8 and GBK CSV text', () => {
    expect(decodeText(new TextEncoder().encode('姓名,身份证号').buffer)).toBe('姓名,身份证号');
    const gbk = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb]); // 姓名 in GBK
    expect(decodeText(gbk.buffer)).toBe('姓名');
  });
});
