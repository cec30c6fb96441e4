import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fetchMe, login as apiLogin, logout as apiLogout, type Me } from '../api/auth';
import { getToken, setUnauthorizedHandler } from '../api/client';

type Status = 'checking' | 'anonymous' | 'signed-in';

/** Why the user is signed out: after an explicit logout the next user starts at home, not at the last page. */
export type SignedOutReason = 'logout' | 'expired' | null;

interface Session {
  status: Status;
  me: Me | null;
  signedOutReason: SignedOutReason;
  /** Resolves to whether a mandatory second factor must be enrolled first (the account page). */
  login(username: string, password: string, totp?: string): Promise<{ totpEnrollmentRequired: boolean }>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in user. Leaving protected pages when signed out is RequireSession's job (auth/guards.tsx). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<Status>(() => (getToken() ? 'checking' : 'anonymous'));
  const [signedOutReason, setReason] = useState<SignedOutReason>(null);

  useEffect(() => {
    // The client has already dropped the token.
    setUnauthorizedHandler(() => {
      setMe(null);
      setReason('expired');
      setStatus('anonymous');
    });
  }, []);

  useEffect(() => {
    if (!getToken()) return;
    const ctrl = new AbortController();
    fetchMe(ctrl.signal).then(
      (m) => {
        setMe(m);
        setStatus('signed-in');
      },
      () => {
        // A 401 has been handled above; any other failure leaves the user at the login page.
        if (!ctrl.signal.aborted) setStatus('anonymous');
      },
    );
    return () => ctrl.abort();
  }, []);

  const login = useCallback(async (username: string, password: string, totp?: string) => {
    const user = await apiLogin(username, password, totp);
    setMe(await fetchMe());
    setReason(null);
    setStatus('signed-in');
    return { totpEnrollmentRequired: user.totpEnrollmentRequired };
  }, []);

  const logout = useCallback(async () => {
    try {
      await apiLogout();
    } catch {
      // The token is dropped locally anyway; an unreachable server must not keep the user signed in.
    } finally {
      setMe(null);
      setReason('logout');
      setStatus('anonymous');
    }
  }, []);

  const value = useMemo(
    () => ({ status, me, signedOutReason, login, logout }),
    [status, me, signedOutReason, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
