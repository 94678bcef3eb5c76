import { Drawer, Skeleton } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import ErrorAlert from './ErrorAlert';

/**
 * The record a detail drawer shows: loaded whenever `id` changes (nothing while it is null), again on `reload()`
 * after an action; an answer that arrives after the drawer moved on is dropped. `setDetail` takes the record an
 * action returns, `setError` shows a refusal in the drawer.
 */
export function useDetail<T>(id: number | null, load: (id: number) => Promise<T>) {
  const [detail, setDetail] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    setDetail(null);
    setError(null);
    if (id !== null)
      load(id).then(
        (d) => alive && setDetail(d),
        (e: unknown) => alive && setError(e),
      );
    return () => {
      alive = false;
    };
    // `load` is a module function of the page's API; the record depends on the id and the version only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { detail, setDetail, error, setError, reload };
}

/**
 * The drawer a list opens on one record (申请, 居民, 养老金, 死亡结算): its actions at the top right (`extra`), any
 * error, a skeleton while it loads, then the record.
 */
export default function DetailDrawer({ open, onClose, size, title, extra, error, loading, children }: { open: boolean; onClose: () => void; size: number; title: ReactNode; extra?: ReactNode; error: unknown; loading: boolean; children: ReactNode }) {
  return (
    <Drawer open={open} onClose={onClose} size={size} title={title} extra={extra}>
      <ErrorAlert error={error} />
      {loading && !error && <Skeleton active paragraph={{ rows: 8 }} />}
      {children}
    </Drawer>
  );
}
