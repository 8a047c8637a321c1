// The care domain's FHIR mappers checked by the R4 validator over generated enrollees and teams: whatever an
// enrollee record holds (or leaves empty), the Patient, CareTeam, searchset and OperationOutcome are valid.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCESSIBLE_FORMATS, CARE_TEAM_ROLES, SEXES } from '../../src/contract/care/care.labels.js';
import { toCareTeam, toPatient } from '../../src/domains/care/index.js';
import { operationOutcome, searchset } from '../../src/platform/fhir/fhir.js';
import { validateBundle, validateFhir } from '../support/fhir.js';

const day = fc
  .date({ min: new Date('1940-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const words = fc.constantFrom('Rosa', 'Ana Lúcia', 'Thị Lan', "O'Neil", 'Nguyễn', 'Jean-Baptiste');

const patientFacts = fc.record({
  id: fc.uuid(),
  masshealthId: fc.stringMatching(/^[0-9]{12}$/),
  mbi: maybe(fc.constant('1EG4TE5MK73')),
  givenName: words,
  familyName: words,
  dateOfBirth: day,
  sex: fc.constantFrom(...SEXES),
  addressLine1: maybe(fc.constant('12 Elm Street')),
  addressLine2: maybe(fc.constant('Apt 3B')),
  town: maybe(fc.constant('Boston')),
  postalCode: maybe(fc.constant('02119')),
  county: maybe(fc.constant('Suffolk')),
  phone: maybe(fc.constant('617-555-0142')),
  email: maybe(fc.constant('rosa@example.com')),
  preferredLanguage: maybe(fc.constantFrom('en', 'es', 'pt-BR', 'ase')),
  accessibleFormats: fc.subarray([...ACCESSIBLE_FORMATS]),
  orgName: fc.constant('Bay State One Care'),
  active: fc.boolean(),
  updatedAt: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
});

const member = fc
  .record({
    id: fc.uuid(),
    name: words,
    role: fc.constantFrom(...CARE_TEAM_ROLES),
    singlePointOfContact: fc.boolean(),
    memberOrgName: fc.constant('Boston Community Health Center'),
    startsOn: day,
    endsOn: maybe(day),
  })
  .map((m) => ({ ...m, endsOn: m.endsOn && m.endsOn < m.startsOn ? m.startsOn : m.endsOn }));

describe('the care domain’s FHIR resources', () => {
  it('write any enrollee as a valid Patient, identifiers first', () => {
    fc.assert(
      fc.property(patientFacts, (facts) => {
        const patient = validateFhir(toPatient(facts)) as { identifier: { system: string }[] };
        expect(patient.identifier.map((i) => i.system)).toEqual([
          'https://concord.example/fhir/sid/masshealth-member-id',
          ...(facts.mbi ? ['http://hl7.org/fhir/sid/us-mbi'] : []),
        ]);
      }),
      { numRuns: 60 },
    );
  });

  it('write any team, even an empty one, as a valid CareTeam in a valid searchset', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.array(member, { maxLength: 5 }), day, (enrolleeId, members, today) => {
        const team = toCareTeam({ enrolleeId, today, members });
        validateBundle(
          searchset('https://concord.example/fhir/R4', `/CareTeam?patient=${enrolleeId}`, [team]),
        );
      }),
      { numRuns: 60 },
    );
    validateBundle(searchset('https://concord.example/fhir/R4', '/CareTeam?patient=x', []));
  });

  it('write every error as a valid OperationOutcome', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 429, 500, 503])
      validateFhir(
        operationOutcome(status, {
          code: 'SOMETHING',
          message: 'What happened.',
          ...(status === 400
            ? { issues: [{ path: 'patient', message: 'Name one patient' }, { message: 'And this' }] }
            : {}),
        }),
      );
  });
});
