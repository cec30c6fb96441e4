import type { ResourceBody, StoredItem } from './model.js';

/** A field-level difference between two versions of a resource (GET /resources/{code}/diff). */
export interface FieldChange { field: string; from: unknown; to: unknown }
export interface VersionDiff {
  changes: FieldChange[];
  items: { added: StoredItem[]; removed: StoredItem[]; changed: Array<{ name: string; changes: FieldChange[] }> };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value ?? null);
  }
}

function fieldChanges(a: object, b: object): FieldChange[] {
  const fa = new Map<string, unknown>();
  const fb = new Map<string, unknown>();
  flatten(a, '', fa);
  flatten(b, '', fb);
  const fields = [...new Set([...fa.keys(), ...fb.keys()])];
  return fields.filter((f) => !same(fa.get(f) ?? null, fb.get(f) ?? null)).map((f) => ({ field: f, from: fa.get(f) ?? null, to: fb.get(f) ?? null }));
}

/** Items are matched by name: an item renamed shows as one removed and one added. */
export function diffVersions(from: ResourceBody, to: ResourceBody): VersionDiff {
  const { items: ia, ...ra } = from;
  const { items: ib, ...rb } = to;
  const byName = (list: StoredItem[]) => new Map(list.map((i) => [i.name, i]));
  const ma = byName(ia);
  const mb = byName(ib);
  const changed = ib.filter((i) => ma.has(i.name)).map((i) => ({ name: i.name, changes: fieldChanges(ma.get(i.name)!, i) })).filter((c) => c.changes.length > 0);
  const order = !same(ia.map((i) => i.name).filter((n) => mb.has(n)), ib.map((i) => i.name).filter((n) => ma.has(n)));
  const changes = fieldChanges(ra, rb);
  if (order) changes.push({ field: 'items.order', from: ia.map((i) => i.name), to: ib.map((i) => i.name) });
  return {
    changes,
    items: { added: ib.filter((i) => !ma.has(i.name)), removed: ia.filter((i) => !mb.has(i.name)), changed },
  };
}
