// Training sessions' cache keys and changes. Every key starts with the sessions URL (ListTable keys pages by
// URL and filters): a session's own parts (attendance, attestations, roster, module) sit under its id, so
// invalidating `all` refreshes every session list and page. A change refreshes the parts it changes.
import type { announcementView, announceResult } from '@contract/training/program-years.schemas.js';
import type {
  attestationsDecided,
  registrationResult,
  sessionCancelled,
  sessionChanged,
} from '@contract/training/session-results.schemas.js';
import type {
  RegistrantMessage,
  registrantMessageSent,
  registrantMessagesView,
} from '@contract/training/team/roster.schemas.js';
import type {
  attendanceSummary,
  attestationReviewView,
  matchCandidatesView,
  registrationView,
  SessionChanges,
  SessionInput,
  SessionView,
} from '@contract/training/training.schemas.js';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get, type Page, qs } from '../api.js';
import type { Job } from '../components/JobProgress.js';
import { programYearKeys } from './training-catalog.js';
import { attestationKeys, completionKeys } from './training-records.js';

type Body<T> = { [K in keyof T]?: unknown };
type Params = Record<string, string | number | boolean | undefined | null>;
export type MatchCandidates = z.infer<typeof matchCandidatesView>;

const SESSIONS = '/api/training/sessions';
export const at = (id: string) => `${SESSIONS}/${id}`;

export const sessionKeys = {
  all: [SESSIONS] as const,
  /** A list with these filters; `scope` separates lists whose answer depends on more (the organisation). */
  list: (params: Params, scope?: string | null) => [SESSIONS, params, ...(scope ? [scope] : [])] as const,
  session: (id: string) => [SESSIONS, id] as const,
  attendance: (id: string) => [SESSIONS, id, 'attendance'] as const,
  matchCandidates: (id: string, q: string) => [SESSIONS, id, 'attendance', 'candidates', q] as const,
  attestations: (id: string) => [SESSIONS, id, 'attestations'] as const,
  announcement: (id: string) => [SESSIONS, id, 'announcement'] as const,
  registrations: (id: string) => [SESSIONS, id, 'registrations'] as const,
  messages: (id: string) => [SESSIONS, id, 'messages'] as const,
  module: (id: string) => [SESSIONS, id, 'module'] as const,
  moduleContent: (id: string) => [SESSIONS, id, 'module', 'content'] as const,
};

export const useTrainingSession = (id: string) =>
  useQuery({ queryKey: sessionKeys.session(id), queryFn: () => get<SessionView>(at(id)) });

export const useTrainingSessions = (
  params: Params,
  options: { scope?: string | null; enabled?: boolean } = {},
) =>
  useQuery({
    queryKey: sessionKeys.list(params, options.scope),
    queryFn: () => get<Page<SessionView>>(`${SESSIONS}${qs(params)}`),
    enabled: options.enabled,
  });

export const useAttendance = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: sessionKeys.attendance(id),
    queryFn: () => get<z.infer<typeof attendanceSummary>>(`${at(id)}/attendance`),
    enabled,
  });

/** Whom an attendance row may be matched to, searched by name or e-mail (`q`). */
export const useMatchCandidates = (id: string, q: string, enabled = true) =>
  useQuery({
    queryKey: sessionKeys.matchCandidates(id, q),
    queryFn: () => get<MatchCandidates>(`${at(id)}/attendance/candidates?q=${encodeURIComponent(q)}`),
    enabled,
  });

export const useAttestations = (id: string) =>
  useQuery({
    queryKey: sessionKeys.attestations(id),
    queryFn: () => get<z.infer<typeof attestationReviewView>[]>(`${at(id)}/attestations`),
  });

export const useAnnouncement = (id: string) =>
  useQuery({
    queryKey: sessionKeys.announcement(id),
    queryFn: () => get<z.infer<typeof announcementView>>(`${at(id)}/announcement`),
  });

export const useRegistrations = (id: string) =>
  useQuery({
    queryKey: sessionKeys.registrations(id),
    queryFn: () => get<z.infer<typeof registrationView>[]>(`${at(id)}/registrations`),
  });

export const useRegistrantMessages = (id: string) =>
  useQuery({
    queryKey: sessionKeys.messages(id),
    queryFn: () => get<z.infer<typeof registrantMessagesView>>(`${at(id)}/messages`),
  });

/** The session's own view (its counts, the caller's place, its version) and the session lists. */
const sessionAndLists = (client: QueryClient, id: string) =>
  Promise.all([
    client.invalidateQueries({ queryKey: sessionKeys.session(id), exact: true }),
    client.invalidateQueries({
      queryKey: sessionKeys.all,
      predicate: (q) => typeof q.queryKey[1] === 'object',
    }),
  ]);

/** A change to one session that also changes `parts` of it (its attendance, attestations, roster …). */
function useSessionChange<V, R>(
  id: string,
  send: (v: V) => Promise<R>,
  parts: ((id: string) => readonly unknown[])[] = [],
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all([
        sessionAndLists(client, id),
        ...parts.map((part) => client.invalidateQueries({ queryKey: part(id) })),
      ]),
  });
}

/** Offers a session: the session lists, and the program year it may be an event of. */
export function useCreateSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<SessionInput>) => api<{ id: string }>('POST', SESSIONS, body),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: sessionKeys.all }),
        client.invalidateQueries({ queryKey: programYearKeys.all }),
      ]),
  });
}

/** The caller registers (POST) or cancels their registration (DELETE). */
export const useRegistration = (id: string) =>
  useSessionChange(
    id,
    (method: 'POST' | 'DELETE') =>
      api<Partial<z.infer<typeof registrationResult>>>(method, `${at(id)}/registrations`),
    [sessionKeys.registrations],
  );

const ifMatch = (s: { version: number }) => ({ 'if-match': `"${s.version}"` });

/** Changes a session's details, with the version the page was showing; its registrants are told. */
export const useChangeSession = (s: SessionView) =>
  useSessionChange(
    s.id,
    (body: Body<SessionChanges>) => api<z.infer<typeof sessionChanged>>('PUT', at(s.id), body, ifMatch(s)),
    [sessionKeys.registrations, sessionKeys.announcement],
  );

export const useCancelSession = (s: SessionView) =>
  useSessionChange(
    s.id,
    (reason: string) =>
      api<z.infer<typeof sessionCancelled>>('POST', `${at(s.id)}/cancel`, { reason }, ifMatch(s)),
    [sessionKeys.registrations],
  );

/** Sets when the attestation link closes (reopening it when it has closed). */
export const useAttestationCloses = (s: SessionView) =>
  useSessionChange(s.id, (closesAt: string) =>
    api('PUT', `${at(s.id)}/attestation-closes`, { closesAt }, ifMatch(s)),
  );

/** Uploads a participant report; the import runs as a job (see `useAttendanceImported`). */
export const useImportAttendance = (id: string) =>
  useMutation({
    mutationFn: ({ file, confirm }: { file: File; confirm: boolean }) => {
      const form = new FormData();
      form.append('file', file);
      return api<Job>('POST', `${at(id)}/attendance${confirm ? '?confirm=true' : ''}`, form);
    },
  });

/**
 * What an attendance import or a row matched by hand changes: the counts, the attendance, and held
 * attestations it now meets (accepted, so completed).
 */
const attendanceParts = [
  sessionKeys.attendance,
  sessionKeys.attestations,
  () => attestationKeys.held,
  () => completionKeys.all,
];

/** Once an attendance import has ended: reads what it changed. */
export function useAttendanceImported(id: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      sessionAndLists(client, id),
      ...attendanceParts.map((part) => client.invalidateQueries({ queryKey: part(id) })),
    ]);
}

export const useMatchAttendance = (id: string) =>
  useSessionChange(
    id,
    ({ rowId, personId }: { rowId: string; personId: string }) =>
      api('PUT', `${at(id)}/attendance/${rowId}`, { personId }),
    attendanceParts,
  );

export const useDecideAttestations = (id: string) =>
  useSessionChange(
    id,
    (body: { attestationIds: string[]; decision: 'accept' | 'reject'; reason: string }) =>
      api<z.infer<typeof attestationsDecided>>('POST', `${at(id)}/attestations/decisions`, body),
    [sessionKeys.attestations, () => attestationKeys.held, () => completionKeys.all],
  );

export const useAnnounce = (id: string) =>
  useSessionChange(id, () => api<z.infer<typeof announceResult>>('POST', `${at(id)}/announce`));

/** Publishes a live event's recording to the catalog as a session of its own. */
export const usePublishRecording = (id: string) =>
  useSessionChange(id, (body: { videoUrl: string; durationMinutes: number }) =>
    api<{ id: string }>('POST', `${at(id)}/recording`, body),
  );

export const useMessageRegistrants = (id: string) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<RegistrantMessage>) =>
      api<z.infer<typeof registrantMessageSent>>('POST', `${at(id)}/messages`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKeys.messages(id) }),
  });
};

/** A server-clocked viewing of a recording (decision 022): started, then kept going by heartbeats. */
export const viewings = {
  start: (id: string) => api<{ id: string; heartbeatSeconds: number }>('POST', `${at(id)}/viewings`),
  beat: (id: string, viewingId: string | null) => api('POST', `${at(id)}/viewings/${viewingId}/heartbeats`),
};
