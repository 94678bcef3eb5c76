import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionNode } from '../api';
import { useRegionTree } from '../hooks/useRegionTree';

interface Option {
  title: string;
  value: string;
  disabled?: boolean;
  children?: Option[];
}

const DEPTH = { county: 0, township: 1, village: 2 } as const;

function toOptions(n: RegionNode, maxLevel: RegionNode['level'], only?: RegionNode['level']): Option {
  const stop = DEPTH[n.level] >= DEPTH[maxLevel];
  return {
    title: n.name,
    value: n.code,
    disabled: only !== undefined && n.level !== only,
    children: stop ? undefined : n.children?.map((c) => toOptions(c, maxLevel, only)),
  };
}

interface Props {
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  /** Deepest level offered (default village). */
  maxLevel?: RegionNode['level'];
  /** Only regions of this level can be picked (others stay visible to navigate). */
  onlyLevel?: RegionNode['level'];
  style?: React.CSSProperties;
  status?: 'error' | 'warning';
  id?: string;
}

/** Region picker fed from GET /api/regions/tree (only the user's scope). */
export default function RegionTreeSelect({ value, onChange, placeholder, allowClear = true, maxLevel = 'village', onlyLevel, style, status, id }: Props) {
  const { t } = useTranslation();
  const { root, loading } = useRegionTree();
  const effectiveMax = onlyLevel ?? maxLevel;
  const treeData = useMemo(() => (root ? [toOptions(root, effectiveMax, onlyLevel)] : []), [root, effectiveMax, onlyLevel]);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v) => onChange?.((v as string | undefined) ?? undefined)}
      treeData={treeData}
      loading={loading}
      placeholder={placeholder ?? t('residents.region')}
      allowClear={allowClear}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={root ? [root.code] : []}
      popupMatchSelectWidth={false}
      style={{ minWidth: 200, ...style }}
      status={status}
    />
  );
}
