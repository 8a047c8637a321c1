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

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: {
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
