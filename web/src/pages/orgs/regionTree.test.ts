import { describe, expect, it } from 'vitest';
import { inferFromCode, regionTree } from './regionTree';

describe('regionTree', () => {
  it('nests counties under cities under provinces', () => {
    const tree = regionTree([
      { code: '510104', name: '锦江区', level: 'county', parentCode: '510100' },
      { code: '510000', name: '四川省', level: 'province', parentCode: null },
      { code: '510100', name: '成都市', level: 'city', parentCode: '510000' },
      { code: '510300', name: '自贡市', level: 'city', parentCode: '510000' },
    ]);
    expect(tree.map((n) => n.code)).toEqual(['510000']);
    expect(tree[0]?.children?.map((n) => n.code)).toEqual(['510100', '510300']);
    expect(tree[0]?.children?.[0]?.children?.map((n) => n.name)).toEqual(['锦江区']);
  });

  it('keeps a region whose parent is missing as a root', () => {
    expect(regionTree([{ code: '510100', name: '成都市', level: 'city', parentCode: '510000' }])).toHaveLength(1);
  });
});

describe('inferFromCode', () => {
  it('reads the level and parent from a GB/T 2260 code', () => {
    expect(inferFromCode('510000')).toEqual({ level: 'province' });
    expect(inferFromCode('510100')).toEqual({ level: 'city', parentCode: '510000' });
    expect(inferFromCode('510104')).toEqual({ level: 'county', parentCode: '510100' });
    expect(inferFromCode('5101')).toBeNull();
  });
});
