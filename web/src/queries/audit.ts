// The audit trail, read only: its list's key is its URL (ListTable keys pages by URL and filters).
import type { AuditEntryView } from '@contract/audit.schemas.js';
import { useQuery } from '@tanstack/react-query';
import { get, type Page } from '../api.js';

export const auditKeys = {
  all: ['/api/audit'] as const,
  latestSignIns: ['/api/audit', { platform: true, pageSize: 5 }] as const,
};

/** The five latest sign-in events (system administrators). */
export const useLatestSignIns = () =>
  useQuery({
    queryKey: auditKeys.latestSignIns,
    queryFn: () => get<Page<AuditEntryView>>('/api/audit?platform=true&pageSize=5'),
  });
