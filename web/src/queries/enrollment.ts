// Community Partner enrollment (issue 21): batch files, a member's enrollment over time, the CP directory.
// Every key starts with `/api/enrollment`; a batch's job is followed through the jobs feature.
import type {
  BatchProblems,
  BatchView,
  CpDirectoryEntry,
  LtssGap,
  MemberChoiceInput,
  MemberHistory,
} from '@contract/enrollment/enrollment.schemas.js';
import type { JobView } from '@contract/jobs.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, type Page, qs } from '../api.js';
import { jobsKeys } from './jobs.js';

export type { BatchProblems, BatchView, CpDirectoryEntry, LtssGap, MemberHistory };

export const enrollmentKeys = {
  all: ['/api/enrollment'] as const,
  batches: (page: number) => [...enrollmentKeys.all, 'batches', { page }] as const,
  batch: (id: string | null) => [...enrollmentKeys.all, 'batches', id] as const,
  problems: (id: string | null) => [...enrollmentKeys.all, 'batches', id, 'problems'] as const,
  member: (masshealthId: string) => [...enrollmentKeys.all, 'members', masshealthId] as const,
  directory: () => [...enrollmentKeys.all, 'community-partners'] as const,
  ltssGaps: () => [...enrollmentKeys.all, 'ltss-gaps'] as const,
  ownIds: () => [...enrollmentKeys.all, 'directory'] as const,
};

export const BATCH_TEMPLATE_URL = '/api/enrollment/batches/template';
export const batchResultUrl = (id: string) => `/api/enrollment/batches/${id}/result`;
export const batchPortalUrl = (id: string) => `/api/enrollment/batches/${id}/portal-file`;

export const useBatches = (page: number, o: { refetchInterval?: number } = {}) =>
  useQuery({
    queryKey: enrollmentKeys.batches(page),
    queryFn: () => get<Page<BatchView>>(`/api/enrollment/batches${qs({ page, pageSize: 20 })}`),
    refetchInterval: o.refetchInterval,
  });

/** One batch, read once its job has ended (`enabled`). */
export const useBatch = (id: string | null, enabled: boolean) =>
  useQuery({
    queryKey: enrollmentKeys.batch(id),
    queryFn: () => get<BatchView>(`/api/enrollment/batches/${id}`),
    enabled: Boolean(id) && enabled,
  });

/** Uploads a batch file (check only, or to apply); its job joins the lists. */
export function useSendBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, checkOnly }: { file: File; checkOnly: boolean }) => {
      const form = new FormData();
      form.append('file', file);
      return api<JobView>('POST', `/api/enrollment/batches${checkOnly ? '?checkOnly=true' : ''}`, form);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: jobsKeys.all });
      void client.invalidateQueries({ queryKey: enrollmentKeys.all });
    },
  });
}

/** A member's enrollment over time; asked only once an ID is entered. Every read is audited. */
export const useMemberHistory = (masshealthId: string) =>
  useQuery({
    queryKey: enrollmentKeys.member(masshealthId),
    queryFn: () => get<{ items: MemberHistory[] }>(`/api/enrollment/members${qs({ masshealthId })}`),
    enabled: masshealthId !== '',
    retry: false,
  });

/** The acting organisation's own PIDs and service locations, which its files name. */
export const useOwnProviderIds = (enabled: boolean) =>
  useQuery({
    queryKey: enrollmentKeys.ownIds(),
    queryFn: () => get<{ ids: { pid: string; sl: string }[] }>('/api/enrollment/directory'),
    enabled,
  });

export const useCpDirectory = () =>
  useQuery({
    queryKey: enrollmentKeys.directory(),
    queryFn: () => get<{ items: CpDirectoryEntry[] }>('/api/enrollment/community-partners'),
  });

/** Counties where an ACO or MCO has fewer than two LTSS Community Partners under agreement. */
export const useLtssGaps = () =>
  useQuery({
    queryKey: enrollmentKeys.ltssGaps(),
    queryFn: () => get<{ items: LtssGap[] }>('/api/enrollment/ltss-gaps'),
  });

/** Records a member's request for a different CP, or to decline; their history is read again. */
export function useRecordChoice(enrolleeId: string, masshealthId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MemberChoiceInput) =>
      api<{ id: string }>('POST', `/api/enrollment/members/${enrolleeId}/choices`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: enrollmentKeys.member(masshealthId) }),
  });
}

/** The first refused rows of a finished batch that has some. */
export const useBatchProblems = (id: string | null, enabled: boolean) =>
  useQuery({
    queryKey: enrollmentKeys.problems(id),
    queryFn: () => get<{ items: BatchProblems }>(`/api/enrollment/batches/${id}/problems`),
    enabled: Boolean(id) && enabled,
  });
