import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, TreemapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

// Only the chart types the dashboards use (keeps the bundle small).
echarts.use([BarChart, LineChart, PieChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/**
 * One ECharts chart, used directly (echarts-for-react's CommonJS build does not load as an ES module under Vite).
 * `label` names it for screen readers and tests; `onClick` receives the clicked data item.
 */
export function Chart({ option, height = 280, label, onClick }: { option: EChartsCoreOption; height?: number; label: string; onClick?: (p: { name: string; dataIndex: number }) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  });

  useEffect(() => {
    const c = echarts.init(el.current!);
    chart.current = c;
    c.on('click', (p) => click.current?.(p as unknown as { name: string; dataIndex: number }));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} role="img" aria-label={label} data-chart={label} style={{ height, width: '100%' }} />;
}
