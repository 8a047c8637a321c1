import pino, { type Logger, type LoggerOptions } from 'pino';

/**
 * Paths that may carry personal or health information, or secrets. Log lines keep the shape of a request
 * but never these values.
 */
export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.email',
  '*.givenName',
  '*.familyName',
  '*.npi',
  '*.phone',
  '*.dateOfBirth',
  '*.token',
];

/**
 * An error as the log keeps it. A failed query's error carries the statement's parameters (drizzle puts
 * them in its message) and PostgreSQL's detail carries the values a constraint refused (`Key (email)=(…)`):
 * both can name people, so only the statement, the SQLSTATE and the names of what failed are kept.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { query?: string; params?: unknown; code?: string; cause?: unknown };
  const queryFailed = typeof e.query === 'string' && 'params' in e;
  // PostgreSQL quotes the value it could not read (`invalid input syntax for type uuid: "…"`).
  const message = queryFailed
    ? 'Failed query'
    : typeof e.code === 'string'
      ? e.message.replace(/: ".*"$/s, ': [redacted]')
      : e.message;
  const out: Record<string, unknown> = {
    type: e.constructor.name,
    message,
    stack: e.stack?.replace(e.message, message),
  };
  if (queryFailed) out.query = e.query;
  for (const key of ['code', 'table', 'column', 'constraint', 'routine'] as const) {
    const v = (e as unknown as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v;
  }
  if (e.cause) out.cause = safeError(e.cause);
  return out;
}

interface RequestLike {
  method: string;
  url: string;
  ip?: string;
  routeOptions?: { url?: string };
  params?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route a request matched, its UUID parameters filled in; only the first segments of an unknown path. */
export function pathForLog(req: RequestLike): string {
  const pattern = req.routeOptions?.url;
  if (!pattern) return `${req.url.split('?')[0]!.split('/').slice(0, 2).join('/')}/… (no route)`;
  const params = (req.params ?? {}) as Record<string, unknown>;
  return pattern.replace(/:(\w+)/g, (placeholder, name: string) => {
    const value = params[name];
    return typeof value === 'string' && UUID.test(value) ? value : placeholder;
  });
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      err: safeError,
      // Paths can carry names, e-mail addresses and tokens (a code typed into a URL, an attestation
      // link's token), and query strings a filter's text: log the route matched, with only its ids.
      req: (req: RequestLike) => ({ method: req.method, url: pathForLog(req), ip: req.ip }),
    },
  };
}

export function createLogger(level = 'info'): Logger {
  return pino(loggerOptions(level));
}
