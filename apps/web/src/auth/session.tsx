import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, createContext, use, useCallback, useEffect, useMemo, useState } from 'react';
import { apiGet, apiSend, session, setUnauthorizedHandler } from '../api/client';
import type { Principal, Role } from '../api/types';

interface Session {
  token: string | null;
  principal: Principal | undefined;
  /** Why the user is on the login page again, e.g. an expired session. */
  notice: string | null;
  login(email: string, password: string): Promise<void>;
  logout(): void;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in user: the token from login, and who it is from `GET /auth/me`. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState(session.token);
  const [notice, setNotice] = useState<string | null>(null);

  const end = useCallback(
    (why: string | null) => {
      session.clear();
      setToken(null);
      setNotice(why);
      queryClient.clear();
    },
    [queryClient],
  );

  useEffect(() => setUnauthorizedHandler(() => end('Your session has expired. Sign in again.')), [end]);

  const me = useQuery({
    queryKey: ['me', token],
    queryFn: () => apiGet<{ principal: Principal }>('/auth/me'),
    enabled: token !== null,
    staleTime: Infinity,
  });

  const value = useMemo<Session>(
    () => ({
      token,
      principal: me.data?.principal,
      notice,
      async login(email, password) {
        const answer = await apiSend<{ token: string }>('POST', '/auth/login', { email, password });
        session.save(answer.token);
        setNotice(null);
        setToken(answer.token);
      },
      logout: () => end('You have signed out.'),
    }),
    [token, me.data, notice, end],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The caller's role; undefined while `GET /auth/me` loads. */
export function useRole(): Role | undefined {
  return useSession().principal?.role;
}

/** Whether the caller may write (admin), so viewers see no start or edit buttons. */
export function useCanWrite(): boolean {
  return useRole() === 'admin';
}
