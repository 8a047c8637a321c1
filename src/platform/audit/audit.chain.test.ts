import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditEvent,
  auditedEntityId,
  canonicalJson,
  chain,
  findBreak,
  GENESIS_HASH,
} from './audit.chain.js';

const event = (i: number): AuditEvent => ({
  orgId: 'org-1',
  actorUserId: 'u1',
  actorName: 'Dana Whitfield',
  action: i % 2 ? 'read' : 'update',
  entityType: 'person',
  entityId: `p${i}`,
  ip: '127.0.0.1',
  userAgent: 'test',
  details: { b: i, a: ['x', { z: 1, y: 2 }] },
});

describe('audit hash chain', () => {
  it('hashes the same content the same way whatever the key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });

  it('verifies an untouched chain, appended in several batches', async () => {
    const first = chain(
      { seq: 0, hash: GENESIS_HASH },
      [event(1), event(2)],
      new Date('2026-11-01T10:00:00Z'),
    );
    const second = chain(first.head, [event(3)], new Date('2026-11-01T10:00:01Z'));
    const result = await findBreak('org-1', [...first.rows, ...second.rows]);
    expect(result).toEqual({ last: second.head, rows: 3 });
  });

  it('names the first row whose content was edited, deleted or reordered', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 20 }),
        fc.nat(),
        fc.constantFrom('edit', 'delete', 'swap'),
        async (n, pick, how) => {
          const { rows } = chain(
            { seq: 0, hash: GENESIS_HASH },
            Array.from({ length: n }, (_, i) => event(i)),
            new Date(),
          );
          const at = pick % (n - 1);
          const tampered = [...rows];
          if (how === 'edit') tampered[at] = { ...tampered[at]!, actorName: 'Someone else' };
          if (how === 'delete') tampered.splice(at, 1);
          if (how === 'swap') [tampered[at], tampered[at + 1]] = [tampered[at + 1]!, tampered[at]!];
          const result = await findBreak('org-1', tampered);
          expect('break' in result && result.break.seq).toBe(at + 1);
        },
      ),
    );
  });
});

describe('an audited entity id', () => {
  it('is kept in lower case when it is a UUID, whatever case the request named it in', () => {
    expect(auditedEntityId('54202782-94C4-4E05-A276-0BE1F5A85FC4')).toBe(
      '54202782-94c4-4e05-a276-0be1f5a85fc4',
    );
    expect(auditedEntityId('54202782-94c4-4e05-a276-0be1f5a85fc4')).toBe(
      '54202782-94c4-4e05-a276-0be1f5a85fc4',
    );
  });

  it('is kept as it is when it is not a UUID (a certificate code, a FHIR search), or absent', () => {
    for (const id of [
      'CERT-AB12CD',
      'Patient?subject=X',
      '54202782-94C4-4E05-A276',
      '{54202782-94C4-4E05-A276-0BE1F5A85FC4}',
    ])
      expect(auditedEntityId(id)).toBe(id);
    expect(auditedEntityId(undefined)).toBeNull();
    expect(auditedEntityId(null)).toBeNull();
  });
});
