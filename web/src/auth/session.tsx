import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { fetchMe, login as apiLogin, logout as apiLogout, type Me } from '../api/auth';
import { getToken, setUnauthorizedHandler } from '../api/client';

type Status = 'checking' | 'anonymous' | 'signed-in';

interface Session {
  status: Status;
  me: Me | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Must sit inside the router: a 401 anywhere sends the user to /login without reloading the app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<Status>(() => (getToken() ? 'checking' : 'anonymous'));

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setMe(null);
      setStatus('anonymous');
      navigate('/login', { replace: true, state: { expired: true } });
    });
  }, [navigate]);

  useEffect(() => {
    if (!getToken()) return;
    const ctrl = new AbortController();
    fetchMe(ctrl.signal).then(
      (m) => {
        setMe(m);
        setStatus('signed-in');
      },
      () => {
        // A 401 has already been handled; any other failure leaves the user at the login page.
        if (!ctrl.signal.aborted) setStatus('anonymous');
      },
    );
    return () => ctrl.abort();
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await apiLogin(username, password);
    setMe(await fetchMe());
    setStatus('signed-in');
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } catch {
      // The token is dropped locally anyway; an unreachable server must not keep the user signed in.
    } finally {
      setMe(null);
      setStatus('anonymous');
      navigate('/login', { replace: true });
    }
  }, [navigate]);

  const value = useMemo(() => ({ status, me, login, logout }), [status, me, login, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
