// Monthly assignment of identified members to Community Partners: proposals, confirmation, withdrawal and the
// CP's outreach. Every key starts with `/api/enrollment/assignments`.
import type {
  AssignmentView,
  outreachInput,
  outreachView,
  proposeResult,
} from '@contract/enrollment/assignment.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get, type Page, qs } from '../api.js';
import { enrollmentKeys } from './enrollment.js';

export type { AssignmentView };
export type ProposeResult = z.infer<typeof proposeResult>;
export type OutreachInput = z.input<typeof outreachInput>;
export type AssignmentDetail = AssignmentView & { outreach: z.infer<typeof outreachView>[] };

type AssignmentFilter = { month?: string; status?: string; q?: string; page: number };

export const assignmentKeys = {
  all: ['/api/enrollment/assignments'] as const,
  list: (filter: AssignmentFilter) => [...assignmentKeys.all, filter] as const,
  one: (id: string | null) => [...assignmentKeys.all, 'one', id] as const,
};

export const useAssignments = (filter: AssignmentFilter) =>
  useQuery({
    queryKey: assignmentKeys.list(filter),
    queryFn: () =>
      get<Page<AssignmentView>>(`/api/enrollment/assignments${qs({ ...filter, pageSize: 100 })}`),
  });

export const useAssignment = (id: string | null) =>
  useQuery({
    queryKey: assignmentKeys.one(id),
    queryFn: () => get<AssignmentDetail>(`/api/enrollment/assignments/${id}`),
    enabled: Boolean(id),
  });

/** After any change: the assignments, and the directory's places used. */
function useRefresh() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: assignmentKeys.all });
    void client.invalidateQueries({ queryKey: enrollmentKeys.directory() });
  };
}

export function usePropose() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (month: string) =>
      api<ProposeResult>('POST', '/api/enrollment/assignments/proposals', { month }),
    onSuccess,
  });
}

export function useConfirm() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (ids: string[]) =>
      api<{ confirmed: number }>('POST', '/api/enrollment/assignments/confirmations', { ids }),
    onSuccess,
  });
}

export function useWithdraw() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api<null>('POST', `/api/enrollment/assignments/${id}/withdrawal`, { reason }),
    onSuccess,
  });
}

export function useRecordOutreach(id: string) {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: (body: OutreachInput) =>
      api<{ id: string }>('POST', `/api/enrollment/assignments/${id}/outreach`, body),
    onSuccess,
  });
}
