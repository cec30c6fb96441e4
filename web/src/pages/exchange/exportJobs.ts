import { useSyncExternalStore } from 'react';
import { errorMessage } from '../../api/client';
import { openExport, type ExportFileFormat } from '../../api/exchange';
import { RowCounter } from './rowCounter';

/**
 * Bulk exports run in the background (STYLE.md "long work"): the page can be left while rows stream in; the
 * shell announces the end (ExportNotifier). The body is read as a stream so bytes and rows show as they arrive.
 */
export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
  id: number;
  code: string;
  name: string;
  format: ExportFileFormat;
  items: string[];
  startedAt: number;
  finishedAt?: number;
  bytes: number;
  rows: number;
  status: JobStatus;
  error?: string;
  blob?: Blob;
  filename: string;
}

let jobs: ExportJob[] = [];
const controllers = new Map<number, AbortController>();
const listeners = new Set<() => void>();
let nextId = 1;

function update(id: number, change: Partial<ExportJob>) {
  jobs = jobs.map((j) => (j.id === id ? { ...j, ...change } : j));
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useExportJobs(): ExportJob[] {
  return useSyncExternalStore(subscribe, () => jobs);
}

export function startExport(req: { code: string; name: string; format: ExportFileFormat; items: string[]; purpose?: string }, fallbackError: string): number {
  const id = nextId++;
  const ctrl = new AbortController();
  controllers.set(id, ctrl);
  const filename = `${req.code.replace('/', '_')}.${req.format}`;
  jobs = [{ id, ...req, startedAt: Date.now(), bytes: 0, rows: 0, status: 'running', filename }, ...jobs];
  for (const l of listeners) l();

  void (async () => {
    try {
      const res = await openExport(req.code, { format: req.format, items: req.items, purpose: req.purpose }, ctrl.signal);
      const reader = res.body?.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      const counter = new RowCounter(req.format === 'csv');
      let lastPaint = 0;
      if (reader) {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          bytes += value.length;
          counter.push(value);
          // Repaint a few times a second, not per chunk.
          if (Date.now() - lastPaint > 200) {
            lastPaint = Date.now();
            update(id, { bytes, rows: counter.rows });
          }
        }
      }
      const type = res.headers.get('content-type') ?? (req.format === 'csv' ? 'text/csv' : 'application/x-ndjson');
      update(id, {
        bytes,
        rows: counter.rows,
        status: 'done',
        finishedAt: Date.now(),
        blob: new Blob(chunks as BlobPart[], { type }),
      });
    } catch (err) {
      const aborted = err instanceof DOMException && err.name === 'AbortError';
      update(id, { status: aborted ? 'cancelled' : 'failed', finishedAt: Date.now(), ...(aborted ? {} : { error: errorMessage(err, fallbackError) }) });
    } finally {
      controllers.delete(id);
    }
  })();
  return id;
}

export function cancelExport(id: number): void {
  controllers.get(id)?.abort();
}

export function removeExport(id: number): void {
  cancelExport(id);
  jobs = jobs.filter((j) => j.id !== id);
  for (const l of listeners) l();
}

/** On sign-out: nothing of one user's data stays in memory for the next. */
export function clearExports(): void {
  for (const c of controllers.values()) c.abort();
  jobs = [];
  for (const l of listeners) l();
}
