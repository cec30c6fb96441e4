/**
 * Real GB/T 2260 division codes for 四川省 (province code 51): the province,
 * all 21 prefecture-level units and a sample of county-level units. Names and
 * codes are as currently published by the Ministry of Civil Affairs; do not add
 * made-up codes here — synthetic data belongs elsewhere.
 */
import type { RegionLevel } from '../orgs/region-code.js';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode?: string;
}

export const SICHUAN_PROVINCE_CODE = '510000';

const city = (code: string, name: string): Region => ({ code, name, level: 'city', parentCode: SICHUAN_PROVINCE_CODE });
const county = (code: string, name: string, parentCode: string): Region => ({ code, name, level: 'county', parentCode });

export const SICHUAN_REGIONS: Region[] = [
  { code: SICHUAN_PROVINCE_CODE, name: '四川省', level: 'province' },
  // 18 prefecture-level cities (地级市).
  city('510100', '成都市'),
  city('510300', '自贡市'),
  city('510400', '攀枝花市'),
  city('510500', '泸州市'),
  city('510600', '德阳市'),
  city('510700', '绵阳市'),
  city('510800', '广元市'),
  city('510900', '遂宁市'),
  city('511000', '内江市'),
  city('511100', '乐山市'),
  city('511300', '南充市'),
  city('511400', '眉山市'),
  city('511500', '宜宾市'),
  city('511600', '广安市'),
  city('511700', '达州市'),
  city('511800', '雅安市'),
  city('511900', '巴中市'),
  city('512000', '资阳市'),
  // 3 autonomous prefectures (自治州) use the 5132–5134 block.
  city('513200', '阿坝藏族羌族自治州'),
  city('513300', '甘孜藏族自治州'),
  city('513400', '凉山彝族自治州'),
  // Sample county-level units.
  county('510104', '锦江区', '510100'),
  county('510105', '青羊区', '510100'),
  county('510106', '金牛区', '510100'),
  county('510107', '武侯区', '510100'),
  county('510108', '成华区', '510100'),
  county('510116', '双流区', '510100'),
  county('510117', '郫都区', '510100'),
  county('510302', '自流井区', '510300'),
  county('510502', '江阳区', '510500'),
  county('510603', '旌阳区', '510600'),
  county('510703', '涪城区', '510700'),
  county('511102', '市中区', '511100'),
  county('511302', '顺庆区', '511300'),
  county('511502', '翠屏区', '511500'),
  county('513201', '马尔康市', '513200'),
  county('513301', '康定市', '513300'),
  county('513401', '西昌市', '513400'),
];

export function findRegion(code: string): Region | undefined {
  return SICHUAN_REGIONS.find((r) => r.code === code);
}
