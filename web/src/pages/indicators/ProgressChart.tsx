import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import type { ProgressPoint } from './indicatorsApi';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** The year's progress from the Friday snapshots: enrolled and paid this year against the target line. */
export default function ProgressChart({ points }: { points: ProgressPoint[] }) {
  const { t } = useTranslation();
  const target = points.find((p) => p.targetEnrolled !== null)?.targetEnrolled ?? null;
  const option = {
    color: ['#1d4f91', '#3a9d5d', '#c0392b'],
    grid: { left: 64, right: 24, top: 40, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 4 },
    xAxis: { type: 'category', data: points.map((p) => p.takenOn.slice(5)), axisLabel: { fontSize: 11, color: '#4a5568' } },
    yAxis: { type: 'value', scale: true, splitLine: { lineStyle: { color: '#edf0f4' } }, axisLabel: { fontSize: 11, color: '#4a5568' } },
    series: [
      { name: t('indicators.weekly.seriesEnrolled'), type: 'line', data: points.map((p) => p.enrolled), symbolSize: 6 },
      { name: t('indicators.weekly.seriesPaid'), type: 'line', data: points.map((p) => p.paidThisYear), symbolSize: 6 },
      ...(target === null ? [] : [{ name: t('indicators.weekly.seriesTarget'), type: 'line', data: points.map((p) => p.targetEnrolled), symbol: 'none', lineStyle: { type: 'dashed' } }]),
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300, width: '100%' }} />;
}
