// The standard care rule catalogue: the rows of care_rules a new installation starts with. "All programs" is
// written out as one row per program, so each (kind, program) has its own version history.
import type { CareRule, RuleProgram } from '@contract/care/rules.schemas.js';

/** A catalogue row: the rule and where it comes from, as the rule page shows it. */
export type CatalogueRule = CareRule & { source: string };

const ONE_CARE_START = '2013-10-01';
const ACO_MCO_START = '2018-03-01';
const CP_START = '2018-06-01';
const ALL = ['one_care', 'aco', 'mco', 'cp'] as const satisfies readonly RuleProgram[];
/** Reassessment, major change and no-contact rules: since One Care began, or the CP program for CPs. */
const since = (program: RuleProgram) => (program === 'cp' ? CP_START : ONE_CARE_START);

/** When each program began: rules that have held since then start on this day. */
const START: Record<RuleProgram, string> = {
  one_care: ONE_CARE_START,
  aco: ACO_MCO_START,
  mco: ACO_MCO_START,
  cp: CP_START,
};
/** CMS's interoperability and prior authorization rule: standard decisions within 7 calendar days from 2026. */
const SEVEN_DAY_DECISIONS = '2026-01-01';

const SOURCES: Record<RuleProgram, string> = {
  one_care: 'One Care three-way contract: care coordination and assessment duties',
  aco: 'MassHealth ACO contract: care needs screening and care management',
  mco: 'MassHealth MCO contract: care needs screening and care management',
  cp: 'MassHealth Community Partners program: outreach and engagement of assigned members',
};

const row = <R extends CareRule>(rule: R, source = SOURCES[rule.program]): CatalogueRule => ({
  ...rule,
  source,
});
const DECISIONS_2026 =
  'CMS interoperability and prior authorization rule (CMS-0057-F): standard decisions within 7 calendar days from 2026';
const APPEALS =
  'Medicare-Medicaid and MassHealth managed care appeal rules (42 CFR 438 subpart F, 42 CFR 422 subpart M)';
const from = (effectiveFrom: string, effectiveTo: string | null = null) => ({ effectiveFrom, effectiveTo });

export const STANDARD_CARE_RULES: readonly CatalogueRule[] = [
  row({
    kind: 'initial_assessment',
    program: 'one_care',
    version: 1,
    ...from(ONE_CARE_START),
    parameters: { days: 90, inPersonRequired: true },
  }),
  ...(['aco', 'mco'] as const).map((program) =>
    row({
      kind: 'initial_assessment',
      program,
      version: 1,
      ...from(ACO_MCO_START),
      parameters: { days: 90, inPersonRequired: false },
    }),
  ),
  ...ALL.map((program) =>
    row({ kind: 'reassessment', program, version: 1, ...from(since(program)), parameters: { months: 12 } }),
  ),
  ...ALL.map((program) =>
    row({
      kind: 'major_change_reassessment',
      program,
      version: 1,
      ...from(since(program)),
      parameters: { days: 30 },
    }),
  ),
  ...ALL.map((program) =>
    row({
      kind: 'unreachable',
      program,
      version: 1,
      ...from(program === 'one_care' ? ONE_CARE_START : program === 'cp' ? CP_START : ACO_MCO_START),
      // One Care asks for attempts by at least two modes; the others by any.
      parameters: {
        attempts: 3,
        distinctDays: true,
        minModes: program === 'one_care' ? 2 : 1,
        withinDays: 90,
      },
    }),
  ),
  // The engagement window: 90 days, 120 from April 2020, 150 from the second CP contract period (decision 052).
  row({
    kind: 'cp_engagement',
    program: 'cp',
    version: 1,
    ...from(CP_START, '2020-03-31'),
    parameters: { days: 90 },
  }),
  row({
    kind: 'cp_engagement',
    program: 'cp',
    version: 2,
    ...from('2020-04-01', '2023-03-31'),
    parameters: { days: 120 },
  }),
  row({ kind: 'cp_engagement', program: 'cp', version: 3, ...from('2023-04-01'), parameters: { days: 150 } }),
  ...ALL.map((program) =>
    row({ kind: 'no_contact', program, version: 1, ...from(since(program)), parameters: { days: 60 } }),
  ),
  // Care plan sign-off and review (issue 20, decision 058): the enrollee signs within 30 days of the plan being
  // sent, the PCP or PCP designee approves within 30 days of that, the care team reviews within 14; yearly review.
  ...ALL.flatMap((program) => [
    row({
      kind: 'plan_enrollee_signature',
      program,
      version: 1,
      ...from(START[program]),
      parameters: { days: 30 },
    }),
    row({
      kind: 'plan_pcp_approval',
      program,
      version: 1,
      ...from(START[program]),
      parameters: { days: 30 },
    }),
    row({
      kind: 'plan_clinical_review',
      program,
      version: 1,
      ...from(START[program]),
      parameters: { days: 14 },
    }),
    row({ kind: 'plan_review', program, version: 1, ...from(START[program]), parameters: { months: 12 } }),
  ]),
  // Service request decisions: 14 calendar days (standard) until 2025, 7 from 2026; 72 hours when expedited.
  ...ALL.flatMap((program) => [
    row({
      kind: 'request_decision',
      program,
      version: 1,
      ...from(START[program], '2025-12-31'),
      parameters: { standardDays: 14, expeditedHours: 72 },
    }),
    row(
      {
        kind: 'request_decision',
        program,
        version: 2,
        ...from(SEVEN_DAY_DECISIONS),
        parameters: { standardDays: 7, expeditedHours: 72 },
      },
      DECISIONS_2026,
    ),
    row(
      {
        kind: 'appeal_filing',
        program,
        version: 1,
        ...from(START[program]),
        parameters: { days: 60, continuationDays: 10 },
      },
      APPEALS,
    ),
    row(
      {
        kind: 'appeal_decision',
        program,
        version: 1,
        ...from(START[program]),
        parameters: { standardDays: 30, expeditedHours: 72 },
      },
      APPEALS,
    ),
    row(
      {
        kind: 'next_level_request',
        program,
        version: 1,
        ...from(START[program]),
        parameters: { days: 120 },
      },
      APPEALS,
    ),
  ]),
];
