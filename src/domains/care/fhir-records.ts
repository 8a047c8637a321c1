// An enrollee's records of each FHIR type the care domain serves by patient, as the searches and the bulk
// export both give them: read through the domain's services (their policies, Part 2 filtering and read audit).
import type { Actor } from '../../platform/auth/actor.js';
import type { Json } from '../../platform/fhir/fhir.js';
import type { CareFhir } from './fhir.service.js';
import { toConsent } from './part2/part2.fhir.js';
import type { CarePart2 } from './part2/part2.service.js';
import { toCarePlan, toDocumentReference, toTasks } from './plans/plans.fhir.js';
import type { CarePlans } from './plans/plans.service.js';
import { toServiceRequest } from './requests/requests.fhir.js';
import type { CareRequestsService } from './requests/requests.service.js';

export type RecordsOf = (actor: Actor, enrolleeId: string) => Promise<Json[]>;

export interface CareRecordDeps {
  fhir: CareFhir;
  plans: CarePlans;
  requests: CareRequestsService;
  part2: CarePart2;
  baseUrl: string;
}

export function careRecords({ fhir, plans, requests, part2, baseUrl }: CareRecordDeps) {
  /** Where a signed care plan's PDF is fetched. */
  const pdfUrl = (id: string) => `${baseUrl.replace(/\/$/, '')}/api/care/plans/${id}/signed.pdf`;
  const plansOf = (actor: Actor, enrolleeId: string) => plans.list({ actor, enrolleeId });
  return {
    pdfUrl,
    CarePlan: (async (actor, enrolleeId) =>
      (await plansOf(actor, enrolleeId)).map((p) =>
        toCarePlan(p, p.pdfSha256 ? pdfUrl(p.id) : null),
      )) as RecordsOf,
    DocumentReference: (async (actor, enrolleeId) =>
      (await plansOf(actor, enrolleeId))
        .filter((p) => p.pdfSha256)
        .map((p) => toDocumentReference(p, pdfUrl(p.id)))) as RecordsOf,
    Task: (async (actor, enrolleeId) => (await plansOf(actor, enrolleeId)).flatMap(toTasks)) as RecordsOf,
    ServiceRequest: (async (actor, enrolleeId) =>
      (await requests.listRequests({ actor, enrolleeId })).map(toServiceRequest)) as RecordsOf,
    Consent: (async (actor, enrolleeId) =>
      (await part2.listConsents({ actor, enrolleeId })).map(toConsent)) as RecordsOf,
    QuestionnaireResponse: ((actor, enrolleeId) =>
      fhir.questionnaireResponses({ actor, patientId: enrolleeId })) as RecordsOf,
  };
}

export type CareRecords = ReturnType<typeof careRecords>;
