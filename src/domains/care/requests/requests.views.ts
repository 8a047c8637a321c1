// How a stored request (with its updates and appeal) reads in the API: each clock from the deadline stored on
// the row, said in words from the rule version it names, and where it stands now.
import type { RequestView } from '@contract/care/requests.schemas.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import type { CareRule, RuleRef } from '@contract/care/rules.schemas.js';
import { massachusettsDate } from '@contract/massachusetts-day.js';
import { dayWords } from '../rules.js';
import type { AppealRow, RequestRow, UpdateRow } from './requests.repository.js';
import {
  clockStanding,
  deadlineOf,
  filingWindowOf,
  instantWords,
  nextLevelWindowOf,
  ruleNamed,
} from './requests.rules.js';

export type Names = { person: Map<string, string>; org: Map<string, string> };

/** A decision clock from what the row stored: its deadline, named by its rule version. */
function decisionClock(
  rules: readonly CareRule[],
  ref: RuleRef & { kind: 'request_decision' | 'appeal_decision' },
  priority: 'standard' | 'expedited',
  startedAt: Date,
  dueAt: Date,
  decidedAt: Date | null,
  now: Date,
) {
  const rule = ruleNamed(rules, ref);
  // The words come from the version named; the deadline is the one stored when the clock started.
  const explanation = rule
    ? deadlineOf(rule, priority, startedAt).explanation
    : `Decide by ${instantWords(dueAt)} (${ruleRefLabel(ref)})`;
  return {
    rule: ref,
    ruleLabel: ruleRefLabel(ref),
    dueAt: dueAt.toISOString(),
    dueOn: massachusettsDate(dueAt),
    explanation,
    ...clockStanding({ dueAt }, startedAt, decidedAt, now),
  };
}

export function requestClock(rules: readonly CareRule[], r: RequestRow, now: Date) {
  return decisionClock(
    rules,
    { kind: 'request_decision', program: r.ruleProgram, version: r.ruleVersion },
    r.priority,
    r.receivedAt,
    r.decisionDueAt,
    r.decidedAt,
    now,
  );
}

export function appealClock(rules: readonly CareRule[], a: AppealRow, now: Date) {
  return decisionClock(
    rules,
    { kind: 'appeal_decision', program: a.ruleProgram, version: a.decisionRuleVersion },
    a.priority,
    a.filedAt,
    a.decisionDueAt,
    a.decidedAt,
    now,
  );
}

function filingWords(rules: readonly CareRule[], ref: RuleRef, noticeSentOn: string, dueOn: string) {
  const rule = ruleNamed(rules, { ...ref, kind: 'appeal_filing' as const });
  return rule
    ? filingWindowOf(rule, noticeSentOn).explanation
    : `Appeal by ${dayWords(dueOn)} (${ruleRefLabel(ref)})`;
}

function appealView(rules: readonly CareRule[], r: RequestRow, a: AppealRow, now: Date) {
  const filingRef: RuleRef = { kind: 'appeal_filing', program: a.ruleProgram, version: a.filingRuleVersion };
  const filedDay = massachusettsDate(a.filedAt);
  let nextLevel = null;
  if (a.nextLevelRuleVersion !== null && a.nextLevelDueOn && a.noticeSentOn) {
    const ref = {
      kind: 'next_level_request' as const,
      program: a.ruleProgram,
      version: a.nextLevelRuleVersion,
    };
    const rule = ruleNamed(rules, ref);
    nextLevel = {
      rule: ref,
      dueOn: a.nextLevelDueOn,
      explanation: rule
        ? nextLevelWindowOf(rule, a.noticeSentOn).explanation
        : `Ask the next level by ${dayWords(a.nextLevelDueOn)} (${ruleRefLabel(ref)})`,
      level: a.nextLevel,
      requestedOn: a.nextLevelRequestedOn,
      onTime: a.nextLevelRequestedOn ? a.nextLevelRequestedOn <= a.nextLevelDueOn : null,
    };
  }
  return {
    id: a.id,
    priority: a.priority,
    filedAt: a.filedAt.toISOString(),
    filedBy: a.filedBy,
    receivedVia: a.receivedVia,
    reason: a.reason,
    filing: {
      rule: filingRef,
      dueOn: a.filingDueOn,
      continuationUntil: a.continuationUntil,
      onTime: filedDay <= a.filingDueOn,
      benefitsContinue: a.benefitsContinue,
      explanation: filingWords(rules, filingRef, r.noticeSentOn ?? filedDay, a.filingDueOn),
    },
    clock: appealClock(rules, a, now),
    decision:
      a.outcome && a.decidedAt && a.decidedBy && a.noticeSentOn
        ? {
            outcome: a.outcome,
            explanation: a.decisionExplanation ?? '',
            decidedAt: a.decidedAt.toISOString(),
            decidedBy: a.decidedBy,
            noticeSentOn: a.noticeSentOn,
          }
        : null,
    nextLevel,
    version: a.version,
  };
}

export function requestView(props: {
  rules: readonly CareRule[];
  row: RequestRow;
  updates: readonly UpdateRow[];
  appeal: AppealRow | undefined;
  /** The appeal window of an adverse decision not yet appealed, from the catalogue (null otherwise). */
  appealWindow: RequestView['appealWindow'];
  names: Names;
  decideRefusal: string | null;
  now: Date;
}): RequestView {
  const { rules, row: r, names, now } = props;
  return {
    id: r.id,
    enrolleeId: r.enrolleeId,
    program: r.ruleProgram,
    service: r.service,
    details: r.details,
    part2: r.part2OrgId !== null,
    priority: r.priority,
    receivedAt: r.receivedAt.toISOString(),
    receivedVia: r.receivedVia,
    requestedBy: r.requestedBy,
    recordedBy: r.recordedBy,
    recordedByName: names.person.get(r.recordedBy) ?? '',
    recordedForOrgName: names.org.get(r.recordedForOrgId) ?? '',
    clock: requestClock(rules, r, now),
    decision:
      r.decision && r.decidedAt && r.decidedBy && r.noticeSentOn
        ? {
            decision: r.decision,
            denialReason: r.denialReason,
            explanation: r.decisionExplanation,
            decidedAt: r.decidedAt.toISOString(),
            decidedBy: r.decidedBy,
            decidedByName: names.person.get(r.decidedBy) ?? '',
            noticeSentOn: r.noticeSentOn,
            notice:
              r.noticeFileId && r.noticeLanguage
                ? { language: r.noticeLanguage, url: `/api/care/requests/${r.id}/notice` }
                : null,
          }
        : null,
    appealWindow: props.appealWindow,
    updates: props.updates.map((u) => ({
      id: u.id,
      communicatedAt: u.communicatedAt.toISOString(),
      mode: u.mode,
      communicatedTo: u.communicatedTo,
      summary: u.summary,
      recordedBy: u.recordedBy,
      recordedByName: names.person.get(u.recordedBy) ?? '',
    })),
    appeal: props.appeal ? appealView(rules, r, props.appeal, now) : null,
    decideRefusal: props.decideRefusal,
    version: r.version,
  };
}

/** Everyone and every organisation a set of views names. */
export function namedIn(rows: readonly RequestRow[], updates: readonly UpdateRow[]) {
  const persons = new Set<string>();
  const orgs = new Set<string>();
  for (const r of rows) {
    persons.add(r.recordedBy);
    if (r.decidedBy) persons.add(r.decidedBy);
    orgs.add(r.recordedForOrgId);
  }
  for (const u of updates) persons.add(u.recordedBy);
  return { persons: [...persons], orgs: [...orgs] };
}
