import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { ApiError, get, type Session, setCsrfToken } from './api.js';

const SessionContext = createContext<Session | null>(null);
export const SessionProvider = SessionContext.Provider;

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/** The current session, or null when signed out. */
export function useSessionQuery() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const s = await get<Session>('/api/auth/session');
        setCsrfToken(s.csrfToken);
        return s;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useRefreshSession() {
  const client = useQueryClient();
  return async () => {
    await client.resetQueries();
  };
}

export function hasRole(session: Session, ...roles: string[]) {
  return session.roles.some((r) => roles.includes(r));
}
