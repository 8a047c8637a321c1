import path from 'node:path';

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
  sessionCacheMs: number;
  logLevel: string;
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
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(env.CONCORD_DATA_DIR ?? 'data');
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAppUrl: env.DATABASE_APP_URL || undefined,
    dataDir,
    host,
    port,
    // Without its trailing slash: links are written as `${baseUrl}/verify/CODE`, and a doubled slash is a
    // path the web app does not route (the certificate's QR code would open nothing).
    baseUrl: (env.CONCORD_BASE_URL || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(
      /\/+$/,
      '',
    ),
    cookieSecure: env.CONCORD_COOKIE_SECURE !== 'false',
    sessionIdleMinutes: Number(env.CONCORD_SESSION_IDLE_MINUTES ?? 30),
    sessionAbsoluteHours: Number(env.CONCORD_SESSION_ABSOLUTE_HOURS ?? 12),
    sessionCacheMs: Number(env.CONCORD_SESSION_CACHE_MS ?? 2_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    smtpUrl: env.CONCORD_SMTP_URL || undefined,
    mailFrom: env.CONCORD_MAIL_FROM ?? 'Concord <concord@localhost>',
    auditKey: env.CONCORD_AUDIT_KEY || undefined,
    auditEmail: env.CONCORD_AUDIT_EMAIL || undefined,
    auditCheckpointMinutes: Number(env.CONCORD_AUDIT_CHECKPOINT_MINUTES ?? 60),
  };
}
