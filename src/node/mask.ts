import { normalizeValue } from './normalize.js';

/**
 * Masks (脱敏), applied AT THE NODE so an unmasked value never leaves it (DESIGN.md "Processes"; Art. 22 masked items).
 * Grammar (DESIGN.md "Fixed interfaces"): id_number keeps the first 6 and last 4 characters, phone the first 3 and
 * last 4, name the first; keep:F,L keeps F first and L last; every other character becomes one `*`. Also: hash
 * (keyed HMAC of the normalised value, hex, with a key only the node holds), year_only (YYYY of a date), null, none.
 * Characters are Unicode code points, so a rare-character name (CJK Extension B) is not split in half.
 */
export type Mask =
  | { kind: 'none' }
  | { kind: 'keep'; first: number; last: number }
  | { kind: 'hash' }
  | { kind: 'year_only' }
  | { kind: 'null' };

const NAMED: Record<string, Mask> = {
  none: { kind: 'none' },
  id_number: { kind: 'keep', first: 6, last: 4 },
  phone: { kind: 'keep', first: 3, last: 4 },
  name: { kind: 'keep', first: 1, last: 0 },
  hash: { kind: 'hash' },
  year_only: { kind: 'year_only' },
  null: { kind: 'null' },
};

/** The mask a spec names, or undefined when the spec is not in the grammar. */
export function parseMask(spec: string): Mask | undefined {
  if (Object.hasOwn(NAMED, spec)) return NAMED[spec];
  const m = /^keep:(\d{1,3}),(\d{1,3})$/.exec(spec);
  return m ? { kind: 'keep', first: Number(m[1]), last: Number(m[2]) } : undefined;
}

/** How many characters of the value a mask may show; smaller is stricter. */
function visible(m: Mask): number {
  switch (m.kind) {
    case 'null': return -1;
    case 'hash': return 0;
    case 'year_only': return 4;
    case 'keep': return m.first + m.last;
    case 'none': return Number.POSITIVE_INFINITY;
  }
}

/** The node's configured mask is a floor the ticket cannot loosen; on a tie the ticket's mask is used. */
export function stricterMask(ticket: Mask | undefined, node: Mask | undefined): Mask {
  const t = ticket ?? NAMED.none!;
  if (!node) return t;
  return visible(node) < visible(t) ? node : t;
}

const SURROGATE = /[\uD800-\uDFFF]/;

function keep(text: string, first: number, last: number): string {
  // Fast path for text without surrogate pairs (almost all): UTF-16 units are characters there.
  if (!SURROGATE.test(text)) {
    if (text.length <= first + last) return '*'.repeat(text.length);
    return text.slice(0, first) + '*'.repeat(text.length - first - last) + text.slice(text.length - last);
  }
  const chars = Array.from(text);
  // A value no longer than what would be kept is hidden whole: keeping it would show everything.
  if (chars.length <= first + last) return '*'.repeat(chars.length);
  return chars.slice(0, first).join('') + '*'.repeat(chars.length - first - last) + (last > 0 ? chars.slice(-last).join('') : '');
}

function asText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export type Masker = (value: unknown) => unknown;

/** A function applying one mask; `hmac` is the node's keyed hash (hex) of a normalised value. */
export function masker(mask: Mask, hmac: (text: string) => string): Masker | undefined {
  switch (mask.kind) {
    case 'none': return undefined;
    case 'null': return () => null;
    case 'keep': return (v) => (v === null || v === undefined ? null : keep(asText(v), mask.first, mask.last));
    case 'hash': return (v) => {
      const n = normalizeValue(v);
      return n === null ? null : hmac(n);
    };
    case 'year_only': return (v) => {
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return String(v.getUTCFullYear());
      const m = /^\s*(\d{4})/.exec(asText(v));
      return m ? m[1]! : null; // not a date: nothing is shown rather than something unmasked
    };
  }
}

export function applyMask(mask: Mask, value: unknown, hmac: (text: string) => string): unknown {
  const f = masker(mask, hmac);
  return f ? f(value) : value;
}
