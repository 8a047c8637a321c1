// The demo's Community Partner enrollment: MassHealth provider IDs (as in the sample identified-member list),
// each CP's capacity, the counties beyond its home each CP serves, and members enrolled (decision 061).
import { massachusettsToday } from '@contract/massachusetts-day.js';
import {
  hasNetworkContract,
  seedDemoEnrollment,
  seedDemoIdentification,
} from '../domains/enrollment/index.js';
import { type County, insertRelationship, insertServiceArea } from '../domains/organisations/index.js';
import { findPersonByEmail } from '../domains/people/index.js';
import type { Database } from '../platform/db/client.js';

/** PID (service location A), capacity for a CP, and the counties it serves besides its home county. */
const DIRECTORY: Record<string, { pid: string; confirmed: number | null; alsoServes?: County[] }> = {
  'MERRIMACK-ACO': { pid: '110000101', confirmed: null },
  'CAPE-ACO': { pid: '110000202', confirmed: null },
  'COMMONWEALTH-MCO': { pid: '110000303', confirmed: null },
  'BROCKTON-BHCP': {
    pid: '120000501',
    confirmed: 400,
    alsoServes: ['Bristol', 'Norfolk', 'Barnstable', 'Suffolk'],
  },
  'LOWELL-CP': { pid: '120000602', confirmed: 300, alsoServes: ['Essex', 'Worcester', 'Suffolk'] },
  'SPRINGFIELD-LTSS': {
    pid: '120000804',
    confirmed: 250,
    alsoServes: ['Hampshire', 'Franklin', 'Berkshire', 'Worcester'],
  },
};

export async function seedEnrollment(database: Database, id: (code: string) => string) {
  const db = database.system;
  for (const [code, entry] of Object.entries(DIRECTORY))
    for (const county of entry.alsoServes ?? [])
      await insertServiceArea(db, { orgId: id(code), county, startsOn: '2018-07-01', endsOn: null });
  await seedDemoEnrollment(
    db,
    Object.entries(DIRECTORY).map(([code, e]) => ({ orgId: id(code), pid: e.pid, confirmed: e.confirmed })),
    massachusettsToday(),
  );
  await seedIdentification(database, id);
}

/**
 * Identified members at MERRIMACK-ACO, and a referral to it from BCHC's care coordinator (Maria Santos, a demo
 * user, who may send more): BCHC is given a network contract with the ACO if the draw gave it none.
 */
async function seedIdentification(database: Database, id: (code: string) => string) {
  const db = database.system;
  const today = massachusettsToday();
  const [aco, provider] = [id('MERRIMACK-ACO'), id('BCHC')];
  if (!(await hasNetworkContract(db, provider, aco, today)))
    await insertRelationship(db, {
      orgId: aco,
      kind: 'network_contract',
      otherOrgId: provider,
      startsOn: '2024-01-01',
      endsOn: null,
    });
  const maria = await findPersonByEmail(db, 'maria.santos@bostoncommunityhealth.example');
  if (!maria) return;
  await seedDemoIdentification(
    db,
    {
      acoOrgId: aco,
      suggestedCpOrgId: id('BROCKTON-BHCP'),
      providerOrgId: provider,
      referredBy: { personId: maria.id, name: `${maria.givenName} ${maria.familyName}` },
    },
    today,
  );
}
