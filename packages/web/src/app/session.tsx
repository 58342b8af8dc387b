import { createContext, useContext, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Spin } from 'antd';
import { Navigate, useLocation } from 'react-router-dom';
import { CSRF_COOKIE, dataOf, isProblem, readCookie, type Me } from '@docket/client';
import { api } from './api.ts';

// The session lives in the httpOnly docket_session cookie; the console never sees the token.
// "Who am I" is one cached query: 401 means signed out.
export const ME_QUERY_KEY = ['me'] as const;

export function useMeQuery() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: async (): Promise<Me | null> => {
      // Sign-in sets the readable CSRF cookie beside the session cookie: without it there is
      // no session to ask about, and the console skips a request bound to answer 401.
      if (!readCookie(CSRF_COOKIE)) return null;
      try {
        return dataOf(await api.GET('/api/v1/me'));
      } catch (error) {
        if (isProblem(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

const SessionContext = createContext<Me | null>(null);

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside RequireSession');
  return me;
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return async () => {
    try {
      await api.POST('/api/v1/auth/logout');
    } catch {
      // The session may already be gone (expired, revoked elsewhere): signed out either way here.
    } finally {
      queryClient.clear();
      queryClient.setQueryData(ME_QUERY_KEY, null);
    }
  };
}

/** Renders its children for a signed-in user; sends anyone else to sign-in, remembering where they were going. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMeQuery();
  const location = useLocation();
  if (me.isPending) return <Spin fullscreen />;
  if (!me.data) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}
