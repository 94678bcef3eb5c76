import { useEffect, useRef } from 'react';

/** Reloads a list when its tab becomes active again (a payment recorded or reversed on the other tab changes it). */
export function useReloadOnReturn(active: boolean, reload: () => void): void {
  const was = useRef(active);
  useEffect(() => {
    if (active && !was.current) reload();
    was.current = active;
  }, [active, reload]);
}
