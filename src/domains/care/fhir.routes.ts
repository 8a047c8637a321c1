// The care domain's part of the FHIR R4 API (decisions 053, 064): an enrollee and the records about them,
// read by id or searched by patient, through the same session, row-level security and PHI read audit.

import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import {
  type FhirModule,
  fhirBase,
  includeQuery,
  includes,
  isFhirId,
  referenceId,
  searchSelf,
  sendFhir,
  unlessNotFound,
} from '../../platform/fhir/fhir.api.js';
import { type Json, searchset } from '../../platform/fhir/fhir.js';
import { LAST_UPDATED, lastUpdatedSpan, updatedWithin } from '../../platform/fhir/last-updated.js';
import { fhirRead } from '../../platform/fhir/read.js';
import { AppError, CommonErrors } from '../../platform/http/errors.js';
import { carePolicy } from './care.policy.js';
import type { CareService } from './care.service.js';
import type { CareFhir } from './fhir.service.js';
import { type CareGroups, groupRoutes } from './fhir-groups.routes.js';
import { CARE_RESOURCES, includesOf } from './fhir-kinds.js';
import { patientRoutes } from './fhir-patients.routes.js';
import type { CareRecords, RecordsOf } from './fhir-records.js';
import { toConsent } from './part2/part2.fhir.js';
import type { CarePart2 } from './part2/part2.service.js';
import { toCarePlan, toDocumentReference, toTasks } from './plans/plans.fhir.js';
import type { CarePlans } from './plans/plans.service.js';
import { toServiceRequest } from './requests/requests.fhir.js';
import type { CareRequestsService } from './requests/requests.service.js';

/** A Task's id: the plan's and the step's (`…-enrollee`, `…-pcp`, `…-clinical-review`). */
const TASK_ID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(enrollee|pcp|clinical-review)$/i;
const tags = ['fhir'];
const INCLUDE = includeQuery('TYPE:patient, to include the enrollee');

export function careFhirRoutes(
  service: CareFhir,
  baseUrl: string,
  {
    care,
    plans,
    requests,
    part2,
    records,
    groups,
  }: {
    care: CareService;
    plans: CarePlans;
    requests: CareRequestsService;
    part2: CarePart2;
    records: CareRecords;
    groups: CareGroups;
  },
): FhirModule {
  const base = fhirBase(baseUrl);
  const { pdfUrl } = records;
  /**
   * The patient's records of one kind, for the searches that read them (audited by the service's list): a patient
   * the caller does not see matches nothing, as a search of CareTeam does.
   */
  const ofPatient = async (
    request: FastifyRequest,
    query: {
      patient?: string | undefined;
      subject?: string | undefined;
      _lastUpdated?: string | string[] | undefined;
      _include?: string | string[] | undefined;
    },
    list: RecordsOf,
    type: string,
  ) => {
    const including = includes(query._include, includesOf(type));
    const { subject, patient } = query;
    const span = lastUpdatedSpan(query._lastUpdated);
    if (subject && patient)
      throw new AppError(CommonErrors.VALIDATION_FAILED, 'Give subject or patient, not both.');
    const param = subject ? 'subject' : 'patient';
    const id = referenceId(subject ?? patient, param, 'Patient');
    const actor = actorOf(request);
    carePolicy.authorize(actor, 'enrollee.list');
    const dated = searchSelf('', { _lastUpdated: query._lastUpdated }).slice(2);
    const self = `?${param}=Patient/${encodeURIComponent(id)}${dated ? `&${dated}` : ''}`;
    if (!isFhirId(id)) return { items: [] as Json[], self, included: [] as Json[] };
    const items = ((await unlessNotFound(() => list(actor, id))) ?? []).filter((r) => updatedWithin(r, span));
    // The enrollee the matches are about, read (and audited) as the Patient read is.
    const enrollee =
      including && items.length ? await unlessNotFound(() => service.patient({ actor, id })) : undefined;
    return { items, self, included: enrollee ? [enrollee] : ([] as Json[]) };
  };
  /** A plan by its id (a read checks the id's form first). */
  const planById = (request: FastifyRequest, id: string) => plans.get({ actor: actorOf(request), id });
  const patientQuery = z.looseObject({
    patient: z.string().max(200).optional().describe('Patient/ID or ID'),
    subject: z.string().max(200).optional().describe('Patient/ID, the same as patient'),
    _lastUpdated: LAST_UPDATED,
    _include: INCLUDE,
  });
  const routes: FastifyPluginAsyncZod = async (app) => {
    await app.register(patientRoutes(service, care, base));
    await app.register(groupRoutes(groups, base));

    fhirRead(
      app,
      {
        base,
        type: 'CareTeam',
        summary:
          'FHIR R4 CareTeam: the enrollee’s integrated care team, by the enrollee’s id (audited as PHI)',
        what: 'The care team',
      },
      async (request, id) => {
        const [team] = await service.careTeams({ actor: actorOf(request), patientId: id });
        if (!team) throw new AppError(CommonErrors.NOT_FOUND, 'The care team was not found.');
        return team;
      },
    );

    app.get(
      '/CareTeam',
      {
        schema: {
          tags,
          summary: 'FHIR R4 CareTeam search: the enrollee’s integrated care team (audited as PHI)',
          querystring: z.looseObject({
            patient: z.string().max(200).optional().describe('Patient/ID or ID'),
            _lastUpdated: LAST_UPDATED,
            _include: INCLUDE,
          }),
        },
      },
      async (request, reply) => {
        const { items, self, included } = await ofPatient(
          request,
          request.query,
          (actor, enrolleeId) => service.careTeams({ actor, patientId: enrolleeId }),
          'CareTeam',
        );
        return sendFhir(reply, 200, searchset(base, `/CareTeam${self}`, items, undefined, included));
      },
    );

    app.get(
      '/QuestionnaireResponse',
      {
        schema: {
          tags,
          summary:
            'FHIR R4 QuestionnaireResponse search: the answers of the enrollee’s assessments (audited as PHI)',
          querystring: z.looseObject({
            subject: z.string().max(200).optional().describe('Patient/ID'),
            patient: z.string().max(200).optional().describe('Patient/ID or ID, the same as subject'),
          }),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const { subject, patient } = request.query;
        if (subject && patient)
          throw new AppError(CommonErrors.VALIDATION_FAILED, 'Give subject or patient, not both.');
        const param = subject ? 'subject' : 'patient';
        const id = referenceId(subject ?? patient, param, 'Patient');
        const found = await service.questionnaireResponses({ actor, patientId: id });
        return sendFhir(
          reply,
          200,
          searchset(base, `/QuestionnaireResponse?${param}=Patient/${encodeURIComponent(id)}`, found),
        );
      },
    );

    fhirRead(
      app,
      {
        base,
        type: 'CarePlan',
        summary:
          'FHIR R4 CarePlan: one care plan, its goals contained, its signed PDF referenced (audited as PHI)',
        what: 'The care plan',
      },
      async (request, id) => {
        const plan = await planById(request, id);
        return toCarePlan(plan, plan.pdfSha256 ? pdfUrl(plan.id) : null);
      },
    );

    app.get(
      '/CarePlan',
      {
        schema: {
          tags,
          summary: 'FHIR R4 CarePlan search: the enrollee’s care plans, latest first (audited as PHI)',
          querystring: patientQuery,
        },
      },
      async (request, reply) => {
        const { items, self, included } = await ofPatient(
          request,
          request.query,
          records.CarePlan,
          'CarePlan',
        );
        return sendFhir(reply, 200, searchset(base, `/CarePlan${self}`, items, undefined, included));
      },
    );

    fhirRead(
      app,
      {
        base,
        type: 'DocumentReference',
        summary: 'FHIR R4 DocumentReference: a signed care plan’s PDF (audited as PHI)',
        what: 'The document',
      },
      async (request, id) => {
        const plan = await planById(request, id);
        if (!plan.pdfSha256) throw new AppError(CommonErrors.NOT_FOUND, 'The care plan is not signed yet.');
        return toDocumentReference(plan, pdfUrl(plan.id));
      },
    );

    fhirRead(
      app,
      {
        base,
        type: 'Task',
        summary: 'FHIR R4 Task: one open sign-off step of a care plan (audited as PHI)',
        what: 'The task',
        isId: (id) => TASK_ID.test(id),
      },
      async (request, id) => {
        const [, planId, step] = TASK_ID.exec(id) ?? [];
        const task = toTasks(await planById(request, planId!)).find((t) => t.id === id);
        if (!task || !step) throw new AppError(CommonErrors.NOT_FOUND, 'The task is done, or was not found.');
        return task;
      },
    );

    app.get(
      '/DocumentReference',
      {
        schema: {
          tags,
          summary: 'FHIR R4 DocumentReference search: the enrollee’s signed care plan PDFs (audited as PHI)',
          querystring: patientQuery,
        },
      },
      async (request, reply) => {
        const { items, self, included } = await ofPatient(
          request,
          request.query,
          records.DocumentReference,
          'DocumentReference',
        );
        return sendFhir(reply, 200, searchset(base, `/DocumentReference${self}`, items, undefined, included));
      },
    );

    app.get(
      '/Task',
      {
        schema: {
          tags,
          summary:
            'FHIR R4 Task search: each sign-off step still open on the enrollee’s care plans (audited as PHI)',
          querystring: patientQuery,
        },
      },
      async (request, reply) => {
        const { items, self, included } = await ofPatient(request, request.query, records.Task, 'Task');
        return sendFhir(reply, 200, searchset(base, `/Task${self}`, items, undefined, included));
      },
    );

    fhirRead(
      app,
      {
        base,
        type: 'ServiceRequest',
        summary: 'FHIR R4 ServiceRequest: one service request and the plan’s decision (audited as PHI)',
        what: 'The service request',
      },
      async (request, id) => toServiceRequest(await requests.getRequest({ actor: actorOf(request), id })),
    );

    app.get(
      '/ServiceRequest',
      {
        schema: {
          tags,
          summary: 'FHIR R4 ServiceRequest search: the enrollee’s service requests (audited as PHI)',
          querystring: patientQuery,
        },
      },
      async (request, reply) => {
        const { items, self, included } = await ofPatient(
          request,
          request.query,
          records.ServiceRequest,
          'ServiceRequest',
        );
        return sendFhir(reply, 200, searchset(base, `/ServiceRequest${self}`, items, undefined, included));
      },
    );

    fhirRead(
      app,
      {
        base,
        type: 'Consent',
        summary:
          'FHIR R4 Consent: a 42 CFR Part 2 consent your organisation gave effect to or is named in (audited as PHI)',
        what: 'The consent',
      },
      async (request, id) => toConsent(await part2.getConsent({ actor: actorOf(request), id })),
    );

    app.get(
      '/Consent',
      {
        schema: {
          tags,
          summary: 'FHIR R4 Consent search: the enrollee’s 42 CFR Part 2 consents you see (audited as PHI)',
          querystring: patientQuery,
        },
      },
      async (request, reply) => {
        const { items, self, included } = await ofPatient(request, request.query, records.Consent, 'Consent');
        return sendFhir(reply, 200, searchset(base, `/Consent${self}`, items, undefined, included));
      },
    );
  };
  return { resources: CARE_RESOURCES, routes };
}
