import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators: bodies are strict (no type coercion, unknown fields refused, as DESIGN.md asks of bad
 * input); query strings and path parameters are text on the wire, so numbers and booleans are coerced there.
 */
function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: false, coerceTypes: coerce, removeAdditional: false, useDefaults: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

/** Where a string holding NUL (U+0000) is, or undefined. PostgreSQL text cannot store NUL: it would fail as a 500 deep inside. */
function nulAt(v: unknown, path: string, depth = 0): string | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? path : undefined;
  if (depth > 64 || v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return undefined; // uploads (Buffer) are not text
  for (const [k, x] of Object.entries(v)) {
    const found = nulAt(x, `${path}/${k}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const validate = (httpPart === 'body' ? strict : coercing).compile(schema);
  const checked = Object.assign((data: unknown, ctx?: Parameters<typeof validate>[1]) => {
    const ok = validate(data, ctx);
    checked.errors = validate.errors;
    if (!ok) return false;
    const at = nulAt(data, '');
    if (at === undefined) return true;
    checked.errors = [{ instancePath: at, schemaPath: '#', keyword: 'nul', params: {}, message: 'must not contain the NUL character' }];
    return false;
  }, { errors: null as typeof validate.errors, schemaEnv: validate.schemaEnv });
  return checked;
};
