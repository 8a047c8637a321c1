import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, type Need, proposeAssignments } from './assignment.js';

const COUNTIES = ['Berkshire', 'Plymouth', 'Suffolk'];
const candidate = fc.record({
  cpOrgId: fc.uuid(),
  name: fc.constantFrom('Alpha CP', 'Beta CP', 'Gamma CP'),
  type: fc.constantFrom('BH' as const, 'LTSS' as const),
  counties: fc.subarray(COUNTIES).map((c) => new Set(c)),
  free: fc.integer({ min: 0, max: 4 }),
});
const need = (cps: string[]) =>
  fc.record({
    identificationId: fc.uuid(),
    enrolleeId: fc.uuid(),
    county: fc.option(fc.constantFrom(...COUNTIES), { freq: 8 }),
    cpType: fc.option(fc.constantFrom('BH' as const, 'LTSS' as const)),
    suggestedCpOrgId: fc.option(fc.constantFrom(...cps, 'unknown')),
    requestedCpOrgId: fc.option(fc.constantFrom(...cps, 'unknown')),
    declined: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  });
const world = fc
  .uniqueArray(candidate, { selector: (c) => c.cpOrgId, minLength: 1, maxLength: 4 })
  .chain((cs) => fc.tuple(fc.constant(cs), fc.array(need(cs.map((c) => c.cpOrgId)), { maxLength: 25 })));

describe('proposing assignments', () => {
  it('never passes a CP’s free places, and proposes only a CP that serves the member’s county and type', () => {
    fc.assert(
      fc.property(world, ([cps, needs]) => {
        const { proposals, unplaced } = proposeAssignments(needs, cps);
        expect(proposals.length + unplaced.length).toBe(needs.length);
        for (const cp of cps)
          expect(proposals.filter((p) => p.cpOrgId === cp.cpOrgId).length).toBeLessThanOrEqual(cp.free);
        for (const p of proposals) {
          const n = needs.find((x) => x.identificationId === p.identificationId)!;
          const cp = cps.find((c) => c.cpOrgId === p.cpOrgId)!;
          expect(n.declined).toBe(false);
          expect(cp.counties.has(n.county!)).toBe(true);
          if (n.cpType) expect(cp.type).toBe(n.cpType);
        }
      }),
    );
  });

  it('leaves a member unplaced only when no CP that could take them has room', () => {
    fc.assert(
      fc.property(world, ([cps, needs]) => {
        const { proposals, unplaced } = proposeAssignments(needs, cps);
        const used = (id: string) => proposals.filter((p) => p.cpOrgId === id).length;
        for (const u of unplaced) {
          const n = needs.find((x) => x.identificationId === u.identificationId)!;
          if (n.declined || !n.county) continue;
          const fits = cps.filter((c) => c.counties.has(n.county!) && (!n.cpType || c.type === n.cpType));
          for (const c of fits) expect(used(c.cpOrgId)).toBe(c.free);
        }
      }),
    );
  });

  it('prefers the CP the member asked for, then the one the list suggested', () => {
    const cps: Candidate[] = [
      { cpOrgId: 'a', name: 'Alpha', type: 'BH', counties: new Set(['Plymouth']), free: 5 },
      { cpOrgId: 'b', name: 'Beta', type: 'BH', counties: new Set(['Plymouth']), free: 1 },
      { cpOrgId: 'c', name: 'Gamma', type: 'BH', counties: new Set(['Plymouth']), free: 1 },
    ];
    const base: Need = {
      identificationId: '1',
      enrolleeId: 'e1',
      county: 'Plymouth',
      cpType: 'BH',
      suggestedCpOrgId: 'b',
      requestedCpOrgId: 'c',
      declined: false,
    };
    const { proposals } = proposeAssignments(
      [
        base,
        { ...base, identificationId: '2', enrolleeId: 'e2', requestedCpOrgId: null },
        { ...base, identificationId: '3', enrolleeId: 'e3' },
      ],
      cps,
    );
    expect(proposals.map((p) => [p.cpOrgId, p.why])).toEqual([
      ['c', 'The member asked for this Community Partner'],
      ['b', 'Named on the identification list'],
      ['a', 'Most free places of 1 serving Plymouth County'],
    ]);
  });
});
