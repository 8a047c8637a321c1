// FHIR R4 reads under /fhir/R4: resources as application/fhir+json, and every error — a refused session, a
// search without its parameter, an unknown resource or id — as an OperationOutcome (decision 053).
import type { FastifyError, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { AppError, CommonErrors, errorDefinition, validationFailed } from '../../platform/http/errors.js';
import { toErrorBody } from '../../platform/http/server.js';
import { operationOutcome, searchset } from './fhir.js';
import type { CareFhir } from './fhir.service.js';

export const FHIR_BASE_PATH = '/fhir/R4';
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

export function careFhirRoutes(service: CareFhir, baseUrl: string): FastifyPluginAsyncZod {
  const base = `${baseUrl.replace(/\/$/, '')}${FHIR_BASE_PATH}`;
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
          message: 'Concord answers Patient/ID, CareTeam?patient= and QuestionnaireResponse?subject= here.',
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
  };
}
