// 42 CFR Part 2 (issue 20): an enrollee's consents, counseling notes and whether something is hidden sit under
// the enrollee's key. A consent recorded or revoked changes what the reader's organisation sees of every other
// record, but only for the program's recipients, who are other organisations: the program's own views refresh.
import type {
  ConsentInput,
  ConsentView,
  counselingNoteView,
  part2StatusView,
  RevocationInput,
} from '@contract/care/part2.schemas.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get } from '../api.js';
import { careKeys } from './care.js';

export type { ConsentView };
export type CounselingNoteView = z.infer<typeof counselingNoteView>;
type Body<T> = { [K in keyof T]?: unknown };

export const part2Keys = {
  status: (enrolleeId: string) => [...careKeys.enrollee(enrolleeId), 'part2'] as const,
  consents: (enrolleeId: string) => [...careKeys.enrollee(enrolleeId), 'part2-consents'] as const,
  notes: (enrolleeId: string) => [...careKeys.enrollee(enrolleeId), 'counseling-notes'] as const,
};

/** Whether some of the enrollee's records are hidden from the reader's organisation. */
export const usePart2Status = (enrolleeId: string) =>
  useQuery({
    queryKey: part2Keys.status(enrolleeId),
    queryFn: () => get<z.infer<typeof part2StatusView>>(`/api/care/enrollees/${enrolleeId}/part2`),
  });

export const useConsents = (enrolleeId: string) =>
  useQuery({
    queryKey: part2Keys.consents(enrolleeId),
    queryFn: () => get<{ items: ConsentView[] }>(`/api/care/enrollees/${enrolleeId}/part2-consents`),
  });

export function useRecordConsent(enrolleeId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<ConsentInput>) =>
      api<ConsentView>('POST', `/api/care/enrollees/${enrolleeId}/part2-consents`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: part2Keys.consents(enrolleeId) }),
  });
}

export function useRevokeConsent(enrolleeId: string, consent: ConsentView) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<RevocationInput>) =>
      api<ConsentView>(
        'POST',
        `/api/care/enrollees/${enrolleeId}/part2-consents/${consent.id}/revoke`,
        body,
        { 'if-match': `"${consent.version}"` },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: part2Keys.consents(enrolleeId) }),
  });
}

export const useCounselingNotes = (enrolleeId: string, enabled: boolean) =>
  useQuery({
    queryKey: part2Keys.notes(enrolleeId),
    queryFn: () => get<{ items: CounselingNoteView[] }>(`/api/care/enrollees/${enrolleeId}/counseling-notes`),
    enabled,
  });

export function useWriteCounselingNote(enrolleeId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string }) =>
      api<CounselingNoteView>('POST', `/api/care/enrollees/${enrolleeId}/counseling-notes`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: part2Keys.notes(enrolleeId) }),
  });
}
