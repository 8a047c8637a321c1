import { describe, expectTypeOf, it } from 'vitest';
import type { EVIDENCE_JOB } from '../../src/domains/compliance/index.js';
import { PEOPLE_IMPORT_JOB } from '../../src/domains/people/index.js';
import type { JobInput, PayloadOf } from '../../src/platform/jobs/queue.js';

describe('the registry of job kinds (decision 005)', () => {
  it('gives each kind its payload, so a wrong one does not compile', () => {
    expectTypeOf<PayloadOf<typeof PEOPLE_IMPORT_JOB>>().toHaveProperty('fileId').toEqualTypeOf<string>();
    expectTypeOf<PayloadOf<typeof EVIDENCE_JOB>>()
      .toHaveProperty('format')
      .toEqualTypeOf<'xlsx' | 'csv' | 'pdf'>();
    const wrong: JobInput<typeof PEOPLE_IMPORT_JOB> = {
      orgId: 'org',
      kind: PEOPLE_IMPORT_JOB,
      // @ts-expect-error: a people import names its file
      payload: { sessionId: 'x' },
    };
    expectTypeOf(wrong.kind).toEqualTypeOf<'people.import'>();
  });

  it('lets a kind nobody declared (a test’s own) carry any JSON object', () => {
    expectTypeOf<PayloadOf<'test.kind'>>().toEqualTypeOf<Record<string, unknown>>();
  });
});
