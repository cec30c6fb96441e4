import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { PdfFont } from '../applications/pdf-font.js';
import { CHART_W, rankingChart, shareTypeChart, trendChart } from './annual.charts.js';
import type { AnnualReport } from './annual.service.js';
import { CRITERION_ZH, LEVEL_ZH, reportTitle, SHARE_TYPE_ZH } from './annual.labels.js';

const M = 56;
type Doc = PDFKit.PDFDocument;
type Cell = string | number | null;
const fmt = (v: Cell) => (v === null ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toFixed(1)) : v);

/** A table drawn with pdfkit primitives: a shaded header, thin rules, a new page (header repeated) when full. */
function table(doc: Doc, headers: string[], widths: number[], rows: Cell[][], opts: { totals?: Cell[] } = {}): void {
  const rowH = 18;
  // numbers (and blanks, percentages) right-aligned, in the header too; text left-aligned
  const right = (c: Cell) => c === null || typeof c === 'number' || /^[\d.,%—-]+$/.test(c);
  const aligns = headers.map((_, i) => (i > 0 && rows.length > 0 && rows.every((r) => right(r[i] ?? null)) ? 'right' : 'left'));
  const drawRow = (cells: Cell[], style: 'head' | 'body' | 'total') => {
    if (doc.y + rowH > doc.page.height - M - 20) {
      doc.addPage();
      if (style !== 'head') drawRow(headers, 'head');
    }
    const y = doc.y;
    let x = M;
    if (style !== 'body') doc.rect(M, y, widths.reduce((a, b) => a + b, 0), rowH).fill(style === 'head' ? '#1f4e79' : '#ddebf7');
    doc.fontSize(8.5).fillColor(style === 'head' ? '#ffffff' : '#000000');
    cells.forEach((c, i) => {
      const w = widths[i]!;
      doc.text(fmt(c), x + 3, y + 5, { width: w - 6, height: rowH - 4, align: aligns[i] as 'left' | 'right', lineBreak: false, ellipsis: true });
      x += w;
    });
    doc.moveTo(M, y + rowH).lineTo(x, y + rowH).lineWidth(0.4).strokeColor('#b0b7c3').stroke();
    doc.x = M;
    doc.y = y + rowH;
  };
  drawRow(headers, 'head');
  for (const r of rows) drawRow(r, 'body');
  if (opts.totals) drawRow(opts.totals, 'total');
  doc.fillColor('#000000').moveDown(0.8);
}

function chart(doc: Doc, svg: string, height: number): void {
  if (doc.y + height > doc.page.height - M - 20) doc.addPage();
  const x = M + (doc.page.width - 2 * M - CHART_W) / 2;
  // every font family in the SVG is drawn with the embedded Chinese font (ECharts labels are Chinese)
  SVGtoPDF(doc, svg, x, doc.y, { width: CHART_W, height, fontCallback: () => 'cjk', assumePt: true });
  doc.x = M;
  doc.y += height + 10;
}

const svgHeight = (svg: string) => Number(/height="(\d+)"/.exec(svg)?.[1] ?? 240);

/** The Art. 34 annual report as an A4 PDF: cover, summary, charts (trend, ranking, share types), tables. */
export function renderAnnualPdf(r: AnnualReport, font: PdfFont): Promise<Buffer> {
  const title = reportTitle(r.region.name, r.year);
  const doc = new PDFDocument({
    size: 'A4', margin: M, bufferPages: true,
    info: { Title: title, Author: `${r.region.name}政务信息资源共享平台`, Creator: 'govshare', CreationDate: new Date(`${r.generatedOn}T00:00:00+08:00`) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', font.file, font.family as string);
  doc.font('cjk');
  const width = doc.page.width - 2 * M;
  const heading = (t: string) => {
    if (doc.y > doc.page.height - M - 80) doc.addPage();
    doc.moveDown(0.5).fontSize(14).fillColor('#1f4e79').text(t, M).moveDown(0.3).fontSize(10.5).fillColor('#000000');
  };
  const para = (t: string) => doc.fontSize(10.5).text(t, M, doc.y, { width, align: 'justify', indent: 21, lineGap: 3 }).moveDown(0.4);

  // Cover
  doc.y = 250;
  doc.fontSize(24).text(title, M, doc.y, { width, align: 'center' });
  doc.moveDown(2).fontSize(13).fillColor('#444444');
  doc.text(`地区：${r.region.name}（${r.region.code}）`, { width, align: 'center' });
  doc.text(`年度：${r.year} 年（${r.from} 至 ${r.to}）`, { width, align: 'center' });
  doc.text(`生成日期：${r.generatedOn}`, { width, align: 'center' });
  doc.moveDown(10).fontSize(11).text(`${r.region.name}政务信息资源共享平台`, { width, align: 'center' }).fillColor('#000000');

  // Summary
  doc.addPage();
  const s = r.summary;
  const ratio = s.published ? `${((s.shared / s.published) * 100).toFixed(1)}%` : '—';
  heading('一、总体情况');
  para(`依据《政务信息资源共享管理办法》第三十四条，本报告汇总${r.region.name}${r.year}年度政务信息资源共享情况和评估结果。`
    + `本年度共有 ${s.departments} 个部门参加评估，平均得分 ${s.meanScore === null ? '—' : s.meanScore.toFixed(1)} 分（满分 100 分）；`
    + `通过共享平台完成数据交换 ${s.exchanges.toLocaleString('en-US')} 次，各部门收到共享申请 ${s.received} 件，其中拒绝 ${s.refused} 件，收到数据异议 ${s.objections} 件。`
    + `目录中已发布信息资源 ${s.published} 项，其中可共享（无条件共享和有条件共享）${s.shared} 项，共享比例 ${ratio}。`);
  if (r.subRegions.length) para(`本报告汇总了 ${r.subRegions.length} 个下级地区（${r.subRegions.map((x) => x.regionName).join('、')}）的情况，各地区数据包含其所辖全部部门。`);
  table(doc, ['指标', '数值'], [240, 140], [
    ['参评部门数', s.departments], ['平均得分', s.meanScore], ['共享交换次数', s.exchanges], ['收到共享申请', s.received],
    ['拒绝申请', s.refused], ['提出共享申请', s.filed], ['收到数据异议', s.objections], ['已发布资源', s.published], ['可共享资源', s.shared], ['共享比例', ratio],
  ]);

  heading('二、共享交换月度趋势');
  if (s.exchanges === 0 && r.monthly.every((m) => m.applications === 0)) para('本年度暂无共享交换和共享申请记录。');
  const trend = trendChart(r);
  chart(doc, trend, svgHeight(trend));
  heading('三、共享类型构成');
  const mix = shareTypeChart(r);
  chart(doc, mix, svgHeight(mix));
  table(doc, ['共享类型', '资源数'], [240, 140], r.shareTypes.map((x) => [SHARE_TYPE_ZH[x.shareType] ?? x.shareType, x.count]));

  heading('四、部门评估排名');
  const rank = rankingChart(r);
  chart(doc, rank, svgHeight(rank));
  table(doc, ['排名', '部门', '地区', '得分', '交换', '收到申请', '拒绝', '异议'], [32, 150, 70, 42, 50, 52, 42, 45],
    r.departments.map((d) => [d.rank, d.departmentName, d.regionName, d.score, d.exchanges, d.received, d.refused, d.objections]),
    { totals: ['', '合计 / 平均', '', s.meanScore, s.exchanges, s.received, s.refused, s.objections] });

  heading('五、评估指标得分（各部门平均）');
  const keys = r.departments[0]?.criteria ?? [];
  const n = r.departments.length || 1;
  table(doc, ['评估指标', '权重', '平均得分', '满分'], [200, 60, 70, 70], keys.map((c, i) => [
    CRITERION_ZH[c.key], c.weight, r.departments.reduce((a, d) => a + d.criteria[i]!.points, 0) / n, c.maxPoints,
  ]));

  if (r.subRegions.length) {
    heading('六、下级地区情况');
    table(doc, ['地区', '层级', '部门数', '平均得分', '交换', '收到申请', '拒绝', '异议'], [90, 70, 45, 55, 60, 55, 50, 58],
      r.subRegions.map((x) => [x.regionName, LEVEL_ZH[x.level] ?? x.level, x.departments, x.score, x.exchanges, x.received, x.refused, x.objections]));
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the footer sits in the margin; without this pdfkit would start a new page
    doc.fontSize(8).fillColor('#888888').text(`${title}    第 ${i + 1} 页 / 共 ${range.count} 页`, M, doc.page.height - M + 24, { align: 'center', width, lineBreak: false });
  }
  doc.end();
  return done;
}
