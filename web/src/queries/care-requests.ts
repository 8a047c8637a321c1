// Service requests and appeals (issue 20): an enrollee's requests sit under the enrollee's key, so a change to
// the enrollee reaches them; the request clocks (a work queue) under their own URL. Every change to a request
// answers with the request, and refreshes the enrollee's requests and the clocks.
import type {
  AppealDecisionInput,
  AppealInput,
  DecisionInput,
  decisionResult,
  NextLevelInput,
  RequestInput,
  RequestQueueRow,
  RequestView,
  UpdateInput,
} from '@contract/care/requests.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get } from '../api.js';
import { careKeys } from './care.js';

export type { RequestQueueRow, RequestView };
export type DecisionResult = z.infer<typeof decisionResult>;

export const requestKeys = {
  enrollee: (enrolleeId: string) => [...careKeys.enrollee(enrolleeId), 'requests'] as const,
  queue: ['/api/care/requests/queue'] as const,
};

type Body<T> = { [K in keyof T]?: unknown };
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** The enrollee's service requests, latest received first, each with its clock, decision and appeal. */
export const useServiceRequests = (enrolleeId: string) =>
  useQuery({
    queryKey: requestKeys.enrollee(enrolleeId),
    queryFn: () => get<{ items: RequestView[] }>(`/api/care/enrollees/${enrolleeId}/requests`),
  });

/** A change to one of the enrollee's requests: their requests, and the clocks running out. */
function useRequestChange<V, R = RequestView>(enrolleeId: string, send: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all(
        [requestKeys.enrollee(enrolleeId), requestKeys.queue].map((queryKey) =>
          client.invalidateQueries({ queryKey }),
        ),
      ),
  });
}

export const useRecordRequest = (enrolleeId: string) =>
  useRequestChange(enrolleeId, (body: Body<RequestInput>) =>
    api<RequestView>('POST', `/api/care/enrollees/${enrolleeId}/requests`, body),
  );

export const useDecideRequest = (r: RequestView) =>
  useRequestChange(r.enrolleeId, (body: Body<DecisionInput>) =>
    api<DecisionResult>('POST', `/api/care/requests/${r.id}/decision`, body, ifMatch(r.version)),
  );

export const useRecordUpdate = (r: RequestView) =>
  useRequestChange(r.enrolleeId, (body: Body<UpdateInput>) =>
    api<RequestView>('POST', `/api/care/requests/${r.id}/updates`, body),
  );

export const useFileAppeal = (r: RequestView) =>
  useRequestChange(r.enrolleeId, (body: Body<AppealInput>) =>
    api<RequestView>('POST', `/api/care/requests/${r.id}/appeal`, body),
  );

export const useDecideAppeal = (r: RequestView) =>
  useRequestChange(r.enrolleeId, (body: Body<AppealDecisionInput>) =>
    api<RequestView>(
      'POST',
      `/api/care/requests/${r.id}/appeal/decision`,
      body,
      ifMatch(r.appeal?.version ?? 0),
    ),
  );

export const useRecordNextLevel = (r: RequestView) =>
  useRequestChange(r.enrolleeId, (body: Body<NextLevelInput>) =>
    api<RequestView>(
      'POST',
      `/api/care/requests/${r.id}/appeal/next-level`,
      body,
      ifMatch(r.appeal?.version ?? 0),
    ),
  );
