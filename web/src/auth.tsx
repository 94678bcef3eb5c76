import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setUnauthorizedHandler, type User } from './api';
import { clearRegionTreeCache } from './hooks/useRegionTree';

type Status = 'loading' | 'anonymous' | 'signedIn';

interface AuthValue {
  status: Status;
  user: User | null;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<User | null>(null);

  const signOutLocally = useCallback(() => {
    setCsrfToken(null);
    clearRegionTreeCache();
    setUser(null);
    setStatus('anonymous');
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(signOutLocally);
    let cancelled = false;
    api
      .me()
      .then((s) => {
        if (cancelled) return;
        setCsrfToken(s.csrfToken);
        setUser(s.user);
        setStatus('signedIn');
      })
      .catch(() => {
        if (!cancelled) signOutLocally();
      });
    return () => {
      cancelled = true;
    };
  }, [signOutLocally]);

  const login = useCallback(async (username: string, password: string) => {
    const s = await api.login(username, password);
    clearRegionTreeCache();
    setCsrfToken(s.csrfToken);
    setUser(s.user);
    setStatus('signedIn');
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      signOutLocally();
    }
  }, [signOutLocally]);

  const value = useMemo<AuthValue>(
    () => ({
      status,
      user,
      login,
      logout,
      can: (p: string) => !!user?.permissions.includes(p),
    }),
    [status, user, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
