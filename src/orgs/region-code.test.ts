import { describe, expect, it } from 'vitest';
import { isWithin, parentOf, parseRegionCode } from './region-code.js';

describe('parseRegionCode', () => {
  it('classifies levels by trailing zero pairs', () => {
    expect(parseRegionCode('510000')).toEqual({ ok: true, level: 'province', provinceCode: '510000' });
    expect(parseRegionCode('510100')).toEqual({ ok: true, level: 'city', provinceCode: '510000', cityCode: '510100' });
    expect(parseRegionCode('510107')).toEqual({ ok: true, level: 'county', provinceCode: '510000', cityCode: '510100' });
    expect(parseRegionCode('513401')).toEqual({ ok: true, level: 'county', provinceCode: '510000', cityCode: '513400' });
  });

  it('treats direct-controlled municipalities like any province', () => {
    expect(parseRegionCode('500000')).toMatchObject({ ok: true, level: 'province' });
    expect(parseRegionCode('500101')).toMatchObject({ ok: true, level: 'county', cityCode: '500100' });
  });

  it('rejects malformed codes', () => {
    for (const bad of ['', '51000', '5100000', '51010a', '000000', '990000', '100000', '510001']) {
      expect(parseRegionCode(bad)).toEqual({ ok: false });
    }
  });
});

describe('parentOf', () => {
  it('walks county → city → province → null', () => {
    expect(parentOf('510107')).toBe('510100');
    expect(parentOf('510100')).toBe('510000');
    expect(parentOf('510000')).toBeNull();
    expect(parentOf('nope')).toBeNull();
  });
});

describe('isWithin', () => {
  it('uses the prefix significant at the ancestor level', () => {
    expect(isWithin('510107', '510100')).toBe(true);
    expect(isWithin('510107', '510000')).toBe(true);
    expect(isWithin('510100', '510000')).toBe(true);
    expect(isWithin('510703', '510100')).toBe(false);
    expect(isWithin('510107', '500000')).toBe(false);
    // A city is not within one of its own counties.
    expect(isWithin('510100', '510107')).toBe(false);
  });

  it('is inclusive and rejects invalid input', () => {
    expect(isWithin('510100', '510100')).toBe(true);
    expect(isWithin('510107', '510107')).toBe(true);
    expect(isWithin('51010x', '510000')).toBe(false);
    expect(isWithin('510107', '5100')).toBe(false);
  });
});
