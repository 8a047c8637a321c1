// Identification and referrals (issue 21): the identified-member list's import (a job, followed through the
// jobs feature), the identifications, and providers' referrals with the ACO/MCO's decision. Every key starts
// with `/api/enrollment`.
import type { IdentificationSource, ReferralStatus, Stage } from '@contract/enrollment/assignment.labels.js';
import type {
  IdentificationImportResult,
  IdentificationView,
  ImportedSource,
  ReceivedReferralView,
  ReferralDeclineInput,
  ReferralInput,
  SentReferralView,
} from '@contract/enrollment/identification.schemas.js';
import type { JobView } from '@contract/jobs.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, type Page, qs } from '../api.js';
import { jobsKeys } from './jobs.js';

export type { IdentificationImportResult, IdentificationView, ReceivedReferralView, SentReferralView };
export type ReferralItem = SentReferralView & Partial<ReceivedReferralView>;

export { IDENTIFICATION_IMPORT_JOB } from '@contract/enrollment/identification.schemas.js';
export const IDENTIFICATION_TEMPLATE_URL = '/api/enrollment/identifications/import/template';

export const identificationKeys = {
  all: ['/api/enrollment/identifications'] as const,
  list: (f: { stage: Stage | null; source: IdentificationSource | null; page: number }) =>
    [...identificationKeys.all, f] as const,
  referrals: ['/api/enrollment/referrals'] as const,
  referralList: (f: { status: ReferralStatus | null; page: number }) =>
    [...identificationKeys.referrals, f] as const,
  plans: () => ['/api/enrollment/referral-plans'] as const,
};

/** The identifications in scope, a page at a time; every read is audited. */
export const useIdentifications = (f: {
  stage: Stage | null;
  source: IdentificationSource | null;
  page: number;
}) =>
  useQuery({
    queryKey: identificationKeys.list(f),
    queryFn: () =>
      get<Page<IdentificationView>>(
        `/api/enrollment/identifications${qs({ stage: f.stage, source: f.source, page: f.page, pageSize: 25 })}`,
      ),
  });

/** Uploads an identified-member list (check only, or to apply); its job joins the lists of jobs. */
export function useImportIdentifications() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, source, checkOnly }: { file: File; source: ImportedSource; checkOnly: boolean }) => {
      const form = new FormData();
      form.append('file', file);
      return api<JobView>(
        'POST',
        `/api/enrollment/identifications/import${qs({ source, checkOnly: checkOnly ? 'true' : undefined })}`,
        form,
      );
    },
    onSuccess: () => client.invalidateQueries({ queryKey: jobsKeys.all }),
  });
}

/** Referrals: a provider's sent, an ACO's/MCO's received (pending first); every read is audited. */
export const useReferrals = (f: { status: ReferralStatus | null; page: number }) =>
  useQuery({
    queryKey: identificationKeys.referralList(f),
    queryFn: () =>
      get<Page<ReferralItem> & { direction: 'sent' | 'received' | 'all' }>(
        `/api/enrollment/referrals${qs({ status: f.status, page: f.page, pageSize: 25 })}`,
      ),
  });

/** The ACOs, MCOs and plans the provider may refer to. */
export const useReferralPlans = (enabled: boolean) =>
  useQuery({
    queryKey: identificationKeys.plans(),
    queryFn: () =>
      get<{ items: { orgId: string; name: string; kind: string }[] }>('/api/enrollment/referral-plans'),
    enabled,
  });

export function useSendReferral() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReferralInput) => api<{ id: string }>('POST', '/api/enrollment/referrals', body),
    onSuccess: () => client.invalidateQueries({ queryKey: identificationKeys.referrals }),
  });
}

/** Takes back a referral the provider sent, while it waits; the referrals are read again. */
export function useWithdrawReferral() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ id: string }>('POST', `/api/enrollment/referrals/${id}/withdrawal`),
    onSuccess: () => client.invalidateQueries({ queryKey: identificationKeys.referrals }),
  });
}

/** Accepts or declines a referral at the version shown; the referrals and identifications are read again. */
export function useDecideReferral() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      referral,
      decline,
    }: {
      referral: { id: string; version: number };
      decline?: ReferralDeclineInput;
    }) =>
      api<{ id: string; status: string }>(
        'POST',
        `/api/enrollment/referrals/${referral.id}/${decline ? 'decline' : 'accept'}`,
        decline ?? {},
        { 'if-match': `"${referral.version}"` },
      ),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: identificationKeys.referrals });
      void client.invalidateQueries({ queryKey: identificationKeys.all });
    },
  });
}
