import type { TicketClaims } from '../crypto/ticket-sign.js';
import type { Cursors } from './cursor.js';
import { nodeErrors } from './errors.js';
import { CHUNK_BYTES, rowWriter, type ExportFormat } from './export-format.js';
import { checkItems, columnPlan, maskersFor, servedResource, tableSource, type NodeContext } from './plan.js';
import type { Row } from './connectors/types.js';
import { DomainError } from '../errors.js';

/**
 * Bulk export (share method `table`): rows in key order, masked per row, streamed with back-pressure — the next batch
 * is fetched only when the consumer has taken the previous chunk, so memory stays flat whatever the table size.
 * Incremental: `since` selects rows whose updatedAtColumn ≥ since (local time of the source, as text); resumable:
 * `cursor` is a "$cursor" line of an earlier export with the same `since`.
 */
export const EXPORT_BATCH = 10_000;
const SINCE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?$/;

export interface ExportQuery { format?: string; since?: string; cursor?: string; items?: string }

export interface ExportProgress { rows: number; bytes: number; completed: boolean; items: string[]; failed?: string }

/** Asia/Shanghai wall-clock time (DESIGN.md: the time zone is always Asia/Shanghai), the next export's `since`. */
function shanghaiNow(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Checks the request and fetches the first batch before answering, so a refused request or an unreachable source
 * is a proper error response rather than a stream cut after the headers.
 */
export async function startExport(ctx: NodeContext, cursors: Cursors, claims: TicketClaims, q: ExportQuery):
  Promise<{ format: ExportFormat; chunks: AsyncGenerator<Buffer>; progress: ExportProgress; release(): Promise<void> }> {
  const resource = servedResource(ctx, claims);
  const format = (q.format ?? 'ndjson') as ExportFormat;
  if (format !== 'ndjson' && format !== 'csv') throw nodeErrors.filterInvalid('format must be ndjson or csv', 'format 应为 ndjson 或 csv');
  const items = checkItems(resource, claims, q.items === undefined ? undefined : q.items.split(',').filter(Boolean));
  if (q.since !== undefined && !SINCE.test(q.since)) throw nodeErrors.filterInvalid('since must be YYYY-MM-DD[ HH:MM[:SS]]', 'since 应为 YYYY-MM-DD[ HH:MM[:SS]]');
  if (q.since !== undefined && !resource.updatedAtColumn) {
    throw new DomainError('EXPORT_SINCE_UNSUPPORTED', 400, '该资源未配置更新时间列，不支持增量导出', 'This resource has no updatedAtColumn, so it has no incremental export');
  }
  const binding = q.since ?? '';
  const after = q.cursor ? cursors.open(q.cursor, resource.code, 'export', binding) : undefined;
  const plan = columnPlan(resource, items);
  const maxRows = claims.limits?.maxExportRows ?? Number.POSITIVE_INFINITY;
  const source = tableSource(ctx, resource).exportRows(resource, { columns: plan.columns, after, since: q.since, batchSize: EXPORT_BATCH });
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  const writer = rowWriter(format, items, plan.itemPos, maskersFor(ctx, resource, claims, items));
  const progress: ExportProgress = { rows: 0, bytes: 0, completed: false, items };
  const asOf = shanghaiNow();

  async function* chunks(): AsyncGenerator<Buffer> {
    let buf = writer.header();
    let last: Row | undefined;
    let truncated = false;
    const emit = (end?: string) => {
      if (format === 'ndjson' && last) buf += writer.cursorLine(cursors.seal(resource.code, 'export', binding, plan.keyPos.map((i) => last![i])));
      if (end) buf += end;
      const out = Buffer.from(buf); // encoded once, here; the socket writes these bytes as they are
      buf = '';
      progress.bytes += out.length;
      return out;
    };
    try {
      let next = first;
      outer: while (!next.done) {
        for (const row of next.value) {
          if (progress.rows >= maxRows) {
            truncated = true;
            break outer;
          }
          buf += writer.row(row);
          progress.rows++;
          last = row;
          if (buf.length >= CHUNK_BYTES) yield emit();
        }
        next = await it.next();
      }
      const end = emit(writer.endLine({ rows: progress.rows, asOf, truncated }));
      if (end.length > 0) yield end;
      progress.completed = true;
    } catch (err) {
      // After the headers went out an error can only cut the stream (no "$end" line): the consumer resumes.
      progress.failed = (err as { code?: string }).code ?? 'INTERNAL_ERROR';
      throw err;
    } finally {
      await it.return?.(); // releases the source's cursor and connection when the consumer goes away
    }
  }
  // Call when the response closes, however: a generator never started would not run its `finally`.
  const release = async () => { await it.return?.(); };
  return { format, chunks: chunks(), progress, release };
}
