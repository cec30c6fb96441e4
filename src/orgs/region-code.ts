/**
 * GB/T 2260 six-digit administrative division codes (行政区划代码).
 *
 * Layout per GB/T 2260: digits 1–2 province-level unit, 3–4 prefecture-level
 * unit (地级), 5–6 county-level unit (县级). Trailing "00" pairs mean "this
 * level itself", so xx0000 is a province and xxyy00 a prefecture. Groupings
 * such as 5001 (重庆市市辖区) or 4190 (省直辖县级行政区划) are treated as
 * ordinary prefecture codes; the brief does not need them special-cased.
 */

export type RegionLevel = 'province' | 'city' | 'county';

export type ParsedRegionCode =
  | { ok: true; level: RegionLevel; provinceCode: string; cityCode?: string }
  | { ok: false };

/** The 34 province-level codes in GB/T 2260 (incl. 71 台湾, 81 香港, 82 澳门). */
const PROVINCE_PREFIXES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export function parseRegionCode(code: string): ParsedRegionCode {
  if (!/^\d{6}$/.test(code)) return { ok: false };
  const p = code.slice(0, 2);
  const c = code.slice(2, 4);
  const d = code.slice(4, 6);
  if (!PROVINCE_PREFIXES.has(p)) return { ok: false };
  const provinceCode = `${p}0000`;
  if (c === '00') {
    // "xx00zz" with zz ≠ 00 names a county under no prefecture: not a valid code.
    return d === '00' ? { ok: true, level: 'province', provinceCode } : { ok: false };
  }
  const cityCode = `${p}${c}00`;
  if (d === '00') return { ok: true, level: 'city', provinceCode, cityCode };
  return { ok: true, level: 'county', provinceCode, cityCode };
}

/** Parent division code, or null for a province or an invalid code. */
export function parentOf(code: string): string | null {
  const r = parseRegionCode(code);
  if (!r.ok) return null;
  if (r.level === 'county') return r.cityCode ?? null;
  if (r.level === 'city') return r.provinceCode;
  return null;
}

/**
 * True when `code` lies inside `ancestorCode` (inclusive: a region is within
 * itself). Compares only the prefix that is significant at the ancestor's level,
 * so 510107 is within 510100 and 510000 but not within 510700.
 */
export function isWithin(code: string, ancestorCode: string): boolean {
  const r = parseRegionCode(code);
  const a = parseRegionCode(ancestorCode);
  if (!r.ok || !a.ok) return false;
  const significant = a.level === 'province' ? 2 : a.level === 'city' ? 4 : 6;
  return code.slice(0, significant) === ancestorCode.slice(0, significant);
}

/** The significant prefix of a region for "within" queries (`region_code LIKE prefix || '%'`). */
export function regionPrefix(code: string): string {
  const r = parseRegionCode(code);
  if (!r.ok) return code;
  return code.slice(0, r.level === 'province' ? 2 : r.level === 'city' ? 4 : 6);
}
