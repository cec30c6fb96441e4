import * as echarts from 'echarts';
import type { AnnualReport } from './annual.service.js';
import { SHARE_TYPE_ZH } from './annual.labels.js';

/**
 * The report's charts, rendered by ECharts on the server to SVG (no canvas, no browser), the same library as the
 * dashboards. The PDF draws the SVG as vectors with svg-to-pdfkit, using the embedded Chinese font for labels.
 */
export const CHART_W = 480;
export const CHART_H = 240;
const FONT = 'cjk'; // the PDF maps every SVG font family to its embedded Chinese font
// ECharts outlines labels with a white border drawn under the text (paint-order="stroke"); svg-to-pdfkit ignores
// paint-order and would paint the border over the text, so the outline is dropped from <text> elements.
const TEXT_OUTLINE = /(<text[^>]*?) stroke="[^"]*" stroke-width="[^"]*" paint-order="stroke"/g;
const base = { animation: false, textStyle: { fontFamily: FONT, fontSize: 10 }, backgroundColor: '#ffffff' };

function render(option: echarts.EChartsCoreOption, height = CHART_H): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_W, height });
  try {
    chart.setOption({ ...base, ...option });
    return chart.renderToSVGString().replace(TEXT_OUTLINE, '$1');
  } finally {
    chart.dispose();
  }
}

/** 月度趋势: exchanges (bars) and applications (line) per month. */
export function trendChart(r: AnnualReport): string {
  return render({
    legend: { top: 0, data: ['交换次数', '共享申请'], textStyle: { fontFamily: FONT } },
    grid: { left: 50, right: 50, top: 30, bottom: 30 },
    xAxis: { type: 'category', data: r.monthly.map((m) => `${Number(m.month.slice(5))}月`) },
    yAxis: [{ type: 'value', name: '交换', minInterval: 1 }, { type: 'value', name: '申请', minInterval: 1 }],
    series: [
      { name: '交换次数', type: 'bar', data: r.monthly.map((m) => m.exchanges), itemStyle: { color: '#2f6fb3' } },
      { name: '共享申请', type: 'line', yAxisIndex: 1, data: r.monthly.map((m) => m.applications), itemStyle: { color: '#e07b2a' } },
    ],
  });
}

/** 部门排名: the top departments by score, best on top. */
export function rankingChart(r: AnnualReport, top = 12): string {
  const rows = r.departments.slice(0, top).reverse();
  const height = Math.max(140, 40 + rows.length * 22);
  return render({
    grid: { left: 170, right: 40, top: 10, bottom: 25 },
    xAxis: { type: 'value', max: 100 },
    yAxis: { type: 'category', data: rows.map((d) => (d.departmentName.length > 14 ? `${d.departmentName.slice(0, 13)}…` : d.departmentName)) },
    series: [{ type: 'bar', data: rows.map((d) => d.score), label: { show: true, position: 'right', fontFamily: FONT }, itemStyle: { color: '#3a8d5c' } }],
  }, height);
}

/** 共享类型构成: the published catalog by share type. */
export function shareTypeChart(r: AnnualReport): string {
  const colors: Record<string, string> = { unconditional: '#3a8d5c', conditional: '#e0a82a', none: '#b23b3b' };
  return render({
    legend: { orient: 'vertical', left: 10, top: 20, textStyle: { fontFamily: FONT } },
    series: [{
      type: 'pie', radius: ['35%', '65%'], center: ['60%', '52%'],
      label: { formatter: '{b}\n{c}（{d}%）', fontFamily: FONT },
      data: r.shareTypes.map((s) => ({ name: SHARE_TYPE_ZH[s.shareType] ?? s.shareType, value: s.count, itemStyle: { color: colors[s.shareType] ?? '#888' } })),
    }],
  });
}
