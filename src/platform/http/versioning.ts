import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, CommonErrors } from './errors.js';

/**
 * The three spellings of a version: the entity tag as sent in ETag ("3"), its weak form (W/"3"), or the bare
 * number (3). Nine digits at most, so it always fits the integer column it is compared with.
 */
const VERSION_TAG = /^(?:W\/"(\d{1,9})"|"(\d{1,9})"|(\d{1,9}))$/;

/** The version the client is changing, from `If-Match`; anything else (a half-quoted tag, a list, `*`) is refused. */
export function ifMatchVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  const match = typeof header === 'string' ? VERSION_TAG.exec(header.trim()) : null;
  const digits = match?.[1] ?? match?.[2] ?? match?.[3];
  if (!digits) throw new AppError(CommonErrors.VERSION_REQUIRED);
  return Number(digits);
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
