// The demo's One Care requirement set (seed 000): each plan requires the five shared topics of every
// provider and staff member in its contracted network, once a year, and its own model-of-care training of
// the integrated care team each program year. Synthetic completions make the dashboards worth reading.
import { sql } from 'drizzle-orm';
import { addMonths, createStatusStore, massachusettsDate } from '../domains/compliance/index.js';
import { arrayParam, type Database, rows } from '../platform/db/client.js';

const ICT_ROLES = [
  'care_coordinator',
  'clinical_care_manager',
  'lts_coordinator',
  'pcp',
  'bh_clinician',
  'rn',
];

/** A stable pseudo-random number 0–2³¹ from text, so the demo is the same on every machine. */
const hash = (text: ReturnType<typeof sql>) =>
  sql`(('x' || substr(md5(${text}), 1, 8))::bit(32)::int & 2147483647)`;

/** The demo plans have required their training since the start of the One Care contract year 2024. */
const IN_FORCE_FROM = '2024-01-01';
/** Months of history the dashboards' trend starts with, reconstructed as of the first of each month. */
const TREND_MONTHS = 3;

export async function seedCompliance(database: Database, vendorId: string) {
  const db = database.system;
  const plans = await rows<{ id: string; code: string; name: string }>(
    db,
    sql`select id, code, name from organisations where kind = 'plan' order by code`,
  );
  const shared = await rows<{ id: string; code: string; title: string }>(
    db,
    sql`select id, code, title from training_topics where org_id = ${vendorId} and shared order by code`,
  );
  for (const plan of plans) {
    const [moc] = await rows<{ id: string }>(
      db,
      sql`insert into training_topics (org_id, code, title, description, shared)
        values (${plan.id}, ${`${plan.code}-MOC`}, ${`${plan.name}: model of care`},
          ${`How ${plan.name} coordinates care: the integrated care team, the care plan, and the plan's own processes.`}, false)
        returning id`,
    );
    for (const t of shared) {
      await db.execute(
        sql`insert into compliance_requirements (org_id, code, title, what, topic_ids, scope, trigger, due_within_days,
            recurrence, recurrence_months, grace_days, due_soon_days, in_force_from)
          values (${plan.id}, ${t.code}, ${`One Care shared training: ${t.title.toLowerCase()}`}, 'topics',
            ${arrayParam([t.id], 'uuid')}, 'network', 'contract_start', 90, 'every_months', 12, 14, 30, ${IN_FORCE_FROM})`,
      );
    }
    await db.execute(
      sql`insert into compliance_requirements (org_id, code, title, what, topic_ids, scope, roles, trigger,
          due_within_days, recurrence, program_year_start_month, grace_days, due_soon_days, in_force_from)
        values (${plan.id}, 'MOC', ${`${plan.name} model of care (integrated care team)`}, 'topics',
          ${arrayParam([moc!.id], 'uuid')}, 'network', ${arrayParam(ICT_ROLES, 'text')}, 'role_start', 60,
          'program_year', 1, 0, 30, ${IN_FORCE_FROM})`,
    );
    // Most of the plan's integrated care team did this year's model-of-care training.
    await db.execute(
      sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
          recorded_by_name, certificate_code)
        select ${plan.id}, p.id, p.given_name || ' ' || p.family_name, ${moc!.id},
          greatest(date_trunc('year', current_date)::date, current_date - (${hash(sql`p.id::text || ${plan.code}`)} % 300)),
          'self_paced', ${`${plan.name} training team`},
          upper(substr(md5(p.id::text || ${plan.code}), 1, 5) || '-' || substr(md5(${plan.code} || p.id::text), 1, 5))
        from people p
        where not exists (select 1 from users u where u.person_id = p.id)
          and ${hash(sql`p.id::text || ${plan.code} || 'moc'`)} % 100 < 70
          and exists (select 1 from person_roles pr where pr.person_id = p.id and pr.role::text = any(${arrayParam(ICT_ROLES, 'text')})
            and (pr.org_id = ${plan.id} or exists (select 1 from org_relationships r where r.kind = 'network_contract'
              and ((r.org_id = ${plan.id} and r.other_org_id = pr.org_id) or (r.other_org_id = ${plan.id} and r.org_id = pr.org_id)))))`,
    );
  }
  // Shared topics, done once at the vendor's webinars and counted by every plan: about three in four people
  // have each, some more than a year ago (so due again). The named demo sign-ins start with a clean record.
  await db.execute(
    sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
        recorded_by_name, certificate_code)
      select ${vendorId}, p.id, p.given_name || ' ' || p.family_name, t.id, current_date - 1 - (h % 540),
        (case when h % 3 = 0 then 'recorded' else 'live' end)::completion_method, 'One Care Shared Learning',
        upper(substr(md5(p.id::text || t.code), 1, 5) || '-' || substr(md5(t.code || p.id::text), 1, 5))
      from people p cross join training_topics t
        cross join lateral (select ${hash(sql`p.id::text || t.code`)} as h) r
      where t.org_id = ${vendorId} and t.shared and h % 100 < 75
        and not exists (select 1 from users u where u.person_id = p.id)
        and exists (select 1 from person_roles pr where pr.person_id = p.id)`,
  );
  const store = createStatusStore(database);
  const today = massachusettsDate(new Date());
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  for (const plan of plans) {
    for (let m = TREND_MONTHS; m >= 1; m--) await store.keepPastDay(plan.id, addMonths(firstOfMonth, -m));
    await store.refresh(plan.id, today);
  }
  return { requirements: plans.length * (shared.length + 1) };
}
