import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { massachusettsDate } from '../../src/domains/compliance/rules.js';
import { createStatusStore } from '../../src/domains/compliance/status-store.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { plantTopic } from '../support/planted-rows.js';

/**
 * Bringing an organisation's kept statuses up to date before a read, when many read at once: a plan's
 * dashboard, its statuses and every staff member's "what I owe" all wait for the same refresh. Readers who
 * arrive while one runs need the one after it (it may have started before their change committed), but
 * they can all share that one instead of each running their own in turn.
 */
let t: TestContext;
const today = massachusettsDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function planWithOneCoordinator() {
  const vendor = await t.org({ kind: 'training_vendor' });
  const plan = await t.org({ kind: 'plan' });
  const { person } = await t.user([{ orgId: plan.id, role: 'care_coordinator' }]);
  const topicId = await plantTopic(t.database.system, {
    orgId: vendor.id,
    code: 'T-CULT',
    title: 'Cultural competence',
    shared: true,
  });
  await t.database.system.execute(
    sql`insert into compliance_requirements (org_id, code, title, what, topic_ids, scope, roles, trigger,
        due_within_days, recurrence, recurrence_months, grace_days, due_soon_days)
      values (${plan.id}, 'R-CULT', 'Cultural competence yearly', 'topics', array[${topicId}]::uuid[], 'organisation',
        '{care_coordinator}', 'role_start', 30, 'every_months', 12, 7, 30)`,
  );
  const complete = () =>
    t.database.system.execute(
      sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
          recorded_by_name, certificate_code)
        values (${vendor.id}, ${person.id}, 'x', ${topicId}, ${today}, 'live', 'Trainer', ${`RF-${Date.now()}`})`,
    );
  return { plan, complete };
}

describe('refreshing kept statuses for many readers at once', () => {
  it('readers arriving while a refresh runs share the next one', async () => {
    const { plan } = await planWithOneCoordinator();
    const store = createStatusStore(t.database);
    const running = store.refresh(plan.id, today);
    const next = [
      store.refresh(plan.id, today),
      store.refresh(plan.id, today),
      store.refresh(plan.id, today),
    ];
    expect(next[1]).toBe(next[0]);
    expect(next[2]).toBe(next[0]);
    expect(next[0]).not.toBe(running);
    await Promise.all([running, ...next]);
  });

  it('the shared refresh sees a change committed after the running one began', async () => {
    const { plan, complete } = await planWithOneCoordinator();
    const store = createStatusStore(t.database);
    expect((await store.refresh(plan.id, today)).all?.counts.compliant ?? 0).toBe(0);
    const running = store.refresh(plan.id, today);
    await complete();
    const [after, again] = [store.refresh(plan.id, today), store.refresh(plan.id, today)];
    await running;
    expect((await after).all?.counts.compliant).toBe(1);
    expect(await again).toEqual(await after);
  });

  it('a reader arriving after the shared refresh started waits for another', async () => {
    const { plan, complete } = await planWithOneCoordinator();
    const store = createStatusStore(t.database);
    const first = store.refresh(plan.id, today);
    const second = store.refresh(plan.id, today);
    await first;
    // `second` has started (or is about to), with a snapshot that may predate this change.
    await complete();
    const third = store.refresh(plan.id, today);
    expect(third).not.toBe(second);
    expect((await third).all?.counts.compliant).toBe(1);
  });
});
