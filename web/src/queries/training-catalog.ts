// The training catalog's cache keys and changes: topics, modules, frameworks, curricula, program years and the
// participation counts. A list's key starts with its URL (ListTable keys pages by URL and filters), so
// invalidating a resource's `all` refreshes its lists and its pages.
import type { ParticipationView } from '@contract/training/participation.schemas.js';
import type {
  curriculumView,
  ProgramYearInput,
  ProgramYearSummary,
  ProgramYearView,
} from '@contract/training/program-years.schemas.js';
import type { TopicDetail, TopicUpdate } from '@contract/training/team/topics.schemas.js';
import type {
  frameworkView,
  moduleView,
  TopicInput,
  TopicView,
} from '@contract/training/training.schemas.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get, type Page, qs } from '../api.js';

type Body<T> = { [K in keyof T]?: unknown };

const TOPICS = '/api/training/topics';
const PROGRAM_YEARS = '/api/training/program-years';
/** Every topic, for choosing one: the same key a list with these filters would have. */
const topicOptionsParams = { pageSize: 500, sort: 'title' };
const yearOptionsParams = { pageSize: 100 };

export const topicKeys = {
  all: [TOPICS] as const,
  topic: (id: string) => [TOPICS, id] as const,
  options: [TOPICS, topicOptionsParams] as const,
};

export const catalogKeys = {
  modules: ['/api/training/modules'] as const,
  frameworks: ['/api/training/frameworks'] as const,
  curricula: ['/api/training/curricula'] as const,
  participation: (params: Record<string, string | null | undefined>) =>
    ['/api/training/participation', params] as const,
};

export const programYearKeys = {
  all: [PROGRAM_YEARS] as const,
  year: (id: string) => [PROGRAM_YEARS, id] as const,
  options: [PROGRAM_YEARS, yearOptionsParams] as const,
};

export const useTopic = (id: string) =>
  useQuery({ queryKey: topicKeys.topic(id), queryFn: () => get<TopicDetail>(`${TOPICS}/${id}`) });

export const useTopics = () =>
  useQuery({
    queryKey: topicKeys.options,
    queryFn: () => get<Page<TopicView>>(`${TOPICS}${qs(topicOptionsParams)}`),
  });

export const useModuleList = () =>
  useQuery({
    queryKey: catalogKeys.modules,
    queryFn: () => get<z.infer<typeof moduleView>[]>(catalogKeys.modules[0]),
  });

export const useFrameworks = () =>
  useQuery({
    queryKey: catalogKeys.frameworks,
    queryFn: () => get<z.infer<typeof frameworkView>[]>(catalogKeys.frameworks[0]),
  });

export const useCurricula = () =>
  useQuery({
    queryKey: catalogKeys.curricula,
    queryFn: () => get<z.infer<typeof curriculumView>[]>(catalogKeys.curricula[0]),
  });

export const useParticipation = (params: Record<string, string | null | undefined>) =>
  useQuery({
    queryKey: catalogKeys.participation(params),
    queryFn: () => get<ParticipationView>(`/api/training/participation${qs(params)}`),
    placeholderData: keepPreviousData,
    retry: false,
  });

export const useProgramYear = (id: string) =>
  useQuery({
    queryKey: programYearKeys.year(id),
    queryFn: () => get<ProgramYearView>(`${PROGRAM_YEARS}/${id}`),
  });

export const useProgramYearOptions = () =>
  useQuery({
    queryKey: programYearKeys.options,
    queryFn: () => get<Page<ProgramYearSummary>>(`${PROGRAM_YEARS}${qs(yearOptionsParams)}`),
  });

/** A topic added or changed: its page, the catalog lists and the choices that offer it. */
function useTopicChange<V>(send: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => client.invalidateQueries({ queryKey: topicKeys.all }),
  });
}

/** Adds a topic, or changes `topic` with the version the page was showing. */
export const useSaveTopic = (topic?: { id: string; version: number }) =>
  useTopicChange((body: Body<TopicInput> | Body<TopicUpdate>) =>
    topic
      ? api('PUT', `${TOPICS}/${topic.id}`, body, { 'if-match': `"${topic.version}"` })
      : api('POST', TOPICS, body),
  );

/** A program year planned or changed: its page, the lists of years and the choices that offer it. */
function useProgramYearChange<V>(send: (v: V) => Promise<{ id: string }>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => client.invalidateQueries({ queryKey: programYearKeys.all }),
  });
}

/** Plans a program year, or changes `year`'s plan with the version the page was showing; answers its id. */
export const useSaveProgramYear = (year?: { id: string; version: number }) =>
  useProgramYearChange(async (body: Body<ProgramYearInput>) => {
    if (!year) return api<{ id: string }>('POST', PROGRAM_YEARS, body);
    await api('PUT', `${PROGRAM_YEARS}/${year.id}`, body, { 'if-match': `"${year.version}"` });
    return { id: year.id };
  });
