// The signed-in session's cache key. Signing in or out, or acting for another organisation, changes what
// every other query returns, so those reset the whole cache rather than naming keys.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, type Session, setCsrfToken } from '../api.js';

export const sessionKeys = {
  session: ['/api/auth/session'] as const,
};

/** The current session, or null when signed out. */
export function useSessionQuery() {
  return useQuery({
    queryKey: sessionKeys.session,
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

/** After signing in or out, or switching organisation: nothing cached belongs to the new session. */
export function useRefreshSession() {
  const client = useQueryClient();
  return async () => {
    await client.resetQueries();
  };
}
