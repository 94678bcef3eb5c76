import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import type { TrendMonth } from '../api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface TrendLabels {
  enrolled: string;
  pensioners: string;
  collected: string;
  paid: string;
  people: string;
  yuan: string;
}

const yuan = (fen: number) => Math.round(fen) / 100;

/** People enrolled and pensioners at each month's end (lines, left axis); premiums collected and pensions paid in the month (bars, yuan, right axis). */
export default function TrendsChart({ months, labels }: { months: TrendMonth[]; labels: TrendLabels }) {
  const axisLabel = { fontSize: 11, color: '#4a5568' };
  const option = {
    color: ['#1d4f91', '#c2410c', '#93c5fd', '#fdba74'],
    animationDuration: 300,
    grid: { left: 56, right: 72, top: 40, bottom: 32 },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel },
    yAxis: [
      { type: 'value', name: labels.people, splitLine: { lineStyle: { color: '#edf0f4' } }, axisLabel },
      { type: 'value', name: labels.yuan, splitLine: { show: false }, axisLabel },
    ],
    series: [
      { name: labels.enrolled, type: 'line', smooth: true, data: months.map((m) => m.enrolled) },
      { name: labels.pensioners, type: 'line', smooth: true, data: months.map((m) => m.pensioners) },
      { name: labels.collected, type: 'bar', yAxisIndex: 1, barMaxWidth: 18, data: months.map((m) => yuan(m.collected)) },
      { name: labels.paid, type: 'bar', yAxisIndex: 1, barMaxWidth: 18, data: months.map((m) => yuan(m.paid)) },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 340, width: '100%' }} />;
}
