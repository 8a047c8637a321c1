// npm run bench -- surveys: results of a 20-question survey with BENCH_SURVEY_RESPONSES (50,000) responses,
// on PostgreSQL and PGlite, each beside a hand-written SQL aggregate of the same counts in the same run.
//   - the results page's summary, overall and by plan (p50 ms)   vs  one SQL count per question and answer
//   - the XLSX export (responses and summary, s)

import { createWriteStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Definition, writeResultsXlsx } from '../src/domains/surveys/index.js';
import { checkedRow, type Database } from '../src/platform/db/client.js';
import { seededRandom } from '../src/seed/random.js';
import { benchActor, benchServices, onPglite, onPostgres, timed } from './common.js';

const RESPONSES = Number(process.env.BENCH_SURVEY_RESPONSES ?? 50_000);
const PLANS = [
  'Bay State One Care',
  'Commonwealth One Care',
  'Tufts One Care',
  'Pioneer One Care',
  'Mass One Care',
];

/** Twenty questions: scales, choices, ratings with a follow-up, yes/no, and free text. */
const DEFINITION: Definition = {
  sections: [
    {
      questions: Array.from({ length: 20 }, (_, i) => {
        const key = `q${i + 1}`;
        const text = `Question ${i + 1}`;
        if (i % 4 === 0)
          return {
            key,
            text,
            required: true,
            type: 'scale' as const,
            options: ['all', 'most', 'some', 'none'].map((v) => ({ value: v, label: v })),
          };
        if (i % 4 === 1)
          return {
            key,
            text,
            required: true,
            type: 'rating' as const,
            min: 1,
            max: 10,
            anchors: [{ value: 1, label: 'None' }],
            followUp: { text: 'Why?', required: false },
          };
        if (i % 4 === 2) return { key, text, required: true, type: 'yes_no' as const };
        return { key, text, required: false, type: 'long_text' as const, maxLength: 4000 };
      }),
    },
  ],
};

const idRow = z.object({ id: z.string() });

/** A migrated database with the bench survey and its responses; the organisation, the survey, the load time. */
export async function loadBenchSurvey(database: Database) {
  await database.migrate();
  const db = database.system;
  const org = await checkedRow(
    db,
    idRow,
    sql`insert into organisations (kind, code, name) values ('training_vendor', 'VENDOR', 'Vendor') returning id`,
  );
  const survey = await checkedRow(
    db,
    idRow,
    sql`insert into surveys (org_id, code, title, draft, published_version)
      values (${org!.id}, 'BENCH', 'Bench survey', ${JSON.stringify(DEFINITION)}::jsonb, 1) returning id`,
  );
  await db.execute(
    sql`insert into survey_versions (org_id, survey_id, number, definition, published_by_name)
      values (${org!.id}, ${survey!.id}, 1, ${JSON.stringify(DEFINITION)}::jsonb, 'bench')`,
  );
  const r = seededRandom(7);
  const loadStart = performance.now();
  await database.copyInto(
    'survey_responses',
    ['org_id', 'survey_id', 'version_number', 'answers', 'groups', 'submitted_on'],
    (function* () {
      for (let n = 0; n < RESPONSES; n++) {
        const answers: Record<string, unknown> = {};
        for (let i = 0; i < 20; i++) {
          const key = `q${i + 1}`;
          if (i % 4 === 0) answers[key] = { value: r.pick(['all', 'most', 'some', 'none']) };
          else if (i % 4 === 1)
            answers[key] = r.chance(0.3)
              ? { value: r.int(1, 10), followUp: 'Waiting lists' }
              : { value: r.int(1, 10) };
          else if (i % 4 === 2) answers[key] = { value: r.chance(0.6) ? 'yes' : 'no' };
          else if (r.chance(0.4)) answers[key] = { value: 'More time with each member' };
        }
        const groups = {
          plan: r.pick(PLANS),
          organisation: `Provider ${r.int(1, 60)}`,
          role: 'care_coordinator',
        };
        yield [org!.id, survey!.id, 1, JSON.stringify(answers), JSON.stringify(groups), '2026-11-01'];
      }
    })(),
  );
  const load = (performance.now() - loadStart) / 1000;
  await db.execute(sql`analyze survey_responses`);
  return { orgId: org!.id, surveyId: survey!.id, load };
}

async function measure(label: string, database: Database) {
  const db = database.system;
  const { orgId, surveyId, load } = await loadBenchSurvey(database);

  const services = await benchServices(database);
  const actor = benchActor(orgId, ['training_admin']);
  const { p50: summary } = await timed(5, () =>
    services.surveyResults.results({ actor, id: surveyId, by: 'plan' }),
  );
  // The baseline: every question's answer counts, overall and by plan, straight from the stored answers.
  const { p50: baseline } = await timed(5, () =>
    db.execute(
      sql`select e.key, r.groups->>'plan' as plan, e.value->>'value' as answer, count(*)
        from survey_responses r cross join lateral jsonb_each(r.answers) e
        where r.org_id = ${orgId} and r.survey_id = ${surveyId} and r.version_number = 1
        group by grouping sets ((e.key, answer), (e.key, plan, answer))`,
    ),
  );
  const exportStart = performance.now();
  const found = await services.surveyResults.exportOf({ actor, id: surveyId, version: 1, format: 'xlsx' });
  const out = createWriteStream(
    path.join(mkdtempSync(path.join(os.tmpdir(), 'concord-bench-')), 'bench.xlsx'),
  );
  await writeResultsXlsx(out, found.definition, found.rows);
  await finished(out);
  const exportSeconds = (performance.now() - exportStart) / 1000;
  await services.audit.flush();
  console.log(
    `${label.padEnd(10)} | load ${load.toFixed(1)} s | results summary p50 ${summary.toFixed(0)} ms vs SQL aggregate p50 ${baseline.toFixed(0)} ms | XLSX export ${exportSeconds.toFixed(1)} s`,
  );
}

export async function surveysBench() {
  console.log(`\nSurveys: ${RESPONSES.toLocaleString('en-US')} responses to a 20-question survey`);
  await onPostgres('surveys', (database) => measure('PostgreSQL', database));
  await onPglite((database) => measure('PGlite', database));
}
