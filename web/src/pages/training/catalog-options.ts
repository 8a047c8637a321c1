import { useFrameworks, useModuleList, useTopics } from '../../queries/training-catalog.js';
import { useSession } from '../../session.js';

/**
 * The topics the caller's organisation may use, as choices: "Title (CODE)". Its own and shared ones;
 * another organisation's private topic is seen in the catalog but not offered, planned or recorded here.
 */
export function useTopicOptions() {
  const { orgId } = useSession();
  const topics = useTopics();
  return (topics.data?.items ?? [])
    .filter((t) => t.shared || t.orgId === orgId)
    .map((t) => ({ value: t.id, label: `${t.title} (${t.code})` }));
}

/** The modules the caller may use, with their topics. */
export function useModules() {
  return useModuleList().data;
}

/** Competencies as choices, grouped by framework. */
export function useCompetencyOptions() {
  const frameworks = useFrameworks();
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
