import type { Definition } from '@contract/surveys/definition.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { countedResponsesTo } from '../../src/domains/surveys/results.repository.js';
import {
  breakdown,
  breakdownOf,
  overall,
  overallOf,
  ownGroup,
  ownGroupOf,
} from '../../src/domains/surveys/results.rules.js';
import { summaryTallies } from '../../src/domains/surveys/summary.repository.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { seededRandom } from '../../src/seed/random.js';
import { createTestApp, type TestContext } from '../support/app.js';

/**
 * The results summary is added up in the database (summary.repository.ts). Read one response at a time
 * instead, as the export still does, the same responses give the same figures: every count, mean and word
 * written, in the same order, overall, by plan and by role, for a plan beside the total, while the survey is
 * open (whole fives only, held anonymous responses last) and once it has closed.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const definition: Definition = {
  sections: [
    {
      questions: [
        {
          key: 'access',
          text: 'Access',
          required: false,
          type: 'scale',
          options: ['all', 'most', 'none'].map((value) => ({ value, label: value })),
        },
        {
          key: 'info',
          text: 'Information',
          required: false,
          type: 'multiple_choice',
          options: ['meds', 'auths', 'labs'].map((value) => ({ value, label: value })),
          followUp: { when: ['labs'], text: 'Which labs?', required: false },
        },
        {
          key: 'barriers',
          text: 'Barriers',
          required: false,
          type: 'rating',
          min: 1,
          max: 10,
          anchors: [],
          followUp: { text: 'Why?', required: false },
        },
        { key: 'useful', text: 'Useful?', required: false, type: 'yes_no' },
        { key: 'change', text: 'Change', required: false, type: 'long_text', maxLength: 4000 },
        { key: 'name', text: 'Name', required: false, type: 'short_text', maxLength: 200 },
      ],
    },
  ],
};
const PLANS = ['North', 'South', 'East', 'West', '', null];
const ROLES = ['care_coordinator', 'lts_coordinator', 'Care coordinator', null];

async function surveyWith(responses: number, held: number) {
  const org = await t.org({ kind: 'training_vendor' });
  const db = t.database.system;
  const [survey] = await checkedRows(
    db,
    z.object({ id: z.string() }),
    sql`insert into surveys (org_id, code, title, draft, published_version)
      values (${org.id}, 'SUM', 'Summary', ${JSON.stringify(definition)}::jsonb, 1) returning id`,
  );
  await db.execute(
    sql`insert into survey_versions (org_id, survey_id, number, definition, published_by_name)
      values (${org.id}, ${survey!.id}, 1, ${JSON.stringify(definition)}::jsonb, 'test')`,
  );
  const r = seededRandom(responses * 31 + held);
  const answersOf = () => {
    const a: Record<string, unknown> = {};
    if (r.chance(0.8)) a.access = { value: r.pick(['all', 'most', 'none', '', null]) };
    if (r.chance(0.7)) {
      const chosen = ['meds', 'auths', 'labs'].filter(() => r.chance(0.5));
      a.info = chosen.includes('labs')
        ? { value: chosen, followUp: r.pick(['Blood', '  Urine ', '   ', '']) }
        : { value: chosen };
    }
    if (r.chance(0.8))
      a.barriers = r.chance(0.5)
        ? { value: r.int(1, 10), followUp: r.pick([`Reason ${r.int(1, 99)}`, ' padded ', ' ']) }
        : { value: r.chance(0.9) ? r.int(1, 10) : null };
    if (r.chance(0.7)) a.useful = { value: r.pick(['yes', 'no']) };
    if (r.chance(0.6)) a.change = { value: r.pick([`Words ${r.int(1, 999)}`, ' spaced ', '', '[]']) };
    if (r.chance(0.3)) a.name = { value: `Name ${r.int(1, 50)}` };
    return a;
  };
  for (const [table, n] of [
    ['survey_responses', responses],
    ['survey_responses_held', held],
  ] as const)
    for (let i = 0; i < n; i++) {
      const groups = { plan: r.pick(PLANS), role: r.pick(ROLES), organisation: 'One' };
      await db.execute(
        sql`insert into ${sql.raw(table)} (org_id, survey_id, version_number, answers, groups, submitted_on)
          values (${org.id}, ${survey!.id}, 1, ${JSON.stringify(answersOf())}::jsonb,
            ${JSON.stringify(groups)}::jsonb, ${`2026-11-${String(r.int(1, 3)).padStart(2, '0')}`}::date)`,
      );
    }
  return { orgId: org.id, id: survey!.id, version: 1 };
}

const day = '2026-12-01';

async function expectSameFigures(survey: { orgId: string; id: string; version: number }) {
  const db = t.database.system;
  const one = await countedResponsesTo(db, survey, day);
  for (const by of ['plan', 'role']) {
    const all = await summaryTallies(db, survey, day, definition, { by, words: 'all' });
    expect(all.all.respondents).toBe(one.length);
    expect(overallOf(definition, all.all)).toEqual(overall(definition, one));
    expect(breakdownOf(definition, all.groups, all.all.respondents)).toEqual(breakdown(definition, one, by));
  }
  for (const plan of ['North', 'South', 'Nowhere']) {
    const mine = await summaryTallies(db, survey, day, definition, { by: 'plan', words: { group: plan } });
    expect(ownGroupOf(definition, mine.groups, mine.all.respondents, plan)).toEqual(
      ownGroup(definition, one, 'plan', plan),
    );
  }
}

describe('the results summary added up in the database', () => {
  it('gives the figures of the responses read one by one, while open and once closed', async () => {
    const survey = await surveyWith(63, 3);
    await expectSameFigures(survey);
    const open = await summaryTallies(t.database.system, survey, day, definition, { words: 'none' });
    expect(open.all.respondents).toBe(65); // 66 responses, the newest one (a held one) not yet counted
    await t.database.system.execute(
      sql`update surveys set closes_on = ${'2026-11-30'}::date where id = ${survey.id}`,
    );
    await expectSameFigures(survey);
  });

  it('counts nothing of a version with fewer than five responses, and every one of a multiple of five', async () => {
    for (const [responses, held] of [
      [3, 0],
      [7, 3],
      [0, 4],
    ] as const) {
      const survey = await surveyWith(responses, held);
      await expectSameFigures(survey);
    }
  });
});
