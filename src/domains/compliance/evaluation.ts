// Turns a requirement and the facts loaded for it into statuses, with the rule functions of rules.ts.

import type { RequirementView, StatusRow } from '@contract/compliance/compliance.schemas.js';
import type { PopulationRow, SatisfierRow } from './population.repository.js';
import { type Evaluation, evaluate, type Rule, type Satisfier } from './rules.js';

/** A status with what keeping it needs: the day it stops being right, and where the person holds the roles. */
export type EvaluatedRow = StatusRow & { changesOn: string | null; orgIds: string[]; teams: string[] };

const earliest = (days: (string | null)[]) =>
  days.reduce<string | null>((a, d) => (d !== null && (a === null || d < a) ? d : a), null);

/** The trigger in the words a due date's explanation uses. */
const TRIGGER_WORDS: Record<RequirementView['trigger'], string> = {
  role_start: 'role start',
  // The later of the role's start and the contract's (decision 008).
  contract_start: 'start under contract',
  fixed_date: 'the fixed date',
  team_start: 'joining the care team',
};

/**
 * A requirement as a rule. With `startsOn` (a requirement as it stood on a day), no due date falls before it
 * and each names the rule and version that set it (decision 028).
 */
export function ruleOf(q: RequirementView & { startsOn?: string }): Rule {
  return {
    startsOn: q.startsOn,
    name: `${q.code} v${q.version}`,
    triggerWords: TRIGGER_WORDS[q.trigger],
    dueWithinDays: q.dueWithinDays,
    graceDays: q.graceDays,
    dueSoonDays: q.dueSoonDays,
    recurrence:
      q.recurrence === 'every_months'
        ? { kind: 'every_months', months: q.recurrenceMonths ?? 12 }
        : q.recurrence === 'program_year'
          ? { kind: 'program_year', startMonth: q.programYearStartMonth ?? 1 }
          : { kind: 'once' },
  };
}

/** Worst first: what a combined status of several topics is. */
const SEVERITY: Evaluation['status'][] = ['overdue', 'expired', 'due_soon', 'pending', 'compliant', 'exempt'];

/** Every person × requirement status, from the loaded facts, as of a day. */
export function evaluateAll(
  requirements: (RequirementView & { startsOn?: string })[],
  population: PopulationRow[],
  satisfiers: SatisfierRow[],
  exemptions: { requirementId: string; personId: string; until: string | null; reason: string }[],
  asOf: string,
): EvaluatedRow[] {
  const byId = new Map(requirements.map((q) => [q.id, q]));
  const key = (a: string, b: string | null) => `${a}|${b}`;
  const held = new Map<string, Satisfier[]>();
  for (const s of satisfiers) {
    const k = key(s.personId, s.topicId ?? s.requirementId);
    const list = held.get(k) ?? [];
    list.push({ id: s.id, completedOn: s.completedOn, expiresOn: s.expiresOn, label: s.label });
    held.set(k, list);
  }
  const exempt = new Map(exemptions.map((e) => [key(e.personId, e.requirementId), e]));

  return population.flatMap((p) => {
    const q = byId.get(p.requirementId);
    if (!q) return [];
    const rule = ruleOf(q);
    const exemption = exempt.get(key(p.personId, q.id)) ?? null;
    const facts = (satisfiersOf: Satisfier[]) => ({
      trigger: p.trigger,
      satisfiers: satisfiersOf,
      exemption,
    });
    let result: Evaluation;
    if (q.what === 'qualification') {
      result = evaluate(rule, facts(held.get(key(p.personId, q.id)) ?? []), asOf);
    } else {
      const each = q.topics.map((t) => ({
        topic: t.title,
        e: evaluate(rule, facts(held.get(key(p.personId, t.id)) ?? []), asOf),
      }));
      if (q.allTopics || each.length === 1) {
        const worst = each.reduce((a, b) =>
          SEVERITY.indexOf(b.e.status) < SEVERITY.indexOf(a.e.status) ? b : a,
        );
        result =
          each.length === 1
            ? worst.e
            : {
                ...worst.e,
                explanation: each
                  .map(({ topic, e }) => (e.satisfiedBy ? e.explanation : `${topic}: ${e.explanation}`))
                  .join('; '),
              };
      } else {
        // Any one of the topics will do: the best of them counts.
        result = each.reduce((a, b) =>
          SEVERITY.indexOf(b.e.status) > SEVERITY.indexOf(a.e.status) ? b : a,
        ).e;
      }
      // Any topic changing may change the combined status or its explanation.
      result = { ...result, changesOn: earliest(each.map(({ e }) => e.changesOn)) };
    }
    return [
      {
        requirementId: q.id,
        requirementCode: q.code,
        requirementTitle: q.title,
        personId: p.personId,
        name: p.name,
        email: p.email,
        roles: p.roles,
        organisations: p.organisations,
        orgIds: p.orgIds,
        teams: p.teams,
        status: result.status,
        dueOn: result.dueOn,
        validUntil: result.validUntil,
        satisfiedBy: result.satisfiedBy,
        explanation: result.explanation,
        changesOn: result.changesOn,
      },
    ];
  });
}
