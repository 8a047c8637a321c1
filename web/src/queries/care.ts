// The care feature's cache keys and changes. Every key starts with /api/care/enrollees, so the enrollee
// list (ListTable keys it by URL and filters) falls under `all`; an enrollee's page and its contacts sit
// under the enrollee's own key. A change to the record, its enrollments or its team refreshes the lists
// too (programs and the single point of contact show there); a contact refreshes only the enrollee.
import type {
  ContactInput,
  contactView,
  EnrolleeInput,
  EnrolleePatch,
  EnrollmentInput,
  enrolleeView,
  enrollmentView,
  SpocInput,
  TeamMemberInput,
  teamMemberView,
} from '@contract/care/care.schemas.js';
import type { teamCandidatesView } from '@contract/care/team-candidates.schemas.js';
import type { TeamTrainingView } from '@contract/care/team-training.schemas.js';
import type {
  AssessmentInput,
  AssessmentInstrumentView,
  assessmentView,
  enrolleeClocksView,
  MajorChangeInput,
  majorChangeView,
  queueRowView,
  TransferInput,
  teamRowView,
} from '@contract/care/work.schemas.js';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, get, qs } from '../api.js';

export type EnrolleeView = z.infer<typeof enrolleeView>;
export type EnrollmentView = z.infer<typeof enrollmentView>;
export type TeamMemberView = z.infer<typeof teamMemberView>;
export type ContactView = z.infer<typeof contactView>;
type TeamCandidatesView = z.infer<typeof teamCandidatesView>;
export type EnrolleeClocksView = z.infer<typeof enrolleeClocksView>;
export type QueueRowView = z.infer<typeof queueRowView>;
export type TeamRowView = z.infer<typeof teamRowView>;
export type AssessmentView = z.infer<typeof assessmentView>;
export type MajorChangeView = z.infer<typeof majorChangeView>;
export type { TeamTrainingView };

export const careKeys = {
  all: ['/api/care/enrollees'] as const,
  enrollee: (id: string) => [...careKeys.all, id] as const,
  contacts: (id: string, pageSize: number) => [...careKeys.enrollee(id), 'contacts', { pageSize }] as const,
  clocks: (id: string) => [...careKeys.enrollee(id), 'clocks'] as const,
  assessments: (id: string) => [...careKeys.enrollee(id), 'assessments'] as const,
  instruments: (id: string) => [...careKeys.enrollee(id), 'instruments'] as const,
  majorChanges: (id: string) => [...careKeys.enrollee(id), 'major-changes'] as const,
  /** Under the enrollee: a change to the team (or the enrollee) refreshes it. */
  teamTraining: (id: string) => [...careKeys.enrollee(id), 'team', 'training'] as const,
  /** Work queues (ListTable keys them by URL and filters): what is due changes with contacts and transfers. */
  queue: ['/api/care/queue'] as const,
  team: ['/api/care/queue/team'] as const,
};

type Body<T> = { [K in keyof T]?: unknown };

export const useEnrollee = (id: string) =>
  useQuery({
    queryKey: careKeys.enrollee(id),
    queryFn: () => get<EnrolleeView>(`/api/care/enrollees/${id}`),
  });

/** The latest `pageSize` contacts, latest first (the API pages without a total). */
export const useContacts = (id: string, pageSize: number) =>
  useQuery({
    queryKey: careKeys.contacts(id, pageSize),
    queryFn: () =>
      get<{ items: ContactView[] }>(
        `/api/care/enrollees/${id}/contacts${qs({ sort: 'occurredAt', dir: 'desc', pageSize })}`,
      ),
    placeholderData: keepPreviousData,
  });

export function useCreateEnrollee() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<EnrolleeInput>) =>
      api<{ id: string; version: number }>('POST', '/api/care/enrollees', body),
    onSuccess: () => client.invalidateQueries({ queryKey: careKeys.all }),
  });
}

/** A change to one enrollee's record, enrollments or team: their page and every list they appear in. */
function useEnrolleeChange<V>(send: (v: V) => Promise<unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => invalidateQueues(client, careKeys.all),
  });
}

/** A change to what is due or whose caseload it is: the given keys, and every work queue and team view. */
function invalidateQueues(client: ReturnType<typeof useQueryClient>, ...keys: (readonly unknown[])[]) {
  return Promise.all(
    [...keys, careKeys.queue, careKeys.team].map((queryKey) => client.invalidateQueries({ queryKey })),
  );
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export const useUpdateEnrollee = (id: string) =>
  useEnrolleeChange((e: { version: number; patch: Body<EnrolleePatch> }) =>
    api('PATCH', `/api/care/enrollees/${id}`, e.patch, ifMatch(e.version)),
  );

export const useAddEnrollment = (id: string) =>
  useEnrolleeChange((body: Body<EnrollmentInput>) =>
    api('POST', `/api/care/enrollees/${id}/enrollments`, body),
  );

export const useEndEnrollment = (id: string) =>
  useEnrolleeChange((e: { id: string; version: number; endsOn: string }) =>
    api(
      'POST',
      `/api/care/enrollees/${id}/enrollments/${e.id}/end`,
      { endsOn: e.endsOn },
      ifMatch(e.version),
    ),
  );

export const useAddTeamMember = (id: string) =>
  useEnrolleeChange((body: Body<TeamMemberInput>) => api('POST', `/api/care/enrollees/${id}/team`, body));

export const useChangeSpoc = (id: string) =>
  useEnrolleeChange((body: Body<SpocInput>) =>
    api('POST', `/api/care/enrollees/${id}/team/single-point-of-contact`, body),
  );

export const useEndTeamMember = (id: string) =>
  useEnrolleeChange((m: { id: string; version: number; endsOn: string }) =>
    api('POST', `/api/care/enrollees/${id}/team/${m.id}/end`, { endsOn: m.endsOn }, ifMatch(m.version)),
  );

export const useRecordLtsOffer = (id: string) =>
  useEnrolleeChange((m: { id: string; version: number; offeredOn: string }) =>
    api(
      'POST',
      `/api/care/enrollees/${id}/team/${m.id}/lts-offer`,
      { offeredOn: m.offeredOn },
      ifMatch(m.version),
    ),
  );

export const useRecordLtsResponse = (id: string) =>
  useEnrolleeChange((m: { id: string; version: number; response: string; respondedOn: string }) =>
    api(
      'POST',
      `/api/care/enrollees/${id}/team/${m.id}/lts-response`,
      { response: m.response, respondedOn: m.respondedOn },
      ifMatch(m.version),
    ),
  );

/**
 * A contact shows on the enrollee's page (the list shows no contact), and moves their clocks: outreach,
 * unreachable and no contact, on the page and in the work queues.
 */
export function useRecordContact(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<ContactInput>) => api('POST', `/api/care/enrollees/${id}/contacts`, body),
    onSuccess: () => invalidateQueues(client, [...careKeys.enrollee(id), 'contacts'], careKeys.clocks(id)),
  });
}

/** The enrollee's clocks today: due dates with their rule versions, unreachable and no contact. */
export const useClocks = (id: string) =>
  useQuery({
    queryKey: careKeys.clocks(id),
    queryFn: () => get<EnrolleeClocksView>(`/api/care/enrollees/${id}/clocks`),
  });

/** The enrollee's assessments, latest first. */
export const useAssessments = (id: string) =>
  useQuery({
    queryKey: careKeys.assessments(id),
    queryFn: () => get<{ items: AssessmentView[] }>(`/api/care/enrollees/${id}/assessments`),
  });

/** The enrollee's major changes, latest first. */
export const useMajorChanges = (id: string) =>
  useQuery({
    queryKey: careKeys.majorChanges(id),
    queryFn: () => get<{ items: MajorChangeView[] }>(`/api/care/enrollees/${id}/major-changes`),
  });

/**
 * An assessment meets a clock (and may start the yearly one), a major change starts one: the enrollee's
 * assessments or major changes, their clocks, and every work queue and team view.
 */
export function useRecordAssessment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<AssessmentInput>) => api('POST', `/api/care/enrollees/${id}/assessments`, body),
    onSuccess: () => invalidateQueues(client, careKeys.assessments(id), careKeys.clocks(id)),
  });
}

export function useRecordMajorChange(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<MajorChangeInput>) =>
      api('POST', `/api/care/enrollees/${id}/major-changes`, body),
    // A major change can reopen the yearly review of the enrollee's care plan.
    onSuccess: () =>
      invalidateQueues(client, careKeys.majorChanges(id), careKeys.clocks(id), [
        ...careKeys.enrollee(id),
        'plans',
      ]),
  });
}

/**
 * The instruments an assessment may be answered on: the organisation's published surveys that name who
 * answered (an anonymous one cannot hold an enrollee's answers). The API lists an organisation's surveys only
 * to those who build them, so others record the assessment without its answers. Keyed by the surveys list's
 * URL, so publishing a survey reaches it.
 */
/** The holding plan's forms an assessment of the enrollee may be answered on, with their questions. */
export const useInstruments = (enrolleeId: string) =>
  useQuery({
    queryKey: careKeys.instruments(enrolleeId),
    queryFn: () =>
      get<{ items: AssessmentInstrumentView[] }>(`/api/care/enrollees/${enrolleeId}/instruments`),
  });

/** Each care team member's training as of joining and today, and whether the whole team is trained now. */
export const useTeamTraining = (id: string) =>
  useQuery({
    queryKey: careKeys.teamTraining(id),
    queryFn: () => get<TeamTrainingView>(`/api/care/enrollees/${id}/team/training`),
  });

/**
 * How many of the signed-in coordinator's enrollees have something due, and something overdue (the queue's
 * totals: one row each, nothing else read).
 */
export function useQueueCounts(enabled: boolean) {
  const count = (overdue: boolean) => ({
    queryKey: [...careKeys.queue, { pageSize: 1, overdue: overdue || null, summary: true }] as const,
    queryFn: () =>
      get<{ total: number }>(`/api/care/queue${qs({ pageSize: 1, overdue: overdue ? 'true' : undefined })}`),
    enabled,
  });
  const due = useQuery(count(false));
  const overdue = useQuery(count(true));
  return { due: due.data?.total, overdue: overdue.data?.total, error: due.error ?? overdue.error };
}

/** The team view's coordinators (a supervisor's team, or every coordinator for an organisation admin). */
export const useTeam = (enabled = true) =>
  useQuery({
    queryKey: [...careKeys.team, { sort: 'name', pageSize: 200 }] as const,
    queryFn: () =>
      get<{ items: TeamRowView[]; total: number }>(
        `/api/care/queue/team${qs({ sort: 'name', pageSize: 200 })}`,
      ),
    enabled,
  });

/** Moves a caseload: both coordinators' queues, the team's counts and the enrollees' teams change. */
export function useTransferCaseload() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<TransferInput>) =>
      api<{ moved: number; enrolleeIds: string[] }>('POST', '/api/care/caseloads/transfer', body),
    onSuccess: () => invalidateQueues(client, careKeys.all),
  });
}

/**
 * People at the active organisation who may join a care team, found by name (keyed by the people list's
 * URL, so a change to people reaches it). Only for those who may list people.
 */
/** Who may join a care team in a part on a day: the plan's and its network's staff, found by name. */
export const useTeamCandidates = (q: string, role: string, on: string, enabled = true) =>
  useQuery({
    queryKey: ['/api/care/team-candidates', { q, role, on }] as const,
    queryFn: () => get<TeamCandidatesView>(`/api/care/team-candidates${qs({ q, role, on })}`),
    placeholderData: keepPreviousData,
    enabled,
  });
