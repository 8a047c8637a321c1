import {
  CARE_PROGRAM_LABELS,
  contactInput,
  contactListQuery,
  contactView,
  endInput,
  enrolleeInput,
  enrolleeListQuery,
  enrolleePatch,
  enrolleeSummary,
  enrolleeView,
  enrollmentInput,
  enrollmentView,
  ltsOfferInput,
  ltsResponseInput,
  spocInput,
  teamMemberInput,
  teamMemberView,
} from '@contract/care/care.schemas.js';
import { exportFormat, pageOf, pageSchema, uuidParam } from '@contract/list.js';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isUuid } from '../../platform/audit/audit.chain.js';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { allPages, sendExport } from '../../platform/http/export.js';
import { ifMatchVersion, setVersion } from '../../platform/http/versioning.js';
import type { CareService } from './care.service.js';

const tags = ['care'];
const childParams = z.object({ id: z.uuid(), childId: z.uuid() });
const idResult = z.object({ id: z.string(), version: z.number() });

export function careRoutes(service: CareService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/care/enrollees',
      {
        schema: {
          tags,
          summary:
            'Enrollees the active organisation holds, or whose care team it is on today (filter by name, MassHealth ID or MBI, county, program, single point of contact)',
          querystring: enrolleeListQuery,
          response: { 200: pageSchema(enrolleeSummary) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.listEnrollees({
          actor: actorOf(request),
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/care/enrollees/export',
      {
        schema: {
          tags,
          summary: 'Export the filtered enrollee list as XLSX or CSV (audited)',
          querystring: enrolleeListQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await allPages(
          async (offset, limit) =>
            (await service.listEnrollees({ actor, query: q, page: { offset, limit } })).items,
        );
        return sendExport(
          reply,
          q.format,
          'enrollees',
          [
            { header: 'Family name', value: (e) => e.familyName, width: 20 },
            { header: 'Given name', value: (e) => e.givenName, width: 20 },
            { header: 'MassHealth ID', value: (e) => e.masshealthId, width: 16 },
            { header: 'MBI', value: (e) => e.mbi, width: 14 },
            { header: 'Date of birth', value: (e) => e.dateOfBirth, width: 12 },
            { header: 'Town', value: (e) => e.town, width: 16 },
            { header: 'County', value: (e) => e.county, width: 12 },
            {
              header: 'Programs',
              value: (e) => e.programs.map((p) => CARE_PROGRAM_LABELS[p]).join('; '),
              width: 20,
            },
            { header: 'Single point of contact', value: (e) => e.coordinatorName, width: 24 },
          ],
          rows,
        );
      },
    );

    app.get(
      '/api/care/enrollees/:id',
      {
        schema: {
          tags,
          summary: 'One enrollee, with enrollments and care team (audited as PHI)',
          params: uuidParam,
          response: { 200: enrolleeView },
        },
      },
      async (request, reply) => {
        const enrollee = await service.getEnrollee({ actor: actorOf(request), id: request.params.id });
        setVersion(reply, enrollee.version);
        return enrollee;
      },
    );

    app.post(
      '/api/care/enrollees',
      {
        schema: {
          tags,
          summary: 'Add an enrollee held by the active organisation (a plan, ACO or MCO)',
          body: enrolleeInput,
          response: { 201: idResult },
        },
      },
      async (request, reply) => {
        const enrollee = await service.createEnrollee({ actor: actorOf(request), input: request.body });
        setVersion(reply, enrollee.version);
        return reply.code(201).send({ id: enrollee.id, version: enrollee.version });
      },
    );

    app.patch(
      '/api/care/enrollees/:id',
      {
        schema: {
          tags,
          summary: 'Change an enrollee (If-Match: version)',
          params: uuidParam,
          body: enrolleePatch,
          response: { 200: idResult },
        },
      },
      async (request, reply) => {
        const enrollee = await service.updateEnrollee({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
        setVersion(reply, enrollee.version);
        return { id: enrollee.id, version: enrollee.version };
      },
    );

    app.post(
      '/api/care/enrollees/:id/enrollments',
      {
        schema: {
          tags,
          summary:
            'Enroll in a program; refused when it overlaps another in the same program, or another of One Care, ACO and MCO',
          params: uuidParam,
          body: enrollmentInput,
          response: { 201: enrollmentView },
        },
      },
      async (request, reply) => {
        const e = await service.addEnrollment({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          input: request.body,
        });
        return reply.code(201).send(pickEnrollment(e));
      },
    );

    app.post(
      '/api/care/enrollees/:id/enrollments/:childId/end',
      {
        schema: {
          tags,
          summary: 'End an enrollment on a day (If-Match: version)',
          params: childParams,
          body: endInput,
          response: { 200: enrollmentView },
        },
      },
      async (request) =>
        pickEnrollment(
          await service.endEnrollment({
            actor: actorOf(request),
            enrolleeId: request.params.id,
            id: request.params.childId,
            version: ifMatchVersion(request),
            endsOn: request.body.endsOn,
          }),
        ),
    );

    app.post(
      '/api/care/enrollees/:id/team',
      {
        schema: {
          tags,
          summary: 'Add a member to the care team (someone at the plan or in its network)',
          params: uuidParam,
          body: teamMemberInput,
          response: { 201: teamMemberView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.addTeamMember({
            actor: actorOf(request),
            enrolleeId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.post(
      '/api/care/enrollees/:id/team/single-point-of-contact',
      {
        schema: {
          tags,
          summary:
            'Make someone the single point of contact from a day; the one before ends the day before (history kept)',
          params: uuidParam,
          body: spocInput,
          response: { 201: teamMemberView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.changeSpoc({
            actor: actorOf(request),
            enrolleeId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.post(
      '/api/care/enrollees/:id/team/:childId/end',
      {
        schema: {
          tags,
          summary: 'End a care team membership on a day (If-Match: version)',
          params: childParams,
          body: endInput,
          response: { 200: teamMemberView },
        },
      },
      async (request) =>
        service.endTeamMember({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          id: request.params.childId,
          version: ifMatchVersion(request),
          endsOn: request.body.endsOn,
        }),
    );

    app.post(
      '/api/care/enrollees/:id/team/:childId/lts-offer',
      {
        schema: {
          tags,
          summary: 'Record the day an LTS coordinator was offered (If-Match: version)',
          params: childParams,
          body: ltsOfferInput,
          response: { 200: teamMemberView },
        },
      },
      async (request) =>
        service.recordLts({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          id: request.params.childId,
          version: ifMatchVersion(request),
          change: request.body,
        }),
    );

    app.post(
      '/api/care/enrollees/:id/team/:childId/lts-response',
      {
        schema: {
          tags,
          summary: 'Record whether the enrollee accepted or declined the LTS coordinator (If-Match: version)',
          params: childParams,
          body: ltsResponseInput,
          response: { 200: teamMemberView },
        },
      },
      async (request) =>
        service.recordLts({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          id: request.params.childId,
          version: ifMatchVersion(request),
          change: request.body,
        }),
    );

    app.post(
      '/api/care/enrollees/:id/contacts',
      {
        schema: {
          tags,
          summary: 'Record an attempt to reach the enrollee, reached or not',
          params: uuidParam,
          body: contactInput,
          response: { 201: contactView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.recordContact({
            actor: actorOf(request),
            enrolleeId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.get(
      '/api/care/enrollees/:id/contacts',
      {
        schema: {
          tags,
          summary:
            'Attempts to reach the enrollee by time (latest first unless dir=asc), filtered by words in their notes, paged with a total (audited as PHI)',
          params: uuidParam,
          querystring: contactListQuery,
          response: { 200: pageSchema(contactView) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.listContacts({
          actor: actorOf(request),
          enrolleeId: request.params.id,
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );
  };
}

function pickEnrollment(e: {
  id: string;
  program: string;
  effectiveOn: string;
  endsOn: string | null;
  version: number;
}) {
  return { ...e, program: e.program as 'one_care' } satisfies z.infer<typeof enrollmentView>;
}

/** The routes about one enrollee, whatever follows: the enrollee's own and FHIR's Patient read. */
const ABOUT_ONE_ENROLLEE = /^(?:\/api\/care\/enrollees\/:id(?:\/|$)|\/fhir\/R4\/Patient\/:id$)/;

/**
 * Records each refused request about one enrollee (403 or 404 to a signed-in caller) as an attempt, once the
 * answer has gone (decision 050). Registered at the root, before the care routes, so it sees all of them.
 */
export function auditRefusedEnrolleeRequests(app: FastifyInstance, service: CareService) {
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const route = request.routeOptions.url;
    if ((status !== 403 && status !== 404) || !request.actor || !route || !ABOUT_ONE_ENROLLEE.test(route))
      return;
    const id = (request.params as { id?: unknown }).id;
    if (typeof id !== 'string' || !isUuid(id)) return;
    try {
      await service.recordRefusal(request.actor, id, { status, route: `${request.method} ${route}` });
    } catch (err) {
      request.log.error({ err }, 'could not record a refused request');
    }
  });
}
