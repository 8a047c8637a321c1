// The signed care plan as a PDF: exactly what was signed (goals, needs, services, interventions) and each
// signature, written once when the last signature locks the plan; its SHA-256 goes in the audit trail.
import {
  PLAN_DOMAIN_LABELS,
  PLAN_KIND_LABELS,
  type PlanContent,
  type PlanKind,
  SIGN_CHANNEL_LABELS,
  SIGN_STEP_LABELS,
  SIGNER_ROLE_LABELS,
  type SignChannel,
  type SignerRole,
  type SignStep,
} from '@contract/care/plans.schemas.js';
import { PdfWriter } from '../../../platform/files/pdf-text.js';
import { redisclosureNotice } from '../part2/redisclosure.js';
import { dayWords } from '../rules.js';

export interface SignedPlanFacts {
  kind: PlanKind;
  number: number;
  addendum: boolean;
  organisation: string;
  enrollee: { name: string; birthDate: string; masshealthId: string };
  assessedOn: string;
  content: PlanContent;
  signatures: {
    step: SignStep;
    signerName: string;
    signerRole: string;
    channel: SignChannel;
    signedOn: string;
  }[];
  lockedAt: Date;
  /** A record of substance use disorder treatment: the PDF carries the redisclosure notice (42 CFR 2.32). */
  part2: boolean;
}

const when = (day: string | null) => (day ? dayWords(day) : 'no date set');

export async function renderSignedPlan(f: SignedPlanFacts): Promise<Uint8Array> {
  const title = `${PLAN_KIND_LABELS[f.kind]}${f.addendum ? ' (addendum)' : ''}, version ${f.number}: ${f.enrollee.name}`;
  const pdf = await PdfWriter.create({
    title,
    author: f.organisation,
    subject: 'Signed care plan',
    madeAt: f.lockedAt,
  });
  pdf.heading(title, 1);
  if (f.part2) redisclosureNotice(pdf);
  pdf.paragraph(
    `${f.organisation}. MassHealth ID ${f.enrollee.masshealthId}, born ${dayWords(f.enrollee.birthDate)}. Written after the assessment of ${dayWords(f.assessedOn)}.`,
  );
  pdf.heading('Goals, in the enrollee’s own words', 2);
  pdf.list(
    f.content.goals.map((g) => `${g.words} (${PLAN_DOMAIN_LABELS[g.domain]}; target ${when(g.targetOn)})`),
  );
  if (f.content.needs.length) {
    pdf.heading('Needs', 2);
    pdf.list(f.content.needs.map((n) => `${n.description} (${PLAN_DOMAIN_LABELS[n.domain]})`));
  }
  if (f.content.services.length) {
    pdf.heading('Services and supports', 2);
    pdf.list(
      f.content.services.map((s) => `${s.service}: ${s.responsible}${s.frequency ? `, ${s.frequency}` : ''}`),
    );
  }
  if (f.content.interventions.length) {
    pdf.heading('Interventions', 2);
    pdf.list(f.content.interventions.map((i) => `${i.action}: ${i.responsible}, target ${when(i.targetOn)}`));
  }
  pdf.heading('Signatures', 2);
  pdf.list(
    f.signatures.map(
      (s) =>
        `${SIGN_STEP_LABELS[s.step]}: ${s.signerName}, ${SIGNER_ROLE_LABELS[s.signerRole as SignerRole] ?? s.signerRole}, ${dayWords(s.signedOn)} (${SIGN_CHANNEL_LABELS[s.channel].toLowerCase()})`,
    ),
  );
  pdf.paragraph(
    `Locked ${f.lockedAt.toISOString()}. A change to this plan is made as an addendum or a new version.`,
    { size: 9 },
  );
  return pdf.save();
}
