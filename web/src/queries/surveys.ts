// The surveys feature's cache keys and changes. Every key starts with /api/surveys and then the rest of the
// URL it reads, so invalidating `all` refreshes every survey list, survey, form and result.
import type { Definition } from '@contract/surveys/definition.js';
import type { Change, GroupResult, Participation } from '@contract/surveys/results.schemas.js';
import type {
  FormView,
  MySurveyView,
  SharedSurveyView,
  SurveyInput,
  SurveyView,
} from '@contract/surveys/surveys.schemas.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, type Page } from '../api.js';
import { outboxKeys } from './outbox.js';

export const surveysKeys = {
  all: ['/api/surveys'] as const,
  /** The organisation's own surveys (GET /api/surveys). */
  own: ['/api/surveys', 'own'] as const,
  mine: ['/api/surveys', 'mine'] as const,
  shared: ['/api/surveys', 'shared'] as const,
  survey: (id: string) => [...surveysKeys.all, id] as const,
  form: (id: string) => [...surveysKeys.survey(id), 'form'] as const,
  results: (id: string, by: string) => [...surveysKeys.survey(id), 'results', { by }] as const,
  planResults: (id: string) => [...surveysKeys.survey(id), 'plan-results'] as const,
  comparison: (id: string) => [...surveysKeys.survey(id), 'comparison'] as const,
  /** The sessions a survey may be linked to (keyed by the sessions' URL, so their changes reach them). */
  linkableSessions: ['/api/training/sessions', { pageSize: 200, sort: 'startsAt', dir: 'desc' }] as const,
};

export const useOwnSurveys = (enabled: boolean) =>
  useQuery({ queryKey: surveysKeys.own, queryFn: () => get<SurveyView[]>('/api/surveys'), enabled });

export const useMySurveys = () =>
  useQuery({ queryKey: surveysKeys.mine, queryFn: () => get<MySurveyView[]>('/api/surveys/mine') });

export const useSharedSurveys = (enabled: boolean) =>
  useQuery({
    queryKey: surveysKeys.shared,
    queryFn: () => get<SharedSurveyView[]>('/api/surveys/shared'),
    enabled,
  });

/** A survey to build on; none while a new one is built. */
export const useSurvey = (id: string | undefined) =>
  useQuery({
    queryKey: surveysKeys.survey(id ?? ''),
    queryFn: () => get<SurveyView>(`/api/surveys/${id}`),
    enabled: Boolean(id),
  });

export const useSurveyForm = (id: string) =>
  useQuery({
    queryKey: surveysKeys.form(id),
    queryFn: () => get<FormView>(`/api/surveys/${id}/form`),
    retry: false,
  });

// The results routes send loose objects (src/domains/surveys/results.routes.ts): these are their shapes.
export interface SurveyResults {
  version: number;
  definition: Definition;
  overall: GroupResult;
  breakdown: GroupResult[];
  participation: { overall: Participation; groups: Participation[] };
}
interface Side {
  id: string;
  title: string;
  version: number;
  respondents: number | null;
}
export interface Comparison {
  definition: Definition;
  comparison: { before: Side; after: Side; changes: Change[] } | null;
}

/**
 * A survey's results by group (`by`: plan, organisation, role or none), or (`shared`) a training vendor's
 * survey as a plan sees it: every plan together, and the plan beside it as the one group.
 */
export const useSurveyResults = (id: string, shared: boolean, by: string) =>
  useQuery({
    queryKey: shared ? surveysKeys.planResults(id) : surveysKeys.results(id, by),
    queryFn: async () => {
      if (!shared) return get<SurveyResults>(`/api/surveys/${id}/results${by === 'none' ? '' : `?by=${by}`}`);
      const r = await get<Omit<SurveyResults, 'breakdown'> & { mine: GroupResult }>(
        `/api/surveys/${id}/plan-results`,
      );
      return { ...r, breakdown: [r.mine] };
    },
    placeholderData: keepPreviousData,
  });

export const useComparison = (id: string) =>
  useQuery({
    queryKey: surveysKeys.comparison(id),
    queryFn: () => get<Comparison>(`/api/surveys/${id}/comparison`),
  });

export const useLinkableSessions = () =>
  useQuery({
    queryKey: surveysKeys.linkableSessions,
    queryFn: () =>
      get<Page<{ id: string; orgId: string; title: string; startsAt: string | null }>>(
        '/api/training/sessions?pageSize=200&sort=startsAt&dir=desc',
      ),
  });

type Body<T> = { [K in keyof T]?: unknown };

export function useCreateSurvey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<SurveyInput>) => api<{ id: string }>('POST', '/api/surveys', body),
    onSuccess: () => client.invalidateQueries({ queryKey: surveysKeys.own }),
  });
}

/** A draft changed: the survey and the list; its results and form are of published versions. */
export function useUpdateSurvey(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: Body<SurveyInput>; version: number | undefined }) =>
      api('PUT', `/api/surveys/${id}`, body, { 'if-match': `"${version}"` }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: surveysKeys.survey(id), exact: true }),
        client.invalidateQueries({ queryKey: surveysKeys.own }),
      ]),
  });
}

/** Publishing opens the draft to those it is addressed to: the survey, its lists and its form change. */
export function usePublishSurvey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ version: number }>('POST', `/api/surveys/${id}/publish`),
    onSuccess: (_, id) =>
      Promise.all([
        client.invalidateQueries({ queryKey: surveysKeys.survey(id) }),
        client.invalidateQueries({ queryKey: surveysKeys.own }),
        client.invalidateQueries({ queryKey: surveysKeys.mine }),
      ]),
  });
}

export function useRemindSurvey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<{ queued: number; alreadySent: number }>('POST', `/api/surveys/${id}/reminders`),
    onSuccess: () => client.invalidateQueries({ queryKey: outboxKeys.all }),
  });
}

/**
 * Answers saved or submitted. The page holds the answers being given, so its form is only marked stale
 * (read again when next opened), not read again under the person's hands.
 */
function useAnswers(id: string, method: 'PUT' | 'POST') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (answers: unknown) => api(method, `/api/surveys/${id}/answers`, { answers }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: surveysKeys.form(id), refetchType: 'none' }),
        client.invalidateQueries({ queryKey: surveysKeys.mine }),
      ]),
  });
}
export const useSaveAnswers = (id: string) => useAnswers(id, 'PUT');
export const useSubmitAnswers = (id: string) => useAnswers(id, 'POST');
