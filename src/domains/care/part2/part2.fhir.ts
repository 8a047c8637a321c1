// A 42 CFR Part 2 consent as a FHIR R4 Consent (decision 060): a privacy consent of the patient, permitting the
// program (`organization`) to disclose to the recipients (actors in the role of information recipient) for the
// consent's purposes and period, under the Part 2 regulation (`policy`).
import { type ConsentView, PART2_SCOPE_LABELS } from '@contract/care/part2.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { labelled } from './redisclosure.js';

type Json = Record<string, unknown>;
const ACT_REASON = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
const SCOPE_SYSTEM = 'https://concord.example/fhir/CodeSystem/part2-consent-scope';
const PART2_POLICY = 'https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2';

const PURPOSES = {
  tpo: [
    { system: ACT_REASON, code: 'TREAT', display: 'treatment' },
    { system: ACT_REASON, code: 'HPAYMT', display: 'healthcare payment' },
    { system: ACT_REASON, code: 'HOPERAT', display: 'healthcare operations' },
  ],
  counseling_notes: [{ system: ACT_REASON, code: 'TREAT', display: 'treatment' }],
};

export function toConsent(c: ConsentView): Json {
  const over = c.revocation !== null || (c.endsOn !== null && c.endsOn < massachusettsToday());
  const end = c.revocation ? c.revocation.revokedAt.slice(0, 10) : c.endsOn;
  return {
    resourceType: 'Consent',
    id: c.id,
    meta: labelled({ lastUpdated: c.revocation?.revokedAt ?? c.createdAt }, true),
    status: over ? 'inactive' : 'active',
    scope: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/consentscope',
          code: 'patient-privacy',
          display: 'Privacy Consent',
        },
      ],
    },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${c.enrolleeId}` },
    dateTime: c.createdAt,
    organization: [{ reference: `Organization/${c.programOrgId}`, display: c.programName }],
    policy: [{ uri: PART2_POLICY }],
    provision: {
      type: 'permit',
      period: end ? { start: c.startsOn, end } : { start: c.startsOn },
      actor: c.recipients.map((r) => ({
        role: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
              code: 'IRCP',
              display: 'information recipient',
            },
          ],
        },
        reference: { reference: `Organization/${r.id}`, display: r.name },
      })),
      purpose: PURPOSES[c.scope],
      code: [{ coding: [{ system: SCOPE_SYSTEM, code: c.scope, display: PART2_SCOPE_LABELS[c.scope] }] }],
    },
  };
}
