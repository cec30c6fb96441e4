import ExcelJS from 'exceljs';
import type { AnnualReport } from './annual.service.js';
import { CRITERION_ZH, LEVEL_ZH, reportTitle, SHARE_TYPE_ZH } from './annual.labels.js';

/** Sheet names fixed here: the tests and readers look them up by name. */
export const SHEETS = { summary: '汇总', departments: '部门评分', regions: '下级地区', monthly: '共享交换' } as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const col = (n: number) => String.fromCharCode(64 + n); // up to 26 columns is all the report needs

/** A sheet with a styled, frozen header row and the given column widths. */
function sheet(wb: ExcelJS.Workbook, name: string, headers: Array<[string, number]>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map(([header, width]) => ({ header, width }));
  const h = ws.getRow(1);
  h.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  h.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  h.height = 30;
  h.eachCell((c) => { c.fill = HEADER_FILL; });
  return ws;
}

/**
 * The totals row: a formula per numeric column (SUM or AVERAGE over the data rows) with its value cached, so a
 * reader sees the figure at once and can check it by recalculating.
 */
function totals(ws: ExcelJS.Worksheet, label: string, firstRow: number, lastRow: number, cols: Array<[number, 'SUM' | 'AVERAGE', number | null]>): ExcelJS.Row {
  const row = ws.addRow([]);
  row.getCell(1).value = label;
  for (const [c, fn, result] of cols) {
    const range = `${col(c)}${firstRow}:${col(c)}${lastRow}`;
    row.getCell(c).value = lastRow < firstRow ? (fn === 'SUM' ? 0 : null) : { formula: `${fn}(${range})`, result: result ?? undefined } as ExcelJS.CellFormulaValue;
  }
  row.font = { bold: true };
  row.eachCell({ includeEmpty: true }, (c) => { c.fill = TOTAL_FILL; });
  return row;
}

const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);
const avg = <T>(xs: T[], f: (x: T) => number) => (xs.length ? sum(xs, f) / xs.length : null);

export async function annualWorkbook(r: AnnualReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'govshare';
  wb.title = reportTitle(r.region.name, r.year);
  wb.created = new Date(`${r.generatedOn}T00:00:00+08:00`);
  const summary = sheet(wb, SHEETS.summary, [['项目', 28], ['数值', 22], ['说明', 60]]);

  // 部门评分: score, the points of each criterion (weight in the header), the year's activity.
  const crit = r.departments[0]?.criteria ?? Object.keys(r.weights).map((k) => ({ key: k as keyof typeof CRITERION_ZH, weight: r.weights[k]!, maxPoints: 0 }));
  const deptHeaders: Array<[string, number]> = [['排名', 7], ['部门', 30], ['所在地区', 14], ['得分', 9],
    ...crit.map((c): [string, number] => [`${CRITERION_ZH[c.key]}（满分${c.maxPoints || c.weight}）`, 12]),
    ['交换次数', 11], ['收到申请', 11], ['拒绝申请', 11], ['提出申请', 11], ['收到异议', 11]];
  const dws = sheet(wb, SHEETS.departments, deptHeaders);
  for (const d of r.departments) {
    dws.addRow([d.rank, d.departmentName, d.regionName, d.score, ...d.criteria.map((c) => c.points), d.exchanges, d.received, d.refused, d.filed, d.objections]);
  }
  const dLast = r.departments.length + 1;
  const nc = crit.length;
  const activityKeys = ['exchanges', 'received', 'refused', 'filed', 'objections'] as const;
  totals(dws, '合计 / 平均', 2, dLast, [
    [4, 'AVERAGE', avg(r.departments, (d) => d.score)],
    ...crit.map((_, i): [number, 'AVERAGE', number | null] => [5 + i, 'AVERAGE', avg(r.departments, (d) => d.criteria[i]!.points)]),
    ...activityKeys.map((k, i): [number, 'SUM', number] => [5 + nc + i, 'SUM', sum(r.departments, (d) => d[k])]),
  ]);
  for (let c = 4; c <= 4 + nc; c++) dws.getColumn(c).numFmt = '0.0';
  for (let c = 5 + nc; c < 10 + nc; c++) dws.getColumn(c).numFmt = '#,##0';
  dws.autoFilter = { from: 'A1', to: `${col(9 + nc)}1` };

  // 下级地区: one row per direct sub-region (everything below it aggregated).
  const rws = sheet(wb, SHEETS.regions, [['地区代码', 11], ['地区', 18], ['层级', 12], ['部门数', 9], ['平均得分', 10], ['交换次数', 11], ['收到申请', 11], ['拒绝申请', 11], ['提出申请', 11], ['收到异议', 11]]);
  for (const s of r.subRegions) rws.addRow([s.regionCode, s.regionName, LEVEL_ZH[s.level] ?? s.level, s.departments, s.score, s.exchanges, s.received, s.refused, s.filed, s.objections]);
  const rLast = r.subRegions.length + 1;
  const scored = r.subRegions.filter((s) => s.score !== null);
  totals(rws, '合计', 2, rLast, [
    [4, 'SUM', sum(r.subRegions, (s) => s.departments)], [5, 'AVERAGE', avg(scored, (s) => s.score!)],
    ...activityKeys.map((k, i): [number, 'SUM', number] => [6 + i, 'SUM', sum(r.subRegions, (s) => s[k])]),
  ]);
  rws.getColumn(5).numFmt = '0.0';
  for (let c = 6; c <= 10; c++) rws.getColumn(c).numFmt = '#,##0';

  // 共享交换: the monthly trend, and the share-type mix of the published catalog beside it.
  const mws = sheet(wb, SHEETS.monthly, [['月份', 11], ['交换次数', 11], ['申请数', 10], ['拒绝数', 10], ['', 4], ['共享类型', 14], ['资源数', 10]]);
  r.monthly.forEach((m, i) => {
    const row = mws.getRow(i + 2);
    row.values = [m.month, m.exchanges, m.applications, m.refused];
  });
  r.shareTypes.forEach((s, i) => {
    const row = mws.getRow(i + 2);
    row.getCell(6).value = SHARE_TYPE_ZH[s.shareType] ?? s.shareType;
    row.getCell(7).value = s.count;
  });
  const mLast = r.monthly.length + 1;
  const mt = mws.getRow(mLast + 1);
  mt.getCell(1).value = '合计';
  mt.getCell(2).value = { formula: `SUM(B2:B${mLast})`, result: sum(r.monthly, (m) => m.exchanges) };
  mt.getCell(3).value = { formula: `SUM(C2:C${mLast})`, result: sum(r.monthly, (m) => m.applications) };
  mt.getCell(4).value = { formula: `SUM(D2:D${mLast})`, result: sum(r.monthly, (m) => m.refused) };
  const sLast = r.shareTypes.length + 1;
  mt.getCell(6).value = '合计';
  mt.getCell(7).value = sLast < 2 ? 0 : { formula: `SUM(G2:G${sLast})`, result: r.summary.published };
  mt.font = { bold: true };
  for (const c of [1, 2, 3, 4, 6, 7]) mt.getCell(c).fill = TOTAL_FILL;
  for (const c of [2, 3, 4, 7]) mws.getColumn(c).numFmt = '#,##0';
  mws.getRow(1).getCell(5).fill = { type: 'pattern', pattern: 'none' };

  // 汇总: the headline figures, each a formula over the other sheets where one exists.
  const ref = (s: string, c: string) => `'${s}'!${c}`;
  const dTot = dLast + 1;
  const mTot = mLast + 1;
  const rowsOut: Array<[string, ExcelJS.CellValue, string]> = [
    ['报告', reportTitle(r.region.name, r.year), ''],
    ['地区', `${r.region.name}（${r.region.code}）`, ''],
    ['统计区间', `${r.from} 至 ${r.to}`, `评估截至 ${r.asOf}，生成于 ${r.generatedOn}`],
    ['参评部门数', { formula: `COUNTA(${ref(SHEETS.departments, `B2:B${dLast}`)})`, result: r.summary.departments }, '本地区及下级地区的部门'],
    ['平均得分', r.departments.length ? { formula: ref(SHEETS.departments, `D${dTot}`), result: r.summary.meanScore ?? 0 } : null, '满分 100，权重见 docs/evaluation.md'],
    ['共享交换次数', { formula: ref(SHEETS.monthly, `B${mTot}`), result: r.summary.exchanges }, '总线成功调用（审计日志 exchange.*）'],
    ['收到共享申请', { formula: ref(SHEETS.monthly, `C${mTot}`), result: r.summary.received }, '向本地区部门提出的申请'],
    ['拒绝申请', { formula: ref(SHEETS.monthly, `D${mTot}`), result: r.summary.refused }, ''],
    ['收到异议', { formula: `SUM(${ref(SHEETS.departments, `${col(9 + nc)}2:${col(9 + nc)}${dLast}`)})`, result: r.summary.objections }, '数据异议（第二十四条）'],
    ['已发布资源', r.summary.published, '目录中已发布的信息资源'],
    ['其中可共享', r.summary.shared, '无条件共享 + 有条件共享'],
    ['共享比例', { formula: 'IF(B11=0,0,B12/B11)', result: r.summary.published ? r.summary.shared / r.summary.published : 0 }, ''],
  ];
  for (const [k, v, note] of rowsOut) summary.addRow([k, v, note]);
  summary.getCell('B6').numFmt = '0.0';
  summary.getCell('B13').numFmt = '0.0%';
  summary.getColumn(1).font = { bold: true };
  summary.getRow(1).font = { bold: true, color: { argb: 'FFFFFFFF' } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
