import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grantedOf, scopeProblem, scopesAllow } from './smart-scopes.js';

describe('SMART system scopes', () => {
  it('grants read and search only, in SMART spelling', () => {
    for (const ok of ['system/Patient.rs', 'system/*.r', 'system/CareTeam.s', 'system/Patient.read'])
      expect(scopeProblem(ok), ok).toBeUndefined();
    expect(scopeProblem('system/Patient.sr')).toContain('system/Patient.rs');
    expect(scopeProblem('system/Patient.cruds')).toContain('only reads');
    expect(scopeProblem('system/Patient.write')).toContain('only reads');
    expect(scopeProblem('user/Patient.rs')).toContain('system scopes');
    expect(scopeProblem('system/patient.rs')).toContain('not a SMART system scope');
    expect(scopeProblem('system/Patient.rs ')).toBeDefined();
  });

  it('allows what a scope names, and a wildcard every type', () => {
    expect(scopesAllow(['system/Patient.r'], 'Patient', 'r')).toBe(true);
    expect(scopesAllow(['system/Patient.r'], 'Patient', 's')).toBe(false);
    expect(scopesAllow(['system/Patient.read'], 'Patient', 's')).toBe(true);
    expect(scopesAllow(['system/*.s'], 'Consent', 's')).toBe(true);
    expect(scopesAllow(['system/Patient.rs'], 'CareTeam', 'r')).toBe(false);
  });

  it('gives a token no more than was granted, whatever is asked for', () => {
    const scope = fc
      .tuple(fc.constantFrom('*', 'Patient', 'CareTeam', 'Consent'), fc.constantFrom('r', 's', 'rs', 'read'))
      .map(([type, p]) => `system/${type}.${p}`);
    fc.assert(
      fc.property(fc.array(scope, { maxLength: 4 }), fc.array(scope, { maxLength: 4 }), (granted, asked) => {
        const given = grantedOf(asked.join(' '), granted);
        if (given.refused) return;
        for (const s of given.scopes) {
          const [, type, p] = /^system\/([^.]+)\.(.+)$/.exec(s)!;
          for (const letter of p === 'read' ? ['r', 's'] : [...p!]) {
            const types = type === '*' ? ['*'] : [type!];
            for (const ty of types)
              expect(
                granted.some((g) => {
                  const [, gt, gp] = /^system\/([^.]+)\.(.+)$/.exec(g)!;
                  return (gt === '*' || gt === ty) && (gp === 'read' || gp!.includes(letter));
                }),
              ).toBe(true);
          }
        }
      }),
    );
  });
});
