import { npiFromBase, type RoleKind } from '../domains/people/index.js';
import { FAMILY_NAMES, GIVEN_NAMES } from './names.js';
import { type Random, seededRandom } from './random.js';

export interface GeneratedPerson {
  givenName: string;
  familyName: string;
  email: string;
  npi: string | null;
  phone: string;
  title: string | null;
  role: RoleKind;
  team: string | null;
  startsOn: string;
  endsOn: string | null;
}

/** Roles of a provider or CP workforce, with weights. */
const WORKFORCE: [RoleKind, number][] = [
  ['provider_staff', 28],
  ['pcp', 14],
  ['care_coordinator', 16],
  ['rn', 12],
  ['bh_clinician', 10],
  ['pcp_designee', 5],
  ['lts_coordinator', 6],
  ['clinical_care_manager', 6],
  ['training_admin', 1],
  ['compliance_officer', 1],
  ['enrollment_submitter', 1],
];
const TOTAL_WEIGHT = WORKFORCE.reduce((s, [, w]) => s + w, 0);

const TITLES: Partial<Record<RoleKind, string[]>> = {
  pcp: ['MD', 'DO', 'NP', 'PA-C'],
  rn: ['RN', 'RN, BSN'],
  bh_clinician: ['LICSW', 'LMHC', 'PhD', 'LADC I'],
  care_coordinator: ['CCM', 'BSW', 'CHW', 'MSW'],
  clinical_care_manager: ['RN, CCM', 'LICSW'],
  lts_coordinator: ['MSW', 'BA'],
};

/** Clinicians carry an individual NPI. */
const HAS_NPI = new Set<RoleKind>(['pcp', 'rn', 'bh_clinician', 'clinical_care_manager', 'pcp_designee']);
const TEAMS = ['North', 'South', 'Central', 'West', 'Community', 'Intake'];

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

function pickRole(random: Random): RoleKind {
  let n = random.next() * TOTAL_WEIGHT;
  for (const [role, w] of WORKFORCE) {
    n -= w;
    if (n < 0) return role;
  }
  return 'provider_staff';
}

function isoDay(random: Random, fromYear: number, toYear: number) {
  const y = random.int(fromYear, toYear);
  const m = random.int(1, 12);
  const d = random.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Synthetic workforce rows, deterministic for a seed: the demo dataset and the benchmark files both come
 * from here. `first` offsets the sequence so that several organisations get distinct people and NPIs.
 */
export function* generatePeople(
  count: number,
  options: { seed: number; domain: string; first?: number },
): Generator<GeneratedPerson> {
  const random = seededRandom(options.seed);
  const first = options.first ?? 0;
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const givenName = random.pick(GIVEN_NAMES);
    const familyName = random.pick(FAMILY_NAMES);
    const role = pickRole(random);
    const titles = TITLES[role];
    yield {
      givenName,
      familyName,
      email: `${ascii(givenName)}.${ascii(familyName)}.${n}@${options.domain}`,
      npi: HAS_NPI.has(role) ? npiFromBase(String(100_000_000 + n * 7 + (options.seed % 7))) : null,
      phone: `${random.pick(['413', '508', '617', '774', '781', '857', '978'])}-555-${String(random.int(100, 9999)).padStart(4, '0')}`,
      title: titles ? random.pick(titles) : null,
      role,
      team: random.chance(0.6) ? random.pick(TEAMS) : null,
      startsOn: isoDay(random, 2016, 2025),
      endsOn: random.chance(0.05) ? isoDay(random, 2026, 2026) : null,
    };
  }
}
