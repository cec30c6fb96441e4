import type { LightMyRequestResponse } from 'fastify';

/** What no answer may carry: a stack trace, a source path, or the database's own words (SQL text, constraint names). */
const LEAKS: Array<[RegExp, string]> = [
  [/\n\s+at [^\n]+:\d+:\d+/, 'stack trace'],
  [/node_modules\/|\/src\/[\w/.-]+\.ts|file:\/\//, 'source path'],
  [/syntax error at or near|invalid input syntax for|relation "[^"]+" does not exist|column "[^"]+" does not exist|violates [\w ]*constraint|duplicate key value|unterminated quoted string|\bSELECT\b[\s\S]{1,200}\bFROM\b|\bINSERT INTO\b|\bDELETE FROM\b/i, 'SQL text'],
  [/PGlite|kysely|node-postgres|\bpg_[a-z_]+\(/i, 'database internals'],
];

/** Problems with one answer to a bad request: a 5xx, a leak, or a 4xx without the standard coded error body. */
export function badAnswer(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 200)}`;
  for (const [re, what] of LEAKS) if (re.test(res.body)) return `${what} in ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return undefined;
  let body: { error?: { code?: unknown; message?: unknown; messageEn?: unknown } };
  try {
    body = res.json();
  } catch {
    return `${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 120)}`;
  }
  const e = body.error;
  if (!e || typeof e.code !== 'string' || !/^[A-Z][A-Z0-9_]+$/.test(e.code) || typeof e.message !== 'string' || typeof e.messageEn !== 'string') {
    return `${res.statusCode} without the standard error body: ${res.body.slice(0, 200)}`;
  }
  return undefined;
}
