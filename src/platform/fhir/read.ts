// A FHIR resource read by id, with its history and version read (decisions 064, 072): one helper registers
// the three routes over one read function, so each answers, authorises and audits as the read does.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, CommonErrors } from '../http/errors.js';
import { isFhirId, sendFhir } from './fhir.api.js';
import { type Json, versioned } from './fhir.js';

/**
 * `GET /Type/:id`: the resource `read` gives for an id Concord makes (or that `isId` accepts); any other id is
 * not found, named as `what` says ("The organisation"). Beside it, the resource's history (`/_history`, a
 * `history` Bundle of the one version kept) and the version read (`/_history/:vid`, the current version or
 * not found): each reads the record through `read` once, so each is authorised and audited as a read.
 */
export function fhirRead(
  app: FastifyInstance,
  options: {
    type: string;
    summary: string;
    what: string;
    /** The API's base URL (`fhirBase`), for the history's full URLs. */
    base: string;
    isId?: (id: string) => boolean;
  },
  read: (request: FastifyRequest, id: string) => Promise<unknown>,
) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { type, what, base } = options;
  const current = async (request: FastifyRequest, id: string) => {
    if (!(options.isId ?? isFhirId)(id)) throw new AppError(CommonErrors.NOT_FOUND, `${what} was not found.`);
    const resource = versioned((await read(request, id)) as Json);
    return { resource, versionId: (resource.meta as { versionId: string }).versionId };
  };
  const params = z.object({ id: z.string().max(80) });
  const sendVersion = (reply: FastifyReply, found: { resource: Json; versionId: string }) =>
    sendFhir(reply.header('etag', `W/"${found.versionId}"`), 200, found.resource);
  typed.get(
    `/${type}/:id`,
    { schema: { tags: ['fhir'], summary: options.summary, params } },
    async (request, reply) => sendVersion(reply, await current(request, request.params.id)),
  );
  typed.get(
    `/${type}/:id/_history`,
    {
      schema: {
        tags: ['fhir'],
        summary: `FHIR R4 ${type} history: the current version, the one Concord keeps (read as the ${type} is)`,
        params,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const found = await current(request, id);
      const lastModified = (found.resource.meta as { lastUpdated?: string }).lastUpdated;
      return sendFhir(reply, 200, {
        resourceType: 'Bundle',
        type: 'history',
        total: 1,
        link: [{ relation: 'self', url: `${base}/${type}/${id}/_history` }],
        entry: [
          {
            fullUrl: `${base}/${type}/${id}`,
            resource: found.resource,
            request: { method: 'PUT', url: `${type}/${id}` },
            response: {
              status: '200',
              etag: `W/"${found.versionId}"`,
              ...(lastModified ? { lastModified } : {}),
            },
          },
        ],
      });
    },
  );
  typed.get(
    `/${type}/:id/_history/:vid`,
    {
      schema: {
        tags: ['fhir'],
        summary: `FHIR R4 ${type} version read: the current version by its id (older ones are not kept)`,
        params: params.extend({ vid: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      const found = await current(request, request.params.id);
      if (found.versionId !== request.params.vid)
        throw new AppError(
          CommonErrors.NOT_FOUND,
          `Version ${request.params.vid} of ${what.replace(/^The /, 'the ')} is not kept: Concord keeps the current version, ${found.versionId}.`,
        );
      return sendVersion(reply, found);
    },
  );
}
