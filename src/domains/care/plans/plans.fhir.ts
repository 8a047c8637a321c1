// Care plans as FHIR R4 resources (issue 20): a CarePlan (its goals contained as Goal resources, its services
// and interventions as activities), the signed PDF as a DocumentReference, and a Task for each step still open.
import {
  PLAN_DOMAIN_LABELS,
  PLAN_KIND_LABELS,
  type PlanView,
  SIGN_STEP_LABELS,
} from '@contract/care/plans.schemas.js';
import { CONCORD_FHIR, compact, type Json } from '../../../platform/fhir/fhir.js';
import { labelled, PART2_SECURITY } from '../part2/redisclosure.js';

const DOMAIN_SYSTEM = `${CONCORD_FHIR}/CodeSystem/care-plan-domain`;
const STEP_SYSTEM = `${CONCORD_FHIR}/CodeSystem/care-plan-sign-step`;

const domain = (code: keyof typeof PLAN_DOMAIN_LABELS) => ({
  coding: [{ system: DOMAIN_SYSTEM, code, display: PLAN_DOMAIN_LABELS[code] }],
  text: PLAN_DOMAIN_LABELS[code],
});

export function toCarePlan(plan: PlanView, pdfUrl: string | null): Json {
  const signed = plan.status === 'signed';
  const goals = plan.content.goals.map((g, i) =>
    compact({
      resourceType: 'Goal',
      id: `goal${i + 1}`,
      lifecycleStatus: signed ? 'active' : 'proposed',
      category: [domain(g.domain)],
      description: { text: g.words },
      subject: { reference: `Patient/${plan.enrolleeId}` },
      target: g.targetOn ? [{ dueDate: g.targetOn }] : undefined,
    }),
  );
  const activity = [
    ...plan.content.services.map((s) => ({
      detail: {
        kind: 'ServiceRequest',
        status: signed ? 'in-progress' : 'not-started',
        description: `${s.service}: ${s.responsible}${s.frequency ? `, ${s.frequency}` : ''}`,
      },
    })),
    ...plan.content.interventions.map((a) => ({
      detail: compact({
        kind: 'Task',
        status: signed ? 'in-progress' : 'not-started',
        description: `${a.action}: ${a.responsible}`,
        scheduledString: a.targetOn ? `by ${a.targetOn}` : undefined,
      }),
    })),
  ];
  return compact({
    resourceType: 'CarePlan',
    id: plan.id,
    meta: labelled({ lastUpdated: plan.lockedAt ?? plan.createdAt }, plan.part2),
    contained: goals,
    status: signed ? 'active' : 'draft',
    intent: 'plan',
    title: `${PLAN_KIND_LABELS[plan.kind]}${plan.addendum ? ' (addendum)' : ''}, version ${plan.number}`,
    subject: { reference: `Patient/${plan.enrolleeId}` },
    created: plan.createdAt,
    author: { reference: `Organization/${plan.writtenByOrgId}`, display: plan.writtenByOrgName },
    replaces: plan.previousId && !plan.addendum ? [{ reference: `CarePlan/${plan.previousId}` }] : undefined,
    partOf: plan.previousId && plan.addendum ? [{ reference: `CarePlan/${plan.previousId}` }] : undefined,
    supportingInfo: signed && pdfUrl ? [{ reference: `DocumentReference/${plan.id}` }] : undefined,
    goal: goals.map((g) => ({ reference: `#${g.id}` })),
    activity,
    note: plan.content.needs.map((n) => ({
      text: `Need (${PLAN_DOMAIN_LABELS[n.domain]}): ${n.description}`,
    })),
  });
}

/** The signed plan's PDF: exactly what was signed, at the address that serves it (signed in). */
export function toDocumentReference(plan: PlanView, pdfUrl: string): Json {
  return {
    resourceType: 'DocumentReference',
    id: plan.id,
    meta: labelled({ lastUpdated: plan.lockedAt }, plan.part2),
    ...(plan.part2 ? { securityLabel: PART2_SECURITY } : {}),
    status: 'current',
    docStatus: 'final',
    type: {
      coding: [{ system: 'http://loinc.org', code: '18776-5', display: 'Plan of care note' }],
      text: PLAN_KIND_LABELS[plan.kind],
    },
    subject: { reference: `Patient/${plan.enrolleeId}` },
    date: plan.lockedAt,
    description: `Signed ${PLAN_KIND_LABELS[plan.kind].toLowerCase()}, version ${plan.number}; SHA-256 ${plan.pdfSha256}`,
    content: [
      {
        attachment: {
          contentType: 'application/pdf',
          url: pdfUrl,
          title: `care-plan-${plan.number}-signed.pdf`,
          creation: plan.lockedAt,
        },
      },
    ],
    context: { related: [{ reference: `CarePlan/${plan.id}` }] },
  };
}

/** A Task for each sign-off step still open: the one waiting now is ready; those after it wait for it. */
export function toTasks(plan: PlanView): Json[] {
  if (plan.status !== 'in_sign_off') return [];
  const open = plan.steps.filter((s) => !s.signed);
  // A task changes when the plan is made and when a step before it is signed.
  const lastUpdated = [plan.createdAt, ...plan.steps.flatMap((s) => (s.signed ? [s.signed.recordedAt] : []))]
    .map((t) => new Date(t).toISOString())
    .sort()
    .at(-1);
  return open.map((s, i) =>
    compact({
      resourceType: 'Task',
      id: `${plan.id}-${s.step.replace('_', '-')}`,
      meta: labelled({ lastUpdated }, plan.part2),
      status: i === 0 ? 'ready' : 'requested',
      intent: 'order',
      code: { coding: [{ system: STEP_SYSTEM, code: s.step, display: SIGN_STEP_LABELS[s.step] }] },
      description: s.explanation,
      focus: { reference: `CarePlan/${plan.id}` },
      for: { reference: `Patient/${plan.enrolleeId}` },
      authoredOn: plan.sentOn ? `${plan.sentOn}` : undefined,
      restriction: s.dueOn ? { period: { end: s.dueOn } } : undefined,
    }),
  );
}
