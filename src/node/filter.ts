import type { TicketClaims } from '../crypto/ticket-sign.js';
import type { ResourceConfig } from './config.js';
import { nodeErrors } from './errors.js';
import { requireItems } from './ticket.js';

/**
 * Structured filters (SPEC C2: consumers never send SQL). A filter names an item, not a column: the column comes
 * only from the node configuration's item → column map, and every value becomes a bound parameter (sql.ts).
 */
export type FilterOp = 'eq' | 'in' | 'gt' | 'lt' | 'between' | 'prefix';
export type Scalar = string | number | boolean;
export interface Filter { item: string; op: FilterOp; value: unknown }
export interface CheckedFilter { item: string; column: string; op: FilterOp; values: Scalar[] }

export const MAX_FILTERS = 20;
export const MAX_IN_VALUES = 1000;
const MAX_VALUE_LENGTH = 1000;
const OPS: readonly FilterOp[] = ['eq', 'in', 'gt', 'lt', 'between', 'prefix'];

function scalar(v: unknown, where: string): Scalar {
  if (typeof v === 'string') {
    if (v.length > MAX_VALUE_LENGTH) throw nodeErrors.filterInvalid(`${where}: value longer than ${MAX_VALUE_LENGTH}`, `${where}：值过长`);
    // PostgreSQL text cannot hold NUL at all; refused here the same way for every source type.
    if (v.includes('\u0000')) throw nodeErrors.filterInvalid(`${where}: value contains a NUL character`, `${where}：值含有 NUL 字符`);
    return v;
  }
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean') return v;
  throw nodeErrors.filterInvalid(`${where}: value must be a string, number or boolean`, `${where}：值应为字符串、数字或布尔值`);
}

/** Checks filters against the ticket (ITEM_NOT_IN_TICKET: filtering on an item reveals it) and the resource's items. */
export function checkFilters(raw: unknown, resource: ResourceConfig, claims: TicketClaims): CheckedFilter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw nodeErrors.filterInvalid('filter must be a list', 'filter 应为数组');
  if (raw.length > MAX_FILTERS) throw nodeErrors.tooMany('filter', '过滤条件数', MAX_FILTERS);
  return raw.map((f: unknown, i): CheckedFilter => {
    const where = `filter[${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) throw nodeErrors.filterInvalid(`${where} must be an object`, `${where} 应为对象`);
    const { item, op, value, ...extra } = f as Filter & Record<string, unknown>;
    if (Object.keys(extra).length > 0) throw nodeErrors.filterInvalid(`${where} has unknown field ${Object.keys(extra)[0]}`, `${where} 含未知字段`);
    if (typeof item !== 'string') throw nodeErrors.filterInvalid(`${where}.item must be a string`, `${where}.item 应为字符串`);
    if (!OPS.includes(op)) throw nodeErrors.filterInvalid(`${where}.op must be one of ${OPS.join('|')}`, `${where}.op 应为 ${OPS.join('|')} 之一`);
    requireItems(claims, [item]);
    if (!Object.hasOwn(resource.items, item)) throw nodeErrors.itemNotServed(item);
    const column = resource.items[item]!;
    let values: Scalar[];
    if (op === 'in') {
      if (!Array.isArray(value) || value.length === 0) throw nodeErrors.filterInvalid(`${where}: "in" takes a non-empty list`, `${where}：in 需要非空数组`);
      if (value.length > MAX_IN_VALUES) throw nodeErrors.tooMany(`${where} "in" list`, `${where} 的 in 列表`, MAX_IN_VALUES);
      values = value.map((v, j) => scalar(v, `${where}.value[${j}]`));
    } else if (op === 'between') {
      if (!Array.isArray(value) || value.length !== 2) throw nodeErrors.filterInvalid(`${where}: "between" takes [low, high]`, `${where}：between 需要 [下限, 上限]`);
      values = value.map((v, j) => scalar(v, `${where}.value[${j}]`));
    } else {
      values = [scalar(value, `${where}.value`)];
      if (op === 'prefix' && (typeof values[0] !== 'string' || values[0] === '')) throw nodeErrors.filterInvalid(`${where}: "prefix" takes a non-empty string`, `${where}：prefix 需要非空字符串`);
    }
    return { item, column, op, values };
  });
}

/** LIKE pattern text for a prefix: `!`, `%` and `_` escaped with `!` (ESCAPE '!' works alike in PostgreSQL and MySQL, whatever their backslash settings). */
export function escapeLike(prefix: string): string {
  return prefix.replace(/[!%_]/g, (c) => `!${c}`);
}
