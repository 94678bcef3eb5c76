import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, DataZoomComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([BarChart, GridComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export interface ChartRow {
  code: string;
  name: string;
  residents: number;
}

/** Horizontal-label bar chart of residents per child region (counts.byChild). */
export default function ResidentsChart({ rows, seriesName }: { rows: ChartRow[]; seriesName: string }) {
  const many = rows.length > 16;
  const option = {
    color: ['#1d4f91'],
    grid: { left: 48, right: 16, top: 16, bottom: many ? 96 : 64 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 8 ? 35 : 0, fontSize: 11, color: '#4a5568' },
      axisTick: { alignWithLabel: true },
    },
    yAxis: { type: 'value', splitLine: { lineStyle: { color: '#edf0f4' } }, axisLabel: { fontSize: 11, color: '#4a5568' } },
    dataZoom: many ? [{ type: 'slider', height: 16, bottom: 8, startValue: 0, endValue: 15 }] : [],
    series: [
      {
        name: seriesName,
        type: 'bar',
        barMaxWidth: 28,
        data: rows.map((r) => r.residents),
        label: { show: rows.length <= 20, position: 'top', fontSize: 11, color: '#1f2937' },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320, width: '100%' }} />;
}
