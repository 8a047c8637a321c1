// Care plans (issue 20): an enrollee's plans sit under the enrollee's key, so a change to the enrollee reaches
// them; a plan's approval links under the plan's URL; the public approval page under its own. Every change to a
// plan answers with the plan, and refreshes the enrollee's plans (and, for a link, the plan's links).
import type {
  ApprovalView,
  linkInput,
  linkView,
  PlanCreate,
  PlanView,
  SignatureInput,
} from '@contract/care/plans.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get } from '../api.js';
import { careKeys } from './care.js';

export type { PlanView };
export type PlanStepView = PlanView['steps'][number];
export type PlanLinkView = z.infer<typeof linkView>;

/** What a PCP's single-use link shows (the API's `GET /api/plan-approvals/:token`). */
export type PlanApprovalView = ApprovalView;

export const planKeys = {
  enrollee: (enrolleeId: string) => [...careKeys.enrollee(enrolleeId), 'plans'] as const,
  links: (planId: string) => ['/api/care/plans', planId, 'links'] as const,
  approval: (token: string) => ['/api/plan-approvals', token] as const,
};

type Body<T> = { [K in keyof T]?: unknown };
type Versioned = { id: string; enrolleeId: string; version: number };
const ifMatch = (p: { version: number }) => ({ 'if-match': `"${p.version}"` });

/** The enrollee's care plans, latest first, each with its sign-off steps and due dates. */
export const usePlans = (enrolleeId: string) =>
  useQuery({
    queryKey: planKeys.enrollee(enrolleeId),
    queryFn: () => get<{ items: PlanView[] }>(`/api/care/enrollees/${enrolleeId}/plans`),
  });

/** A change to one of the enrollee's plans: their plans. */
function usePlanChange<V, R = PlanView>(enrolleeId: string, send: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => client.invalidateQueries({ queryKey: planKeys.enrollee(enrolleeId) }),
  });
}

/** Writes a draft: the first plan, or after a signed one a new version or an addendum of it. */
export const useCreatePlan = (enrolleeId: string) =>
  usePlanChange(enrolleeId, (body: Body<PlanCreate>) =>
    api<PlanView>('POST', `/api/care/enrollees/${enrolleeId}/plans`, body),
  );

export const useUpdatePlan = (plan: Versioned) =>
  usePlanChange(plan.enrolleeId, (content: unknown) =>
    api<PlanView>('PUT', `/api/care/plans/${plan.id}`, { content }, ifMatch(plan)),
  );

export const useDiscardPlan = (plan: Versioned) =>
  usePlanChange(plan.enrolleeId, () =>
    api<void>('DELETE', `/api/care/plans/${plan.id}`, undefined, ifMatch(plan)),
  );

export const useSendPlan = (plan: Versioned) =>
  usePlanChange(plan.enrolleeId, (clinicalReview: boolean) =>
    api<PlanView>('POST', `/api/care/plans/${plan.id}/send`, { clinicalReview }, ifMatch(plan)),
  );

export const useWithdrawPlan = (plan: Versioned) =>
  usePlanChange(plan.enrolleeId, () =>
    api<PlanView>('POST', `/api/care/plans/${plan.id}/withdraw`, undefined, ifMatch(plan)),
  );

/**
 * Records a signature; a signed page (uploaded or faxed) is uploaded first and the signature names it. The
 * last signature locks the plan.
 */
export const useSignPlan = (plan: Versioned) =>
  usePlanChange(
    plan.enrolleeId,
    async ({ file, ...input }: Body<SignatureInput> & { file?: File | null }) => {
      let fileId: string | null = null;
      if (file) {
        const form = new FormData();
        form.append('file', file);
        fileId = (await api<{ fileId: string }>('POST', `/api/care/plans/${plan.id}/pages`, form)).fileId;
      }
      return api<PlanView>(
        'POST',
        `/api/care/plans/${plan.id}/signatures`,
        { ...input, fileId },
        ifMatch(plan),
      );
    },
  );

/** The approval links made for a plan, without their addresses. */
export const usePlanLinks = (planId: string, enabled = true) =>
  useQuery({
    queryKey: planKeys.links(planId),
    queryFn: () => get<{ items: PlanLinkView[] }>(`/api/care/plans/${planId}/links`),
    enabled,
  });

/** Makes a PCP's single-use link: the answer holds its address, shown only this once. */
export function useCreatePlanLink(planId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<z.input<typeof linkInput>>) =>
      api<PlanLinkView>('POST', `/api/care/plans/${planId}/links`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: planKeys.links(planId) }),
  });
}

/** What a PCP's link shows (public: no sign-in). */
export const usePlanApproval = (token: string) =>
  useQuery({
    queryKey: planKeys.approval(token),
    queryFn: () => get<PlanApprovalView>(`/api/plan-approvals/${encodeURIComponent(token)}`),
    retry: false,
    // Opening the link is audited: once is enough while the page is open.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

/** The PCP approves through the link, which is then spent; the page shows its confirmation, read no more. */
export const useApprovePlan = (token: string) =>
  useMutation({
    mutationFn: (body: { signerName: string; attested: boolean }) =>
      api<{ approved: true }>('POST', `/api/plan-approvals/${encodeURIComponent(token)}`, body),
  });
