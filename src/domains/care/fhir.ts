// An enrollee and their care team as FHIR R4 resources, US Core-shaped where it costs nothing (decision 053).
import {
  ACCESSIBLE_FORMAT_LABELS,
  CARE_TEAM_ROLE_LABELS,
  type CareTeamRole,
} from '@contract/care/care.labels.js';
import { phoneProblem } from '@contract/care/care.schemas.js';
import { knownLanguage } from '@contract/care/languages.js';
import { CONCORD_FHIR, compact, type Json } from '../../platform/fhir/fhir.js';

/**
 * MassHealth publishes no identifier system URI for its member IDs, so Concord states its own (decision 053);
 * the type code (v2-0203 `MA`, Medicaid number) says what it is to any reader.
 */
export const MASSHEALTH_ID_SYSTEM = `${CONCORD_FHIR}/sid/masshealth-member-id`;
/** The Medicare Beneficiary Identifier's system, as HL7 defines it. */
export const MBI_SYSTEM = 'http://hl7.org/fhir/sid/us-mbi';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const TEAM_ROLE_SYSTEM = `${CONCORD_FHIR}/CodeSystem/care-team-role`;
const ACCESSIBLE_FORMAT = `${CONCORD_FHIR}/StructureDefinition/accessible-format`;
const ACCESSIBLE_FORMAT_SYSTEM = `${CONCORD_FHIR}/CodeSystem/accessible-format`;
export const US_CORE_PATIENT = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient';

const GENDER = { female: 'female', male: 'male', x: 'other', unknown: 'unknown' } as const;

export interface PatientFacts {
  id: string;
  masshealthId: string;
  mbi: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: keyof typeof GENDER;
  addressLine1: string | null;
  addressLine2: string | null;
  town: string | null;
  postalCode: string | null;
  county: string | null;
  phone: string | null;
  email: string | null;
  preferredLanguage: string | null;
  accessibleFormats: readonly string[];
  orgName: string;
  /** Enrolled in some program today. */
  active: boolean;
  updatedAt: Date;
}

export function toPatient(e: PatientFacts): Json {
  return compact({
    resourceType: 'Patient',
    id: e.id,
    meta: { profile: [US_CORE_PATIENT], lastUpdated: e.updatedAt.toISOString() },
    extension: e.accessibleFormats.map((f) => ({
      url: ACCESSIBLE_FORMAT,
      valueCoding: {
        system: ACCESSIBLE_FORMAT_SYSTEM,
        code: f,
        display: ACCESSIBLE_FORMAT_LABELS[f as keyof typeof ACCESSIBLE_FORMAT_LABELS] ?? f,
      },
    })),
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [{ system: V2_0203, code: 'MA', display: 'Patient Medicaid number' }],
          text: 'MassHealth ID',
        },
        system: MASSHEALTH_ID_SYSTEM,
        value: e.masshealthId,
      },
      ...(e.mbi
        ? [
            {
              use: 'secondary',
              type: {
                coding: [{ system: V2_0203, code: 'MC', display: "Patient's Medicare number" }],
                text: 'MBI',
              },
              system: MBI_SYSTEM,
              value: e.mbi,
            },
          ]
        : []),
    ],
    active: e.active,
    name: [{ use: 'official', family: e.familyName, given: [e.givenName] }],
    telecom: [
      // Only a number as the API takes it: one recorded before phones were checked stays off the wire.
      ...(e.phone && !phoneProblem(e.phone) ? [{ system: 'phone', value: e.phone, use: 'home' }] : []),
      ...(e.email ? [{ system: 'email', value: e.email, use: 'home' }] : []),
    ],
    gender: GENDER[e.sex],
    birthDate: e.dateOfBirth,
    address:
      e.addressLine1 || e.town || e.postalCode
        ? [
            compact({
              use: 'home',
              line: [e.addressLine1, e.addressLine2].filter((l): l is string => Boolean(l)),
              city: e.town,
              district: e.county ? `${e.county} County` : null,
              state: 'MA',
              postalCode: e.postalCode,
              country: 'US',
            }),
          ]
        : [],
    communication: e.preferredLanguage
      ? [{ language: languageConcept(e.preferredLanguage), preferred: true }]
      : [],
    managingOrganization: { display: e.orgName },
  });
}

/** A language Concord knows as its BCP 47 code with its name; anything else as the text recorded, uncoded. */
function languageConcept(value: string) {
  const known = knownLanguage(value);
  return known
    ? { coding: [{ system: 'urn:ietf:bcp:47', code: known.code, display: known.name }], text: known.name }
    : { text: value };
}

export interface CareTeamFacts {
  enrolleeId: string;
  today: string;
  /** When a member's row last changed; none for a team with no one on it yet. */
  lastUpdated?: Date;
  members: {
    id: string;
    name: string;
    role: CareTeamRole;
    singlePointOfContact: boolean;
    memberOrgName: string;
    startsOn: string;
    endsOn: string | null;
  }[];
}

/**
 * The integrated care team as one CareTeam (id: the enrollee's), every member past and present with their
 * dates; active while someone is on it today. Shaped like US Core's CareTeam but not claiming it: the roles
 * are Concord's codes and members are named by display, with no Practitioner to point at yet.
 */
export function toCareTeam(t: CareTeamFacts): Json {
  const current = t.members.filter((m) => m.startsOn <= t.today && (!m.endsOn || m.endsOn >= t.today));
  const starts = t.members.map((m) => m.startsOn).sort();
  return compact({
    resourceType: 'CareTeam',
    id: t.enrolleeId,
    meta: t.lastUpdated ? { lastUpdated: t.lastUpdated.toISOString() } : undefined,
    status: current.length ? 'active' : t.members.length ? 'inactive' : 'proposed',
    category: [
      {
        coding: [
          {
            system: 'http://loinc.org',
            code: 'LA28865-6',
            display: 'Longitudinal care-coordination focused care team',
          },
        ],
      },
    ],
    name: 'Integrated care team',
    subject: { reference: `Patient/${t.enrolleeId}` },
    period: starts.length ? { start: starts[0] } : undefined,
    participant: t.members.map((m) => ({
      id: m.id,
      role: [
        {
          coding: [
            { system: TEAM_ROLE_SYSTEM, code: m.role, display: CARE_TEAM_ROLE_LABELS[m.role] },
            ...(m.singlePointOfContact
              ? [
                  {
                    system: TEAM_ROLE_SYSTEM,
                    code: 'single_point_of_contact',
                    display: 'Single point of contact',
                  },
                ]
              : []),
          ],
          text: `${CARE_TEAM_ROLE_LABELS[m.role]}${m.singlePointOfContact ? ' (single point of contact)' : ''}`,
        },
      ],
      member: { display: m.name },
      onBehalfOf: { display: m.memberOrgName },
      period: compact({ start: m.startsOn, end: m.endsOn }),
    })),
  });
}

/** When the last of the rows changed, or undefined for none. */
export const lastChanged = (rows: readonly { updatedAt: Date }[]) =>
  rows.length ? new Date(Math.max(...rows.map((r) => r.updatedAt.getTime()))) : undefined;
