// Words for care rules, shared by the API and the web app: a rule is described from its parameters, so an
// edited version reads as what it now says ("Comprehensive assessment within 120 days"), never a stale title.
import { CARE_PROGRAM_LABELS, CONTACT_MODE_LABELS } from './care.labels.js';
import type { RuleKind, RuleRef, RuleTerms } from './rules.schemas.js';

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  initial_assessment: 'Initial comprehensive assessment',
  reassessment: 'Yearly reassessment',
  major_change_reassessment: 'Reassessment after a major change',
  unreachable: 'Unreachable after outreach',
  cp_engagement: 'Community Partner engagement',
  no_contact: 'No contact',
  plan_enrollee_signature: 'Care plan: enrollee’s signature',
  plan_pcp_approval: 'Care plan: PCP approval',
  plan_clinical_review: 'Care plan: clinical review',
  plan_review: 'Care plan: yearly review',
  request_decision: 'Service request decision',
  appeal_filing: 'Appeal filing',
  appeal_decision: 'Appeal decision',
  next_level_request: 'Next appeal level',
};

/** A contact mode in words, as a sentence uses them ("phone, not reached, 3 March"): its label, lower case. */
export function contactModeWords(mode: string) {
  const label = (CONTACT_MODE_LABELS as Record<string, string>)[mode] ?? mode.replaceAll('_', ' ');
  return label.charAt(0).toLowerCase() + label.slice(1);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the rule asks, written from its parameters. */
export function ruleLabel(rule: RuleTerms): string {
  switch (rule.kind) {
    case 'initial_assessment': {
      const p = rule.parameters;
      return `Comprehensive assessment within ${plural(p.days, 'day')} of enrollment${p.inPersonRequired ? ', with an in-person meeting' : ''}`;
    }
    case 'reassessment':
      return `Reassessment at least every ${plural(rule.parameters.months, 'month')}`;
    case 'major_change_reassessment':
      return `Reassessment within ${plural(rule.parameters.days, 'day')} of a major change`;
    case 'unreachable': {
      const p = rule.parameters;
      return `Unreachable after ${plural(p.attempts, 'unsuccessful attempt')}${p.distinctDays ? ' on different days' : ''}${p.minModes > 1 ? ` by at least ${p.minModes} modes` : ''} within ${plural(p.withinDays, 'day')}`;
    }
    case 'cp_engagement':
      return `Community Partner engagement within ${plural(rule.parameters.days, 'day')} of enrollment`;
    case 'no_contact':
      return `A successful contact at least every ${plural(rule.parameters.days, 'day')}`;
    case 'plan_enrollee_signature':
      return `Enrollee signs the care plan within ${plural(rule.parameters.days, 'day')} of it being sent`;
    case 'plan_pcp_approval':
      return `PCP or PCP designee approves the care plan within ${plural(rule.parameters.days, 'day')} of the enrollee’s signature`;
    case 'plan_clinical_review':
      return `Clinical review of the care plan within ${plural(rule.parameters.days, 'day')} of the PCP’s approval`;
    case 'plan_review':
      return `Care plan reviewed at least every ${plural(rule.parameters.months, 'month')}`;
    case 'request_decision': {
      const p = rule.parameters;
      return `Service request decided within ${plural(p.standardDays, 'calendar day')} (standard) or ${plural(p.expeditedHours, 'hour')} (expedited)`;
    }
    case 'appeal_filing': {
      const p = rule.parameters;
      return `Appeal filed within ${plural(p.days, 'day')} of the notice; benefits continue when filed within ${plural(p.continuationDays, 'day')}`;
    }
    case 'appeal_decision': {
      const p = rule.parameters;
      return `Appeal decided within ${plural(p.standardDays, 'calendar day')} (standard) or ${plural(p.expeditedHours, 'hour')} (expedited)`;
    }
    case 'next_level_request':
      return `Next level asked within ${plural(rule.parameters.days, 'day')} of the plan’s appeal decision`;
  }
}

const REF_WORDS: Record<RuleKind, string> = {
  initial_assessment: 'initial assessment',
  reassessment: 'reassessment',
  major_change_reassessment: 'major-change reassessment',
  unreachable: 'unreachable',
  cp_engagement: 'engagement',
  no_contact: 'no-contact',
  plan_enrollee_signature: 'plan signature',
  plan_pcp_approval: 'plan PCP approval',
  plan_clinical_review: 'plan clinical review',
  plan_review: 'plan review',
  request_decision: 'request decision',
  appeal_filing: 'appeal filing',
  appeal_decision: 'appeal decision',
  next_level_request: 'next appeal level',
};

/** How a due date names the rule version that set it: "One Care initial assessment rule v1". */
export const ruleRefLabel = (ref: RuleRef) =>
  `${CARE_PROGRAM_LABELS[ref.program]} ${REF_WORDS[ref.kind]} rule v${ref.version}`;
