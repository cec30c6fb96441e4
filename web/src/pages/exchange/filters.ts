import type { Filter, FilterOp, Scalar } from '../../api/exchange';

/**
 * The query console's filter rows and their conversion to the bus's structured filters (SPEC C2: consumers
 * never send SQL). Values of numeric items are sent as numbers; the node binds every value as a parameter.
 */
export interface FilterRow {
  id: number;
  item?: string;
  op: FilterOp;
  /** eq, gt, lt, prefix; the low end of between. */
  value: string;
  /** The high end of between. */
  value2: string;
  /** in */
  values: string[];
}

const NUMERIC = new Set(['N', 'Y', 'I', 'F', 'B']);
/** The node's limits (src/node/filter.ts). */
export const MAX_FILTERS = 20;
export const MAX_IN_VALUES = 1000;

export type FilterProblem = { row: number; code: 'item' | 'value' | 'number' | 'inTooMany' };

function scalar(text: string, dataType: string | undefined): Scalar | undefined {
  const v = text.trim();
  if (v === '') return undefined;
  if (dataType && NUMERIC.has(dataType)) {
    const n = Number(v);
    return Number.isFinite(n) ? n : Number.NaN;
  }
  return v;
}

/** The filters to send, or the first row that is not complete yet. */
export function buildFilters(rows: FilterRow[], typeOf: (item: string) => string | undefined): { filters: Filter[] } | { problem: FilterProblem } {
  const filters: Filter[] = [];
  for (const [i, r] of rows.entries()) {
    if (!r.item) return { problem: { row: i, code: 'item' } };
    const type = typeOf(r.item);
    let value: Scalar | Scalar[] | undefined;
    if (r.op === 'in') {
      const list = r.values.map((v) => scalar(v, type)).filter((v): v is Scalar => v !== undefined);
      if (list.length > MAX_IN_VALUES) return { problem: { row: i, code: 'inTooMany' } };
      value = list.length > 0 ? list : undefined;
    } else if (r.op === 'between') {
      const lo = scalar(r.value, type);
      const hi = scalar(r.value2, type);
      value = lo === undefined || hi === undefined ? undefined : [lo, hi];
    } else {
      // prefix matches text, whatever the item's type
      value = r.op === 'prefix' ? r.value.trim() || undefined : scalar(r.value, type);
    }
    if (value === undefined) return { problem: { row: i, code: 'value' } };
    if ((Array.isArray(value) ? value : [value]).some((v) => typeof v === 'number' && Number.isNaN(v))) return { problem: { row: i, code: 'number' } };
    filters.push({ item: r.item, op: r.op, value });
  }
  return { filters };
}
