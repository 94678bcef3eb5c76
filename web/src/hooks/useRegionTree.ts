import { useEffect, useState } from 'react';
import { api, type RegionNode } from '../api';

// The region tree is the same for the whole session: fetch it once and share it.
let cached: Promise<RegionNode> | null = null;

export function clearRegionTreeCache(): void {
  cached = null;
}

export function useRegionTree(enabled = true, version = 0): { root: RegionNode | null; loading: boolean; error: Error | null } {
  const [root, setRoot] = useState<RegionNode | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(enabled);

  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    if (!cached) {
      cached = api.regionTree().then((r) => r.root);
      cached.catch(() => {
        cached = null;
      });
    }
    setLoading(true);
    cached
      .then((r) => alive && setRoot(r))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [enabled, version]);

  return { root, loading, error };
}

/** Index of code → node, and code → name, for labels in tables. */
export function indexTree(root: RegionNode | null): Map<string, RegionNode> {
  const map = new Map<string, RegionNode>();
  const walk = (n: RegionNode) => {
    map.set(n.code, n);
    n.children?.forEach(walk);
  };
  if (root) walk(root);
  return map;
}
