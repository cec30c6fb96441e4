/**
 * Quick checks of a unified social credit code (GB 32100) while the clerk types. The server
 * validates fully (region, check digits) and answers CREDIT_CODE_INVALID; its message is shown
 * on the same field.
 */
const CHARSET = /^[0-9A-HJ-NPQRTUWXY]*$/;

export type CreditCodeProblem = 'length' | 'charset';

export function creditCodeProblem(code: string): CreditCodeProblem | null {
  // Charset first: "too short" is unhelpful when the clerk typed an O for a 0.
  if (!CHARSET.test(code)) return 'charset';
  if (code.length !== 18) return 'length';
  return null;
}
