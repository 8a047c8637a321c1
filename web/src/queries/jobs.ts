// Background jobs (imports, evidence packs): cache keys, a followed job and the recent ones of a kind.
// Every key starts with `/api/jobs`; a list's key holds its filters as an object, so `recent(kind)`
// also matches that kind's lists of any length.
import type { JobView } from '@contract/jobs.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, get, qs } from '../api.js';

export const jobsKeys = {
  all: ['/api/jobs'] as const,
  job: (id: string | null) => [...jobsKeys.all, id] as const,
  recent: (kind: string, pageSize?: number) =>
    [...jobsKeys.all, pageSize === undefined ? { kind } : { kind, pageSize }] as const,
};

const ended = (job: JobView | undefined) => job?.status === 'succeeded' || job?.status === 'failed';

/**
 * A job followed until it ends: every half second while it runs. When it ends, the lists of its kind are
 * refreshed, so they show it finished as soon as its own card does.
 */
export function useJob(id: string | null) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: jobsKeys.job(id),
    queryFn: () => get<JobView>(`/api/jobs/${id}`),
    enabled: Boolean(id),
    refetchInterval: (q) => (ended(q.state.data) ? false : 500),
  });
  const endedKind = ended(query.data) ? query.data?.kind : undefined;
  useEffect(() => {
    if (endedKind) void client.invalidateQueries({ queryKey: jobsKeys.recent(endedKind) });
  }, [endedKind, client]);
  return query;
}

/** A job a page has just started, followed to its end: the job, whether it ended, its progress in percent. */
export function useJobProgress(id: string) {
  const job = useJob(id);
  const percent = job.data?.progressTotal
    ? Math.round((job.data.progressDone / job.data.progressTotal) * 100)
    : 0;
  return { job, ended: ended(job.data), percent };
}

/**
 * Once the page's outcome of a job is `finished`: the lists under `refresh` are read again, and the focus goes
 * to the returned heading, so a keyboard or screen reader user lands on the outcome.
 */
export function useOutcomeFocus(finished: boolean, refresh: readonly unknown[]) {
  const client = useQueryClient();
  const heading = useRef<HTMLHeadingElement>(null);
  const refreshKey = useRef(refresh);
  refreshKey.current = refresh;
  useEffect(() => {
    if (!finished) return;
    void client.invalidateQueries({ queryKey: refreshKey.current });
    heading.current?.focus();
  }, [finished, client]);
  return heading;
}

/** The latest jobs of one kind that the caller may see, read again every `refetchInterval` ms if given. */
export const useRecentJobs = (kind: string, o: { pageSize?: number; refetchInterval?: number } = {}) =>
  useQuery({
    queryKey: jobsKeys.recent(kind, o.pageSize),
    queryFn: () => get<{ items: JobView[] }>(`/api/jobs${qs({ kind, pageSize: o.pageSize })}`),
    refetchInterval: o.refetchInterval,
  });

/**
 * Uploads a file to an import's endpoint; the job it starts joins the lists of jobs. The lists are not
 * waited for, so the new job's card shows as soon as the upload is accepted.
 */
export function useStartImport(endpoint: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api<JobView>('POST', endpoint, form);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: jobsKeys.all });
    },
  });
}
