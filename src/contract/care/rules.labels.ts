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
  }
}

const REF_WORDS: Record<RuleKind, string> = {
  initial_assessment: 'initial assessment',
  reassessment: 'reassessment',
  major_change_reassessment: 'major-change reassessment',
  unreachable: 'unreachable',
  cp_engagement: 'engagement',
  no_contact: 'no-contact',
};

/** How a due date names the rule version that set it: "One Care initial assessment rule v1". */
export const ruleRefLabel = (ref: RuleRef) =>
  `${CARE_PROGRAM_LABELS[ref.program]} ${REF_WORDS[ref.kind]} rule v${ref.version}`;
