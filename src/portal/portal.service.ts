import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Dispatcher } from 'undici';
import type { Actor } from '../auth/actor.js';
import { searchCatalog } from '../catalog/search.service.js';
import type { AppContext } from '../http/context.js';
import type { Bus, Prepared } from '../exchange/bus.service.js';
import { callNode, nodeError } from '../exchange/forward.js';
import { publishedResource } from '../exchange/resource-lookup.js';
import { DomainError, type ErrorStatus } from '../errors.js';
import { PRIORITY_DOMAINS, domainOf, notOpen, publicDecision, type DomainKey } from './open.rules.js';
import { countUse, topUsed, usageOf } from './portal.store.js';

/** The open-data portal (Art. 26): open entries, their pages, downloads and a public API, served through the bus. */

export type DownloadFormat = 'csv' | 'json' | 'xlsx';
const DOMAIN_BY_KEY = new Map(PRIORITY_DOMAINS.map((d) => [d.key as DomainKey, d]));

export async function listOpen(ctx: AppContext, f: { q?: string | undefined; domain?: DomainKey | undefined }, page: number, size: number) {
  const q = [f.q?.trim(), f.domain ? DOMAIN_BY_KEY.get(f.domain)!.zh : undefined].filter(Boolean).join(' ');
  const res = await searchCatalog(ctx.db, { ...(q ? { q } : {}), open: true }, page, size);
  return {
    total: res.total,
    items: res.items.map((r) => ({ code: r.code, name: r.name, departmentName: r.departmentName, format: r.format, updateCycle: r.updateCycle, publishDate: r.publishDate, domain: domainOf({ name: r.name }) })),
  };
}

let domainCache: { at: number; value: Array<{ key: string; zh: string; en: string; count: number }> } | undefined;

/** Art. 26's priority domains, first on the portal, each with how many open resources it holds (cached a minute). */
export async function priorityDomains(ctx: AppContext) {
  if (domainCache && Date.now() - domainCache.at < 60_000) return domainCache.value;
  const value = [];
  for (const d of PRIORITY_DOMAINS) {
    const r = await searchCatalog(ctx.db, { q: d.zh, open: true }, 1, 1);
    value.push({ key: d.key, zh: d.zh, en: d.en, count: r.total });
  }
  domainCache = { at: Date.now(), value };
  return value;
}

export async function openEntry(ctx: AppContext, bus: Bus, code: string) {
  const r = await bus.resources.get(code, () => publishedResource(ctx.db, code));
  if (!r || !r.body.open?.toPublic || r.body.shareType === 'none' || r.body.classified) throw notOpen();
  const dept = await ctx.db.selectFrom('departments').select('name').where('id', '=', r.departmentId).executeTakeFirst();
  const version = await ctx.db.selectFrom('catalog_versions').select('publish_date').where('code', '=', code).where('version', '=', r.version).executeTakeFirst();
  await countUse(ctx.db, code, 'view');
  const b = r.body;
  return {
    code: r.code, version: r.version, name: b.name, abstract: b.abstract, departmentName: dept?.name ?? '', format: b.format,
    updateCycle: b.updateCycle, publishDate: version?.publish_date ?? null, openConditions: b.open.conditions ?? null, licence: ctx.config.openLicence,
    domain: domainOf(b), downloadable: b.shareMethods.includes('table') && Boolean(b.nodeId),
    items: b.items.map((i) => ({ name: i.name, nameEn: i.nameEn, dataType: i.dataType, description: i.description, masked: i.mask })),
    usage: await usageOf(ctx.db, code),
  };
}

export async function mostUsed(ctx: AppContext) {
  const rows = await topUsed(ctx.db, 30, 10);
  return rows.map((r) => ({ code: r.resource_code, downloads: Number(r.downloads ?? 0), apiCalls: Number(r.apiCalls ?? 0), views: Number(r.views ?? 0) }));
}

/**
 * The data rows of the node's NDJSON export (node/export-format.ts): control lines ({"$cursor"}, {"$end"}) are
 * dropped; a stream that stops without "$end" was cut, and the download fails rather than look complete.
 */
async function* ndjsonRows(body: AsyncIterable<Buffer>): AsyncGenerator<Record<string, unknown>> {
  let rest = '';
  let ended = false;
  const parse = function* (line: string) {
    if (!line.trim()) return;
    if (line.startsWith('{"$')) {
      if (line.startsWith('{"$end"')) ended = true;
      return;
    }
    yield JSON.parse(line) as Record<string, unknown>;
  };
  for await (const chunk of body) {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield* parse(line);
  }
  yield* parse(rest);
  if (!ended) throw new DomainError('EXPORT_CUT', 502, '数据服务节点的导出中途中断，请重试', 'The node\'s export stopped before its end; retry');
}

export interface DownloadStream { stream: Readable; contentType: string; filename: string; done: Promise<{ rows: number; error?: string }> }

/**
 * A download streamed from the provider's node through the bus: CSV passes through (the node writes it with a BOM so
 * spreadsheet programs read the Chinese), JSON and xlsx are written row by row as the node's NDJSON arrives — never held whole in memory.
 */
export async function openDownload(ctx: AppContext, bus: Bus, actor: Actor, requestId: string, ip: string, code: string, format: DownloadFormat): Promise<DownloadStream> {
  const started = performance.now();
  const p = await bus.preparePublic(code, 'export', (r) => publicDecision(r.body), { maxRows: 1000, maxExportRows: ctx.config.openDownloadMaxRows });
  const nodeFormat = format === 'csv' ? 'csv' : 'ndjson';
  let res: Dispatcher.ResponseData;
  try {
    res = await callNode({ nodeUrl: p.node.url, method: 'GET', path: `/v1/export?format=${nodeFormat}`, ticket: p.ticket, headersTimeoutMs: 30_000, bodyTimeoutMs: 60_000 });
  } catch (err) {
    await bus.audit(actor, requestId, code, 'export', p, 'failure', { error: (err as DomainError).code, ip, portal: true });
    throw err;
  }
  if (res.statusCode !== 200) {
    const text = await res.body.text();
    await bus.audit(actor, requestId, code, 'export', p, 'failure', { status: res.statusCode, ip, portal: true });
    let parsed: { error?: { code?: string; message?: string; messageEn?: string } } = {};
    try { parsed = JSON.parse(text) as typeof parsed; } catch { /* not JSON */ }
    throw new DomainError(parsed.error?.code ?? 'NODE_ERROR', (res.statusCode >= 500 ? 502 : res.statusCode) as ErrorStatus, parsed.error?.message ?? '数据服务节点拒绝了请求', parsed.error?.messageEn ?? 'The data-service node refused the request');
  }
  let rows = 0;
  let resolveDone!: (v: { rows: number; error?: string }) => void;
  const done = new Promise<{ rows: number; error?: string }>((r) => { resolveDone = r; });
  const finish = (error?: string) => {
    resolveDone({ rows, ...(error ? { error } : {}) });
    void bus.audit(actor, requestId, code, 'export', p, error ? 'failure' : 'success', { format, rows, ip, portal: true, durationMs: Math.round(performance.now() - started), ...(error ? { error } : {}) });
    void countUse(ctx.db, code, 'download', rows).catch(() => undefined);
  };
  const body = res.body as unknown as AsyncIterable<Buffer>;
  const filename = `${code.replace(/\//g, '_')}.${format}`;
  if (format === 'xlsx') return { stream: xlsxStream(p, body, (n) => { rows = n; }, finish), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename, done };
  const gen = format === 'csv'
    ? (async function* () {
      for await (const chunk of body) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
        yield chunk;
      }
      rows = Math.max(0, rows - 1); // the header line
    })()
    : (async function* () {
      yield '[';
      for await (const row of ndjsonRows(body)) yield `${rows++ === 0 ? '' : ','}\n${JSON.stringify(row)}`;
      yield '\n]\n';
    })();
  const stream = Readable.from(gen, { objectMode: false });
  stream.once('end', () => finish());
  stream.once('error', (err) => finish(nodeError(err).code));
  return { stream, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8', filename, done };
}

function xlsxStream(p: Prepared, body: AsyncIterable<Buffer>, onRows: (n: number) => void, finish: (error?: string) => void): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'govshare 政务信息资源共享平台 · 开放数据';
  wb.title = p.resource.body.name;
  wb.created = new Date();
  const ws = wb.addWorksheet('数据');
  ws.addRow(p.decision.items).commit();
  void (async () => {
    let n = 0;
    try {
      for await (const row of ndjsonRows(body)) {
        ws.addRow(p.decision.items.map((i) => row[i] ?? null)).commit();
        onRows(++n);
      }
      ws.commit();
      await wb.commit();
      finish();
    } catch (err) {
      finish(nodeError(err).code);
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** The public API: one page of rows (optionally where one item equals a value), bytes passed through from the node. */
export async function openQuery(ctx: AppContext, bus: Bus, actor: Actor, requestId: string, ip: string, code: string, q: { limit?: number | undefined; cursor?: string | undefined; item?: string | undefined; value?: string | undefined }) {
  const started = performance.now();
  const p = await bus.preparePublic(code, 'query', (r) => publicDecision(r.body), { maxRows: 100 });
  if (q.item !== undefined && !p.decision.items.includes(q.item)) {
    throw new DomainError('ITEM_UNKNOWN', 400, `信息项不存在：${q.item}`, `No such item: ${q.item}`, { items: [q.item] });
  }
  const filter = q.item !== undefined ? [{ item: q.item, op: 'eq', value: q.value ?? '' }] : [];
  let res: Dispatcher.ResponseData;
  try {
    res = await callNode({ nodeUrl: p.node.url, method: 'POST', path: '/v1/query', ticket: p.ticket, body: JSON.stringify({ items: p.decision.items, filter, limit: Math.min(q.limit ?? 20, 100), ...(q.cursor ? { cursor: q.cursor } : {}) }), headersTimeoutMs: 15_000, bodyTimeoutMs: 15_000 });
  } catch (err) {
    await bus.audit(actor, requestId, code, 'query', p, 'failure', { error: (err as DomainError).code, ip, portal: true });
    throw err;
  }
  const body = Buffer.from(await res.body.arrayBuffer());
  const outcome = res.statusCode < 300 ? 'success' : 'failure';
  await bus.audit(actor, requestId, code, 'query', p, outcome, { status: res.statusCode, bytes: body.length, ip, portal: true, durationMs: Math.round(performance.now() - started) });
  if (outcome === 'success') await countUse(ctx.db, code, 'api');
  return { status: res.statusCode, contentType: res.headers['content-type'] as string | undefined, body };
}
