import { CAPABILITIES, type Capability } from '@contract/capabilities.js';
import { carePolicy, part2Policy, requestsPolicy } from './domains/care/index.js';
import { compliancePolicy } from './domains/compliance/index.js';
import { enrollmentPolicy } from './domains/enrollment/index.js';
import { organisationPolicy } from './domains/organisations/index.js';
import { peoplePolicy } from './domains/people/index.js';
import { surveysPolicy } from './domains/surveys/index.js';
import { trainingPolicy } from './domains/training/index.js';
import { auditPolicy } from './platform/audit/audit.routes.js';
import type { Actor } from './platform/auth/actor.js';
import { clientsPolicy } from './platform/auth/clients.service.js';
import { outboxPolicy } from './platform/mail/outbox.routes.js';

export type { Capability };

/**
 * What the signed-in person may do at the organisation they act for, asked of the same policies the routes
 * ask (decision 034). The web app shows a page or a button only when its capability is held, so it never
 * offers what the server would refuse. A rule about one record is asked about the active organisation
 * (its own details, its private training) or the person themselves; the record's own answer still decides
 * on its page.
 */
const RULES = {
  'organisation.create': (a) => organisationPolicy.can(a, 'organisation.create'),
  'organisation.update': (a) =>
    Boolean(a.orgId) && organisationPolicy.can(a, 'organisation.update', { id: a.orgId ?? '' }),
  /** Another organisation's details too (a system administrator). */
  'organisation.updateAny': (a) => organisationPolicy.can(a, 'organisation.update', { id: '' }),
  'organisation.manageLinks': (a) =>
    Boolean(a.orgId) && organisationPolicy.can(a, 'organisation.manageLinks', { id: a.orgId ?? '' }),
  'person.list': (a) => peoplePolicy.can(a, 'person.list'),
  'person.create': (a) => peoplePolicy.can(a, 'person.create'),
  'person.details': (a) => peoplePolicy.can(a, 'person.details'),
  'role.manage': (a) => peoplePolicy.can(a, 'role.manage'),
  'qualification.list': (a) => peoplePolicy.can(a, 'qualification.list'),
  'qualification.manage': (a) => peoplePolicy.can(a, 'qualification.manage'),
  'people.import': (a) => peoplePolicy.can(a, 'people.import'),
  'catalog.read': (a) => trainingPolicy.can(a, 'catalog.read'),
  'catalog.manage': (a) => trainingPolicy.can(a, 'catalog.manage'),
  /** Offering something: at least the organisation's own private training. */
  'catalog.offer': (a) => trainingPolicy.can(a, 'catalog.offer', { shared: false }),
  'catalog.offerShared': (a) => trainingPolicy.can(a, 'catalog.offer', { shared: true }),
  /** Running the sessions the active organisation offers (at least its private ones). */
  'session.manage': (a) =>
    Boolean(a.orgId) && trainingPolicy.can(a, 'session.manage', { orgId: a.orgId ?? '', shared: false }),
  'session.register': (a) => trainingPolicy.can(a, 'session.register'),
  /** Reading other people's completions, not only one's own. */
  'completion.readOthers': (a) => trainingPolicy.can(a, 'completion.read', { id: '' }),
  'completion.record': (a) => trainingPolicy.can(a, 'completion.record'),
  'participation.read': (a) => trainingPolicy.can(a, 'participation.read'),
  /** The organisation's learning record store (decision 069). */
  'training.lrs.manage': (a) =>
    Boolean(a.orgId) && trainingPolicy.can(a, 'lrs.manage', { orgId: a.orgId ?? '' }),
  'compliance.read': (a) => compliancePolicy.can(a, 'compliance.read'),
  'compliance.manage': (a) => compliancePolicy.can(a, 'compliance.manage'),
  'compliance.flag.clear': (a) => compliancePolicy.can(a, 'compliance.flag.clear'),
  'compliance.own': (a) => compliancePolicy.can(a, 'compliance.own'),
  'surveys.manage': (a) => surveysPolicy.can(a, 'surveys.manage'),
  'surveys.results': (a) => surveysPolicy.can(a, 'surveys.results'),
  'surveys.respond': (a) => surveysPolicy.can(a, 'surveys.respond'),
  'care.enrollees': (a) => carePolicy.can(a, 'enrollee.list'),
  'care.enrollee.create': (a) => carePolicy.can(a, 'enrollee.create'),
  'care.enrollee.import': (a) => carePolicy.can(a, 'enrollee.import'),
  /** Keeping the records the active organisation holds: enrollments and care teams too. */
  'care.enrollee.update': (a) =>
    Boolean(a.orgId) && carePolicy.can(a, 'enrollee.update', { orgId: a.orgId ?? '' }),
  'care.contact.record': (a) => carePolicy.can(a, 'contact.record'),
  /** Recording an assessment: a care manager's role (on the enrollee's team, checked per enrollee). */
  'care.assessment.record': (a) => carePolicy.can(a, 'assessment.record'),
  /** Writing a care plan: a care manager's role (on the enrollee's team, checked per enrollee). */
  'care.plan.write': (a) => carePolicy.can(a, 'plan.write'),
  /** Recording a signature on a care plan, or making a PCP's approval link. */
  'care.plan.sign': (a) => carePolicy.can(a, 'plan.sign'),
  /** A work queue: one's own caseload, or (an organisation admin) any coordinator's. */
  'care.queue': (a) => carePolicy.can(a, 'queue.own') || carePolicy.can(a, 'queue.any'),
  /** Every coordinator's queue at the organisation; a supervisor's team is found by asking for it. */
  'care.queue.team': (a) => carePolicy.can(a, 'queue.any'),
  'care.caseload.transfer': (a) => carePolicy.can(a, 'caseload.transfer'),
  /** Service requests: recorded by the plan or a Community Partner on the team, decided by the plan only. */
  'care.request.record': (a) => requestsPolicy.can(a, 'request.record'),
  'care.request.decide': (a) => requestsPolicy.can(a, 'request.decide'),
  'care.request.report': (a) => requestsPolicy.can(a, 'request.report'),
  'care.part2.consent.record': (a) => part2Policy.can(a, 'consent.record'),
  'care.part2.notes': (a) => part2Policy.can(a, 'note.write'),
  'enrollment.batch.submit': (a) => enrollmentPolicy.can(a, 'batch.submit'),
  'enrollment.batch.read': (a) => enrollmentPolicy.can(a, 'batch.read'),
  'enrollment.member.read': (a) => enrollmentPolicy.can(a, 'member.read'),
  'enrollment.member.choice': (a) => enrollmentPolicy.can(a, 'member.choice'),
  'enrollment.mailing.run': (a) => enrollmentPolicy.can(a, 'mailing.run'),
  'enrollment.mailing.read': (a) => enrollmentPolicy.can(a, 'mailing.read'),
  'enrollment.identification.import': (a) => enrollmentPolicy.can(a, 'identification.import'),
  'enrollment.identification.read': (a) => enrollmentPolicy.can(a, 'identification.read'),
  'enrollment.referral.send': (a) => enrollmentPolicy.can(a, 'referral.send'),
  'enrollment.referral.decide': (a) => enrollmentPolicy.can(a, 'referral.decide'),
  'enrollment.referral.read': (a) => enrollmentPolicy.can(a, 'referral.read'),
  'enrollment.assignment.decide': (a) => enrollmentPolicy.can(a, 'assignment.decide'),
  'enrollment.assignment.read': (a) => enrollmentPolicy.can(a, 'assignment.read'),
  'enrollment.assignment.outreach': (a) => enrollmentPolicy.can(a, 'assignment.outreach'),
  'audit.read': (a) => auditPolicy.can(a, 'audit.read'),
  'audit.readPlatform': (a) => auditPolicy.can(a, 'audit.readPlatform'),
  'outbox.read': (a) => outboxPolicy.can(a, 'outbox.read'),
  'apiClients.manage': (a) => clientsPolicy.can(a, 'apiClients.manage'),
  'outbox.resend': (a) => outboxPolicy.can(a, 'outbox.resend'),
} satisfies Record<Capability, (actor: Actor) => boolean>;

export function capabilitiesOf(actor: Actor): Capability[] {
  return CAPABILITIES.filter((c) => RULES[c](actor));
}
