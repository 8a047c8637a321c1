// Welcome mailings of a service-area expansion (issue 21): the list, one mailing, and running one. Every key
// starts with `/api/enrollment/mailings`; a running mailing's job is followed through the jobs feature.
import type { MailingInput, MailingView } from '@contract/enrollment/mailing.schemas.js';
import type { JobView } from '@contract/jobs.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, type Page, qs } from '../api.js';
import { jobsKeys } from './jobs.js';

export type { MailingView };

export const mailingsKeys = {
  all: ['/api/enrollment/mailings'] as const,
  list: (page: number) => [...mailingsKeys.all, { page }] as const,
  mailing: (id: string | null) => [...mailingsKeys.all, id] as const,
};

export const mailingLettersUrl = (id: string) => `/api/enrollment/mailings/${id}/letters`;
export const mailingFileUrl = (id: string) => `/api/enrollment/mailings/${id}/mail-file`;

/** Mailings per page of the list (the page also reads it to know which counties were mailed). */
export const MAILINGS_PAGE_SIZE = 100;

export const useMailings = (page: number, o: { refetchInterval?: number } = {}) =>
  useQuery({
    queryKey: mailingsKeys.list(page),
    queryFn: () =>
      get<Page<MailingView>>(`/api/enrollment/mailings${qs({ page, pageSize: MAILINGS_PAGE_SIZE })}`),
    refetchInterval: o.refetchInterval,
  });

/** One mailing, read once its job has ended (`enabled`). */
export const useMailing = (id: string | null, enabled: boolean) =>
  useQuery({
    queryKey: mailingsKeys.mailing(id),
    queryFn: () => get<MailingView>(`/api/enrollment/mailings/${id}`),
    enabled: Boolean(id) && enabled,
  });

/** Runs a mailing; its job joins the lists. */
export function useRunMailing() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MailingInput) => api<JobView>('POST', '/api/enrollment/mailings', body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: jobsKeys.all });
      void client.invalidateQueries({ queryKey: mailingsKeys.all });
    },
  });
}
