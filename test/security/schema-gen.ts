import fc from 'fast-check';

/**
 * Inputs made from the JSON schemas of /openapi.json: one valid sample per schema (the base the attacks start from),
 * and invalid or edge variants of it. Deterministic: every random choice comes from fast-check with a fixed seed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

export const SEED = 20260407;
const UUID0 = '00000000-0000-4000-8000-000000000000';
/** Values tried against a `pattern` until one matches: the formats the platform's schemas use. */
const PATTERN_CANDIDATES = ['510000', '2026-01-05', '2026-01-05T00:00:00Z', '101001001/000123', 'keep:1,1', 'none', '09:00', 'a', 'A', '1', 'a1', 'ab-1', 'x@y.z'];

function first<T>(xs: T[] | undefined): T | undefined {
  return xs && xs.length > 0 ? xs[0] : undefined;
}

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== 'null') ?? s.type[0];
  return s.type;
}

/** A value the schema accepts (required properties only). Undefined for schemas it cannot satisfy simply. */
export function validSample(s: Schema | undefined): unknown {
  if (!s) return undefined;
  if ('const' in s) return s.const;
  if (s.enum) return first(s.enum);
  if ('default' in s && s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return validSample((alt as Schema[]).find((b) => b.type !== 'null') ?? alt[0]);
  if (s.allOf) return Object.assign({}, ...(s.allOf as Schema[]).map((b) => validSample(b) as object));
  switch (typeOf(s)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of (s.required as string[] | undefined) ?? []) out[k] = validSample(s.properties?.[k]);
      return out;
    }
    case 'array': return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => validSample(s.items));
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      return s.maximum !== undefined ? Math.min(min, s.maximum) : min;
    }
    case 'boolean': return false;
    case 'null': return null;
    case 'string': return sampleString(s);
    default: return {};
  }
}

function sampleString(s: Schema): string {
  switch (s.format) {
    case 'uuid': return UUID0;
    case 'date': return '2026-01-05';
    case 'date-time': return '2026-01-05T00:00:00Z';
    case 'email': return 'fuzz@example.com';
    case 'uri': return 'http://127.0.0.1:1';
    default: break;
  }
  let v = 'a';
  if (s.pattern) {
    const re = new RegExp(s.pattern as string, 'u');
    v = PATTERN_CANDIDATES.find((c) => re.test(c)) ?? v;
  }
  const min = s.minLength ?? 0;
  return v.length >= min ? v : v.padEnd(min, 'a');
}

/** Strings meant to break things: control characters, quotes, RTL marks, astral planes, SQL, traversal. */
export const NASTY_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', "'", '"', '\\', "' OR 1=1--", "'; DROP TABLE users; --", '%', '_', '%_%', '‘’“”＇',
  '../../../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '\u202eabc', '𠀀😀🏳️‍🌈', '\ud800', '${7*7}', '{{7*7}}', '<script>alert(1)</script>',
  'null', 'undefined', 'NaN', '-1', '1e309', '0x10', 'true', '[]', '{}', '__proto__', 'constructor',
];

/** A value of the wrong JSON type for the schema. */
function wrongType(s: Schema | undefined): unknown[] {
  const t = s ? typeOf(s) : undefined;
  switch (t) {
    case 'string': return [12345, true, ['a'], { a: 1 }, null];
    case 'integer': return ['abc', 1.5, -1, -2147483649, 2 ** 53 + 1, 1e308, true, null, '1'];
    case 'number': return ['abc', -1e308, 1e308, true, null];
    case 'boolean': return ['yes', 1, null];
    case 'array': return ['a', { 0: 'a' }, null, 1];
    case 'object': return ['a', [1], null, 1];
    default: return [null, 'a', 1];
  }
}

export interface BodyCase { label: string; body: unknown; raw?: string; contentType?: string }

/** Invalid and edge variants of a JSON body for the schema, before sampling. */
export function bodyCases(s: Schema | undefined): BodyCase[] {
  const base = validSample(s);
  const cases: BodyCase[] = [
    { label: 'not JSON', body: undefined, raw: '{"a":', contentType: 'application/json' },
    { label: 'wrong content type', body: undefined, raw: 'a=1', contentType: 'application/x-www-form-urlencoded' },
    { label: 'array for object', body: [base] },
    { label: 'string body', body: 'x' },
    { label: 'number body', body: -1 },
    { label: 'prototype pollution', body: undefined, raw: `{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}${base && typeof base === 'object' && !Array.isArray(base) && Object.keys(base).length ? ',' + JSON.stringify(base).slice(1, -1) : ''}}`, contentType: 'application/json' },
    { label: 'deep nesting', body: JSON.parse('['.repeat(2000) + ']'.repeat(2000)) },
  ];
  if (!s || typeOf(s) !== 'object' || !base || typeof base !== 'object' || Array.isArray(base)) return cases;
  const obj = base as Record<string, unknown>;
  cases.push({ label: 'extra property', body: { ...obj, zzUnknownField: 1 } });
  for (const k of (s.required as string[] | undefined) ?? []) {
    const { [k]: _gone, ...rest } = obj;
    cases.push({ label: `missing ${k}`, body: rest });
  }
  for (const [k, ps] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
    for (const w of wrongType(ps)) cases.push({ label: `${k} wrong type ${JSON.stringify(w)}`, body: { ...obj, [k]: w } });
    for (const v of edgeValues(ps)) cases.push({ label: `${k} edge ${JSON.stringify(v).slice(0, 40)}`, body: { ...obj, [k]: v } });
  }
  return cases;
}

/** Edge values of the right JSON type: huge strings, unicode, SQL, extreme numbers, bad uuids and dates. */
export function edgeValues(s: Schema | undefined): unknown[] {
  const t = s ? typeOf(s) : 'string';
  if (t === 'integer' || t === 'number') return [0, -1, -(2 ** 31), 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
  if (t === 'array') return [[], Array.from({ length: 1001 }, () => validSample(s?.items)), [null], NASTY_STRINGS.slice(0, 8)];
  if (t === 'object') return [{}, { zz: 'x'.repeat(70_000) }];
  if (t !== 'string') return [];
  return [
    'x'.repeat(70_000), '中'.repeat(20_000), 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', '2026-02-30', '9999-99-99', '0000-00-00T25:61:61Z',
    ...NASTY_STRINGS,
  ];
}

/** Values for one path or query parameter (strings on the wire). */
export function paramValues(s: Schema | undefined): string[] {
  const wrong = wrongType(s).filter((v) => v !== null && typeof v !== 'object').map(String);
  const edge = edgeValues(s).filter((v) => typeof v !== 'object').map(String).filter((v) => v.length < 5000);
  return [...new Set([...wrong, ...edge, 'x'.repeat(4000), '..%2F..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f', '%00', '%E4%B8', '%FF%FE'])];
}

/** A fixed-seed sample of `n` cases (all of them when there are fewer). */
export function pick<T>(cases: T[], n: number, salt: string): T[] {
  if (cases.length <= n) return cases;
  let seed = SEED;
  for (const ch of salt) seed = (seed * 31 + ch.charCodeAt(0)) | 0;
  return fc.sample(fc.shuffledSubarray(cases, { minLength: n, maxLength: n }), { seed, numRuns: 1 })[0]!;
}

/** Random unicode strings from fast-check, fixed seed: more values no list above thought of. */
export function randomStrings(n: number, salt: number): string[] {
  return fc.sample(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme-ascii', maxLength: 40 })), { seed: SEED + salt, numRuns: n });
}
