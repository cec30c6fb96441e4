/**
 * The one normalisation used by comparison and by the `hash` mask, so that a consumer can reproduce it (docs/node.md):
 * Unicode NFKC (full-width digits, letters and spaces become half-width), trim, collapse inner white space to one
 * space, lower-case (affects Latin letters only; Chinese has no case). Dates from the sources arrive as text.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/; // already NFKC: the (slow) normalisation is skipped

export function normalizeValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return (PRINTABLE_ASCII.test(text) ? text : text.normalize('NFKC')).trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Key values are matched exactly by the database after NFKC + trim (no case folding: the index is case-sensitive). */
export function normalizeKey(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return (PRINTABLE_ASCII.test(text) ? text : text.normalize('NFKC')).trim();
}

/** A consumer's hashed input: `sha256:<64 hex>` or `sm3:<64 hex>` (the hash of the normalised value). */
export function parseHashed(value: unknown): { alg: 'sha256' | 'sm3'; hex: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(sha256|sm3):([0-9a-fA-F]{64})$/.exec(value);
  return m ? { alg: m[1] as 'sha256' | 'sm3', hex: m[2]!.toLowerCase() } : undefined;
}
