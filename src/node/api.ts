import type { TicketClaims } from '../crypto/ticket-sign.js';
import type { ResourceConfig } from './config.js';
import { HttpUpstream, type UpstreamCall } from './connectors/http.js';
import { nodeErrors } from './errors.js';
import { maskersFor, servedResource, type NodeContext } from './plan.js';

/**
 * Share method `api`: the consumer's call goes to the department's own API; the answer comes back with only the
 * ticket's items, masked. Records are the JSON body (an object or a list of objects) or, when the resource names a
 * `recordsPath` ("data.list"), what sits there; in records, fields are kept under their upstream names when they
 * map to an item of the ticket and dropped otherwise. Of the envelope around the records only plain values pass
 * (code, message, total): any other object or list in it is dropped, so data outside recordsPath cannot leak.
 */
export async function runApi(ctx: NodeContext, claims: TicketClaims, call: UpstreamCall): Promise<{ status: number; body: unknown; rows: number; items: string[] }> {
  const resource = servedResource(ctx, claims);
  const upstream = ctx.sources.get(resource.source);
  if (!(upstream instanceof HttpUpstream)) throw nodeErrors.resourceNotServed(resource.code);
  const answer = await upstream.forward(resource, call);
  const items = claims.items.filter((i) => Object.hasOwn(resource.items, i));
  const project = projector(ctx, resource, claims, items);
  let rows = 0;
  const apply = (records: unknown): unknown => {
    if (Array.isArray(records)) {
      rows += records.length;
      return records.map((r) => project(r));
    }
    rows += records === null || records === undefined ? 0 : 1;
    return project(records);
  };
  const body = resource.recordsPath ? envelope(answer.body, resource.recordsPath.split('.'), apply) : apply(answer.body);
  return { status: answer.status, body, rows, items };
}

function projector(ctx: NodeContext, resource: ResourceConfig, claims: TicketClaims, items: string[]): (record: unknown) => unknown {
  const masks = maskersFor(ctx, resource, claims, items);
  const fields = items.map((i) => resource.items[i]!);
  return (record) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) return null; // not a record: nothing passes
    const src = record as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    fields.forEach((f, i) => {
      if (!Object.hasOwn(src, f)) return;
      const m = masks[i];
      out[f] = m ? m(src[f]) : src[f];
    });
    return out;
  };
}

/** Along `path`, keeps the scalar fields of each level and the next step; the records at the end go through `apply`. */
function envelope(body: unknown, path: string[], apply: (records: unknown) => unknown): unknown {
  if (path.length === 0) return apply(body);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === path[0]) out[k] = envelope(v, path.slice(1), apply);
    else if (v === null || typeof v !== 'object') out[k] = v;
  }
  return out;
}
