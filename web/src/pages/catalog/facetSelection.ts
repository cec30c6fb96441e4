import type { FacetKey } from '../../api/resources';

/** Facets where several values may be chosen (any of them matches); region (a scope, Art. 9) and open take one. */
export const MULTI_FACETS: ReadonlySet<FacetKey> = new Set(['department', 'kind', 'shareType', 'format', 'updateCycle']);

/** The chosen values of a facet (comma-separated in the URL and the API). */
export const chosenValues = (v: string | undefined): string[] => (v ? v.split(',').filter(Boolean) : []);

/** The facet's new value after a click on `value`: toggled in a multi-select facet, replaced or cleared otherwise. */
export function toggleValue(key: FacetKey, current: string | undefined, value: string): string | undefined {
  const list = chosenValues(current);
  if (!MULTI_FACETS.has(key)) return list.includes(value) ? undefined : value;
  const next = list.includes(value) ? list.filter((x) => x !== value) : [...list, value];
  return next.length > 0 ? next.join(',') : undefined;
}
