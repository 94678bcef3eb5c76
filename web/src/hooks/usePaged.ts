import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api';

/**
 * Loads one page of a list endpoint whenever filters / page change. A list that stops counting at a cap (its page
 * has `totalExact: false`) is asked for the exact figure (`count: 'exact'`) after `countExactly()`, until the
 * filters change.
 */
export function usePaged<T, F extends object>(
  fetcher: (q: F & { page: number; pageSize: number; count?: 'exact' }) => Promise<Page<T>>,
  initialFilters: F,
  initialPageSize = 20,
) {
  const [filters, setFiltersState] = useState<F>(initialFilters);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(initialPageSize);
  const [data, setData] = useState<Page<T>>({ items: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [tick, setTick] = useState(0);
  const [exactCount, setExactCount] = useState(false);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    let alive = true;
    setLoading(true);
    setError(null);
    fetcherRef
      .current({ ...filters, page, pageSize, ...(exactCount ? { count: 'exact' as const } : {}) })
      .then((d) => alive && setData(d))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [filters, page, pageSize, tick, exactCount]);

  const setFilters = useCallback((f: F) => {
    setFiltersState(f);
    setPage(1);
    setExactCount(false);
  }, []);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const countExactly = useCallback(() => setExactCount(true), []);
  const onPageChange = useCallback((p: number, ps: number) => {
    setPage(p);
    setPageSize(ps);
  }, []);

  return { filters, setFilters, page, pageSize, data, loading, error, reload, onPageChange, countExactly };
}
