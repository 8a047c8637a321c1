// The resource types the care domain serves in the FHIR API, with their search parameters and includes, as
// the CapabilityStatement states them (decisions 053, 064).
import type { FhirResourceKind, FhirSearchParam } from '../../platform/fhir/fhir.api.js';
import { LAST_UPDATED_PARAM } from '../../platform/fhir/last-updated.js';
import { GROUP_KIND } from './fhir-groups.routes.js';
import { PATIENT_KIND } from './fhir-patients.routes.js';

const PATIENT: FhirSearchParam = {
  name: 'patient',
  type: 'reference',
  documentation: 'The enrollee: Patient/ID or ID (required)',
};
const SUBJECT: FhirSearchParam = { ...PATIENT, name: 'subject', documentation: 'The same as patient' };
/** Types whose resources say when they last changed, so a search may ask for `_lastUpdated`. */
const DATED = new Set(['CareTeam', 'CarePlan', 'DocumentReference', 'Task', 'ServiceRequest', 'Consent']);
const ofPatient = (type: string, documentation: string, read: boolean): FhirResourceKind => ({
  type,
  documentation,
  read,
  search: [
    ...(type === 'CareTeam' ? [PATIENT] : [PATIENT, SUBJECT]),
    ...(DATED.has(type) ? [LAST_UPDATED_PARAM] : []),
  ],
  include: includesOf(type),
});
/** A search of an enrollee's records may include the enrollee: `CarePlan:patient` (or `:subject`). */
export const includesOf = (type: string) => [`${type}:patient`, `${type}:subject`];

export const CARE_RESOURCES: FhirResourceKind[] = [
  PATIENT_KIND,
  ofPatient(
    'CareTeam',
    'The enrollee’s integrated care team, every member past and present (its id is the enrollee’s)',
    true,
  ),
  ofPatient('QuestionnaireResponse', 'The answers of the enrollee’s assessments', false),
  ofPatient('CarePlan', 'Care plans, their goals contained and their signed PDF referenced', true),
  ofPatient('DocumentReference', 'A signed care plan’s PDF', true),
  ofPatient('Task', 'A sign-off step still open on a care plan', true),
  ofPatient('ServiceRequest', 'A service request and the plan’s decision', true),
  ofPatient('Consent', 'A 42 CFR Part 2 consent the organisation gave effect to or is named in', true),
  GROUP_KIND,
];
