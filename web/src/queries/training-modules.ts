// A self-paced module's cache and changes: the learner's module and steps, and the editor's content. Their
// keys sit under the session's (`sessionKeys`).
import type { attemptResult, selfPacedView } from '@contract/training/modules.schemas.js';
import type { moduleContentView } from '@contract/training/team/module-content.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get } from '../api.js';
import { completionKeys } from './training-records.js';
import { at, sessionKeys } from './training-sessions.js';

export type SelfPacedView = z.infer<typeof selfPacedView>;
export type AttemptResult = z.infer<typeof attemptResult>;
export type ModuleContentView = z.infer<typeof moduleContentView>;

export const useModule = (id: string) =>
  useQuery({ queryKey: sessionKeys.module(id), queryFn: () => get<SelfPacedView>(`${at(id)}/module`) });

export const useModuleContent = (id: string) =>
  useQuery({
    queryKey: sessionKeys.moduleContent(id),
    queryFn: () => get<ModuleContentView>(`${at(id)}/module/content`),
  });

/** Saves a module's content and rule, with the version the editor opened: the session and its module. */
export const useSaveModuleContent = (id: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      version,
      ...body
    }: {
      version: number | undefined;
      content: unknown;
      passMark: unknown;
      maxAttempts: unknown;
    }) => api('PUT', `${at(id)}/module/content`, body, { 'if-match': `"${version}"` }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: sessionKeys.session(id), exact: true }),
        client.invalidateQueries({ queryKey: sessionKeys.module(id) }),
      ]),
  });
};

/**
 * A learner's step in a module: the answer is their module as it now stands, kept as the module's data; a
 * step that completes it adds to their completions.
 */
function useModuleStep<V, R extends SelfPacedView>(id: string, send: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (state) => {
      client.setQueryData(sessionKeys.module(id), state);
      if (state.complete) await client.invalidateQueries({ queryKey: completionKeys.all });
    },
  });
}

export const useViewModulePage = (id: string) =>
  useModuleStep(id, (page: number) => api<SelfPacedView>('PUT', `${at(id)}/module/pages/${page}`));

export const useAttemptModule = (id: string) =>
  useModuleStep(id, (answers: number[]) =>
    api<AttemptResult>('POST', `${at(id)}/module/attempts`, { answers }),
  );

export const useCompleteModule = (id: string) =>
  useModuleStep(id, () => api<SelfPacedView>('POST', `${at(id)}/module/completion`));
