import { DatePicker, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chinaMonth } from '../pensions/pensionApi';
import type { Period } from './fundApi';

/** The first year anyone can have paid into the scheme (国发〔2009〕32号). */
const FIRST_YEAR = 2009;

/** A whole year: January to December, or to this month for the current year (later months have nothing yet). */
export function yearPeriod(year: number): Period {
  const now = chinaMonth(0);
  const to = `${year}-12`;
  return { from: `${year}-01`, to: to > now ? now : to };
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The period in the address, or this year when it has none (or a malformed one). */
export function readPeriod(from: string | null, to: string | null): Period {
  if (from && to && MONTH.test(from) && MONTH.test(to) && from <= to) return { from, to };
  return yearPeriod(Number(chinaMonth(0).slice(0, 4)));
}

export function isDefaultPeriod(p: Period): boolean {
  const d = yearPeriod(Number(chinaMonth(0).slice(0, 4)));
  return p.from === d.from && p.to === d.to;
}

export const isYearPeriod = (p: Period) => p.from.endsWith('-01') && p.from.slice(0, 4) === p.to.slice(0, 4) && (p.to.endsWith('-12') || p.to === chinaMonth(0));

/** 期间: a year (按年度), or a run of months (按月份), never after this month. */
export default function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'year' | 'months'>(() => (isYearPeriod(value) ? 'year' : 'months'));
  const now = chinaMonth(0);
  const thisYear = Number(now.slice(0, 4));
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => thisYear - i);
  return (
    <Space size={8} wrap data-testid="fund-period">
      <span>{t('fund.period.label')}</span>
      <Radio.Group
        optionType="button"
        size="middle"
        value={mode}
        onChange={(e) => {
          const m = e.target.value as 'year' | 'months';
          setMode(m);
          if (m === 'year') onChange(yearPeriod(Number(value.from.slice(0, 4))));
        }}
        options={[
          { value: 'year', label: t('fund.period.year') },
          { value: 'months', label: t('fund.period.months') },
        ]}
      />
      {mode === 'year' ? (
        <Select
          style={{ width: 110 }}
          value={Number(value.from.slice(0, 4))}
          onChange={(y: number) => onChange(yearPeriod(y))}
          options={years.map((y) => ({ value: y, label: t('fund.period.yearOption', { year: y }) }))}
          data-testid="fund-year"
        />
      ) : (
        <DatePicker.RangePicker
          picker="month"
          format="YYYY-MM"
          allowClear={false}
          value={[dayjs(`${value.from}-01`), dayjs(`${value.to}-01`)]}
          disabledDate={(d) => d.format('YYYY-MM') > now || d.year() < FIRST_YEAR}
          onChange={(v) => {
            const [a, b] = v ?? [];
            if (a && b) onChange({ from: a.format('YYYY-MM'), to: b.format('YYYY-MM') });
          }}
          placeholder={[t('fund.period.from'), t('fund.period.to')]}
          style={{ width: 220 }}
          data-testid="fund-months"
        />
      )}
    </Space>
  );
}
