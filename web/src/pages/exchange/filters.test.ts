import { describe, expect, it } from 'vitest';
import { buildFilters, type FilterRow } from './filters';

const row = (r: Partial<FilterRow>): FilterRow => ({ id: 1, op: 'eq', value: '', value2: '', values: [], ...r });
const types: Record<string, string> = { 姓名: 'C', 年龄: 'I', 注册资本: 'Y' };
const typeOf = (i: string) => types[i];

describe('buildFilters', () => {
  it('makes the bus filters, numbers for numeric items', () => {
    expect(
      buildFilters(
        [
          row({ item: '姓名', op: 'prefix', value: ' 张 ' }),
          row({ item: '年龄', op: 'between', value: '18', value2: '60' }),
          row({ item: '注册资本', op: 'gt', value: '100.5' }),
          row({ item: '姓名', op: 'in', values: ['张三', ' ', '李四'] }),
        ],
        typeOf,
      ),
    ).toEqual({
      filters: [
        { item: '姓名', op: 'prefix', value: '张' },
        { item: '年龄', op: 'between', value: [18, 60] },
        { item: '注册资本', op: 'gt', value: 100.5 },
        { item: '姓名', op: 'in', value: ['张三', '李四'] },
      ],
    });
  });

  it('keeps text as text, even when it looks like a number', () => {
    expect(buildFilters([row({ item: '姓名', value: '007' })], typeOf)).toEqual({ filters: [{ item: '姓名', op: 'eq', value: '007' }] });
  });

  it('names the first incomplete row', () => {
    expect(buildFilters([row({ item: '姓名', value: 'x' }), row({})], typeOf)).toEqual({ problem: { row: 1, code: 'item' } });
    expect(buildFilters([row({ item: '姓名', op: 'between', value: 'a' })], typeOf)).toEqual({ problem: { row: 0, code: 'value' } });
    expect(buildFilters([row({ item: '姓名', op: 'in', values: [] })], typeOf)).toEqual({ problem: { row: 0, code: 'value' } });
    expect(buildFilters([row({ item: '年龄', value: '十八' })], typeOf)).toEqual({ problem: { row: 0, code: 'number' } });
  });
});
