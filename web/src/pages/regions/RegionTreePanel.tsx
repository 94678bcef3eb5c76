import { Input, Tree, type TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionNode } from '../../api';

interface Props {
  root: RegionNode;
  selected: string | undefined;
  onSelect: (code: string) => void;
}

function count(n: RegionNode): number {
  return 1 + (n.children ?? []).reduce((s, c) => s + count(c), 0);
}

/** Keeps the nodes that match (and their ancestors); returns null when nothing in the branch matches. */
function filterTree(n: RegionNode, q: string): RegionNode | null {
  const hit = n.name.includes(q) || n.code.startsWith(q);
  const kids = (n.children ?? []).map((c) => filterTree(c, q)).filter((c): c is RegionNode => c !== null);
  if (hit) return n;
  return kids.length ? { ...n, children: kids } : null;
}

function toTreeData(n: RegionNode): TreeDataNode {
  return {
    key: n.code,
    title: (
      <span className={`xnb-tree-node xnb-level-${n.level}`} data-code={n.code} data-level={n.level}>
        <span className="xnb-tree-name">{n.name}</span>
        <span className="xnb-tree-code">{n.code}</span>
      </span>
    ),
    isLeaf: !n.children?.length,
    children: n.children?.map(toTreeData),
  };
}

function allKeys(n: RegionNode, out: string[] = []): string[] {
  if (n.children?.length) {
    out.push(n.code);
    n.children.forEach((c) => allKeys(c, out));
  }
  return out;
}

export default function RegionTreePanel({ root, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<React.Key[]>([root.code]);
  const filtered = useMemo(() => (q.trim() ? filterTree(root, q.trim()) : root), [root, q]);
  const treeData = useMemo(() => (filtered ? [toTreeData(filtered)] : []), [filtered]);
  const big = useMemo(() => count(root) > 3000, [root]);

  return (
    <div className="xnb-tree-panel">
      <Input.Search
        allowClear
        size="small"
        placeholder={t('regions.searchPlaceholder')}
        onChange={(e) => {
          const v = e.target.value;
          setQ(v);
          if (v.trim()) {
            const f = filterTree(root, v.trim());
            setExpanded(f ? allKeys(f) : []);
          } else setExpanded([root.code]);
        }}
        style={{ marginBottom: 8 }}
      />
      <div className="xnb-tree-scroll" data-testid="region-tree">
        <Tree
          blockNode
          showLine={{ showLeafIcon: false }}
          treeData={treeData}
          expandedKeys={expanded}
          onExpand={(keys) => setExpanded(keys)}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => {
            const k = keys[0];
            if (k !== undefined) onSelect(String(k));
          }}
          virtual={big}
          height={big ? 560 : undefined}
        />
      </div>
    </div>
  );
}
