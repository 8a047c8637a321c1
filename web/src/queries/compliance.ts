// The compliance feature's cache keys and changes. Each key starts with the URL it reads; the lists
// (statuses, flags) are ListTable's, keyed by URL and filters, so their key here is the URL alone.
import type {
  Basis,
  DashboardView,
  ExemptionInput,
  ExemptionView,
  RequirementInput,
  RequirementListItem,
  RequirementVersionView,
  StatusRow,
} from '@contract/compliance/compliance.schemas.js';
import type { FlagView, ReminderSettingsView } from '@contract/compliance/reminders.schemas.js';
import {
  keepPreviousData,
  type QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, get, type Page, qs } from '../api.js';
import { outboxKeys } from './outbox.js';

/** A past day, as known on it or as corrected since (decision 027); none: today. */
export interface Day {
  asOf?: string | undefined;
  basis?: Basis | undefined;
}
const dayParams = (day: Day) => (day.asOf ? { asOf: day.asOf, basis: day.basis } : {});

export const complianceKeys = {
  dashboard: ['/api/compliance/dashboard'] as const,
  dashboardOn: (day: Day) => [...complianceKeys.dashboard, dayParams(day)] as const,
  statuses: ['/api/compliance/statuses'] as const,
  flags: ['/api/compliance/flags'] as const,
  recentFlags: ['/api/compliance/flags', { pageSize: 5 }] as const,
  people: ['/api/compliance/people'] as const,
  person: (id: string, day: Day) => [...complianceKeys.people, id, dayParams(day)] as const,
  exemptions: ['/api/compliance/exemptions'] as const,
  exemptionsOf: (personId: string) => [...complianceKeys.exemptions, { personId }] as const,
  requirements: ['/api/compliance/requirements'] as const,
  requirementVersions: (id: string) => [...complianceKeys.requirements, id, 'versions'] as const,
  settings: ['/api/compliance/settings'] as const,
  /** The outbox's messages to one person (keyed by the outbox's URL, so its changes reach them). */
  messagesTo: (personId: string) => [...outboxKeys.all, { personId, pageSize: 20 }] as const,
};

/** What a change to who owes what moves: the figures, the status list and every person's statuses. */
const figures = [complianceKeys.dashboard, complianceKeys.statuses, complianceKeys.people];
const refresh = (client: QueryClient, keys: readonly (readonly unknown[])[]) =>
  Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));

export const useDashboard = (day: Day = {}, { follow = false } = {}) =>
  useQuery({
    queryKey: complianceKeys.dashboardOn(day),
    queryFn: () => get<DashboardView>(`/api/compliance/dashboard${qs(dayParams(day))}`),
    placeholderData: keepPreviousData,
    // While many changes are being taken in, look again until the figures are up to date.
    refetchInterval: follow ? (query) => (query.state.data?.updating ? 5_000 : false) : false,
  });

/** The status list is read again once the kept figures stop updating (decision 020). */
export function useStatusesFollowFigures(updating: boolean) {
  const client = useQueryClient();
  const wasUpdating = useRef(false);
  useEffect(() => {
    if (wasUpdating.current && !updating)
      void client.invalidateQueries({ queryKey: complianceKeys.statuses });
    wasUpdating.current = updating;
  }, [updating, client]);
}

export const usePersonStatuses = (id: string, day: Day) =>
  useQuery({
    queryKey: complianceKeys.person(id, day),
    queryFn: () =>
      get<{ asOf: string; items: StatusRow[] }>(`/api/compliance/people/${id}${qs(dayParams(day))}`),
  });

export const useExemptions = (personId: string) =>
  useQuery({
    queryKey: complianceKeys.exemptionsOf(personId),
    queryFn: () => get<ExemptionView[]>(`/api/compliance/exemptions?personId=${personId}`),
  });

export const useMessagesTo = (personId: string, enabled: boolean) =>
  useQuery({
    queryKey: complianceKeys.messagesTo(personId),
    queryFn: () =>
      get<{ items: { id: string; to: string; subject: string; status: string; createdAt: string }[] }>(
        `/api/outbox?personId=${personId}&pageSize=20`,
      ),
    enabled,
    refetchInterval: 3_000,
  });

export const useRequirements = () =>
  useQuery({
    queryKey: complianceKeys.requirements,
    queryFn: () => get<RequirementListItem[]>('/api/compliance/requirements'),
  });

export const useRequirementVersions = (id: string) =>
  useQuery({
    queryKey: complianceKeys.requirementVersions(id),
    queryFn: () => get<RequirementVersionView[]>(`/api/compliance/requirements/${id}/versions`),
  });

export const useReminderSettings = () =>
  useQuery({
    queryKey: complianceKeys.settings,
    queryFn: () => get<ReminderSettingsView>('/api/compliance/settings'),
  });

export const useRecentFlags = () =>
  useQuery({
    queryKey: complianceKeys.recentFlags,
    queryFn: () => get<Page<FlagView>>('/api/compliance/flags?pageSize=5'),
  });

type Body<T> = { [K in keyof T]?: unknown };

/** A requirement added or changed (`editing`): its list and history, and everyone it reaches. */
export function useSaveRequirement(editing?: { id: string; version: number }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<RequirementInput>) =>
      editing
        ? api('PUT', `/api/compliance/requirements/${editing.id}`, body, {
            'if-match': `"${editing.version}"`,
          })
        : api('POST', '/api/compliance/requirements', body),
    onSuccess: () => refresh(client, [complianceKeys.requirements, ...figures]),
  });
}

export function useSaveReminderSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReminderSettingsView) => api('PUT', '/api/compliance/settings', body),
    onSuccess: () => client.invalidateQueries({ queryKey: complianceKeys.settings }),
  });
}

export function useSendReminder(personId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (requirementId: string) =>
      api<{ to: string }>('POST', '/api/compliance/reminders', { personId, requirementId }),
    onSuccess: () => client.invalidateQueries({ queryKey: complianceKeys.messagesTo(personId) }),
  });
}

/** An exemption given or ended: the person's exemptions, and the statuses and figures it moves. */
export function useAddExemption(personId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<ExemptionInput>) => api('POST', '/api/compliance/exemptions', body),
    onSuccess: () => refresh(client, [complianceKeys.exemptionsOf(personId), ...figures]),
  });
}

export function useEndExemption(personId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (exemptionId: string) => api('POST', `/api/compliance/exemptions/${exemptionId}/end`),
    onSuccess: () => refresh(client, [complianceKeys.exemptionsOf(personId), ...figures]),
  });
}

export function useClearFlag() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api('POST', `/api/compliance/flags/${id}/clear`, { reason }),
    onSuccess: () => client.invalidateQueries({ queryKey: complianceKeys.flags }),
  });
}
