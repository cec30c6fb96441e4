import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { auditActor, type Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { issueMark, markingStream } from '../watermark/watermark.service.js';
import { catchUpTrace } from './trace.indexer.js';
import { normaliseKey, recordKeyHash, traceKeys } from './trace-key.js';
import type { Category } from './trace.rules.js';
import { findTrace, type TraceFilter, type TraceRow } from './trace.store.js';

type Ctx = Pick<AppContext, 'db' | 'keys' | 'audit'>;

export interface TraceQuery {
  resource?: string | undefined;
  department?: string | undefined;
  user?: string | undefined;
  recordKey?: string | undefined;
  category?: Category | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Most rows one investigation export holds (the xlsx is built in memory; narrow the trace for more). */
export const EXPORT_MAX_ROWS = 50_000;

function when(s: string | undefined, end: boolean): Date | undefined {
  if (!s) return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(s);
  // A bare date is a day in Asia/Shanghai (DESIGN.md); `to` includes the whole day.
  const d = new Date(dateOnly ? `${s}T${end ? '23:59:59.999' : '00:00:00.000'}+08:00` : s);
  if (Number.isNaN(d.getTime())) throw new DomainError('TRACE_BAD_TIME', 400, `时间格式不正确：${s}`, `Not a date or time: ${s}`);
  return d;
}

/**
 * The filter of one trace request, within the caller's scope: auditors see all, an office its region, a
 * department's security officer the events touching its department's data or done by its own users (Art. 33).
 * The record key is hashed here with the platform trace key; neither it nor its hash is kept in the audit log.
 */
export async function traceFilter(ctx: Ctx, actor: Actor, q: TraceQuery): Promise<TraceFilter> {
  const v = visibility(actor, 'trace.read');
  if (v.kind === 'none') throw errors.forbidden('No trace scope');
  const from = when(q.from, false);
  const to = when(q.to, true);
  if (from && to && from > to) throw new DomainError('TRACE_BAD_RANGE', 400, '开始时间晚于结束时间', '`from` is after `to`');
  let keyHash: string | undefined;
  if (q.recordKey !== undefined) {
    const n = normaliseKey(q.recordKey);
    if (!n) throw new DomainError('TRACE_BAD_KEY', 400, '记录键为空或过长', 'The record key is empty or too long');
    keyHash = recordKeyHash(await traceKeys(ctx.db, ctx.keys.suite.hash), n);
  }
  return {
    resource: q.resource, department: q.department, user: q.user, keyHash, category: q.category, from, to,
    scopeDepartment: v.kind === 'department' ? v.departmentId : undefined, scopeRegion: v.kind === 'region' ? v.regionCode : undefined,
  };
}

/** What the log says about the trace request itself: the criteria, a record key only as "given" (not even its hash). */
function asked(q: TraceQuery): Record<string, unknown> {
  return { resource: q.resource, department: q.department, user: q.user, recordKey: q.recordKey !== undefined ? 'given' : undefined, category: q.category, from: q.from, to: q.to };
}

export async function trace(ctx: Ctx, actor: Actor, requestId: string, q: TraceQuery, page: number, size: number): Promise<{ items: TraceRow[]; total: number }> {
  const f = await traceFilter(ctx, actor, q);
  await ctx.audit.flush();
  await catchUpTrace(ctx.db);
  const r = await findTrace(ctx.db, f, page, size);
  await ctx.audit.record({ action: 'trace.query', actor: auditActor(actor), objectType: 'trace', requestId, detail: { ...asked(q), total: r.total } });
  return r;
}

const HEAD = ['时间 time', '类别 category', '操作 action', '结果 outcome', '资源 resource', '数据提供部门 provider', '使用部门 department', '用户 user', '授权 grant', '票据 ticket', '行数 rows', '字节 bytes', '用途 purpose', '水印 export', '匹配 match', '日志序号 seq'];
const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
const cells = (r: TraceRow): Array<string | number> => [
  shanghai(r.at), r.category, r.action, r.outcome, r.resource ?? '', r.providerDepartmentName ?? r.providerDepartmentId ?? '', r.departmentName ?? r.departmentId ?? '',
  r.userName ?? r.userId ?? '', r.grantId ?? '', r.ticket ?? '', r.rows ?? '', r.bytes ?? '', r.purpose ?? '', r.exportId ?? '', r.match ?? '', `${r.source}#${r.sourceSeq}`,
];
const csvCell = (v: string | number) => { const s = String(v); return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };

async function* pages(ctx: Ctx, f: TraceFilter): AsyncGenerator<TraceRow[]> {
  const size = 500;
  for (let page = 1; (page - 1) * size < EXPORT_MAX_ROWS; page++) {
    const { items } = await findTrace(ctx.db, f, page, size);
    if (items.length > 0) yield items;
    if (items.length < size) return;
  }
}

/**
 * An investigation export (csv or xlsx), itself audited and watermarked: the CSV gets the signed header, trailer
 * and row marks of every platform export; the xlsx its document properties and a visible footer on every page.
 */
export async function exportTrace(ctx: Ctx, actor: Actor, requestId: string, q: TraceQuery, format: 'csv' | 'xlsx'): Promise<{ body: Readable | Buffer; contentType: string; filename: string }> {
  const f = await traceFilter(ctx, actor, q);
  await ctx.audit.flush();
  await catchUpTrace(ctx.db);
  const mark = await issueMark(ctx, actor, requestId, { kind: 'trace.export', grant: null, resource: null, provider: null, ticket: null, format });
  await ctx.audit.record({ action: 'trace.export', actor: auditActor(actor), objectType: 'trace', requestId, detail: { ...asked(q), format, watermark: mark.id } });
  const filename = `trace-${mark.id}.${format}`;
  if (format === 'csv') {
    const lines = (async function* () {
      yield Buffer.from(`\uFEFF${HEAD.map(csvCell).join(',')}\r\n`);
      for await (const rows of pages(ctx, f)) yield Buffer.from(rows.map((r) => `${cells(r).map(csvCell).join(',')}\r\n`).join(''));
    })();
    const marker = await markingStream(ctx, mark, 'csv');
    return { body: Readable.from(lines, { objectMode: false }).pipe(marker), contentType: 'text/csv; charset=utf-8', filename };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'govshare';
  wb.title = '溯源记录 Trace';
  wb.subject = `govshare watermark ${mark.id}`;
  wb.keywords = `govshare-watermark ${mark.id}`;
  wb.description = mark.jws; // the signed claims: `govshare trace-leak` reads and verifies them
  wb.created = new Date(mark.claims.at);
  const ws = wb.addWorksheet('溯源 trace', { views: [{ state: 'frozen', ySplit: 1 }], headerFooter: { oddFooter: `&L${mark.footer.replace(/&/g, '&&')}&R&P / &N`, evenFooter: `&L${mark.footer.replace(/&/g, '&&')}&R&P / &N` } });
  ws.addRow(HEAD).font = { bold: true };
  for await (const rows of pages(ctx, f)) for (const r of rows) ws.addRow(cells(r));
  ws.addRow([]);
  ws.addRow([mark.footer]).font = { italic: true, color: { argb: 'FF888888' } }; // visible on screen, not only when printed
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename };
}
