import { DomainError } from '../../errors.js';
import { nodeErrors } from '../errors.js';

/**
 * Turns a driver's error into the node's answer: an unreachable source is SOURCE_UNAVAILABLE (503), a statement that
 * ran out of time SOURCE_TIMEOUT (504), a value the column's type refuses FILTER_INVALID (400), anything else
 * SOURCE_ERROR (502, details only in the node's log).
 */
const UNAVAILABLE = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT',
  'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'ENOENT', 'EACCES',
  '57P01', '57P02', '57P03', '53300', '28P01', '28000', '3D000',
]);
const TIMEOUT = new Set(['57014', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TIMEOUT_ERRNO = new Set([1969, 3024]); // MariaDB max_statement_time, MySQL max_execution_time
/** The consumer's value does not fit the column (text for an integer column, an out-of-range number): a 400, not the source's fault. */
const VALUE_REFUSED = new Set(['ER_TRUNCATED_WRONG_VALUE', 'ER_WRONG_VALUE', 'ER_WRONG_VALUE_FOR_TYPE', 'ER_WARN_DATA_OUT_OF_RANGE', 'ER_DATA_TOO_LONG']);

export function sourceError(source: string, err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const e = err as { code?: unknown; errno?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (TIMEOUT.has(code) || TIMEOUT_ERRNO.has(e.errno as number) || /Query read timeout|timeout exceeded when trying to connect.*query/i.test(message)) {
    return nodeErrors.sourceTimeout(source);
  }
  if (UNAVAILABLE.has(code) || code.startsWith('08') || /timeout exceeded when trying to connect|Connection terminated|connect ETIMEDOUT|Pool is closed/i.test(message)) {
    return nodeErrors.sourceUnavailable(source);
  }
  // PostgreSQL class 22 (data exception): 22P02 invalid input syntax, 22003 out of range, 22007/22008 bad dates, 22021
  // bad bytes; 42883: no such operator for the column's type (a prefix filter on an integer column).
  if (/^22[0-9A-Z]{3}$/.test(code) || code === '42883' || VALUE_REFUSED.has(code)) {
    return nodeErrors.filterInvalid('the value or operator does not fit the type of the source column', '值或运算符与数据源字段的类型不符');
  }
  return nodeErrors.sourceError(source);
}

/** Runs a source call, mapping its failure; the raw error goes to `log` (never to the client). */
export async function guarded<T>(source: string, log: (err: unknown) => void, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const mapped = sourceError(source, err);
    log(err); // every source failure, with the driver's own words, in the node's process log (never to the client)
    throw mapped;
  }
}

/** A promise that rejects with SOURCE_UNAVAILABLE after `ms`: the node answers, never hangs. */
export function withDeadline<T>(source: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(nodeErrors.sourceUnavailable(source)), ms);
    timer.unref();
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
