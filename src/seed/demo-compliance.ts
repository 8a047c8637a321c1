// The demo's One Care requirement set (seed 000): each plan requires the five shared topics of every
// provider and staff member in its contracted network, once a year, and its own model-of-care training of
// the integrated care team each program year. Synthetic completions make the dashboards worth reading.
import {
  addMonths,
  createStatusStore,
  massachusettsDate,
  seedRequirement,
} from '../domains/compliance/index.js';
import { listPlans } from '../domains/organisations/index.js';
import {
  seedPlanCompletions,
  seedSharedCompletions,
  seedTopic,
  sharedTopicsOf,
} from '../domains/training/index.js';
import { personIdsWithSignIn } from '../platform/auth/users.repository.js';
import type { Database } from '../platform/db/client.js';

const ICT_ROLES = [
  'care_coordinator',
  'clinical_care_manager',
  'lts_coordinator',
  'pcp',
  'bh_clinician',
  'rn',
];

/** The demo plans have required their training since the start of the One Care contract year 2024. */
const IN_FORCE_FROM = '2024-01-01';
/** Months of history the dashboards' trend starts with, reconstructed as of the first of each month. */
const TREND_MONTHS = 3;

export async function seedCompliance(database: Database, vendorId: string) {
  const db = database.system;
  const plans = await listPlans(db);
  const shared = await sharedTopicsOf(db, vendorId);
  // The named demo sign-ins start with a clean record.
  const exceptPersonIds = await personIdsWithSignIn(db);
  for (const plan of plans) {
    const moc = await seedTopic(db, {
      orgId: plan.id,
      code: `${plan.code}-MOC`,
      title: `${plan.name}: model of care`,
      description: `How ${plan.name} coordinates care: the integrated care team, the care plan, and the plan's own processes.`,
      shared: false,
    });
    for (const t of shared) {
      await seedRequirement(db, {
        orgId: plan.id,
        code: t.code,
        title: `One Care shared training: ${t.title.toLowerCase()}`,
        what: 'topics',
        topicIds: [t.id],
        scope: 'network',
        trigger: 'contract_start',
        dueWithinDays: 90,
        recurrence: 'every_months',
        recurrenceMonths: 12,
        graceDays: 14,
        dueSoonDays: 30,
        inForceFrom: IN_FORCE_FROM,
      });
    }
    await seedRequirement(db, {
      orgId: plan.id,
      code: 'MOC',
      title: `${plan.name} model of care (integrated care team)`,
      what: 'topics',
      topicIds: [moc],
      scope: 'network',
      roles: ICT_ROLES,
      trigger: 'role_start',
      dueWithinDays: 60,
      recurrence: 'program_year',
      programYearStartMonth: 1,
      graceDays: 0,
      dueSoonDays: 30,
      inForceFrom: IN_FORCE_FROM,
    });
    // Most of the plan's integrated care team did this year's model-of-care training.
    await seedPlanCompletions(db, {
      planId: plan.id,
      planCode: plan.code,
      topicId: moc,
      recordedByName: `${plan.name} training team`,
      roles: ICT_ROLES,
      exceptPersonIds,
    });
  }
  // Shared topics, done once at the vendor's webinars and counted by every plan: about three in four people
  // have each, some more than a year ago (so due again).
  await seedSharedCompletions(db, {
    orgId: vendorId,
    recordedByName: 'One Care Shared Learning',
    exceptPersonIds,
  });
  const store = createStatusStore(database);
  const today = massachusettsDate(new Date());
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  for (const plan of plans) {
    for (let m = TREND_MONTHS; m >= 1; m--) await store.keepPastDay(plan.id, addMonths(firstOfMonth, -m));
    await store.refresh(plan.id, today);
  }
  return { requirements: plans.length * (shared.length + 1) };
}
