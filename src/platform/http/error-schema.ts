import { z } from 'zod';

/** The body of every failure, as the OpenAPI document describes it. */
export const errorBodySchema = z
  .object({
    code: z
      .string()
      .describe('What went wrong, for programs: VALIDATION_FAILED, NOT_FOUND, VERSION_CONFLICT …'),
    message: z.string().describe('What to do about it, in plain words for a person'),
    issues: z
      .array(
        z.object({
          code: z
            .string()
            .optional()
            .describe(
              "The kind of problem, for programs: zod's issue code (invalid_type, too_small, too_big, invalid_format, invalid_value, unrecognized_keys …) or custom for a rule of Concord's own",
            ),
          path: z
            .string()
            .optional()
            .describe(
              'Where: the request part and field, dot-separated (body.title, body.roles.0.role, querystring.page)',
            ),
          row: z.number().int().optional().describe('In an uploaded file: the row'),
          column: z.string().optional().describe('In an uploaded file: the column'),
          message: z
            .string()
            .describe('What to do, in plain words naming the field as the form does ("Enter a title")'),
        }),
      )
      .optional()
      .describe('Each problem with the request: one per field'),
  })
  .describe(
    'An error: a code for programs and a message for people; for a request that failed its checks, the issues',
  );

type Doc = {
  components?: { schemas?: Record<string, unknown> };
  paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
};

/**
 * The OpenAPI document with the error body as a component, and every operation's 4XX and 5XX answers
 * pointing to it (each route declares only its successes).
 */
export function withErrorResponses<T>(document: T): T {
  const doc = document as Doc;
  const ref = { $ref: '#/components/schemas/Error' };
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, Error: errorJsonSchema() },
  };
  // The FHIR API answers every error as a FHIR OperationOutcome instead (decision 053).
  const outcome = {
    'application/fhir+json': {
      schema: {
        type: 'object',
        description: 'A FHIR R4 OperationOutcome',
        properties: {
          resourceType: { type: 'string', enum: ['OperationOutcome'] },
          issue: { type: 'array' },
        },
      },
    },
  };
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    const content = path.startsWith('/fhir/') ? outcome : { 'application/json': { schema: ref } };
    for (const op of Object.values(operations)) {
      if (!op || typeof op !== 'object') continue;
      op.responses = {
        ...op.responses,
        '4XX': { description: 'The request was refused; the body says why and what to do', content },
        '5XX': { description: 'Concord failed; the problem has been logged', content },
      };
    }
  }
  return document;
}

function errorJsonSchema() {
  const { $schema: _, ...schema } = z.toJSONSchema(errorBodySchema);
  return schema;
}
