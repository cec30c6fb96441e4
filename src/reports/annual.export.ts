import fs from 'node:fs/promises';
import path from 'node:path';
import { resolvePdfFont } from '../applications/pdf-font.js';
import type { Actor } from '../auth/actor.js';
import type { AppContext } from '../http/context.js';
import { workflow } from '../scheduler/runtime.js';
import { fileBase, reportTitle } from './annual.labels.js';
import { renderAnnualPdf } from './annual.pdf.js';
import { annualReport, type AnnualReport } from './annual.service.js';
import { annualWorkbook } from './annual.xlsx.js';

type Ctx = Pick<AppContext, 'db' | 'calendar' | 'config'>;
export type ReportFormat = 'xlsx' | 'pdf';

export const CONTENT_TYPE: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

export interface ReportFile { filename: string; zhFilename: string; contentType: string; body: Buffer; report: AnnualReport }

/** The report in one format; the PDF font is the agreement PDF's (GOVSHARE_PDF_FONT or the bundled Noto Sans SC). */
export async function annualReportFile(ctx: Ctx, actor: Actor | null, q: { year: number; regionCode?: string | undefined }, format: ReportFormat): Promise<ReportFile> {
  const report = await annualReport(ctx, actor, q);
  const body = format === 'xlsx' ? await annualWorkbook(report) : await renderAnnualPdf(report, resolvePdfFont(workflow(ctx).config.pdfFont));
  return {
    filename: `${fileBase(report.region.code, report.year)}.${format}`, zhFilename: `${reportTitle(report.region.name, report.year)}.${format}`,
    contentType: CONTENT_TYPE[format], body, report,
  };
}

/** `govshare report annual`: both files into `outDir` (created if missing); returns their paths. */
export async function writeAnnualReport(ctx: Ctx, q: { year: number; regionCode?: string | undefined }, outDir: string): Promise<string[]> {
  const report = await annualReport(ctx, null, q);
  await fs.mkdir(outDir, { recursive: true });
  const base = path.join(outDir, fileBase(report.region.code, report.year));
  const xlsx = await annualWorkbook(report);
  const pdf = await renderAnnualPdf(report, resolvePdfFont(workflow(ctx).config.pdfFont));
  await fs.writeFile(`${base}.xlsx`, xlsx);
  await fs.writeFile(`${base}.pdf`, pdf);
  return [`${base}.xlsx`, `${base}.pdf`];
}
