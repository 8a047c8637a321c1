import path from 'node:path';
import { z } from 'zod';

/** Runtime settings, read once from the environment. Every setting has a working default. */
export interface Config {
  /** PostgreSQL server URL (owner role, runs migrations). Unset means the embedded PGlite database. */
  databaseUrl: string | undefined;
  /** URL the application itself uses on PostgreSQL: a role that does not own the tables. */
  databaseAppUrl: string | undefined;
  dataDir: string;
  host: string;
  port: number;
  /** Public base URL, used in links the product prints (verification pages, e-mails). */
  baseUrl: string;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** How long a session read from the database is trusted before it is read again (0: never kept). */
  sessionCacheMs: number;
  logLevel: LogLevel;
  /** `smtp://` or `smtps://` URL of a mail server; unset writes e-mail to `<dataDir>/outbox` as .eml files. */
  smtpUrl: string | undefined;
  /** The From address of every e-mail Concord sends. */
  mailFrom: string;
  /** Ed25519 private key (PEM, or a file's path) signing audit checkpoints; unset: made under the data folder. */
  auditKey: string | undefined;
  /** An auditor's e-mail address that each batch of audit checkpoints is also sent to. */
  auditEmail: string | undefined;
  /** How often the server signs audit checkpoints. */
  auditCheckpointMinutes: number;
  /** Behind a reverse proxy: the client's address is taken from X-Forwarded-For (sign-in throttling). */
  trustProxy: boolean;
  /** Check every row of a raw query against its schema, not only the first (the tests always do). */
  checkEveryRow: boolean;
  /** The password `concord user create` gives the new sign-in; an argument would stay in the shell history. */
  newUserPassword: string | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\s*\d+\s*$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const urlOf = (...protocols: string[]) =>
  z.string().refine((v) => URL.canParse(v) && protocols.includes(new URL(v).protocol));

/** Every environment variable Concord reads. README's settings table lists the same, with defaults. */
const envSchema = z.object({
  DATABASE_URL: urlOf('postgres:', 'postgresql:').optional(),
  DATABASE_APP_URL: urlOf('postgres:', 'postgresql:').optional(),
  CONCORD_DATA_DIR: z.string().optional(),
  HOST: z.string().optional(),
  PORT: wholeNumber(1, 65_535).optional(),
  CONCORD_BASE_URL: urlOf('http:', 'https:').optional(),
  CONCORD_COOKIE_SECURE: flag.optional(),
  CONCORD_SESSION_IDLE_MINUTES: wholeNumber(1).optional(),
  CONCORD_SESSION_ABSOLUTE_HOURS: wholeNumber(1).optional(),
  CONCORD_SESSION_CACHE_MS: wholeNumber(0, 60_000).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  CONCORD_SMTP_URL: urlOf('smtp:', 'smtps:').optional(),
  CONCORD_MAIL_FROM: z.string().optional(),
  CONCORD_AUDIT_KEY: z.string().optional(),
  CONCORD_AUDIT_EMAIL: z
    .string()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/)
    .optional(),
  CONCORD_AUDIT_CHECKPOINT_MINUTES: wholeNumber(1).optional(),
  CONCORD_TRUST_PROXY: flag.optional(),
  CONCORD_CHECK_ROWS: z.enum(['0', '1']).optional(),
  CONCORD_PASSWORD: z.string().optional(),
});

type Variable = keyof typeof envSchema.shape;

/** What each variable must be, said to the person who set it wrong. */
const MUST: Record<Variable, string> = {
  DATABASE_URL: 'a postgres:// or postgresql:// URL',
  DATABASE_APP_URL: 'a postgres:// or postgresql:// URL',
  CONCORD_DATA_DIR: 'a folder path',
  HOST: 'a host name or address to listen on',
  PORT: 'a whole number from 1 to 65535',
  CONCORD_BASE_URL: 'an http:// or https:// URL, such as https://training.example.org',
  CONCORD_COOKIE_SECURE: 'true or false',
  CONCORD_SESSION_IDLE_MINUTES: 'a whole number of minutes, 1 or more',
  CONCORD_SESSION_ABSOLUTE_HOURS: 'a whole number of hours, 1 or more',
  CONCORD_SESSION_CACHE_MS: 'a whole number of milliseconds from 0 to 60000',
  LOG_LEVEL: `one of ${LOG_LEVELS.join(', ')}`,
  CONCORD_SMTP_URL: 'an smtp:// or smtps:// URL, such as smtp://user:pass@mail.example.org:587',
  CONCORD_MAIL_FROM: 'an e-mail address, such as Concord <concord@example.org>',
  CONCORD_AUDIT_KEY: 'an Ed25519 private key in PEM, or the path of a file holding one',
  CONCORD_AUDIT_EMAIL: 'an e-mail address',
  CONCORD_AUDIT_CHECKPOINT_MINUTES: 'a whole number of minutes, 1 or more',
  CONCORD_TRUST_PROXY: 'true or false',
  CONCORD_CHECK_ROWS: '0 or 1',
  CONCORD_PASSWORD: 'a password',
};

/** Settings that cannot be used; the message names each variable and what it must be. */
export class ConfigError extends Error {
  constructor(readonly variables: string[]) {
    super(
      [
        'Concord cannot start: fix these environment variables.',
        ...variables.map((v) => `  ${v} must be ${MUST[v as Variable]}.`),
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** The settings, from `env` (process.env unless given); an empty variable counts as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const wrong = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    throw new ConfigError(wrong);
  }
  const e = parsed.data;
  const port = e.PORT ?? 3000;
  const host = e.HOST ?? '127.0.0.1';
  return {
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl: e.DATABASE_APP_URL,
    dataDir: path.resolve(e.CONCORD_DATA_DIR ?? 'data'),
    host,
    port,
    // Without its trailing slash: links are written as `${baseUrl}/verify/CODE`, and a doubled slash is a
    // path the web app does not route (the certificate's QR code would open nothing).
    baseUrl: (e.CONCORD_BASE_URL ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(
      /\/+$/,
      '',
    ),
    cookieSecure: e.CONCORD_COOKIE_SECURE ?? true,
    sessionIdleMinutes: e.CONCORD_SESSION_IDLE_MINUTES ?? 30,
    sessionAbsoluteHours: e.CONCORD_SESSION_ABSOLUTE_HOURS ?? 12,
    sessionCacheMs: e.CONCORD_SESSION_CACHE_MS ?? 2_000,
    logLevel: e.LOG_LEVEL ?? 'info',
    smtpUrl: e.CONCORD_SMTP_URL,
    mailFrom: e.CONCORD_MAIL_FROM ?? 'Concord <concord@localhost>',
    auditKey: e.CONCORD_AUDIT_KEY,
    auditEmail: e.CONCORD_AUDIT_EMAIL,
    auditCheckpointMinutes: e.CONCORD_AUDIT_CHECKPOINT_MINUTES ?? 60,
    trustProxy: e.CONCORD_TRUST_PROXY ?? false,
    checkEveryRow: e.CONCORD_CHECK_ROWS === '1',
    newUserPassword: e.CONCORD_PASSWORD,
  };
}

/**
 * Whether a command's failure is printed with its stack: read apart from `loadConfig` so that a stack is
 * still shown (or not) when the settings themselves are what failed.
 */
export function showsStacks(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
}
