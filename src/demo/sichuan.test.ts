import { describe, expect, it } from 'vitest';
import { validateCreditCode } from '../orgs/credit-code.js';
import { parseRegionCode } from '../orgs/region-code.js';
import { ALL_DEPARTMENTS, CITY_DEPARTMENTS, COUNTY_DEPARTMENTS, MANAGEMENT_OFFICE_SLUG, PROVINCE_DEPARTMENTS } from './departments.js';
import { SICHUAN_REGIONS, findRegion } from './sichuan.js';

const CITIES: Record<string, string> = {
  '510100': '成都市', '510300': '自贡市', '510400': '攀枝花市', '510500': '泸州市',
  '510600': '德阳市', '510700': '绵阳市', '510800': '广元市', '510900': '遂宁市',
  '511000': '内江市', '511100': '乐山市', '511300': '南充市', '511400': '眉山市',
  '511500': '宜宾市', '511600': '广安市', '511700': '达州市', '511800': '雅安市',
  '511900': '巴中市', '512000': '资阳市', '513200': '阿坝藏族羌族自治州',
  '513300': '甘孜藏族自治州', '513400': '凉山彝族自治州',
};

describe('SICHUAN_REGIONS', () => {
  it('has the province and exactly the 21 prefecture-level units', () => {
    expect(findRegion('510000')).toMatchObject({ name: '四川省', level: 'province' });
    const cities = SICHUAN_REGIONS.filter((r) => r.level === 'city');
    expect(Object.fromEntries(cities.map((c) => [c.code, c.name]))).toEqual(CITIES);
  });

  it('has unique codes whose parsed level and parent agree with the data', () => {
    expect(new Set(SICHUAN_REGIONS.map((r) => r.code)).size).toBe(SICHUAN_REGIONS.length);
    for (const r of SICHUAN_REGIONS) {
      const p = parseRegionCode(r.code);
      expect(p).toMatchObject({ ok: true, level: r.level, provinceCode: '510000' });
      if (r.level === 'city') expect(r.parentCode).toBe('510000');
      if (r.level === 'county') {
        expect(p.ok && p.cityCode).toBe(r.parentCode);
        expect(findRegion(r.parentCode ?? '')?.level).toBe('city');
      }
    }
  });
});

describe('departments', () => {
  it('has about 40 provincial departments including the management office', () => {
    expect(PROVINCE_DEPARTMENTS.length).toBeGreaterThanOrEqual(40);
    expect(PROVINCE_DEPARTMENTS.find((d) => d.slug === MANAGEMENT_OFFICE_SLUG)?.name).toBe('四川省人民政府办公厅');
  });

  it('every code is valid and unique; slugs and names unique', () => {
    for (const d of ALL_DEPARTMENTS) {
      expect(validateCreditCode(d.code), d.name).toEqual({ ok: true });
      expect(d.code.slice(2, 8)).toBe(d.regionCode);
      expect(d.code.slice(0, 2)).toBe('11'); // 机构编制 / 机关
      expect(findRegion(d.regionCode), d.name).toBeDefined();
    }
    const uniq = (xs: string[]) => new Set(xs).size === xs.length;
    expect(uniq(ALL_DEPARTMENTS.map((d) => d.code))).toBe(true);
    expect(uniq(ALL_DEPARTMENTS.map((d) => d.slug))).toBe(true);
    expect(uniq(ALL_DEPARTMENTS.map((d) => d.name))).toBe(true);
  });

  it('places city and county departments in 成都 and 武侯区', () => {
    expect(CITY_DEPARTMENTS.every((d) => d.regionCode === '510100')).toBe(true);
    expect(COUNTY_DEPARTMENTS.every((d) => d.regionCode === '510107')).toBe(true);
    expect(COUNTY_DEPARTMENTS.length).toBe(2);
  });
});
