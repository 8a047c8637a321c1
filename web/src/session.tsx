import type { Capability } from '@contract/capabilities.js';
import { createContext, useContext } from 'react';
import type { Session } from './api.js';

const SessionContext = createContext<Session | null>(null);
export const SessionProvider = SessionContext.Provider;

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/**
 * Whether the session holds any of these capabilities at the organisation it acts for: the server's own
 * answer (decision 034), so a page or button shown is one the server will not refuse.
 */
export function can(session: Session, ...capabilities: Capability[]) {
  return capabilities.some((c) => session.can.includes(c));
}

export { useRefreshSession, useSessionQuery } from './queries/session.js';
export type { Capability };
