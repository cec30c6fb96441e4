/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 *   pos 1     registration authority code (登记管理部门代码)
 *   pos 2     organisation category code (机构类别代码), meaning depends on pos 1
 *   pos 3–8   GB/T 2260 administrative division code of the registering authority
 *   pos 9–17  organisation code (组织机构代码, GB 11714): 8 body chars + check char
 *   pos 18    GB 32100 check character over positions 1–17
 */
import { parseRegionCode } from './region-code.js';

export type CreditCodeReason = 'length' | 'charset' | 'registration_authority' | 'region' | 'check_digit';
export type CreditCodeResult = { ok: true } | { ok: false; reason: CreditCodeReason };

/** GB 32100-2015 code character set: 0-9 and A-Z minus I, O, Z, S, V (31 symbols); index = value. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 check-character weights W_i = 3^(i-1) mod 31 for i = 1..17. */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714-1997 weights for the 8-char organisation code body. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * Registration authority codes: 1-9 and A-G as the brief lists (1 机构编制,
 * 5 民政, 9 工商/市场监管 from GB 32100 Table 1; others assigned later to e.g.
 * 外交, 司法行政, 文化, 宗教, 工会, 中央军委), N 农业 (农村集体经济组织, issued by
 * 农业农村部 after the standard) and Y 其他.
 */
const AUTHORITIES = /^[1-9A-GNY]$/;

/** GB 32100 check character for the first 17 characters. Throws on bad input. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('creditCodeCheckChar needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) throw new RangeError(`invalid credit code character at position ${i + 1}`);
    sum += v * (CREDIT_WEIGHTS[i] ?? 0);
  }
  // C18 = 31 − (Σ mod 31), with 31 mapped back to 0.
  return CHARSET[(31 - (sum % 31)) % 31] ?? '0';
}

/** GB 11714 check character ('0'-'9' or 'X') for an 8-char organisation code body. */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError('organisation code body must be 8 chars of 0-9A-Z');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    // GB 11714: digits keep their value, letters A–Z are 10–35.
    sum += parseInt(body8[i] ?? '0', 36) * (ORG_WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11); // 10 → 'X', 11 → '0'
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function validateCreditCode(code: string): CreditCodeResult {
  if (code.length !== 18) return { ok: false, reason: 'length' };
  for (const ch of code) if (!CHARSET.includes(ch)) return { ok: false, reason: 'charset' };
  if (!AUTHORITIES.test(code[0] ?? '')) return { ok: false, reason: 'registration_authority' };
  // Only the digit form is checked: real, checksum-valid codes carry prefixes
  // that are not GB/T 2260 divisions (100000 for central-level bodies, 991000).
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: 'region' };
  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) return { ok: false, reason: 'check_digit' };
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return { ok: false, reason: 'check_digit' };
  return { ok: true };
}

export interface MakeCreditCodeInput {
  authority: string;
  category: string;
  regionCode: string;
  /** 0 … 99 999 999; becomes the zero-padded 8-digit organisation code body. */
  orgSeq: number;
}

/**
 * Deterministically builds a valid code for synthetic demo data. The body is
 * purely numeric so it always stays inside the GB 32100 charset; it is not a
 * real organisation's code and must never be presented as one.
 */
export function makeCreditCode({ authority, category, regionCode, orgSeq }: MakeCreditCodeInput): string {
  if (!Number.isSafeInteger(orgSeq) || orgSeq < 0 || orgSeq > 99_999_999) {
    throw new RangeError('orgSeq must be an integer in 0..99999999');
  }
  // Synthetic data should at least name a well-formed GB/T 2260 division.
  if (!parseRegionCode(regionCode).ok) throw new RangeError(`not a GB/T 2260 division code: ${regionCode}`);
  const body = String(orgSeq).padStart(8, '0');
  const first17 = `${authority}${category}${regionCode}${body}${orgCodeCheckChar(body)}`;
  const code = first17 + creditCodeCheckChar(first17);
  const check = validateCreditCode(code);
  if (!check.ok) throw new RangeError(`makeCreditCode produced an invalid code (${check.reason})`);
  return code;
}
