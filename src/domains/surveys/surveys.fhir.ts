// Surveys as FHIR R4 Questionnaires (decision 064): the organisation's own surveys, read by id and searched
// by canonical URL, name (the survey's code) or status, for those who build surveys.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.js';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { type FhirExporter, pagedExporter } from '../../platform/fhir/exporter.js';
import {
  FHIR_PAGING,
  type FhirModule,
  fhirBase,
  fhirPage,
  PAGING_PARAMS,
  pageOfSearch,
  searchSelf,
  sendFhir,
} from '../../platform/fhir/fhir.api.js';
import { searchset } from '../../platform/fhir/fhir.js';
import { fhirRead } from '../../platform/fhir/read.js';
import { surveysPolicy } from './surveys.policy.js';
import type { SurveysService } from './surveys.service.js';

/** A survey as a Questionnaire, its id the survey's. */
const questionnaireOf = async (service: SurveysService, actor: Actor, id: string) => ({
  id,
  ...(await service.questionnaire({ actor, id })),
});

export function surveysFhir(service: SurveysService, baseUrl: string): FhirModule {
  const base = fhirBase(baseUrl);
  const questionnaire = (actor: Actor, id: string) => questionnaireOf(service, actor, id);
  const routes: FastifyPluginAsyncZod = async (app) => {
    fhirRead(
      app,
      {
        base,
        type: 'Questionnaire',
        summary: 'FHIR R4 Questionnaire: one of your organisation’s surveys, as published (or its draft)',
        what: 'The survey',
      },
      (request, id) => questionnaire(actorOf(request), id),
    );

    app.get(
      '/Questionnaire',
      {
        schema: {
          tags: ['fhir'],
          summary: 'FHIR R4 Questionnaire search: your organisation’s surveys, by URL, name or status',
          querystring: z.looseObject({
            _id: z.string().max(64).optional(),
            url: z.string().trim().max(500).optional().describe('The canonical URL (without |version)'),
            name: z.string().trim().max(200).optional().describe('The survey’s code'),
            status: z.enum(['draft', 'active', 'retired']).optional(),
            ...FHIR_PAGING,
          }),
        },
      },
      async (request, reply) => {
        const { _id, url, name, status } = request.query;
        const actor = actorOf(request);
        const page = fhirPage(request.query);
        const surveys = (await service.list({ actor })).filter((s) => !_id || s.id === _id);
        const all = await Promise.all(surveys.map((s) => questionnaire(actor, s.id)));
        const matching = all.filter(
          (q) =>
            (!url || q.url === url.split('|')[0]) &&
            (!name || q.name?.toLowerCase() === name.toLowerCase()) &&
            (!status || q.status === status),
        );
        return sendFhir(
          reply,
          200,
          searchset(
            base,
            searchSelf('Questionnaire', { _id, url, name, status }),
            matching.slice(page.offset, page.offset + page.limit),
            pageOfSearch(page, matching.length),
          ),
        );
      },
    );
  };
  return {
    resources: [
      {
        type: 'Questionnaire',
        documentation:
          'Your organisation’s surveys and assessment instruments, as published (or their draft)',
        read: true,
        search: [
          { name: '_id', type: 'token', documentation: 'The survey’s id' },
          { name: 'url', type: 'string', documentation: 'The canonical URL, as responses point at it' },
          { name: 'name', type: 'string', documentation: 'The survey’s code, in any case' },
          { name: 'status', type: 'token', documentation: 'draft, active or retired' },
          ...PAGING_PARAMS,
        ],
      },
    ],
    routes,
  };
}

/** The organisation's surveys as Questionnaires, for a system-level bulk export (decision 066). */
export const surveyExporters = (service: SurveysService): FhirExporter[] => [
  pagedExporter(
    'Questionnaire',
    (actor) => surveysPolicy.can(actor, 'surveys.manage'),
    // The list is not paged: one page holds every survey.
    async (actor, page) => (page.offset === 0 ? service.list({ actor }) : []),
    (actor, surveys) => Promise.all(surveys.map((s) => questionnaireOf(service, actor, s.id))),
    Number.MAX_SAFE_INTEGER,
  ),
];
