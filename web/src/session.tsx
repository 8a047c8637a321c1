import type { Capability } from '@contract/capabilities.js';
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

/**
 * Whether the session holds any of these capabilities at the organisation it acts for: the server's own
 * answer (decision 034), so a page or button shown is one the server will not refuse.
 */
export function can(session: Session, ...capabilities: Capability[]) {
  return capabilities.some((c) => session.can.includes(c));
}

export type { Capability };
