import { z } from 'zod';
import { isoDate, listQuery } from '../list.js';
import { ORGANISATION_KINDS } from '../organisations/organisations.schemas.js';
import { ROLE_KINDS } from '../roles.js';
import { readable } from '../text/readable.js';

/** The programs a requirement may be limited to, each run by organisations of some kinds (decision 033). */
export const PROGRAMS = ['one_care', 'aco', 'mco', 'community_partners'] as const;
export const PROGRAM_KINDS: Record<(typeof PROGRAMS)[number], (typeof ORGANISATION_KINDS)[number][]> = {
  one_care: ['plan'],
  aco: ['aco'],
  mco: ['mco'],
  community_partners: ['cp_bh', 'cp_ltss'],
};
const TRIGGERS = ['role_start', 'contract_start', 'fixed_date', 'team_start'] as const;

export const STATUSES = ['compliant', 'due_soon', 'pending', 'overdue', 'expired', 'exempt'] as const;

export const requirementInput = z
  .object({
    code: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(/^[A-Za-z0-9._-]+$/, 'Use only letters, digits, dots, dashes and underscores in the code'),
    title: z.string().trim().min(1).max(200).superRefine(readable),
    description: z.string().trim().max(4000).optional(),
    what: z.enum(['topics', 'qualification']),
    topicIds: z.array(z.uuid()).max(50).default([]),
    allTopics: z.boolean().default(false),
    qualificationName: z
      .string()
      .trim()
      .min(2)
      .max(200)
      .optional()
      .describe('One qualification name; the same as qualificationNames with one name'),
    qualificationNames: z
      .array(z.string().trim().min(2, 'Give at least two letters of the qualification').max(200))
      .max(20)
      .default([])
      .describe('Any one of these satisfies it, each matched by name without regard to case'),
    scope: z.enum(['organisation', 'network']),
    roles: z.array(z.enum(ROLE_KINDS, 'Choose a role from the list')).max(20).default([]),
    personIds: z.array(z.uuid()).max(5000).default([]),
    organisationKinds: z
      .array(z.enum(ORGANISATION_KINDS, 'Choose a kind of organisation from the list'))
      .max(ORGANISATION_KINDS.length)
      .default([])
      .describe('Only people whose roles are at organisations of these kinds; none: any kind'),
    organisationIds: z
      .array(z.uuid('Not an organisation id'))
      .max(500)
      .default([])
      .describe('Only people whose roles are at these organisations (yours or in your network); none: any'),
    programs: z
      .array(z.enum(PROGRAMS, 'Choose a program from the list (one_care, aco, mco or community_partners)'))
      .max(PROGRAMS.length)
      .default([])
      .describe(
        'Only people whose roles are at an organisation taking part in one of these programs on the day; none: any',
      ),
    program: z.string().trim().max(100).optional(),
    trigger: z
      .enum(TRIGGERS)
      .describe(
        "team_start: the day the person's role with a team (an integrated care team) started; reaches only people on a team",
      ),
    fixedDate: isoDate.optional(),
    dueWithinDays: z.number().int().min(0).max(3650),
    recurrence: z.enum(['once', 'every_months', 'program_year']),
    recurrenceMonths: z.number().int().min(1).max(120).optional(),
    programYearStartMonth: z.number().int().min(1).max(12).optional(),
    graceDays: z.number().int().min(0).max(365).default(0),
    dueSoonDays: z.number().int().min(0).max(365).default(30),
    active: z.boolean().default(true),
    inForceFrom: isoDate
      .optional()
      .describe('The first day it applies; set when it is created (today if absent), kept on later changes'),
  })
  .superRefine((r, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (r.what === 'topics' && r.topicIds.length === 0) need('topicIds', 'Choose at least one topic');
    if (r.what === 'qualification' && !r.qualificationName && r.qualificationNames.length === 0)
      need('qualificationNames', 'Name the qualification');
    if (r.trigger === 'fixed_date' && !r.fixedDate) need('fixedDate', 'A fixed-date trigger needs its date');
    if (r.recurrence === 'every_months' && !r.recurrenceMonths)
      need('recurrenceMonths', 'Every how many months?');
    if (r.recurrence === 'program_year' && !r.programYearStartMonth)
      need('programYearStartMonth', 'In which month does the program year start?');
  });
export type RequirementInput = z.infer<typeof requirementInput>;

/** The qualification names a requirement accepts, each once (ignoring case), `qualificationName` first. */
export function qualificationNamesOf(r: Pick<RequirementInput, 'qualificationName' | 'qualificationNames'>) {
  const seen = new Set<string>();
  return [r.qualificationName, ...r.qualificationNames].filter((n): n is string => {
    if (!n || seen.has(n.toLowerCase())) return false;
    seen.add(n.toLowerCase());
    return true;
  });
}

export const requirementView = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  what: z.enum(['topics', 'qualification']),
  topicIds: z.array(z.uuid()),
  topics: z.array(z.object({ id: z.uuid(), title: z.string() })),
  allTopics: z.boolean(),
  qualificationName: z.string().nullable(),
  qualificationNames: z.array(z.string()),
  scope: z.enum(['organisation', 'network']),
  roles: z.array(z.string()),
  personIds: z.array(z.uuid()),
  organisationKinds: z.array(z.enum(ORGANISATION_KINDS)),
  organisationIds: z.array(z.uuid()),
  programs: z.array(z.enum(PROGRAMS)),
  program: z.string().nullable(),
  trigger: z.enum(TRIGGERS),
  fixedDate: z.string().nullable(),
  dueWithinDays: z.number(),
  recurrence: z.enum(['once', 'every_months', 'program_year']),
  recurrenceMonths: z.number().nullable(),
  programYearStartMonth: z.number().nullable(),
  graceDays: z.number(),
  dueSoonDays: z.number(),
  active: z.boolean(),
  inForceFrom: z.string(),
  version: z.number(),
});
export type RequirementView = z.infer<typeof requirementView>;

/** A requirement as the list shows it: whether it applies today, not only whether it is switched on. */
export const requirementListItem = requirementView.extend({
  inForceNow: z
    .boolean()
    .describe('Active and in force today (Massachusetts); false while inForceFrom is still to come'),
});
export type RequirementListItem = z.infer<typeof requirementListItem>;

/** One version of a requirement in its history (decision 028). */
export const requirementVersionView = z.object({
  version: z.number(),
  effectiveFrom: z.string().describe('The first day it was in effect'),
  effectiveUntil: z
    .string()
    .nullable()
    .describe(
      'Its last day in effect: the day before the next version took effect; null while it is the latest',
    ),
  neverInEffect: z.boolean().describe('Replaced by the next version on the day it was to take effect'),
  recordedAt: z.string().describe('When it was saved'),
  startsAfresh: z
    .boolean()
    .describe(
      'It set what is asked or by when (the first version, or a change to them): no due date falls before its effective day',
    ),
  changes: z
    .array(
      z.object({
        field: z.string(),
        label: z.string(),
        from: z.string().nullable(),
        to: z.string().nullable(),
      }),
    )
    .describe('What it changed from the version before (empty for the first)'),
});
export type RequirementVersionView = z.infer<typeof requirementVersionView>;

export const statusRow = z.object({
  requirementId: z.uuid(),
  requirementCode: z.string(),
  requirementTitle: z.string(),
  personId: z.uuid(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  organisations: z.array(z.string()),
  status: z.enum(STATUSES),
  dueOn: z.string().nullable(),
  validUntil: z.string().nullable(),
  satisfiedBy: z.string().nullable(),
  explanation: z.string(),
  requiredBy: z
    .object({ id: z.uuid(), name: z.string() })
    .optional()
    .describe(
      'The organisation whose requirement it is, when another organisation requires it of your people',
    ),
});
export type StatusRow = z.infer<typeof statusRow>;

/** What a person owes, once per thing to do (decision 034), with the requirements behind it. */
export const owedView = z.object({
  what: z.enum(['topics', 'qualification']),
  title: z.string().describe('The topics (or qualifications) that satisfy it'),
  topicIds: z.array(z.uuid()),
  status: z.enum(STATUSES).describe('The most urgent of its requirements'),
  dueOn: z.string().nullable().describe('The earliest due date among its requirements still open'),
  explanation: z.string(),
  requiredBy: z.array(z.string()).describe('The organisations requiring it, by name'),
  requirements: z.array(
    z.object({
      requirementId: z.uuid(),
      requirementTitle: z.string(),
      organisation: z.string(),
      status: z.enum(STATUSES),
      dueOn: z.string().nullable(),
    }),
  ),
});
export type OwedView = z.infer<typeof owedView>;

const asOf = isoDate.optional().describe('The day to report as it stood (Massachusetts); today if absent');

/**
 * How a past day is reported (decision 027): as known on that day (only what had been recorded by its end,
 * as it then stood: reproducible) or as corrected since (everything known now about facts dated on or before
 * it). The same for today and later days.
 */
export const BASES = ['known', 'corrected'] as const;
export type Basis = (typeof BASES)[number];
const basis = z
  .enum(BASES)
  .default('known')
  .describe(
    'known: only completions, qualifications and exemptions recorded by the end of the day, as they then stood (the default); corrected: everything known now, dated on or before the day',
  );

export const statusQuery = listQuery(['name', 'dueOn', 'status', 'requirement']).extend({
  asOf,
  basis,
  requirementId: z.uuid().optional(),
  status: z.enum(STATUSES).optional(),
  role: z.enum(ROLE_KINDS, 'Choose a role from the list').optional(),
  personId: z.uuid().optional(),
  organisationId: z.uuid().optional().describe('Where the person holds the roles that bring them under it'),
  team: z.string().max(120).optional(),
  program: z.string().max(120).optional(),
  requiredBy: z
    .union([z.uuid(), z.literal('others')])
    .optional()
    .describe(
      'Whose requirements: yours when absent; "others" for those of every organisation under a network contract with yours that reach your people, or one of them by id',
    ),
});
export type StatusQuery = z.infer<typeof statusQuery>;

export const asOfQuery = z.object({ asOf, basis });

const statusCounts = z.object(
  Object.fromEntries(STATUSES.map((s) => [s, z.number()])) as Record<(typeof STATUSES)[number], z.ZodNumber>,
);

const group = { people: z.number(), counts: statusCounts, rate: z.number() };

/** Whether today's kept figures are behind and being recomputed, and when they were true (decision 020). */
export const freshness = {
  updating: z
    .boolean()
    .describe('Many changes are being taken in: the figures are as they stood at figuresAsOf until then'),
  figuresAsOf: z
    .string()
    .nullable()
    .describe('When the figures were true; null while they are prepared for the first time'),
};

export const dashboardView = z.object({
  asOf: z.string(),
  basis: z.enum(BASES),
  ...freshness,
  people: z.number(),
  total: statusCounts,
  /** Share of person × requirement pairs that are compliant, due soon or exempt (on track). */
  rate: z.number(),
  requirements: z.array(
    z.object({ id: z.uuid(), code: z.string(), title: z.string(), program: z.string().nullable(), ...group }),
  ),
  roles: z.array(z.object({ role: z.string(), ...group })),
  /** Where people hold the roles that bring them under the requirements (the plan itself, its providers). */
  organisations: z.array(z.object({ id: z.uuid(), name: z.string(), ...group })),
  programs: z.array(z.object({ program: z.string(), ...group })),
  /** The teams named on those roles (an integrated care team). */
  teams: z.array(z.object({ team: z.string(), ...group })),
  /**
   * What each organisation under a network contract with yours requires of your own people (a plan's network
   * requirements, seen by a provider), with the people and counts per requirement.
   */
  requiredBy: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      ...group,
      requirements: z.array(
        z.object({
          id: z.uuid(),
          code: z.string(),
          title: z.string(),
          program: z.string().nullable(),
          ...group,
        }),
      ),
    }),
  ),
  /** The totals on each day they were kept, over the last year (empty for a past day before keeping began). */
  trend: z.array(z.object({ day: z.string(), ...group })),
});
export type DashboardView = z.infer<typeof dashboardView>;

export const exemptionInput = z.object({
  requirementId: z.uuid(),
  personId: z.uuid(),
  reason: z.string().trim().min(1).max(1000).superRefine(readable),
  startsOn: isoDate.optional(),
  until: isoDate.nullable().optional(),
});
export type ExemptionInput = z.infer<typeof exemptionInput>;

export const exemptionView = z.object({
  id: z.uuid(),
  requirementId: z.uuid(),
  requirementTitle: z.string(),
  personId: z.uuid(),
  reason: z.string(),
  startsOn: z.string(),
  until: z.string().nullable(),
  approvedByName: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type ExemptionView = z.infer<typeof exemptionView>;
