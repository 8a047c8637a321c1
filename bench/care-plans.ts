// npm run bench -- care-plans: issue 20's signed-plan PDFs, each beside a baseline in the same run:
//   - 1,000 signed care plan PDFs (render + SHA-256), ms each   vs  1,000 one-line pdf-lib pages
// Service requests (the due queue, the monthly decisions report) are measured by `-- care-requests`.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PlanContent } from '../src/contract/care/plans.schemas.js';
import { renderSignedPlan, type SignedPlanFacts } from '../src/domains/care/plans/plan.pdf.js';

const PLANS = Number(process.env.BENCH_CARE_PLAN_PDFS ?? 1_000);
const f = (n: number, d = 2) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** A plan of the size coordinators write: five goals, four needs, six services, four interventions. */
function content(i: number): PlanContent {
  const domains = ['functional', 'physical_health', 'behavioral_health', 'housing', 'food'] as const;
  return {
    goals: domains.map((domain, g) => ({
      words: `Goal ${g + 1} for member ${i}: I want to be able to manage at home and see my grandchildren every week`,
      domain,
      targetOn: g % 2 ? '2027-03-01' : null,
    })),
    needs: domains
      .slice(0, 4)
      .map((domain, n) => ({ description: `Need ${n + 1}: help with daily routines`, domain })),
    services: Array.from({ length: 6 }, (_, s) => ({
      service: `Service ${s + 1}: personal care attendant`,
      responsible: 'Bay State Home Care',
      frequency: 'Daily, mornings',
    })),
    interventions: Array.from({ length: 4 }, (_, a) => ({
      action: `Intervention ${a + 1}: referral and follow-up call`,
      responsible: 'Care coordinator',
      targetOn: '2027-01-15',
    })),
  };
}

const facts = (i: number): SignedPlanFacts => ({
  kind: 'icp',
  number: 1 + (i % 3),
  addendum: false,
  organisation: 'Bay State One Care',
  enrollee: { name: `Member ${i} Example`, birthDate: '1958-04-12', masshealthId: String(100000000000 + i) },
  assessedOn: '2026-11-02',
  part2: false,
  content: content(i),
  signatures: [
    {
      step: 'enrollee',
      signerName: `Member ${i} Example`,
      signerRole: 'enrollee',
      channel: 'on_screen',
      signedOn: '2026-11-10',
    },
    {
      step: 'pcp',
      signerName: 'Dr. Amani Okafor',
      signerRole: 'pcp',
      channel: 'link',
      signedOn: '2026-11-12',
    },
    {
      step: 'clinical_review',
      signerName: 'Nora Nurse, RN',
      signerRole: 'rn',
      channel: 'on_screen',
      signedOn: '2026-11-13',
    },
  ],
  lockedAt: new Date('2026-11-13T15:00:00Z'),
});

export async function carePlansBench() {
  console.log('\nCare plans (issue 20)');
  console.log('what                                   | Concord                  | baseline');
  await renderSignedPlan(facts(0)); // fonts loaded once, as in a running server
  const each: number[] = [];
  let bytes = 0;
  for (let i = 0; i < PLANS; i++) {
    const start = performance.now();
    const pdf = await renderSignedPlan(facts(i));
    createHash('sha256').update(pdf).digest('hex');
    each.push(performance.now() - start);
    bytes += pdf.length;
  }
  const bareStart = performance.now();
  for (let i = 0; i < PLANS; i++) {
    const doc = await PDFDocument.create();
    doc
      .addPage([612, 792])
      .drawText(`Care plan ${i}`, { x: 72, y: 700, font: await doc.embedFont(StandardFonts.Helvetica) });
    await doc.save();
  }
  const bare = (performance.now() - bareStart) / PLANS;
  each.sort((a, b) => a - b);
  const mean = each.reduce((s, x) => s + x, 0) / each.length;
  console.log(
    `${PLANS.toLocaleString('en-US')} signed care plan PDFs + SHA-256  | ${f(mean)} ms each (p95 ${f(each[Math.floor(each.length * 0.95)]!)}; ${f(bytes / PLANS / 1024, 0)} KB) | one-line pdf-lib page ${f(bare)} ms each (${f(mean / bare, 1)}×)`,
  );
}
