import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../api';

/** Loads one page of a list endpoint whenever filters / page change. */
export function usePaged<T, F extends object>(
  fetcher: (q: F & { page: number; pageSize: number }) => Promise<Page<T>>,
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
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    let alive = true;
    setLoading(true);
    setError(null);
    fetcherRef
      .current({ ...filters, page, pageSize })
      .then((d) => alive && setData(d))
      .catch((e: unknown) => alive && setError(e instanceof Error ? e : new Error(String(e))))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [filters, page, pageSize, tick]);

  const setFilters = useCallback((f: F) => {
    setFiltersState(f);
    setPage(1);
  }, []);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const onPageChange = useCallback((p: number, ps: number) => {
    setPage(p);
    setPageSize(ps);
  }, []);

  return { filters, setFilters, page, pageSize, data, loading, error, reload, onPageChange };
}
