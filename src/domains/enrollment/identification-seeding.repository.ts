// The demo's identifications at one ACO (from MassHealth's quarterly list, its own list, one ended) and one
// provider's referral to it waiting for a decision.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, type Db } from '../../platform/db/client.js';
import { careMembersView } from '../care/index.js';
import { networkContractsView } from '../organisations/index.js';

const found = z.object({ n: z.number() });

/** Whether the provider and the plan have a network contract in force on `today` (recorded by either). */
export async function hasNetworkContract(db: Db, providerOrgId: string, planOrgId: string, today: string) {
  const row = await checkedRow(
    db,
    found,
    sql`select count(*)::int as n from ${networkContractsView} c
      where ((c.org_id = ${providerOrgId} and c.other_org_id = ${planOrgId})
          or (c.org_id = ${planOrgId} and c.other_org_id = ${providerOrgId}))
        and c.starts_on <= ${today}::date and (c.ends_on is null or c.ends_on >= ${today}::date)`,
  );
  return (row?.n ?? 0) > 0;
}

/**
 * Six of the ACO's members identified (the first by a stable shuffle): three from the quarterly list (one with
 * a suggested CP, one known to DMH), two from its own list, one ended by the list; and a seventh referred by
 * the provider's staff member, pending.
 */
export async function seedDemoIdentification(
  db: Db,
  spec: {
    acoOrgId: string;
    suggestedCpOrgId: string;
    providerOrgId: string;
    referredBy: { personId: string; name: string };
  },
  today: string,
) {
  const quarter = sql`date_trunc('quarter', ${today}::date)::date`;
  await db.execute(sql`insert into enrollment_identifications (org_id, enrollee_id, source, cp_type, suggested_cp_org_id,
      start_reason, agency_flags, identified_on, record_updated_on, stage, ended_on, end_reason, created_by_name)
    select m.org_id, m.id, s.source, s.cp_type, case when s.n = 1 then ${spec.suggestedCpOrgId}::uuid end,
      s.reason, s.flags, ${quarter}, ${quarter} + 14, s.stage,
      case when s.stage = 'ended' then ${quarter} + 45 end,
      case when s.stage = 'ended' then 'Inactive on the MassHealth quarterly list (demo)' end, 'Demo data'
    from (select m.*, row_number() over (order by md5(m.id::text)) as n from ${careMembersView} m
          where m.org_id = ${spec.acoOrgId}) m
    join (values (1, 'state_list', 'BH', 'MassHealth identified', '{}'::text[], 'identified'),
                 (2, 'state_list', 'LTSS', 'MassHealth identified', '{DMH}'::text[], 'identified'),
                 (3, 'state_list', 'BH', 'MassHealth identified', '{}'::text[], 'identified'),
                 (4, 'own', 'LTSS', 'ACO/MCO identified', '{EOEA}'::text[], 'identified'),
                 (5, 'own', 'BH', 'ACO/MCO identified', '{}'::text[], 'identified'),
                 (6, 'state_list', 'BH', 'MassHealth identified', '{DDS}'::text[], 'ended'))
      as s(n, source, cp_type, reason, flags, stage) on s.n = m.n`);
  await db.execute(sql`insert into enrollment_referrals (org_id, from_org_id, masshealth_id, family_name, given_name,
      date_of_birth, cp_type, reason, created_by, created_by_name)
    select m.org_id, ${spec.providerOrgId}, m.masshealth_id, m.family_name, m.given_name, m.date_of_birth, 'LTSS',
      'Lives alone and missed two appointments since a fall; asked us to refer them for help at home.',
      ${spec.referredBy.personId}, ${spec.referredBy.name}
    from (select m.*, row_number() over (order by md5(m.id::text)) as n from ${careMembersView} m
          where m.org_id = ${spec.acoOrgId}) m
    where m.n = 7`);
}
