import { createReadStream } from 'node:fs';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PEOPLE_IMPORT_JOB } from '../../src/domains/people/index.js';
import { checkedRow, type Db } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { signStep } from '../support/factories.js';
import { multipartFile, peopleCsv, personRow } from '../support/files.js';

/**
 * Every route × every kind of caller. Tenant A is a plan with a network contract to provider P; the callers:
 *   anon      — no session
 *   staffA    — provider staff at A (no administrative role)
 *   auditorA  — auditor at A
 *   adminA    — organisation administrator at A
 *   adminB    — organisation administrator at B, another tenant
 *   sys       — system administrator, acting for a state agency
 * "allowed" lists the callers that must get through (any status but 401, 403 or 404); every other signed-in
 * caller must be refused with 403 or 404, and anon with 401 unless the route is public. A route registered
 * in the app but missing here fails the test, so a new route cannot ship without a decision about who may
 * call it. Whatever a B caller is allowed to see must not contain A's people.
 */
type Caller = 'staffA' | 'auditorA' | 'adminA' | 'adminB' | 'sys';
const ALL: Caller[] = ['staffA', 'auditorA', 'adminA', 'adminB', 'sys'];
const WORKFORCE: Caller[] = ['auditorA', 'adminA', 'adminB', 'sys'];
const ADMINS: Caller[] = ['adminA', 'adminB', 'sys'];
const A_MEMBERS: Caller[] = ['staffA', 'auditorA', 'adminA'];

const SURVEY = {
  sections: [{ questions: [{ key: 'ok', type: 'yes_no', text: 'Was the session useful?', required: true }] }],
};

interface Entry {
  allowed: Caller[] | 'public';
  body?: unknown;
}

const MATRIX: Record<string, Entry> = {
  'GET /api/health': { allowed: 'public' },
  'POST /api/auth/sign-in': { allowed: 'public', body: { email: 'nobody@test.example', password: 'x' } },
  'GET /api/auth/session': { allowed: ALL },
  'POST /api/auth/sign-out': { allowed: ALL },
  'GET /api/auth/mfa': { allowed: ALL },
  // Each caller's own second factor: refused for what it is (not on, no code owed), never for who asks.
  'POST /api/auth/mfa/enrolment': { allowed: ALL },
  'POST /api/auth/mfa/enrolment/confirm': { allowed: ALL, body: { code: '000000' } },
  'POST /api/auth/mfa/verify': { allowed: ALL, body: { code: '000000' } },
  'POST /api/auth/mfa/recovery-codes': { allowed: ALL, body: { code: '000000' } },
  'POST /api/auth/mfa/disable': { allowed: ALL, body: { code: '000000' } },
  // Someone holding a role at A: A's administrator or a system administrator resets it; B's may not.
  'POST /api/auth/mfa/reset': { allowed: ['adminA', 'sys'], body: { personId: ':mfaTarget' } },
  'POST /api/auth/switch-organisation': {
    allowed: ['staffA', 'auditorA', 'adminA', 'sys'],
    body: { orgId: ':orgA' },
  },
  'GET /api/organisations': { allowed: ALL },
  'GET /api/organisations/export': { allowed: ALL },
  'GET /api/counties': { allowed: ALL },
  'GET /api/organisations/:id': { allowed: ALL },
  'POST /api/organisations': {
    allowed: ['sys'],
    body: { kind: 'provider', code: 'MATRIX-NEW', name: 'Matrix new' },
  },
  'PATCH /api/organisations/:id': { allowed: ['adminA', 'sys'], body: { phone: '617-555-0100' } },
  'GET /api/organisations/:id/relationships': { allowed: ALL },
  'POST /api/organisations/:id/relationships': {
    allowed: ['adminA'],
    body: { kind: 'network_contract', otherOrgId: ':orgA', startsOn: '2030-01-01' },
  },
  'PATCH /api/organisations/:id/relationships/:linkId': { allowed: ['adminA'], body: { endsOn: null } },
  'GET /api/organisations/:id/service-areas': { allowed: ALL },
  'POST /api/organisations/:id/service-areas': {
    allowed: ['adminA'],
    body: { county: 'Essex', startsOn: '2030-01-01' },
  },
  'PATCH /api/organisations/:id/service-areas/:linkId': { allowed: ['adminA'], body: { endsOn: null } },
  'GET /api/people': { allowed: WORKFORCE },
  'GET /api/people/export': { allowed: WORKFORCE },
  'GET /api/people/:id': { allowed: ['auditorA', 'adminA'] },
  'POST /api/people': {
    allowed: ADMINS,
    body: {
      givenName: 'New',
      familyName: 'Person',
      email: 'new.person@test.example',
      roles: [{ role: 'rn', startsOn: '2026-01-01' }],
    },
  },
  'PATCH /api/people/:id': { allowed: ['adminA'], body: { title: 'CHW' } },
  'POST /api/people/:id/roles': { allowed: ['adminA'], body: { role: 'rn', startsOn: '2026-01-01' } },
  'PATCH /api/people/:id/roles/:childId': { allowed: ['adminA'], body: { team: 'North' } },
  'GET /api/qualifications': { allowed: WORKFORCE },
  'GET /api/qualifications/export': { allowed: WORKFORCE },
  'POST /api/people/:id/qualifications': {
    allowed: ['adminA'],
    body: { kind: 'licence', name: 'RN', issuer: 'Board' },
  },
  'PUT /api/people/:id/qualifications/:childId': {
    allowed: ['adminA'],
    body: { kind: 'licence', name: 'RN', issuer: 'Board' },
  },
  'GET /api/people/imports/template': { allowed: ALL },
  'POST /api/people/imports': { allowed: ADMINS },
  'GET /api/care/enrollees/imports/template': { allowed: ALL },
  /** The plan's (and the ACO's) record keepers; a state agency holds no enrollees. */
  'POST /api/care/enrollees/imports': { allowed: ['adminA', 'adminB'] },
  // Care (decision 050): the plan keeps its enrollees; its auditors and care readers read them; provider staff
  // at the plan hold no care role; another organisation (B, the state) lists its own, none of A's.
  'GET /api/care/enrollees': { allowed: WORKFORCE },
  'GET /api/care/enrollees/export': { allowed: WORKFORCE },
  'GET /api/care/enrollees/:id': { allowed: ['auditorA', 'adminA'] },
  'POST /api/care/enrollees': {
    allowed: ['adminA', 'adminB'],
    body: {
      masshealthId: '100000000099',
      givenName: 'New',
      familyName: 'Enrollee',
      dateOfBirth: '1960-02-03',
    },
  },
  'PATCH /api/care/enrollees/:id': { allowed: ['adminA'], body: { phone: '617-555-0101' } },
  'POST /api/care/enrollees/:id/enrollments': {
    allowed: ['adminA'],
    body: { program: 'cp', effectiveOn: '2026-01-01' },
  },
  'POST /api/care/enrollees/:id/enrollments/:childId/end': {
    allowed: ['adminA'],
    body: { endsOn: '2030-12-31' },
  },
  'POST /api/care/enrollees/:id/team': {
    allowed: ['adminA'],
    body: { personId: ':person', role: 'other', memberOrgId: ':orgA', startsOn: '2026-02-01' },
  },
  'POST /api/care/enrollees/:id/team/single-point-of-contact': {
    allowed: ['adminA'],
    body: { personId: ':person', role: 'care_coordinator', memberOrgId: ':orgA', startsOn: '2026-03-01' },
  },
  'POST /api/care/enrollees/:id/team/:childId/end': { allowed: ['adminA'], body: { endsOn: '2030-12-31' } },
  'POST /api/care/enrollees/:id/team/:childId/lts-offer': {
    allowed: ['adminA'],
    body: { offeredOn: '2026-02-01' },
  },
  'POST /api/care/enrollees/:id/team/:childId/lts-response': {
    allowed: ['adminA'],
    body: { response: 'accepted', respondedOn: '2026-02-02' },
  },
  'GET /api/care/enrollees/:id/team/training': { allowed: ['auditorA', 'adminA'] },
  'GET /api/care/team-candidates': { allowed: ['adminA', 'adminB'] },
  'POST /api/care/enrollees/:id/contacts': {
    allowed: ['adminA'],
    body: { mode: 'phone', reached: false, occurredAt: '2026-02-01T15:00:00Z' },
  },
  'GET /api/care/enrollees/:id/contacts': { allowed: ['auditorA', 'adminA'] },
  // An assessment is a care manager's (decision 052): the plan's admin, like everyone here, may not record one.
  'POST /api/care/enrollees/:id/assessments': {
    allowed: [],
    body: { kind: 'comprehensive', completedOn: '2026-02-01', inPerson: true },
  },
  'GET /api/care/enrollees/:id/assessments': { allowed: ['auditorA', 'adminA'] },
  'GET /api/care/enrollees/:id/instruments': { allowed: [] },
  'POST /api/care/enrollees/:id/major-changes': {
    allowed: ['adminA'],
    body: { occurredOn: '2026-02-01', reason: 'Hospital stay' },
  },
  'GET /api/care/enrollees/:id/major-changes': { allowed: ['auditorA', 'adminA'] },
  'GET /api/care/enrollees/:id/clocks': { allowed: ['auditorA', 'adminA'] },
  // Care plans (decision 058): the plan's administrator writes and records signatures; its auditor reads. The plan
  // used here is signed and locked, so a change gets through the policy and is then refused as locked (409).
  'GET /api/care/enrollees/:id/plans': { allowed: ['auditorA', 'adminA'] },
  'POST /api/care/enrollees/:id/plans': {
    allowed: ['adminA'],
    body: {
      assessmentId: ':assessment',
      content: { goals: [{ words: 'Walk again', domain: 'functional' }] },
    },
  },
  'GET /api/care/plans/:id': { allowed: ['auditorA', 'adminA'] },
  'PUT /api/care/plans/:id': {
    allowed: ['adminA'],
    body: { content: { goals: [{ words: 'Walk again', domain: 'functional' }] } },
  },
  'DELETE /api/care/plans/:id': { allowed: ['adminA'] },
  'POST /api/care/plans/:id/send': { allowed: ['adminA'], body: { clinicalReview: false } },
  'POST /api/care/plans/:id/withdraw': { allowed: ['adminA'] },
  'POST /api/care/plans/:id/pages': { allowed: ['adminA'] },
  'POST /api/care/plans/:id/signatures': {
    allowed: ['adminA'],
    body: {
      step: 'enrollee',
      signerName: 'Rosa',
      signerRole: 'enrollee',
      channel: 'on_screen',
      signedOn: '2026-02-01',
      attested: true,
    },
  },
  'POST /api/care/plans/:id/links': { allowed: ['adminA'], body: { recipientName: 'Dr. Okafor' } },
  'GET /api/care/plans/:id/links': { allowed: ['adminA'] },
  'GET /api/care/plans/:id/signed.pdf': { allowed: ['auditorA', 'adminA'] },
  'GET /api/plan-approvals/:token': { allowed: 'public' },
  'POST /api/plan-approvals/:token': { allowed: 'public', body: { signerName: 'Dr. X', attested: true } },
  // Work queues: a coordinator's own, or every coordinator's for an organisation administrator (of their own
  // organisation's people only, so B and the state see empty queues).
  'GET /api/care/queue': { allowed: ADMINS },
  'GET /api/care/queue/export': { allowed: ADMINS },
  // The team view: everyone whose supervisor the caller is (none, for an auditor), or an administrator's coordinators.
  'GET /api/care/queue/team': { allowed: WORKFORCE },
  'GET /api/care/queue/team/export': { allowed: WORKFORCE },
  'POST /api/care/caseloads/transfer': {
    allowed: ['adminA', 'adminB'],
    body: {
      fromPersonId: ':person',
      toPersonId: ':person',
      role: 'care_coordinator',
      memberOrgId: ':orgA',
      startsOn: '2026-04-01',
    },
  },
  // Service requests and appeals (issue 20): the plan's record keepers record and decide them, its auditors read
  // them; B and the state see empty queues; the monthly report is a holder's (not the state's).
  'POST /api/care/enrollees/:id/requests': {
    allowed: ['adminA'],
    body: {
      service: 'Power wheelchair',
      priority: 'standard',
      receivedAt: '2026-01-05T15:00:00Z',
      receivedVia: 'fax',
      requestedBy: 'provider',
    },
  },
  'GET /api/care/enrollees/:id/requests': { allowed: ['auditorA', 'adminA'] },
  'GET /api/care/requests/queue': { allowed: WORKFORCE },
  'GET /api/care/requests/queue/export': { allowed: WORKFORCE },
  'GET /api/care/requests/report': { allowed: ['auditorA', 'adminA', 'adminB'] },
  'GET /api/care/requests/report/export': { allowed: ['auditorA', 'adminA', 'adminB'] },
  'GET /api/care/requests/:id': { allowed: ['auditorA', 'adminA'] },
  'POST /api/care/requests/:id/decision': { allowed: ['adminA'], body: { decision: 'approved' } },
  'GET /api/care/requests/:id/notice': { allowed: ['auditorA', 'adminA'] },
  'POST /api/care/requests/:id/updates': {
    allowed: ['adminA'],
    body: {
      communicatedAt: '2026-01-06T16:00:00Z',
      mode: 'phone',
      communicatedTo: 'enrollee',
      summary: 'Told the enrollee the request was received.',
    },
  },
  'POST /api/care/requests/:id/appeal': {
    allowed: ['adminA'],
    body: {
      priority: 'standard',
      filedAt: '2026-01-12T15:00:00Z',
      filedBy: 'enrollee',
      receivedVia: 'phone',
    },
  },
  'POST /api/care/requests/:id/appeal/decision': {
    allowed: ['adminA'],
    body: { outcome: 'upheld', explanation: 'The decision stands.', decidedAt: '2026-02-01T15:00:00Z' },
  },
  'POST /api/care/requests/:id/appeal/next-level': {
    allowed: ['adminA'],
    body: { level: 'board_of_hearings', requestedOn: '2026-02-20' },
  },
  // 42 CFR Part 2 (decision 060): the plan's administrator records a consent given to the plan and its revocation
  // (without If-Match: 428); counseling notes are a treating professional's, and nobody here is one.
  'GET /api/care/enrollees/:id/part2': { allowed: ['auditorA', 'adminA'] },
  'GET /api/care/enrollees/:id/part2-consents': { allowed: ['auditorA', 'adminA'] },
  'POST /api/care/enrollees/:id/part2-consents': {
    allowed: ['adminA'],
    body: { scope: 'tpo', recipientOrgIds: [':provider'], signedOn: '2026-01-02', startsOn: '2026-01-02' },
  },
  'POST /api/care/enrollees/:id/part2-consents/:consentId/revoke': {
    allowed: ['adminA'],
    body: { receivedOn: '2026-11-01', channel: 'letter' },
  },
  'GET /api/care/enrollees/:id/counseling-notes': { allowed: [] },
  'POST /api/care/enrollees/:id/counseling-notes': { allowed: [], body: { body: 'A note.' } },
  // FHIR reads: a read of an enrollee one may not see is 404; a search finds nothing of A's for B or the state.
  // A history is read as the resource is; a version read here names no version, so is not found for anyone
  // (test/http/fhir-history.test.ts reads real versions).
  'GET /fhir/R4/metadata': { allowed: 'public' },
  'GET /fhir/R4/.well-known/smart-configuration': { allowed: 'public' },
  'POST /api/oauth/token': { allowed: 'public', body: { grant_type: 'client_credentials' } },
  'GET /api/api-clients': { allowed: ADMINS },
  'POST /api/api-clients': {
    allowed: ADMINS,
    body: { name: 'Matrix feed', personId: ':person', scopes: ['system/Patient.rs'] },
  },
  'POST /api/api-clients/:id/revocation': { allowed: [] },
  'GET /fhir/R4/Organization/:id': { allowed: ALL },
  'GET /fhir/R4/Organization/:id/_history': { allowed: ALL },
  'GET /fhir/R4/Organization/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/Organization': { allowed: ALL },
  'GET /fhir/R4/Practitioner/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/Practitioner/:id/_history': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/Practitioner/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/Practitioner': { allowed: WORKFORCE },
  'GET /fhir/R4/PractitionerRole': { allowed: WORKFORCE },
  'GET /fhir/R4/Questionnaire/:id': { allowed: ['adminA'] },
  'GET /fhir/R4/Questionnaire/:id/_history': { allowed: ['adminA'] },
  'GET /fhir/R4/Questionnaire/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/Questionnaire': { allowed: ADMINS },
  'GET /fhir/R4/Patient/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/Patient/:id/_history': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/Patient/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/Patient': { allowed: WORKFORCE },
  'GET /fhir/R4/CareTeam': { allowed: WORKFORCE },
  'GET /fhir/R4/CareTeam/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/CareTeam/:id/_history': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/CareTeam/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/QuestionnaireResponse': { allowed: WORKFORCE },
  'GET /fhir/R4/CarePlan/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/CarePlan/:id/_history': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/CarePlan/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/CarePlan': { allowed: WORKFORCE },
  'GET /fhir/R4/DocumentReference': { allowed: WORKFORCE },
  'GET /fhir/R4/DocumentReference/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/DocumentReference/:id/_history': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/DocumentReference/:id/_history/:vid': { allowed: [] },
  // The plan here is signed, so none of its steps is an open task: found by no one.
  'GET /fhir/R4/Task/:id': { allowed: [] },
  'GET /fhir/R4/Task/:id/_history': { allowed: [] },
  'GET /fhir/R4/Task/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/Task': { allowed: WORKFORCE },
  'GET /fhir/R4/ServiceRequest/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/ServiceRequest/:id/_history': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/ServiceRequest/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/ServiceRequest': { allowed: WORKFORCE },
  // The consent was given to the plan (the program) and names the provider: the plan's readers see it.
  'GET /fhir/R4/Consent/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/Consent/:id/_history': { allowed: ['auditorA', 'adminA'] },
  'GET /fhir/R4/Consent/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/Consent': { allowed: WORKFORCE },
  'GET /fhir/R4/Group/:id': { allowed: WORKFORCE },
  'GET /fhir/R4/Group/:id/_history': { allowed: WORKFORCE },
  'GET /fhir/R4/Group/:id/_history/:vid': { allowed: [] },
  'GET /fhir/R4/Group': { allowed: WORKFORCE },
  // Bulk export: a kick-off by one who may export (400 here: the matrix sends no Prefer header); an export's
  // status, file and cancellation are its requester's alone, and the matrix names no export.
  'GET /fhir/R4/$export': { allowed: ALL },
  'GET /fhir/R4/Patient/$export': { allowed: WORKFORCE },
  'GET /fhir/R4/Group/:id/$export': { allowed: WORKFORCE },
  'GET /fhir/R4/$export-status/:id': { allowed: [] },
  'DELETE /fhir/R4/$export-status/:id': { allowed: [] },
  'GET /fhir/R4/$export-file/:id/:fileId': { allowed: [] },
  'GET /api/jobs': { allowed: ALL },
  'GET /api/jobs/:id': { allowed: ['adminA'] },
  'GET /api/jobs/:id/result': { allowed: ['adminA'] },
  'GET /api/training/topics': { allowed: ALL },
  'POST /api/training/topics': { allowed: ADMINS, body: { code: 'MATRIX', title: 'Matrix topic' } },
  // A's own topic: seen by A's members, edited by A's training administrators only.
  'GET /api/training/topics/:id': { allowed: A_MEMBERS },
  'PUT /api/training/topics/:id': { allowed: ['adminA'], body: { title: 'Plan A model of care' } },
  'GET /api/training/sessions/:id/sign-in-sheet.pdf': { allowed: ['adminA'] },
  'GET /api/training/sessions/:id/messages': { allowed: ['adminA'] },
  'POST /api/training/sessions/:id/messages': {
    allowed: ['adminA'],
    body: { subject: 'Room change', message: 'We meet in room 2.' },
  },
  'GET /api/training/sessions/:id/module/content': { allowed: ['adminA'] },
  'PUT /api/training/sessions/:id/module/content': {
    allowed: ['adminA'],
    body: { content: { pages: [{ title: 'One', body: 'The first page.' }] } },
  },
  'GET /api/training/modules': { allowed: ALL },
  'GET /api/training/frameworks': { allowed: ALL },
  'GET /api/training/curricula': { allowed: ALL },
  'GET /api/training/sessions': { allowed: ALL },
  // A's own topic is not shared and B has no relationship with A: only A may offer or see its sessions.
  'POST /api/training/sessions': {
    allowed: ['adminA'],
    body: {
      topicId: ':topic',
      kind: 'recorded',
      title: 'Replay',
      videoUrl: 'https://v.example/1',
      durationMinutes: 60,
    },
  },
  'GET /api/training/sessions/:id': { allowed: A_MEMBERS },
  'GET /api/training/sessions/:id/calendar.ics': { allowed: A_MEMBERS },
  // Changing, cancelling and reopening the attestation link are the running organisation's (the session has
  // ended, so cancelling it is refused with 409 after the caller is let through).
  'PUT /api/training/sessions/:id': {
    allowed: ['adminA'],
    body: {
      title: 'Plan A model of care, live',
      startsAt: '2026-01-10T15:00:00Z',
      endsAt: '2026-01-10T17:00:00Z',
    },
  },
  'POST /api/training/sessions/:id/cancel': { allowed: ['adminA'], body: { reason: 'Speaker ill' } },
  'PUT /api/training/sessions/:id/attestation-closes': {
    allowed: ['adminA'],
    body: { closesAt: '2099-01-01T00:00:00Z' },
  },
  'POST /api/training/sessions/:id/registrations': { allowed: A_MEMBERS },
  'GET /api/training/sessions/:id/registrations': { allowed: ['adminA'] },
  'POST /api/training/sessions/:id/attendance': { allowed: ['adminA'] },
  'GET /api/training/sessions/:id/attendance': { allowed: ['adminA'] },
  'GET /api/training/sessions/:id/attendance/candidates': { allowed: ['adminA'] },
  'PUT /api/training/sessions/:id/attendance/:rowId': { allowed: ['adminA'], body: { personId: null } },
  // Cancelling is the caller's own registration: A's members registered above.
  'DELETE /api/training/sessions/:id/registrations': { allowed: A_MEMBERS },
  'POST /api/training/sessions/:id/viewings': { allowed: A_MEMBERS },
  'POST /api/training/sessions/:id/viewings/:viewingId/heartbeats': { allowed: A_MEMBERS },
  'GET /api/training/sessions/:id/module': { allowed: A_MEMBERS },
  'PUT /api/training/sessions/:id/module/pages/:page': { allowed: A_MEMBERS },
  'POST /api/training/sessions/:id/module/attempts': { allowed: A_MEMBERS, body: { answers: [] } },
  'POST /api/training/sessions/:id/module/completion': { allowed: A_MEMBERS },
  'GET /api/training/attestations/held': { allowed: ADMINS },
  'GET /api/training/sessions/:id/attestations': { allowed: ['adminA'] },
  'POST /api/training/sessions/:id/attestations/:attestationId/decision': {
    allowed: ['adminA'],
    body: { decision: 'reject', reason: 'Not enough evidence' },
  },
  'POST /api/training/sessions/:id/attestations/decisions': {
    allowed: ['adminA'],
    body: {
      attestationIds: ['00000000-0000-4000-8000-000000000000'],
      decision: 'reject',
      reason: 'Not enough',
    },
  },
  'GET /api/training/attest/:token': { allowed: A_MEMBERS },
  'POST /api/training/attest/:token': { allowed: A_MEMBERS, body: { agree: true } },
  'GET /api/training/completions': { allowed: ALL },
  'GET /api/training/transcript': { allowed: ALL },
  'POST /api/training/completions': {
    allowed: ['adminA'],
    body: { personId: ':person', topicId: ':topic', completedOn: '2026-01-01' },
  },
  'GET /api/training/completions/imports/template': { allowed: ALL },
  'POST /api/training/completions/imports': { allowed: ADMINS },
  'PATCH /api/training/completions/:id': {
    allowed: ['adminA'],
    body: { note: 'Seen', reason: 'Note added' },
  },
  'POST /api/training/evidence': { allowed: ADMINS },
  'GET /api/training/completions/:id/evidence': { allowed: ['auditorA', 'adminA'] },
  'GET /api/training/participation': { allowed: WORKFORCE },
  'GET /api/training/participation/export': { allowed: WORKFORCE },
  'GET /api/training/program-years': { allowed: ALL },
  'GET /api/training/program-years/export': { allowed: ALL },
  'POST /api/training/program-years': {
    allowed: ADMINS,
    body: { title: 'Matrix year', startsOn: '2027-01-01', endsOn: '2027-12-31' },
  },
  // A's plan is A's own.
  'GET /api/training/program-years/:id': { allowed: A_MEMBERS },
  'PUT /api/training/program-years/:id': {
    allowed: ['adminA'],
    body: { title: 'Plan A 2026', startsOn: '2026-01-01', endsOn: '2026-12-31' },
  },
  'GET /api/training/sessions/:id/announcement': { allowed: ['adminA'] },
  'POST /api/training/sessions/:id/announce': { allowed: ['adminA'] },
  'POST /api/training/sessions/:id/recording': {
    allowed: ['adminA'],
    body: { videoUrl: 'https://v.example/rec', durationMinutes: 90 },
  },
  // Enrollment: B is an ACO, which sends batch files; A is a plan, which does not; the state agency reads.
  'GET /api/enrollment/batches/template': { allowed: ALL },
  'POST /api/enrollment/batches': { allowed: ['adminB'] },
  'GET /api/enrollment/batches': { allowed: ['adminB', 'sys'] },
  // No batch has this id (A's organisation's): nobody finds it.
  'GET /api/enrollment/batches/:id': { allowed: [] },
  'GET /api/enrollment/batches/:id/result': { allowed: [] },
  'GET /api/enrollment/batches/:id/portal-file': { allowed: [] },
  'GET /api/enrollment/batches/:id/problems': { allowed: [] },
  // A's enrollee has no Community Partner enrollment: A (a plan) may not ask, the others do not find it.
  'GET /api/enrollment/members': { allowed: [] },
  // No member has this id (A's organisation's): the senders' callers pass the policy, then find nothing.
  'POST /api/enrollment/members/:id/choices': {
    allowed: [],
    body: { choice: 'decline', receivedOn: '2026-01-02' },
  },
  // Identification: A (a plan) and B (an ACO) import identified-member lists; their readers and the state
  // agency read them.
  'GET /api/enrollment/identifications/import/template': { allowed: ALL },
  'POST /api/enrollment/identifications/import': { allowed: ['adminA', 'adminB'] },
  'GET /api/enrollment/identifications': { allowed: ['auditorA', 'adminA', 'adminB', 'sys'] },
  // Referrals: provider P referred A's enrollee to A. Only a provider's staff refer (none of these callers);
  // A decides its own referral (once: a second decision is 409, still let through); nobody else finds it.
  'GET /api/enrollment/referral-plans': { allowed: [] },
  'POST /api/enrollment/referrals': {
    allowed: [],
    body: {
      planOrgId: ':orgA',
      masshealthId: '100000000042',
      familyName: 'Secret',
      givenName: 'Enrollee',
      dateOfBirth: '1959-05-06',
      reason: 'Needs help at home',
    },
  },
  'GET /api/enrollment/referrals': { allowed: ['auditorA', 'adminA', 'adminB', 'sys'] },
  'POST /api/enrollment/referrals/:id/accept': { allowed: ['adminA'] },
  'POST /api/enrollment/referrals/:id/decline': { allowed: ['adminA'], body: { reason: 'incomplete' } },
  // Only the sending provider's staff withdraw a referral: none of these callers.
  'POST /api/enrollment/referrals/:id/withdrawal': { allowed: [] },
  'GET /api/enrollment/directory': { allowed: ALL },
  'PUT /api/enrollment/directory': { allowed: ['adminA', 'adminB'], body: { ids: [], confirmed: null } },
  'GET /api/enrollment/community-partners': { allowed: ALL },
  'GET /api/enrollment/ltss-gaps': { allowed: ALL },
  // Welcome mailings: A (a plan) and B (an ACO) run them (neither serves Berkshire from 2031: refused with
  // 422 after the policy); the state agency reads every one; no mailing has A's id, so nobody finds one.
  'POST /api/enrollment/mailings': {
    allowed: ['adminA', 'adminB'],
    body: { counties: ['Berkshire'], effectiveOn: '2031-01-01' },
  },
  'GET /api/enrollment/mailings': { allowed: ['auditorA', 'adminA', 'adminB', 'sys'] },
  'GET /api/enrollment/mailings/:id': { allowed: [] },
  'GET /api/enrollment/mailings/:id/letters': { allowed: [] },
  'GET /api/enrollment/mailings/:id/mail-file': { allowed: [] },
  'GET /api/enrollment/mailings/:id/residents': { allowed: [] },
  'GET /api/enrollment/mailings/:id/residents/:childId/letter': { allowed: [] },
  // Assignment: B (an ACO) proposes; no assignment has A's id, so nobody finds one.
  'POST /api/enrollment/assignments/proposals': { allowed: ['adminB'], body: { month: '2030-01' } },
  'POST /api/enrollment/assignments/confirmations': { allowed: [], body: { ids: [':orgA'] } },
  'GET /api/enrollment/assignments': { allowed: ['adminB', 'sys'] },
  'GET /api/enrollment/assignments/:id': { allowed: [] },
  'POST /api/enrollment/assignments/:id/withdrawal': { allowed: [], body: { reason: 'Moved away' } },
  // B has no confirmed assignment for the month: its administrator passes the policy, then finds no letter.
  'GET /api/enrollment/assignments/letters': { allowed: [] },
  'GET /api/enrollment/assignments/:id/letter': { allowed: [] },
  'POST /api/enrollment/assignments/:id/outreach': {
    allowed: [],
    body: { attemptedOn: '2026-01-02', mode: 'phone', reached: false },
  },
  'GET /api/events': { allowed: 'public' },
  'GET /api/outbox': { allowed: ADMINS },
  'GET /api/outbox/export': { allowed: ADMINS },
  // A failed message of A's: A's administrator sends it again; nobody else finds it.
  'POST /api/outbox/:id/retry': { allowed: ['adminA'] },
  'POST /api/training/completions/:id/revoke': { allowed: ['adminA'], body: { reason: 'Recorded in error' } },
  // An organisation's LRS (decision 069): its training or organisation administrators, for their own organisation.
  'GET /api/training/lrs': { allowed: ADMINS },
  'PUT /api/training/lrs': {
    allowed: ADMINS,
    body: { endpoint: 'http://127.0.0.1:9/xapi', key: 'matrix', secret: 'matrix-secret', enabled: false },
  },
  'POST /api/training/lrs/test': { allowed: ADMINS },
  'GET /api/training/lrs/deliveries': { allowed: ADMINS },
  'POST /api/training/lrs/deliveries/resend': { allowed: ADMINS, body: {} },
  // The staffer's certificate: theirs, and A's record keepers'.
  'GET /api/training/completions/:id/certificate.pdf': { allowed: ['auditorA', 'adminA'] },
  'GET /api/certificates/:code': { allowed: 'public' },
  'GET /api/compliance/requirements': { allowed: WORKFORCE },
  'POST /api/compliance/requirements': {
    allowed: ADMINS,
    body: {
      code: 'MATRIX',
      title: 'Matrix requirement',
      what: 'topics',
      topicIds: [':topic'],
      scope: 'organisation',
      trigger: 'role_start',
      dueWithinDays: 30,
      recurrence: 'once',
    },
  },
  'PUT /api/compliance/requirements/:id': {
    allowed: ['adminA'],
    body: {
      code: 'A-MOC',
      title: 'Plan A model of care',
      what: 'topics',
      topicIds: [':topic'],
      scope: 'organisation',
      trigger: 'role_start',
      dueWithinDays: 30,
      recurrence: 'once',
    },
  },
  // Another organisation's requirement is not found, as for an id no one has.
  'GET /api/compliance/requirements/:id/versions': { allowed: ['auditorA', 'adminA'] },
  'GET /api/compliance/statuses': { allowed: WORKFORCE },
  'GET /api/compliance/statuses/export': { allowed: WORKFORCE },
  'GET /api/compliance/dashboard': { allowed: WORKFORCE },
  'POST /api/compliance/evidence-packs': { allowed: WORKFORCE, body: { format: 'pdf' } },
  // A's person is nothing to B or to the state agency: not found, as for an id no one has.
  'GET /api/compliance/people/:id': { allowed: ['auditorA', 'adminA'] },
  'GET /api/compliance/me': { allowed: ALL },
  'GET /api/compliance/exemptions': { allowed: WORKFORCE },
  'POST /api/compliance/exemptions': {
    allowed: ['adminA'],
    body: { requirementId: ':requirement', personId: ':person', reason: 'On leave' },
  },
  'POST /api/compliance/exemptions/:id/end': { allowed: ['adminA'] },
  'GET /api/compliance/settings': { allowed: WORKFORCE },
  'PUT /api/compliance/settings': {
    allowed: ADMINS,
    body: { remindDaysBefore: [14, 3], remindOnDue: true, escalateAfterDays: 7, flagAfterDays: 30 },
  },
  'POST /api/compliance/reminders/run': { allowed: ADMINS, body: { dryRun: true } },
  'GET /api/compliance/flags': { allowed: WORKFORCE },
  // A's flag on its person: A's administrator clears it; nobody else finds it.
  'POST /api/compliance/flags/:id/clear': { allowed: ['adminA'], body: { reason: 'Resolved' } },
  // A reminder about A's person, from A: nobody else's requirements reach them.
  'POST /api/compliance/reminders': {
    allowed: ['adminA'],
    body: { personId: ':person', requirementId: ':requirement' },
  },
  'GET /api/audit': { allowed: WORKFORCE },
  'GET /api/audit/export': { allowed: WORKFORCE },
  'GET /api/surveys': { allowed: ADMINS },
  'POST /api/surveys': {
    allowed: ADMINS,
    body: { code: 'MATRIX-S', title: 'Matrix survey', definition: SURVEY },
  },
  'GET /api/surveys/mine': { allowed: ALL },
  'GET /api/surveys/shared': { allowed: WORKFORCE },
  // The matrix's survey belongs to plan A, not to a training vendor: nobody reads it as a shared survey.
  'GET /api/surveys/:id/plan-results': { allowed: [] },
  'GET /api/surveys/:id/plan-findings': { allowed: [] },
  'GET /api/surveys/:id': { allowed: ['adminA'] },
  'PUT /api/surveys/:id': {
    allowed: ['adminA'],
    body: { code: 'A-S', title: 'Renamed', definition: SURVEY, organisationIds: [':orgA'] },
  },
  'POST /api/surveys/:id/publish': { allowed: ['adminA'] },
  'POST /api/surveys/:id/reminders': { allowed: ['adminA'] },
  'GET /api/surveys/:id/questionnaire': { allowed: ['adminA'] },
  'GET /api/surveys/:id/results': { allowed: ['auditorA', 'adminA'] },
  'GET /api/surveys/:id/export': { allowed: ['auditorA', 'adminA'] },
  'GET /api/surveys/:id/comparison': { allowed: ['auditorA', 'adminA'] },
  'POST /api/surveys/questionnaire': {
    allowed: ADMINS,
    body: { resourceType: 'Questionnaire', status: 'active', name: 'MATRIX-Q', title: 'Q', item: [] },
  },
  // Addressed to everyone at plan A: its people may open and answer it; no one elsewhere learns it exists.
  'GET /api/surveys/:id/form': { allowed: A_MEMBERS },
  'PUT /api/surveys/:id/answers': { allowed: A_MEMBERS, body: { answers: {} } },
  'POST /api/surveys/:id/answers': { allowed: A_MEMBERS, body: { answers: {} } },
};

let t: TestContext;
const clients = {} as Record<Caller, Client>;
const emails = {} as Record<Caller, string>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const orgA = await t.org({ kind: 'plan', name: 'Plan A' });
  const provider = await t.org({ kind: 'provider', name: 'Provider P' });
  const orgB = await t.org({ kind: 'aco', name: 'ACO B' });
  const state = await t.org({ kind: 'state_agency', name: 'State S' });
  const users: Record<Caller, Awaited<ReturnType<TestContext['user']>>> = {
    staffA: await t.user([{ orgId: orgA.id, role: 'provider_staff' }]),
    auditorA: await t.user([{ orgId: orgA.id, role: 'auditor' }]),
    adminA: await t.user([{ orgId: orgA.id, role: 'org_admin' }]),
    adminB: await t.user([{ orgId: orgB.id, role: 'org_admin' }]),
    sys: await t.user([{ orgId: state.id, role: 'org_admin' }], { systemAdmin: true }),
  };
  for (const c of ALL) emails[c] = users[c].email;
  ids.mfaTarget = (await t.user([{ orgId: orgA.id, role: 'provider_staff' }])).person.id;
  for (const c of ALL) clients[c] = await t.signIn(emails[c]);
  await clients.sys.switchTo(state.id);

  const adminA = clients.adminA;
  const person = (
    await adminA.post('/api/people', {
      givenName: 'Secret',
      familyName: 'Staffer',
      email: 'secret.staffer@plan-a.example',
      roles: [
        { role: 'care_coordinator', startsOn: '2024-01-01' },
        { role: 'lts_coordinator', startsOn: '2024-01-01' },
      ],
    })
  ).json();
  const detail = (await adminA.get(`/api/people/${person.id}`)).json();
  const qualification = (
    await adminA.post(`/api/people/${person.id}/qualifications`, {
      kind: 'certification',
      name: 'CCM',
      issuer: 'CCMC',
    })
  ).json();
  const link = (
    await adminA.post(`/api/organisations/${orgA.id}/relationships`, {
      kind: 'network_contract',
      otherOrgId: provider.id,
      startsOn: '2024-01-01',
    })
  ).json();
  const area = (
    await adminA.post(`/api/organisations/${orgA.id}/service-areas`, {
      county: 'Suffolk',
      startsOn: '2024-01-01',
    })
  ).json();
  const job = await t.database.system.transaction(async (tx) => {
    const actor = {
      userId: users.adminA.user.id,
      name: 'A admin',
      ip: null,
      userAgent: null,
      orgId: orgA.id,
    };
    const file = await t.services.files.save(
      tx as unknown as Db,
      {
        orgId: orgA.id,
        name: 'a.csv',
        contentType: 'text/csv',
        purpose: 'people-import',
        createdBy: users.adminA.user.id,
      },
      createReadStream(peopleCsv([personRow('Ann', 'Other', 'ann.other@plan-a.example')])),
    );
    return t.services.jobs.enqueue(tx as unknown as Db, {
      orgId: orgA.id,
      kind: PEOPLE_IMPORT_JOB,
      payload: { fileId: file.id, fileName: 'a.csv', actor },
      createdBy: users.adminA.user.id,
    });
  });
  await t.services.jobs.drain();
  const topic = (
    await adminA.post('/api/training/topics', { code: 'A-MOC', title: 'Plan A model of care' })
  ).json();
  const session = (
    await adminA.post('/api/training/sessions', {
      topicId: topic.id,
      kind: 'live',
      title: 'Plan A model of care, live',
      startsAt: '2026-01-10T15:00:00Z',
      endsAt: '2026-01-10T17:00:00Z',
      attestationClosesAt: '2099-01-01T00:00:00Z',
    })
  ).json();
  // The session has ended, so no one may register now; A's members registered while it was open, so that
  // cancelling has a registration to cancel.
  for (const c of A_MEMBERS) {
    await t.database.system.execute(
      sql`insert into training_registrations (org_id, session_id, person_id, status, person_email)
        values (${orgA.id}, ${session.id}, ${users[c].person.id}, 'registered', ${users[c].email})`,
    );
  }
  const evidence = multipartFile('sign-in-sheet.pdf', '%PDF-1.4 sign-in sheet', 'application/pdf');
  const file = (await adminA.post('/api/training/evidence', evidence.payload, evidence.headers)).json();
  const completion = (
    await adminA.post('/api/training/completions', {
      personId: person.id,
      topicId: topic.id,
      completedOn: '2026-01-02',
      evidence: { fileId: file.fileId },
    })
  ).json();
  const requirement = (
    await adminA.post('/api/compliance/requirements', {
      code: 'A-MOC',
      title: 'Plan A model of care',
      what: 'topics',
      topicIds: [topic.id],
      scope: 'organisation',
      trigger: 'role_start',
      dueWithinDays: 30,
      recurrence: 'once',
    })
  ).json();
  const exemption = (
    await adminA.post('/api/compliance/exemptions', {
      requirementId: requirement.id,
      personId: person.id,
      reason: 'On leave',
    })
  ).json();
  const survey = (
    await adminA.post('/api/surveys', {
      code: 'A-S',
      title: 'Plan A survey',
      definition: SURVEY,
      organisationIds: [orgA.id],
    })
  ).json();
  await adminA.post(`/api/surveys/${survey.id}/publish`);
  const year = (
    await adminA.post('/api/training/program-years', {
      title: 'Plan A 2026',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    })
  ).json();
  const flag = await checkedRow(
    t.database.system,
    z.object({ id: z.string() }),
    sql`insert into compliance_flags (org_id, requirement_id, person_id, due_on, flagged_on)
      values (${orgA.id}, ${requirement.id}, ${person.id}, '2024-01-31', '2024-03-01') returning id`,
  );
  const message = await checkedRow(
    t.database.system,
    z.object({ id: z.string() }),
    sql`insert into outbox_messages (org_id, key, to_address, subject, body, entity_type, status, error)
      values (${orgA.id}, 'matrix', 'secret.staffer@plan-a.example', 'Hello', 'Hello', 'matrix', 'failed', 'refused')
      returning id`,
  );
  const extra = await checkedRow(
    t.database.system,
    z.object({ token: z.string(), code: z.string(), row: z.string() }),
    sql`with a as (insert into training_attendance (org_id, session_id, row_number, name, minutes)
          values (${orgA.id}, ${session.id}, 2, 'Guest', 30) returning id)
        select s.attestation_token as token, c.certificate_code as code, (select id from a) as row
        from training_sessions s, training_completions c where s.id = ${session.id} and c.id = ${completion.id}`,
  );
  Object.assign(ids, {
    topic: topic.id,
    session: session.id,
    completion: completion.id,
    year: year.id,
    requirement: requirement.id,
    exemption: exemption.id,
    flag: flag!.id,
    message: message!.id,
    survey: survey.id,
    rowId: extra!.row,
    token: extra!.token,
    code: extra!.code,
    orgA: orgA.id,
    person: person.id,
    role: detail.roles[0].id,
    qualification: qualification.id,
    link: link.id,
    area: area.id,
    job: job.id,
  });
  const enrolleeId = (
    await adminA.post('/api/care/enrollees', {
      masshealthId: '100000000042',
      givenName: 'Secret',
      familyName: 'Enrollee',
      dateOfBirth: '1959-05-06',
    })
  ).json().id as string;
  await adminA.post(`/api/care/enrollees/${enrolleeId}/enrollments`, {
    program: 'one_care',
    effectiveOn: '2025-01-01',
  });
  await adminA.post(`/api/care/enrollees/${enrolleeId}/team/single-point-of-contact`, {
    personId: person.id,
    role: 'care_coordinator',
    memberOrgId: orgA.id,
    startsOn: '2025-01-01',
  });
  const lts = (
    await adminA.post(`/api/care/enrollees/${enrolleeId}/team`, {
      personId: person.id,
      role: 'lts_coordinator',
      memberOrgId: orgA.id,
      startsOn: '2025-01-01',
    })
  ).json();
  // A signed, locked care plan, written and signed by a care manager at A.
  const manager = await t.signIn((await t.user([{ orgId: orgA.id, role: 'clinical_care_manager' }])).email);
  const assessment = (
    await manager.post(`/api/care/enrollees/${enrolleeId}/assessments`, {
      kind: 'comprehensive',
      completedOn: '2026-01-05',
      inPerson: true,
    })
  ).json();
  const plan = (
    await manager.post(`/api/care/enrollees/${enrolleeId}/plans`, {
      assessmentId: assessment.id,
      content: { goals: [{ words: 'Walk to church again', domain: 'functional' }] },
    })
  ).json();
  await manager.post(`/api/care/plans/${plan.id}/send`, { clinicalReview: false }, { 'if-match': '"1"' });
  for (const [step, signerRole] of [
    ['enrollee', 'enrollee'],
    ['pcp', 'pcp'],
  ] as const) {
    const signed = await signStep(manager, plan.id, {
      step,
      signerName: 'Signer',
      signerRole,
      channel: 'on_screen',
      signedOn: massachusettsToday(),
      attested: true,
    });
    expect(signed.statusCode, signed.body).toBe(201);
  }
  // A denied service request with its notice, appealed.
  const serviceRequest = (
    await adminA.post(`/api/care/enrollees/${enrolleeId}/requests`, {
      service: 'Power wheelchair',
      priority: 'standard',
      receivedAt: '2026-01-05T15:00:00Z',
      receivedVia: 'fax',
      requestedBy: 'provider',
    })
  ).json();
  const denial = await adminA.post(
    `/api/care/requests/${serviceRequest.id}/decision`,
    {
      decision: 'denied',
      denialReason: 'duplicate',
      explanation: 'Asked twice.',
      decidedAt: '2026-01-06T15:00:00Z',
    },
    { 'if-match': '"1"' },
  );
  expect(denial.statusCode, denial.body).toBe(200);
  const appeal = await adminA.post(`/api/care/requests/${serviceRequest.id}/appeal`, {
    priority: 'standard',
    filedAt: '2026-01-12T15:00:00Z',
    filedBy: 'enrollee',
    receivedVia: 'phone',
  });
  expect(appeal.statusCode, appeal.body).toBe(201);
  const enrollee = (await adminA.get(`/api/care/enrollees/${enrolleeId}`)).json();
  const consent = await adminA.post(`/api/care/enrollees/${enrolleeId}/part2-consents`, {
    scope: 'tpo',
    recipientOrgIds: [provider.id],
    signedOn: '2026-01-02',
    startsOn: '2026-01-02',
  });
  expect(consent.statusCode, consent.body).toBe(201);
  // Provider P's referral of A's enrollee to A, planted (no caller here works at a provider).
  const referral = await checkedRow(
    t.database.system,
    z.object({ id: z.string() }),
    sql`insert into enrollment_referrals (org_id, from_org_id, masshealth_id, family_name, given_name,
        date_of_birth, reason, created_by, created_by_name)
      values (${orgA.id}, ${provider.id}, '100000000042', 'Secret', 'Enrollee', '1959-05-06', 'Needs help at home',
        ${users.adminA.person.id}, 'P staff') returning id`,
  );
  ids.referral = referral!.id;
  Object.assign(ids, {
    consent: consent.json().id,
    provider: provider.id,
    request: serviceRequest.id,
    plan: plan.id,
    assessment: assessment.id,
    enrollee: enrolleeId,
    enrollment: enrollee.enrollments[0].id,
    teamMember: enrollee.team.find((m: { singlePointOfContact: boolean }) => m.singlePointOfContact).id,
    lts: lts.id,
  });
});
afterAll(() => t.close());

function urlFor(route: string) {
  const [, path] = route.split(' ') as [string, string];
  if (path.startsWith('/api/surveys')) return path.replace(':id', ids.survey!);
  if (path.startsWith('/api/compliance')) {
    return path.replace(
      ':id',
      path.includes('/people/')
        ? ids.person!
        : path.includes('/exemptions/')
          ? ids.exemption!
          : path.includes('/flags/')
            ? ids.flag!
            : ids.requirement!,
    );
  }
  if (path.startsWith('/api/training') || path.startsWith('/api/certificates')) {
    return path
      .replace(
        ':id',
        path.includes('/completions/')
          ? ids.completion!
          : path.includes('/topics/')
            ? ids.topic!
            : path.includes('/program-years/')
              ? ids.year!
              : ids.session!,
      )
      .replace(':rowId', ids.rowId!)
      .replace(':attestationId', ids.rowId!)
      .replace(':viewingId', ids.rowId!)
      .replace(':page', '0')
      .replace(':token', ids.token!)
      .replace(':code', ids.code!);
  }
  if (path.startsWith('/api/care/enrollees/:id'))
    return path
      .replace(':id', ids.enrollee!)
      .replace(':consentId', ids.consent!)
      .replace(
        ':childId',
        path.includes('/enrollments/')
          ? ids.enrollment!
          : path.includes('/lts-')
            ? ids.lts!
            : ids.teamMember!,
      );
  if (path.startsWith('/api/care/plans/:id')) return path.replace(':id', ids.plan!);
  if (path.startsWith('/api/care/requests'))
    return path.includes('/report') ? `${path}?month=2026-01` : path.replace(':id', ids.request!);
  if (path.startsWith('/fhir/R4/Questionnaire/:id')) return path.replace(':id', ids.survey!);
  if (/^\/fhir\/R4\/(?:Organization|Practitioner|PractitionerRole|Questionnaire)(?:\/|$)/.test(path))
    return path.endsWith('/PractitionerRole')
      ? `${path}?practitioner=Practitioner/${ids.person}`
      : path.replace(':id', path.includes('/Organization/') ? ids.orgA! : ids.person!);
  if (path.startsWith('/fhir/R4/Group')) return path.replace(':id', 'one-care');
  if (path.includes('$export')) return path.replace(':id', ids.enrollee!).replace(':fileId', ids.enrollee!);
  if (path.startsWith('/fhir/R4/'))
    return path.includes('/:id')
      ? path.replace(
          ':id',
          path.includes('/Task/')
            ? `${ids.plan}-pcp`
            : path.includes('/CarePlan/') || path.includes('/DocumentReference/')
              ? ids.plan!
              : path.includes('/ServiceRequest/')
                ? ids.request!
                : path.includes('/Consent/')
                  ? ids.consent!
                  : ids.enrollee!,
        )
      : path.endsWith('/Patient')
        ? `${path}?_id=${ids.enrollee}`
        : `${path}?${path.endsWith('CareTeam') ? 'patient' : 'subject'}=Patient/${ids.enrollee}`;
  if (path.startsWith('/api/outbox/')) return path.replace(':id', ids.message!);
  if (path === '/api/enrollment/members') return `${path}?masshealthId=100000000042`;
  if (path === '/api/enrollment/assignments/letters') return `${path}?month=2030-01`;
  if (path.startsWith('/api/enrollment/referrals/:id')) return path.replace(':id', ids.referral!);
  const isPeople = path.startsWith('/api/people/:id');
  return path
    .replace(':id', route.includes('/api/jobs/') ? ids.job! : isPeople ? ids.person! : ids.orgA!)
    .replace(':linkId', route.includes('service-areas') ? ids.area! : ids.link!)
    .replace(':childId', route.includes('roles') ? ids.role! : ids.qualification!);
}

describe('authorisation matrix', () => {
  it('lists every route the app serves', () => {
    const served = t.app.routeList
      .filter((r) => !r.url.startsWith('/docs'))
      .map((r) => `${r.method} ${r.url}`);
    expect(
      served.filter((r) => !(r in MATRIX)),
      'routes missing from the matrix',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !served.includes(r)),
      'matrix entries with no route',
    ).toEqual([]);
  });

  for (const [route, entry] of Object.entries(MATRIX)) {
    it(`${route}`, async () => {
      const [method] = route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'];
      const url = urlFor(route);
      const body = JSON.parse(
        JSON.stringify(entry.body ?? {})
          .replaceAll(':orgA', ids.orgA!)
          .replaceAll(':topic', ids.topic!)
          .replaceAll(':person', ids.person!)
          .replaceAll(':mfaTarget', ids.mfaTarget!)
          .replaceAll(':assessment', ids.assessment!)
          .replaceAll(':provider', ids.provider!)
          .replaceAll(':requirement', ids.requirement!),
      );
      const anonymous = await t.app.inject({ method, url, ...(method === 'GET' ? {} : { payload: body }) });
      if (entry.allowed === 'public') {
        expect(anonymous.json().code, 'anonymous').not.toBe('NOT_AUTHENTICATED');
        return;
      }
      expect(anonymous.statusCode, 'anonymous').toBe(401);
      for (const caller of ALL) {
        // Signing out and switching organisation change the session, so those routes get one of their own.
        const ownSession = route.endsWith('sign-out') || route.endsWith('switch-organisation');
        const client = ownSession ? await t.signIn(emails[caller]) : clients[caller];
        // Bodies are valid and carry a version, so that only the caller decides the outcome.
        const res =
          method === 'GET'
            ? await client.get(url)
            : method === 'DELETE'
              ? await client.delete(url)
              : await client[method.toLowerCase() as 'post' | 'patch' | 'put'](url, body, {
                  'if-match': '"1"',
                });
        const allowed = entry.allowed.includes(caller);
        if (allowed)
          expect([401, 403, 404], `${caller} should be allowed (${res.body.slice(0, 200)})`).not.toContain(
            res.statusCode,
          );
        else
          expect(
            [403, 404],
            `${caller} should be refused (${res.statusCode} ${res.body.slice(0, 200)})`,
          ).toContain(res.statusCode);
        if (caller === 'adminB' && res.statusCode < 300)
          expect(res.body, 'B sees nothing of A').not.toMatch(/secret\.staffer|Staffer|100000000042/);
      }
    });
  }
});
