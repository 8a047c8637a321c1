import { massachusettsDate } from '@contract/massachusetts-day.js';
import { normaliseEmail } from '@contract/text/identifiers.js';
import { count } from 'drizzle-orm';
import {
  insertOrganisation,
  insertRelationship,
  insertServiceArea,
  MASSACHUSETTS_COUNTIES,
  organisations,
} from '../domains/organisations/index.js';
import type { AuditTrail } from '../platform/audit/audit.service.js';
import type { AuthService } from '../platform/auth/auth.service.js';
import { putConfirmedSecret } from '../platform/auth/mfa.repository.js';
import type { Database } from '../platform/db/client.js';
import { seedCare } from './demo-care.js';
import { seedCompliance } from './demo-compliance.js';
import { DEMO_USERS, ORGS } from './demo-data.js';
import { seedEnrollment } from './demo-enrollment.js';
import { seedProspects } from './demo-prospects.js';
import { seedSurveys } from './demo-surveys.js';
import { seedTraining } from './demo-training.js';
import { generatePeople } from './generator.js';
import { STREETS, TOWNS_BY_COUNTY } from './names.js';
import { seededRandom } from './random.js';

export const DEMO_PASSWORD = 'concord-demo-2026';
/**
 * The demo system administrator's authenticator secret (decision 067): published, so it protects nothing;
 * a newcomer adds it to an authenticator app (or `oathtool --totp -b`). Demo data only.
 */
export const DEMO_MFA_SECRET = 'CONCORDDEMOADMINCONCORDDEMOADMIN';

/** A generated e-mail address as it is stored, refused if the generator ever made one that is not clean. */
function clean(email: string) {
  const { value, problem } = normaliseEmail(email);
  if (problem) throw new Error(`The demo data has a bad e-mail address: ${problem}`);
  return value;
}

export async function isSeeded(database: Database) {
  const [row] = await database.system.select({ n: count() }).from(organisations);
  return Number(row?.n ?? 0) > 0;
}

/**
 * Loads the demo dataset: organisations of every kind with contracts, partnerships and service areas,
 * about 2,000 people with roles and qualifications, and the demo sign-ins. Runs once, on an empty database.
 */
export async function seedDemo(
  deps: { database: Database; auth: AuthService; audit: AuditTrail },
  options: { people: number; seed: number; enrollees?: number } = { people: 2_000, seed: 2026 },
) {
  const { database, auth, audit } = deps;
  const db = database.system;
  const random = seededRandom(options.seed);
  const ids = new Map<string, string>();
  const totalStaff = ORGS.reduce((s, o) => s + o.staff, 0);

  for (const org of ORGS) {
    const town = random.pick(TOWNS_BY_COUNTY[org.county]!);
    const row = await insertOrganisation(db, {
      kind: org.kind,
      code: org.code,
      name: org.name,
      addressLine1: `${random.int(10, 999)} ${random.pick(STREETS)}`,
      city: town,
      state: 'MA',
      postalCode: `0${random.int(1000, 2799)}`,
      phone: `617-555-${String(random.int(1000, 9999))}`,
    });
    ids.set(org.code, row.id);
  }
  const id = (code: string) => ids.get(code)!;
  const payers = ORGS.filter((o) => ['plan', 'aco', 'mco'].includes(o.kind));
  const cps = ORGS.filter((o) => o.kind.startsWith('cp_'));
  const providers = ORGS.filter((o) => o.kind === 'provider');

  // Every plan contracts with most providers and CPs; ACOs and MCOs partner with every CP. Every plan
  // contracts with the demo coordinator's provider, so she owes the shared topics to several plans at once
  // (the draw is still made, so every other contract is as before).
  for (const payer of payers) {
    for (const p of [...providers, ...cps]) {
      if (payer.kind === 'plan' && !random.chance(0.75) && p.code !== 'BCHC') continue;
      if (payer.kind !== 'plan' && p.kind === 'provider' && !random.chance(0.5)) continue;
      await insertRelationship(db, {
        orgId: id(payer.code),
        kind: 'network_contract',
        otherOrgId: id(p.code),
        startsOn: `20${random.int(18, 24)}-01-01`,
        endsOn: null,
      });
    }
    if (payer.kind !== 'plan') {
      for (const cp of cps)
        await insertRelationship(db, {
          orgId: id(payer.code),
          kind: 'cp_partnership',
          otherOrgId: id(cp.code),
          startsOn: '2018-07-01',
          endsOn: null,
        });
    }
  }
  // Every plan, ACO, MCO, CP and provider has a training agreement with the training vendor, so that the
  // vendor's surveys reach their staff (decision 021).
  for (const vendor of ORGS.filter((o) => o.kind === 'training_vendor'))
    for (const org of [...payers, ...cps, ...providers])
      await insertRelationship(db, {
        orgId: id(org.code),
        kind: 'training_agreement',
        otherOrgId: id(vendor.code),
        startsOn: '2018-01-01',
        endsOn: null,
      });
  // Service areas: plans statewide on the mainland since 2021 (Berkshire and Plymouth joined then); others local.
  for (const org of ORGS) {
    const counties =
      org.kind === 'plan'
        ? MASSACHUSETTS_COUNTIES.filter((c) => c !== 'Dukes' && c !== 'Nantucket')
        : [org.county];
    for (const county of counties) {
      const startsOn =
        org.kind === 'plan' && (county === 'Berkshire' || county === 'Plymouth')
          ? '2021-01-01'
          : '2018-01-01';
      await insertServiceArea(db, { orgId: id(org.code), county, startsOn, endsOn: null });
    }
  }

  // The workforce, bulk-loaded from the same generator the benchmarks use.
  const personRows: unknown[][] = [];
  const detailRows: unknown[][] = [];
  const roleRows: unknown[][] = [];
  const qualificationRows: unknown[][] = [];
  let first = 0;
  for (const org of ORGS) {
    const n = Math.round((org.staff / totalStaff) * options.people);
    for (const p of generatePeople(n, { seed: options.seed + first, domain: org.domain, first })) {
      const personId = crypto.randomUUID();
      personRows.push([personId, id(org.code), p.givenName, p.familyName, clean(p.email), p.npi]);
      detailRows.push([id(org.code), personId, p.phone, p.title]);
      roleRows.push([id(org.code), personId, p.role, p.team, p.startsOn, p.endsOn]);
      if (
        ['care_coordinator', 'clinical_care_manager', 'rn', 'bh_clinician', 'lts_coordinator'].includes(
          p.role,
        )
      ) {
        const [name, issuer, kind] =
          p.role === 'rn'
            ? ['Registered Nurse licence', 'Massachusetts Board of Registration in Nursing', 'licence']
            : p.role === 'bh_clinician'
              ? ['LICSW licence', 'Massachusetts Board of Registration of Social Workers', 'licence']
              : [
                  'Certified Case Manager (CCM)',
                  'Commission for Case Manager Certification',
                  'certification',
                ];
        const expires = massachusettsDate(new Date(Date.now() + random.int(-30, 720) * 86_400_000));
        qualificationRows.push([
          id(org.code),
          personId,
          kind,
          name,
          issuer,
          `${random.int(100000, 999999)}`,
          '2020-06-01',
          expires,
        ]);
      }
    }
    first += n;
  }
  await database.copyInto(
    'people',
    ['id', 'home_org_id', 'given_name', 'family_name', 'email', 'npi'],
    personRows as never,
  );
  await database.copyInto(
    'person_org_details',
    ['org_id', 'person_id', 'phone', 'title'],
    detailRows as never,
  );
  await database.copyInto(
    'person_roles',
    ['org_id', 'person_id', 'role', 'team', 'starts_on', 'ends_on'],
    roleRows as never,
  );
  await database.copyInto(
    'qualifications',
    ['org_id', 'person_id', 'kind', 'name', 'issuer', 'number', 'issued_on', 'expires_on'],
    qualificationRows as never,
  );

  for (const u of DEMO_USERS) {
    const personId = crypto.randomUUID();
    await database.copyInto(
      'people',
      ['id', 'home_org_id', 'given_name', 'family_name', 'email'],
      [[personId, id(u.org), u.givenName, u.familyName, clean(u.email)]],
    );
    await database.copyInto(
      'person_roles',
      ['org_id', 'person_id', 'role', 'starts_on'],
      [[id(u.org), personId, u.role, '2024-01-01']],
    );
    const user = await auth.createUser({
      personId,
      email: u.email,
      password: DEMO_PASSWORD,
      isSystemAdmin: u.systemAdmin,
    });
    if (u.systemAdmin) await putConfirmedSecret(database.system, user.id, DEMO_MFA_SECRET);
  }
  await seedTraining(db, id('SHARED-LEARNING'));
  await seedCompliance(database, id('SHARED-LEARNING'));
  await seedSurveys(db, id('SHARED-LEARNING'));
  // A few hundred enrollees: most at the One Care plans, fewer at the ACOs and the MCO.
  const perPlan = Math.round(((options.enrollees ?? 420) * 5) / 24);
  const care = await seedCare(
    database,
    payers.map((p) => ({ id: id(p.code), name: p.name, kind: p.kind })),
    { perPlan, perOther: Math.round(perPlan * 0.3), seed: options.seed },
  );
  await seedProspects(database, id('BAYSTATE-OC'), { seed: options.seed, count: 24 });
  await seedEnrollment(database, id);
  await audit.recordNow(null, {
    action: 'seed.demo',
    entityType: 'database',
    details: {
      organisations: ORGS.length,
      people: personRows.length + DEMO_USERS.length,
      enrollees: care.enrollees,
    },
  });
  return {
    organisations: ORGS.length,
    people: personRows.length + DEMO_USERS.length,
    enrollees: care.enrollees,
    users: DEMO_USERS.map((u) => u.email),
  };
}
