import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import helmet, { type HelmetOptions } from 'helmet';
import type { Logger } from 'pino';
import { isUniqueViolation } from '../db/client.js';
import { FHIR_JSON, operationOutcome } from '../fhir/fhir.js';
import { trackRequests } from './activity.js';
import { withErrorResponses } from './error-schema.js';
import { AppError, CommonErrors, errorDefinition, type Issue, retryAfterHeader } from './errors.js';
import { installPlainMessages } from './plain-messages.js';
import { guardText } from './text-guard.js';
import { ASSETS_PREFIX, serveWeb } from './web.js';

export type App = FastifyInstance;

export interface ServerOptions {
  logger: Logger | false;
  version: string;
  maxUploadBytes?: number;
  /** Serve the built web app, with every unknown GET outside the server's paths answered by its index.html. */
  web?: boolean;
  /** Where the built web app is (tests); `web/dist` unless given. */
  webRoot?: string;
  /** Behind a reverse proxy: the client's address from X-Forwarded-For. */
  trustProxy?: boolean;
}

export interface RouteInfo {
  method: string;
  url: string;
  public: boolean;
}

interface NotFoundAnswer {
  /** Tested against the path as `normalisedPath` gives it (lower case, slashes collapsed, decoded). */
  prefix: RegExp;
  answer: (request: FastifyRequest, reply: FastifyReply) => unknown;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: RouteInfo[];
    /** How a 404 for an unmatched address under `prefix` is answered (an address space's own format). */
    answerNotFound(prefix: RegExp, answer: NotFoundAnswer['answer']): void;
  }
}

/** The error body every failure returns. */
export interface ErrorBody {
  code: string;
  message: string;
  issues?: Issue[];
}

/**
 * A Fastify instance with the ecosystem plugins, the zod type provider, the OpenAPI document and the one
 * error handler. It never listens; the caller does.
 */
export async function createServer(options: ServerOptions) {
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    logger: options.logger ? undefined : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 1_048_576,
    // An address the router cannot decode (`%ZZ`) is answered as every other error is, and as an
    // OperationOutcome under the FHIR API, whose clients read nothing else.
    frameworkErrors: (error, request, sent) => {
      const reply = sent as unknown as FastifyReply;
      const body = {
        code: CommonErrors.VALIDATION_FAILED,
        message:
          error.code === 'FST_ERR_BAD_URL'
            ? 'The address cannot be read: a % in it is not followed by two hexadecimal digits. Check the link.'
            : error.message,
      };
      const status = error.statusCode ?? 400;
      if (/^\/+fhir(\/|$)/i.test(request.url))
        reply.code(status).type(FHIR_JSON).send(operationOutcome(status, body));
      else reply.code(status).send(body);
    },
  }).withTypeProvider<ZodTypeProvider>();
  installPlainMessages();

  // Every route, for the authorisation matrix test that fails when a route is missing from it.
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, public: route.config?.public === true });
    }
  });
  app.decorate('routeList', routes);
  const notFoundAnswers: NotFoundAnswer[] = [];
  app.decorate('answerNotFound', (prefix: RegExp, answer: NotFoundAnswer['answer']) => {
    notFoundAnswers.push({ prefix, answer });
  });

  app.setValidatorCompiler((route) =>
    validatorCompiler({
      ...route,
      schema: guardText(route.schema, route.httpPart ?? 'body') as never,
    }),
  );
  app.setSerializerCompiler(serializerCompiler);

  // Security headers: helmet's answer depends on nothing in the request, so it is worked out once at start
  // and each reply is given the same headers (running helmet's dozen middlewares per request cost more).
  // The API's answers are data, never a document to render, and many carry health information: they get
  // the set OWASP gives for APIs, stricter and shorter — never stored by a browser or proxy, nothing
  // loaded or framed — instead of the page's dozen.
  const pageHeaders = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  const apiHeaders = {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'cross-origin-resource-policy': 'same-origin',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': pageHeaders['strict-transport-security']!,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isDataPath(request.url) ? apiHeaders : pageHeaders);
    done();
  });
  trackRequests(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: options.maxUploadBytes ?? 200 * 1024 * 1024, files: 1, fields: 10 },
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Concord API',
        version: options.version,
        description:
          'Workforce training and compliance, surveys, care coordination and Community Partner enrollment. ' +
          'Sign in with POST /api/auth/sign-in; send the session CSRF token as `x-csrf-token` on every change.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'concord_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      'openapiObject' in document ? withErrorResponses(document.openapiObject) : document.swaggerObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const body = toErrorBody(err);
    const status = errorDefinition(body.code)?.status ?? 500;
    if (status >= 500) request.log.error({ err }, 'request failed');
    retryAfterHeader(reply, err);
    return reply.code(status).send(body);
  });
  if (options.web) await serveWeb(app, options.webRoot);
  app.setNotFoundHandler((request, reply) => {
    if (options.web && request.method === 'GET' && !isServerPath(request.url)) {
      return reply.sendFile('index.html');
    }
    // An address space with its own error format (FHIR's OperationOutcome) answers for its paths however
    // they are spelled, not only as its router matched them.
    const path = normalisedPath(request.url);
    const own = notFoundAnswers.find((a) => a.prefix.test(path));
    if (own) return own.answer(request, reply);
    return reply.code(404).send({
      code: CommonErrors.NOT_FOUND,
      message: `No such address: ${request.method} ${request.url.split('?')[0]}`,
    });
  });

  return app;
}

/** The server's own address spaces: never the web app's page, however the path is spelled. */
const SERVER_PATH = /^\/(?:api|fhir|docs|scim)(?:\/|$)/;
/** Those that answer with data, not pages: all but the API reference. */
const DATA_PATH = /^\/(?:api|fhir|scim)(?:\/|$)/;

/** Whether an address answers with data (the API, FHIR, SCIM), however it is spelled. */
function isDataPath(url: string): boolean {
  return url.startsWith('/api/') || DATA_PATH.test(normalisedPath(url));
}

/**
 * Whether an address belongs to the server rather than the web app: the API, FHIR, the API reference, or a
 * script or style of another release (gone: a 404, not the page, so the app can reload itself). Read as a
 * lenient client or proxy might read it, with repeated slashes (or backslashes) collapsed, escapes decoded
 * and case ignored, so `//api/…`, `/API/…` or `/fhir/r4/…` is a JSON 404 and never the page with a 200.
 */
export function isServerPath(url: string): boolean {
  const path = normalisedPath(url);
  return SERVER_PATH.test(path) || path.startsWith(ASSETS_PREFIX);
}

/** An address's path as a lenient client or proxy reads it: escapes decoded, slashes collapsed, lower case. */
export function normalisedPath(url: string): string {
  let path = url.split('?')[0]!;
  try {
    path = decodeURIComponent(path);
  } catch {}
  return path.replace(/[\\/]+/g, '/').toLowerCase();
}

/**
 * The multipart parser's (busboy's) errors about the body it was sent: a boundary missing or not matching
 * the header, a body cut off, malformed part headers. They carry no status code of their own.
 */
const BROKEN_MULTIPART =
  /^(Multipart: Boundary not found|Unexpected end of (form|multipart data)|Malformed part header|Malformed urlencoded form|Unsupported content type)/;
const isBrokenMultipart = (err: FastifyError) =>
  !err.statusCode && !(err instanceof AppError) && BROKEN_MULTIPART.test(err.message ?? '');

/**
 * A request that failed its schema: each issue with zod's code, its path and its plain message; the summary
 * is the first issue's message, and how many more there are.
 */
function validationBody(issues: (Issue & { code: string; path: string })[]): ErrorBody {
  const [first, ...rest] = issues;
  const summary = !first
    ? errorDefinition(CommonErrors.VALIDATION_FAILED)!.message
    : rest.length === 0
      ? sentence(first.message)
      : `${first.message.replace(/[.!?]$/, '')}, and correct ${rest.length === 1 ? 'one more field' : `${rest.length} more fields`}.`;
  return { code: CommonErrors.VALIDATION_FAILED, message: summary, issues };
}

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`);

/** Any error as the body the API answers with (codes from the catalogue only). */
export function toErrorBody(err: FastifyError): ErrorBody {
  if (err instanceof AppError) {
    const issues = err.issues?.map((i) => ({ code: i.code ?? 'custom', ...i }));
    return { code: err.code, message: err.message, ...(issues ? { issues } : {}) };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'body';
    const issues = err.validation.map((v) => ({
      code: v.keyword,
      path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      // A broken address (an id that is not one) is the link's fault, not a field the person can correct.
      message: where === 'params' ? 'Check the link: this address does not name a record' : (v.message ?? ''),
    }));
    return validationBody(issues);
  }
  if (isUniqueViolation(err)) {
    // A unique constraint caught a duplicate that a service check did not (two requests at once).
    return { code: CommonErrors.CONFLICT, message: errorDefinition(CommonErrors.CONFLICT)!.message };
  }
  if (isBrokenMultipart(err)) {
    return {
      code: CommonErrors.VALIDATION_FAILED,
      message:
        'The upload could not be read: its multipart form is broken or cut off. Choose the file again and send it as multipart/form-data with one part named "file", as the web page does.',
    };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE') {
    return {
      code: CommonErrors.PAYLOAD_TOO_LARGE,
      message: errorDefinition(CommonErrors.PAYLOAD_TOO_LARGE)!.message,
    };
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's own client errors (malformed JSON, wrong content type): say what, never how.
    return { code: CommonErrors.VALIDATION_FAILED, message: err.message };
  }
  return { code: CommonErrors.INTERNAL, message: errorDefinition(CommonErrors.INTERNAL)!.message };
}

/** The headers helmet sets with these options, found by running it once against a response that records them. */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as never, response as never, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously');
  return headers;
}
