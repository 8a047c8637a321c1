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

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
      err: safeError,
      // Query strings can carry names and e-mail addresses typed into a filter; log the path only.
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        ip: req.ip,
      }),
    },
  };
}

export function createLogger(level = 'info'): Logger {
  return pino(loggerOptions(level));
}
