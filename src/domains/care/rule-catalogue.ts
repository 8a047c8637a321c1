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

const SOURCES: Record<RuleProgram, string> = {
  one_care: 'One Care three-way contract: care coordination and assessment duties',
  aco: 'MassHealth ACO contract: care needs screening and care management',
  mco: 'MassHealth MCO contract: care needs screening and care management',
  cp: 'MassHealth Community Partners program: outreach and engagement of assigned members',
};

const row = <R extends CareRule>(rule: R): CatalogueRule => ({ ...rule, source: SOURCES[rule.program] });
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
];
