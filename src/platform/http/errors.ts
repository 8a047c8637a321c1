/**
 * The one error catalogue. Each code has an HTTP status and a message a person can act on. Domains add
 * their codes with `defineErrors`; the HTTP layer maps every AppError through here and nothing else
 * reaches the user.
 */
export interface ErrorDefinition {
  status: number;
  message: string;
}

const catalogue = new Map<string, ErrorDefinition>();

export function defineErrors<const T extends Record<string, ErrorDefinition>>(
  defs: T,
): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, def] of Object.entries(defs)) {
    if (catalogue.has(code)) throw new Error(`Error code ${code} is defined twice`);
    catalogue.set(code, def);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export function errorDefinition(code: string): ErrorDefinition | undefined {
  return catalogue.get(code);
}

export function listErrorCodes(): [string, ErrorDefinition][] {
  return [...catalogue.entries()];
}

/**
 * A problem detail: what kind (`code`: zod's issue code such as `too_small` or `invalid_type`, or `custom`
 * for a rule of Concord's own), where (field path, file, row, column) and what to do (`message`, in plain
 * words for a person).
 */
export interface Issue {
  code?: string;
  path?: string;
  row?: number;
  column?: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  /** For a refusal that lasts a while (429): the seconds to wait, which the answer's Retry-After carries. */
  retryAfterSeconds?: number;
  constructor(
    readonly code: string,
    message?: string,
    readonly issues?: Issue[],
  ) {
    const def = catalogue.get(code);
    if (!def) throw new Error(`Unknown error code ${code}`);
    super(message ?? def.message);
    this.status = def.status;
    this.name = 'AppError';
  }
}

export const CommonErrors = defineErrors({
  VALIDATION_FAILED: { status: 400, message: 'Some fields are not valid. Correct them and try again.' },
  NOT_AUTHENTICATED: { status: 401, message: 'Sign in to continue.' },
  FORBIDDEN: { status: 403, message: 'You do not have permission to do this.' },
  CSRF_INVALID: { status: 403, message: 'The page is out of date. Reload it and try again.' },
  NOT_FOUND: { status: 404, message: 'Not found, or you do not have access to it.' },
  CONFLICT: { status: 409, message: 'This conflicts with a record that already exists.' },
  VERSION_CONFLICT: {
    status: 412,
    message: 'Someone else changed this record since you opened it. Reload it and apply your change again.',
  },
  VERSION_REQUIRED: { status: 428, message: 'Send the If-Match header with the version you are changing.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The file is too large.' },
  RATE_LIMITED: { status: 429, message: 'Too many attempts. Wait a few minutes and try again.' },
  AUDIT_UNAVAILABLE: {
    status: 503,
    message:
      'Concord cannot record who reads personal information right now, so it is not showing any. Try again in a minute.',
  },
  INTERNAL: { status: 500, message: 'Something went wrong on our side. The problem has been logged.' },
});

export const notFound = (what?: string) =>
  new AppError(
    CommonErrors.NOT_FOUND,
    what ? `${what} was not found, or you do not have access to it.` : undefined,
  );
export const forbidden = (message?: string) => new AppError(CommonErrors.FORBIDDEN, message);
export const validationFailed = (issues: Issue[], message?: string) =>
  new AppError(CommonErrors.VALIDATION_FAILED, message, issues);

/** Sends the wait an error names, if any, as Retry-After: every error handler answers it the same way. */
export function retryAfterHeader(reply: { header(name: string, value: string): unknown }, err: unknown) {
  if (err instanceof AppError && err.retryAfterSeconds)
    reply.header('retry-after', String(err.retryAfterSeconds));
}
