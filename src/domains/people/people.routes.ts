import { exportFormat, isoDate, pageOf, pageSchema, uuidParam } from '@contract/list.js';
import {
  peopleListQuery,
  personInput,
  personPatch,
  personSummary,
  personView,
  QUALIFICATION_KIND_LABELS,
  qualificationInput,
  qualificationListItem,
  qualificationListQuery,
  qualificationView,
  roleInput,
  roleView,
} from '@contract/people/people.schemas.js';
import { roleNames } from '@contract/roles.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { allPages, sendExport } from '../../platform/http/export.js';
import { ifMatchVersion, setVersion } from '../../platform/http/versioning.js';
import type { PeopleService } from './people.service.js';

const tags = ['people'];
const childParams = z.object({ id: z.uuid(), childId: z.uuid() });

export function peopleRoutes(service: PeopleService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/people',
      {
        schema: {
          tags,
          summary: 'People with a role at the active organisation',
          querystring: peopleListQuery,
          response: { 200: pageSchema(personSummary) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.listPeople({
          actor: actorOf(request),
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/people/export',
      {
        schema: {
          tags,
          summary: 'Export the filtered people list as XLSX or CSV',
          querystring: peopleListQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await allPages(
          async (offset, limit) =>
            (await service.listPeople({ actor, query: q, page: { offset, limit } })).items,
        );
        return sendExport(
          reply,
          q.format,
          'people',
          [
            { header: 'Family name', value: (p) => p.familyName, width: 20 },
            { header: 'Given name', value: (p) => p.givenName, width: 20 },
            { header: 'E-mail', value: (p) => p.email, width: 34 },
            { header: 'NPI', value: (p) => p.npi },
            { header: 'Title', value: (p) => p.title, width: 20 },
            { header: 'Roles', value: (p) => roleNames(p.roles), width: 40 },
            { header: 'Teams', value: (p) => p.teams.join('; '), width: 20 },
          ],
          rows,
        );
      },
    );

    app.get(
      '/api/people/:id',
      {
        schema: {
          tags,
          summary: 'One person, with roles and qualifications here (audited)',
          params: uuidParam,
          response: { 200: personView },
        },
      },
      async (request, reply) => {
        const person = await service.getPerson({ actor: actorOf(request), id: request.params.id });
        setVersion(reply, person.version);
        return person;
      },
    );

    app.post(
      '/api/people',
      {
        schema: {
          tags,
          summary:
            'Add a person with roles here; an e-mail already known links to that identity (the answer is the same either way)',
          body: personInput,
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (request, reply) => {
        const { person } = await service.createPerson({ actor: actorOf(request), input: request.body });
        return reply.code(201).send({ id: person.id });
      },
    );

    app.patch(
      '/api/people/:id',
      {
        schema: {
          tags,
          summary:
            'Change identity fields (where this organisation keeps the identity) and this organisation’s phone and title for the person (If-Match: version)',
          params: uuidParam,
          body: personPatch,
        },
      },
      async (request, reply) => {
        const person = await service.updatePerson({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
        setVersion(reply, person.version);
        return { id: person.id, version: person.version };
      },
    );

    app.post(
      '/api/people/:id/roles',
      {
        schema: {
          tags,
          summary: 'Give the person a role here',
          params: uuidParam,
          body: roleInput,
          response: { 201: roleView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.addRole({
            actor: actorOf(request),
            personId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.patch(
      '/api/people/:id/roles/:childId',
      {
        schema: {
          tags,
          summary: 'End a role or change its team (If-Match: version)',
          params: childParams,
          body: z.object({
            endsOn: isoDate.nullable().optional(),
            team: z.string().trim().max(100).nullable().optional(),
          }),
          response: { 200: roleView },
        },
      },
      async (request) => {
        const { id, childId } = request.params;
        return service.updateRole({
          actor: actorOf(request),
          personId: id,
          id: childId,
          version: ifMatchVersion(request),
          input: request.body,
        });
      },
    );

    app.get(
      '/api/qualifications',
      {
        schema: {
          tags,
          summary: 'Qualifications recorded here; filter to those expiring within N days',
          querystring: qualificationListQuery,
          response: { 200: pageSchema(qualificationListItem) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.listQualifications({
          actor: actorOf(request),
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/qualifications/export',
      {
        schema: {
          tags,
          summary: 'Export the filtered qualification list',
          querystring: qualificationListQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await allPages(
          async (offset, limit) =>
            (await service.listQualifications({ actor, query: q, page: { offset, limit } })).items,
        );
        return sendExport(
          reply,
          q.format,
          'qualifications',
          [
            { header: 'Family name', value: (r) => r.familyName, width: 20 },
            { header: 'Given name', value: (r) => r.givenName, width: 20 },
            { header: 'Kind', value: (r) => QUALIFICATION_KIND_LABELS[r.kind] ?? r.kind },
            { header: 'Name', value: (r) => r.name, width: 24 },
            { header: 'Issuer', value: (r) => r.issuer, width: 30 },
            { header: 'Number', value: (r) => r.number },
            { header: 'Issued', value: (r) => r.issuedOn },
            { header: 'Expires', value: (r) => r.expiresOn },
            { header: 'Days to expiry', value: (r) => r.daysToExpiry },
          ],
          rows,
        );
      },
    );

    app.post(
      '/api/people/:id/qualifications',
      {
        schema: {
          tags,
          summary: 'Record a licence or certification',
          params: uuidParam,
          body: qualificationInput,
          response: { 201: qualificationView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.addQualification({
            actor: actorOf(request),
            personId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.put(
      '/api/people/:id/qualifications/:childId',
      {
        schema: {
          tags,
          summary: 'Correct a qualification (If-Match: version)',
          params: childParams,
          body: qualificationInput,
          response: { 200: qualificationView },
        },
      },
      async (request) => {
        const { id, childId } = request.params;
        return service.updateQualification({
          actor: actorOf(request),
          personId: id,
          id: childId,
          version: ifMatchVersion(request),
          input: request.body,
        });
      },
    );
  };
}
