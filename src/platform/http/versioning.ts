import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from './errors.js';

/** The version the client is changing, from `If-Match` ("3", W/"3" or 3). */
export function ifMatchVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  const match = typeof header === 'string' ? /^(?:W\/)?"?(\d+)"?$/.exec(header.trim()) : null;
  if (!match) throw new AppError(CommonErrors.VERSION_REQUIRED);
  return Number(match[1]);
}

export function setVersion(reply: FastifyReply, version: number) {
  reply.header('etag', `"${version}"`);
}

/** Called when a versioned update matched no row: the record is gone (404) or was changed (412). */
export function staleOrMissing(exists: boolean, what: string): never {
  if (!exists)
    throw new AppError(CommonErrors.NOT_FOUND, `${what} was not found, or you do not have access to it.`);
  throw new AppError(CommonErrors.VERSION_CONFLICT);
}
