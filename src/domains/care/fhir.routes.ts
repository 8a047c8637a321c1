// FHIR R4 reads under /fhir/R4: resources as application/fhir+json, and every error — a refused session, a
// search without its parameter, an unknown resource or id — as an OperationOutcome (decision 053).

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.js';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { AppError, CommonErrors, errorDefinition, validationFailed } from '../../platform/http/errors.js';
import { toErrorBody } from '../../platform/http/server.js';
import { carePolicy } from './care.policy.js';
import { operationOutcome, searchset } from './fhir.js';
import type { CareFhir } from './fhir.service.js';
import { toConsent } from './part2/part2.fhir.js';
import type { CarePart2 } from './part2/part2.service.js';
import { toCarePlan, toDocumentReference, toTasks } from './plans/plans.fhir.js';
import type { CarePlans } from './plans/plans.service.js';
import { toServiceRequest } from './requests/requests.fhir.js';
import type { CareRequestsService } from './requests/requests.service.js';

export const FHIR_BASE_PATH = '/fhir/R4';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Task's id: the plan's and the step's (`…-enrollee`, `…-pcp`, `…-clinical-review`). */
const TASK_ID =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(enrollee|pcp|clinical-review)$/i;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const tags = ['fhir'];

const send = (reply: FastifyReply, status: number, resource: unknown) =>
  reply.code(status).type(FHIR_JSON).send(resource);

/** `Patient/ID` or a bare `ID`, as FHIR allows a reference search parameter to be written. */
function patientIdOf(value: string | undefined, param: string) {
  const id = value?.trim().replace(/^Patient\//, '');
  if (!id || id.includes('/'))
    throw validationFailed(
      [{ path: param, message: `Name one patient: ${param}=Patient/ID` }],
      `The search needs the ${param} parameter naming one patient.`,
    );
  return id;
}

export function careFhirRoutes(
  service: CareFhir,
  baseUrl: string,
  { plans, requests, part2 }: { plans: CarePlans; requests: CareRequestsService; part2: CarePart2 },
): FastifyPluginAsyncZod {
  const base = `${baseUrl.replace(/\/$/, '')}${FHIR_BASE_PATH}`;
  const pdfUrl = (id: string) => `${baseUrl.replace(/\/$/, '')}/api/care/plans/${id}/signed.pdf`;
  /**
   * The patient's records of one kind, for the searches that read them (audited by the service's list): a patient
   * the caller does not see matches nothing, as a search of CareTeam does.
   */
  const ofPatient = async <T>(
    request: FastifyRequest,
    query: { patient?: string | undefined; subject?: string | undefined },
    list: (actor: Actor, enrolleeId: string) => Promise<T[]>,
  ) => {
    const { subject, patient } = query;
    if (subject && patient)
      throw new AppError(CommonErrors.VALIDATION_FAILED, 'Give subject or patient, not both.');
    const param = subject ? 'subject' : 'patient';
    const id = patientIdOf(subject ?? patient, param);
    const actor = actorOf(request);
    carePolicy.authorize(actor, 'enrollee.list');
    const self = `?${param}=Patient/${encodeURIComponent(id)}`;
    if (!UUID.test(id)) return { items: [] as T[], self };
    try {
      return { items: await list(actor, id), self };
    } catch (err) {
      if (err instanceof AppError && err.code === CommonErrors.NOT_FOUND) return { items: [] as T[], self };
      throw err;
    }
  };
  const plansOf = (request: FastifyRequest, query: { patient?: string; subject?: string }) =>
    ofPatient(request, query, (actor, enrolleeId) => plans.list({ actor, enrolleeId }));
  /** Anything not an id Concord makes is simply not found. */
  const byId = <T>(id: string, what: string, get: () => Promise<T>) => {
    if (!UUID.test(id)) throw new AppError(CommonErrors.NOT_FOUND, `${what} was not found.`);
    return get();
  };
  /** A plan by the id a reference gives; anything not an id Concord makes is simply not found. */
  const planById = (request: FastifyRequest, id: string) =>
    byId(id, 'The care plan', () => plans.get({ actor: actorOf(request), id }));
  const patientQuery = z.looseObject({
    patient: z.string().max(200).optional().describe('Patient/ID or ID'),
    subject: z.string().max(200).optional().describe('Patient/ID, the same as patient'),
  });
  return async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const body = toErrorBody(err);
      const status = errorDefinition(body.code)?.status ?? 500;
      if (status >= 500) request.log.error({ err }, 'request failed');
      return send(reply, status, operationOutcome(status, body));
    });
    const notFound = (_request: unknown, reply: FastifyReply) =>
      send(
        reply,
        404,
        operationOutcome(404, {
          code: CommonErrors.NOT_FOUND,
          message:
            'Concord answers Patient/ID, CareTeam?patient=, QuestionnaireResponse?subject=, CarePlan/ID, CarePlan?patient=, DocumentReference?patient=, Task?patient=, ServiceRequest/ID, ServiceRequest?patient=, Consent/ID and Consent?patient= here.',
        }),
      );
    app.setNotFoundHandler(notFound);
    // `/FHIR/r4/…`, `//fhir/R4/…` and the like miss this plugin's router: answered the same way.
    app.answerNotFound(/^\/fhir(\/|$)/, notFound);

    app.get(
      '/Patient/:id',
      {
        schema: {
          tags,
          summary:
            'FHIR R4 Patient: one enrollee, with MassHealth ID and MBI as identifiers (audited as PHI)',
          params: z.object({ id: z.string().max(64) }),
        },
      },
      async (request, reply) =>
        send(reply, 200, await service.patient({ actor: actorOf(request), id: request.params.id })),
    );

    app.get(
      '/CareTeam',
      {
        schema: {
          tags,
          summary: 'FHIR R4 CareTeam search: the enrollee’s integrated care team (audited as PHI)',
          querystring: z.looseObject({
            patient: z.string().max(200).optional().describe('Patient/ID or ID'),
          }),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const id = patientIdOf(request.query.patient, 'patient');
        const teams = await service.careTeams({ actor, patientId: id });
        return send(
          reply,
          200,
          searchset(base, `/CareTeam?patient=Patient/${encodeURIComponent(id)}`, teams),
        );
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
        const id = patientIdOf(subject ?? patient, param);
        const found = await service.questionnaireResponses({ actor, patientId: id });
        return send(
          reply,
          200,
          searchset(base, `/QuestionnaireResponse?${param}=Patient/${encodeURIComponent(id)}`, found),
        );
      },
    );

    app.get(
      '/CarePlan/:id',
      {
        schema: {
          tags,
          summary:
            'FHIR R4 CarePlan: one care plan, its goals contained, its signed PDF referenced (audited as PHI)',
          params: z.object({ id: z.string().max(64) }),
        },
      },
      async (request, reply) => {
        const plan = await planById(request, request.params.id);
        return send(reply, 200, toCarePlan(plan, plan.pdfSha256 ? pdfUrl(plan.id) : null));
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
        const { items, self } = await plansOf(request, request.query);
        const found = items.map((p) => toCarePlan(p, p.pdfSha256 ? pdfUrl(p.id) : null));
        return send(reply, 200, searchset(base, `/CarePlan${self}`, found));
      },
    );

    app.get(
      '/DocumentReference/:id',
      {
        schema: {
          tags,
          summary: 'FHIR R4 DocumentReference: a signed care plan’s PDF (audited as PHI)',
          params: z.object({ id: z.string().max(64) }),
        },
      },
      async (request, reply) => {
        const plan = await planById(request, request.params.id);
        if (!plan.pdfSha256) throw new AppError(CommonErrors.NOT_FOUND, 'The care plan is not signed yet.');
        return send(reply, 200, toDocumentReference(plan, pdfUrl(plan.id)));
      },
    );

    app.get(
      '/Task/:id',
      {
        schema: {
          tags,
          summary: 'FHIR R4 Task: one open sign-off step of a care plan (audited as PHI)',
          params: z.object({ id: z.string().max(80) }),
        },
      },
      async (request, reply) => {
        const [, planId, step] = TASK_ID.exec(request.params.id) ?? [];
        if (!planId) throw new AppError(CommonErrors.NOT_FOUND, 'The task was not found.');
        const task = toTasks(await planById(request, planId)).find((t) => t.id === request.params.id);
        if (!task || !step) throw new AppError(CommonErrors.NOT_FOUND, 'The task is done, or was not found.');
        return send(reply, 200, task);
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
        const { items, self } = await plansOf(request, request.query);
        const found = items.filter((p) => p.pdfSha256).map((p) => toDocumentReference(p, pdfUrl(p.id)));
        return send(reply, 200, searchset(base, `/DocumentReference${self}`, found));
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
        const { items, self } = await plansOf(request, request.query);
        return send(reply, 200, searchset(base, `/Task${self}`, items.flatMap(toTasks)));
      },
    );

    app.get(
      '/ServiceRequest/:id',
      {
        schema: {
          tags,
          summary: 'FHIR R4 ServiceRequest: one service request and the plan’s decision (audited as PHI)',
          params: z.object({ id: z.string().max(64) }),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const found = await byId(id, 'The service request', () =>
          requests.getRequest({ actor: actorOf(request), id }),
        );
        return send(reply, 200, toServiceRequest(found));
      },
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
        const { items, self } = await ofPatient(request, request.query, (actor, enrolleeId) =>
          requests.listRequests({ actor, enrolleeId }),
        );
        return send(reply, 200, searchset(base, `/ServiceRequest${self}`, items.map(toServiceRequest)));
      },
    );

    app.get(
      '/Consent/:id',
      {
        schema: {
          tags,
          summary:
            'FHIR R4 Consent: a 42 CFR Part 2 consent your organisation gave effect to or is named in (audited as PHI)',
          params: z.object({ id: z.string().max(64) }),
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const found = await byId(id, 'The consent', () => part2.getConsent({ actor: actorOf(request), id }));
        return send(reply, 200, toConsent(found));
      },
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
        const { items, self } = await ofPatient(request, request.query, (actor, enrolleeId) =>
          part2.listConsents({ actor, enrolleeId }),
        );
        return send(reply, 200, searchset(base, `/Consent${self}`, items.map(toConsent)));
      },
    );
  };
}
