// The demo's training catalog: the five shared One Care topics (seed 000) kept by the training vendor, and
// the Care Coordinator Shared Learning series with modules 1 and 2 as seed 003 describes them, and this
// year's program (seed 002): its live events, two already announced, and a past event's recording.

import { massachusettsDate, massachusettsInstant } from '@contract/massachusetts-day.js';
import {
  competencyIdsByCode,
  curricula,
  DEFAULT_ATTESTATION_STATEMENT,
  modules,
  newAttestationToken,
  programYears,
  topics,
  trainingSessions,
} from '../domains/training/index.js';
import type { Db } from '../platform/db/client.js';

const SHARED_TOPICS = [
  ['OC-PCP', 'Person-centered planning', ['b', 'd', 'e']],
  ['OC-CULT', 'Cultural competence', ['a', 'b']],
  ['OC-ACCESS', 'Accessibility and accommodations', ['a', 'i']],
  ['OC-ILR', 'Independent living and recovery', ['g', 'h']],
  ['OC-WELL', 'Wellness principles', ['f', 'g']],
] as const;

export async function seedTraining(db: Db, vendorId: string, now = new Date()) {
  const competency = await competencyIdsByCode(db, 'CMBOK-CC');
  const inserted = await db
    .insert(topics)
    .values(
      SHARED_TOPICS.map(([code, title, codes]) => ({
        orgId: vendorId,
        code,
        title,
        shared: true,
        description: `One Care shared training: ${title.toLowerCase()}. Completed once, it counts for every One Care plan.`,
        competencyIds: codes.map((c) => competency.get(c)!).filter(Boolean),
      })),
    )
    .returning({ id: topics.id, code: topics.code, title: topics.title });
  const day = 86_400_000;
  const [series] = await db
    .insert(curricula)
    .values({
      orgId: vendorId,
      title: 'Care Coordinator Shared Learning',
      description:
        'Seven modules, each with training objectives aligned to topics identified during CMFI, to standardise and enhance how Care Coordinators approach their role.',
      shared: true,
    })
    .returning({ id: curricula.id });
  const yearStart = `${massachusettsDate(now).slice(0, 4)}-01-01`;
  const [year] = await db
    .insert(programYears)
    .values({
      orgId: vendorId,
      title: `One Care shared learning ${massachusettsDate(now).slice(0, 4)}`,
      startsOn: yearStart,
      endsOn: `${massachusettsDate(now).slice(0, 4)}-12-31`,
      assessment:
        'Network feedback and HSA meetings asked for more on engaging enrollees who are hard to reach, on advocacy inside the plan, and on accessibility.',
      focus:
        'Person-centered engagement; the care coordinator as internal advocate; accessibility and accommodations.',
      curriculumId: series!.id,
      topicIds: inserted.map((t) => t.id),
      competencyIds: ['a', 'b', 'd', 'e', 'h'].map((c) => competency.get(c)!).filter(Boolean),
      mailbox: ['cc-mailbox@bay-state-one-care.example', 'care.coordination@commonwealth-care.example'],
    })
    .returning({ id: programYears.id });
  const [past] = await db
    .insert(trainingSessions)
    .values({
      orgId: vendorId,
      topicId: inserted[0]!.id,
      kind: 'live',
      title: 'One Care: Person-centered planning in practice (live webinar)',
      shared: true,
      startsAt: atNoon(now, -30),
      endsAt: atNoon(now, -30, 2),
      speaker: 'Dana Whitfield, LICSW',
      capacity: 300,
      joinUrl: 'https://webinar.example/j/81234567000',
      attestationToken: newAttestationToken(),
      attestationClosesAt: new Date(+now - 16 * day),
      attestationStatement: DEFAULT_ATTESTATION_STATEMENT,
      programYearId: year!.id,
      announcedAt: new Date(+now - 45 * day),
    })
    .returning({ id: trainingSessions.id });
  await db.insert(trainingSessions).values(
    inserted.flatMap((t, i) => [
      {
        orgId: vendorId,
        topicId: t.id,
        kind: 'recorded' as const,
        title: `${t.title} (recorded webinar)`,
        ...(i === 0 ? { sourceSessionId: past!.id, programYearId: year!.id } : {}),
        shared: true,
        videoUrl: `https://learning.onecare.example/recordings/${t.code.toLowerCase()}`,
        durationMinutes: 60,
        attestationToken: newAttestationToken(),
        attestationClosesAt: new Date(+now + 365 * day),
        attestationStatement: DEFAULT_ATTESTATION_STATEMENT,
      },
      {
        orgId: vendorId,
        topicId: t.id,
        kind: 'live' as const,
        title: `One Care: ${t.title} (live webinar)`,
        shared: true,
        startsAt: atNoon(now, 14 + 7 * i),
        endsAt: atNoon(now, 14 + 7 * i, 2),
        speaker: 'One Care Shared Learning faculty',
        capacity: 300,
        joinUrl: `https://webinar.example/j/8123456789${i}`,
        attestationToken: newAttestationToken(),
        attestationClosesAt: new Date(+now + (28 + 7 * i) * day),
        attestationStatement: DEFAULT_ATTESTATION_STATEMENT,
        programYearId: year!.id,
        // The first two are already on the public events page.
        announcedAt: i < 2 ? now : null,
      },
    ]),
  );
  const topicId = (code: string) => inserted.find((t) => t.code === code)!.id;
  await db.insert(modules).values([
    {
      orgId: vendorId,
      curriculumId: series!.id,
      position: 1,
      shared: true,
      title: 'Module One: Best Practices in Person-Centered Engagement',
      purpose: ['To maximize Enrollee engagement and enhance person-centered care across One Care plans'],
      objectives: [
        'Reflect on your current care coordination practices',
        'Identify ways that you can improve engagement with Enrollees',
        'Examine your unconscious biases',
      ],
      topicIds: [topicId('OC-PCP'), topicId('OC-CULT')],
    },
    {
      orgId: vendorId,
      curriculumId: series!.id,
      position: 2,
      shared: true,
      title: 'Module Two: Best Practices as Enrollee Internal Advocate',
      purpose: [
        'To enhance Care Coordinators knowledge and expertise as an internal Enrollee advocate within One Care plans',
        'To prepare the Care Coordinator to advocate and support the Enrollee during all phases of the Health Plan specific Service Request processes: Requests, Denials, Appeal levels',
      ],
      objectives: [
        'Consider the evidence base for advocacy',
        'Enhance current knowledge of utilization management and service requests, appeal policies and denials for your plan',
        'Enhance knowledge to use flexible services to further meet Enrollee’s social, clinical, functional needs and/or goals',
      ],
      topicIds: [topicId('OC-ILR')],
    },
  ]);
  return { topics: inserted.length, sessions: inserted.length * 2 + 1, modules: 2, programYears: 1 };
}

/** Noon in Massachusetts `days` days from `now`'s day, and `hours` after: when a demo webinar starts or ends. */
function atNoon(now: Date, days: number, hours = 0) {
  const noon = massachusettsInstant(massachusettsDate(new Date(+now + days * 86_400_000)), '12:00');
  return new Date(+noon + hours * 3_600_000);
}
