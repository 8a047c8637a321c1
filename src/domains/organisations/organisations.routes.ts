import { exportFormat, pageOf, pageSchema, uuidParam } from '@contract/list.js';
import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import {
  ORGANISATION_KIND_LABELS,
  organisationInput,
  organisationListQuery,
  organisationPatch,
  organisationView,
  relationshipInput,
  relationshipPatch,
  relationshipView,
  serviceAreaInput,
  serviceAreaView,
} from '@contract/organisations/organisations.schemas.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/auth.hook.js';
import { allPages, sendExport } from '../../platform/http/export.js';
import { ifMatchVersion, setVersion } from '../../platform/http/versioning.js';
import type { OrganisationsService } from './organisations.service.js';

const tags = ['organisations'];
const linkParams = z.object({ id: z.uuid(), linkId: z.uuid() });

export function organisationsRoutes(service: OrganisationsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/organisations',
      {
        schema: {
          tags,
          summary: 'List organisations',
          querystring: organisationListQuery,
          response: { 200: pageSchema(organisationView) },
        },
      },
      async (request) => {
        const q = request.query;
        const { items, total } = await service.listOrganisations({
          actor: actorOf(request),
          query: q,
          page: pageOf(q),
        });
        return { items, total, page: q.page, pageSize: q.pageSize };
      },
    );

    app.get(
      '/api/organisations/export',
      {
        schema: {
          tags,
          summary: 'Export the filtered organisation list as XLSX or CSV',
          querystring: organisationListQuery.extend(exportFormat.shape),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const q = request.query;
        const rows = await allPages(
          async (offset, limit) =>
            (await service.listOrganisations({ actor, query: q, page: { offset, limit } })).items,
        );
        return sendExport(
          reply,
          q.format,
          'organisations',
          [
            { header: 'Code', value: (o) => o.code },
            { header: 'Name', value: (o) => o.name, width: 40 },
            { header: 'Kind', value: (o) => ORGANISATION_KIND_LABELS[o.kind], width: 36 },
            {
              header: 'Address',
              value: (o) => [o.addressLine1, o.addressLine2].filter(Boolean).join(', '),
              width: 30,
            },
            { header: 'City', value: (o) => o.city },
            { header: 'State', value: (o) => o.state },
            { header: 'ZIP', value: (o) => o.postalCode },
            { header: 'Phone', value: (o) => o.phone },
          ],
          rows,
        );
      },
    );

    app.get(
      '/api/counties',
      { schema: { tags, summary: 'The Massachusetts counties', response: { 200: z.array(z.string()) } } },
      async () => [...MASSACHUSETTS_COUNTIES],
    );

    app.get(
      '/api/organisations/:id',
      {
        schema: { tags, summary: 'One organisation', params: uuidParam, response: { 200: organisationView } },
      },
      async (request, reply) => {
        const org = await service.getOrganisation({ actor: actorOf(request), id: request.params.id });
        setVersion(reply, org.version);
        return org;
      },
    );

    app.post(
      '/api/organisations',
      {
        schema: {
          tags,
          summary: 'Create an organisation (system administrators)',
          body: organisationInput,
          response: { 201: organisationView },
        },
      },
      async (request, reply) => {
        const org = await service.createOrganisation({ actor: actorOf(request), input: request.body });
        setVersion(reply, org.version);
        return reply.code(201).send(org);
      },
    );

    app.patch(
      '/api/organisations/:id',
      {
        schema: {
          tags,
          summary: 'Change an organisation (If-Match: version)',
          params: uuidParam,
          body: organisationPatch,
          response: { 200: organisationView },
        },
      },
      async (request, reply) => {
        const org = await service.updateOrganisation({
          actor: actorOf(request),
          id: request.params.id,
          version: ifMatchVersion(request),
          input: request.body,
        });
        setVersion(reply, org.version);
        return org;
      },
    );

    app.get(
      '/api/organisations/:id/relationships',
      {
        schema: {
          tags,
          summary: 'Network contracts, CP partnerships and training agreements of an organisation',
          params: uuidParam,
          response: { 200: z.array(relationshipView) },
        },
      },
      async (request) => service.listRelationships({ actor: actorOf(request), orgId: request.params.id }),
    );

    app.post(
      '/api/organisations/:id/relationships',
      {
        schema: {
          tags,
          summary: 'Add a network contract, CP partnership or training agreement',
          params: uuidParam,
          body: relationshipInput,
          response: { 201: relationshipView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.addRelationship({
            actor: actorOf(request),
            orgId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.patch(
      '/api/organisations/:id/relationships/:linkId',
      {
        schema: {
          tags,
          summary: 'Set or clear the end date of a relationship (If-Match: version)',
          params: linkParams,
          body: relationshipPatch,
        },
      },
      async (request) => {
        const { id, linkId } = request.params;
        return service.endRelationship({
          actor: actorOf(request),
          orgId: id,
          id: linkId,
          version: ifMatchVersion(request),
          input: { endsOn: request.body.endsOn },
        });
      },
    );

    app.get(
      '/api/organisations/:id/service-areas',
      {
        schema: {
          tags,
          summary: 'Counties an organisation serves',
          params: uuidParam,
          response: { 200: z.array(serviceAreaView) },
        },
      },
      async (request) => service.listServiceAreas({ actor: actorOf(request), orgId: request.params.id }),
    );

    app.post(
      '/api/organisations/:id/service-areas',
      {
        schema: {
          tags,
          summary: 'Add a county to the service area',
          params: uuidParam,
          body: serviceAreaInput,
          response: { 201: serviceAreaView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await service.addServiceArea({
            actor: actorOf(request),
            orgId: request.params.id,
            input: request.body,
          }),
        ),
    );

    app.patch(
      '/api/organisations/:id/service-areas/:linkId',
      {
        schema: {
          tags,
          summary: 'Set or clear the end date of a service area (If-Match: version)',
          params: linkParams,
          body: relationshipPatch,
          response: { 200: serviceAreaView },
        },
      },
      async (request) => {
        const { id, linkId } = request.params;
        return service.endServiceArea({
          actor: actorOf(request),
          orgId: id,
          id: linkId,
          version: ifMatchVersion(request),
          input: { endsOn: request.body.endsOn },
        });
      },
    );
  };
}
