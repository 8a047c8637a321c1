import { useQuery } from '@tanstack/react-query';
import { get, type Page } from '../../api.js';
import type { TopicView } from './format.js';

/** The topics the caller may use, as choices: "Title (CODE)". */
export function useTopicOptions() {
  const topics = useQuery({
    queryKey: ['topic-options'],
    queryFn: () => get<Page<TopicView>>('/api/training/topics?pageSize=500&sort=title'),
  });
  return (topics.data?.items ?? []).map((t) => ({ value: t.id, label: `${t.title} (${t.code})` }));
}

/** The modules the caller may use, with their topics. */
export function useModules() {
  return useQuery({
    queryKey: ['modules'],
    queryFn: () => get<{ id: string; title: string; topics: { id: string }[] }[]>('/api/training/modules'),
  }).data;
}

/** Competencies as choices, grouped by framework. */
export function useCompetencyOptions() {
  const frameworks = useQuery({
    queryKey: ['frameworks'],
    queryFn: () =>
      get<{ name: string; competencies: { id: string; code: string; text: string }[] }[]>(
        '/api/training/frameworks',
      ),
  });
  return (frameworks.data ?? []).map((f) => ({
    group: f.name,
    items: f.competencies.map((c) => ({ value: c.id, label: `${c.code}. ${c.text}` })),
  }));
}

/** Lines of a text area, trimmed, blank ones dropped. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
