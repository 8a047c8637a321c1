import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { STATUS_LABELS, satisfiedHow } from '@contract/compliance/compliance.labels.js';
import { type Basis, STATUSES, type StatusRow } from '@contract/compliance/compliance.schemas.js';
import { roleNames } from '@contract/roles.js';
import { formatNumber, formatPercent, plural } from '@contract/text/figures.js';
import type { AuditActor, AuditTrail } from '../../platform/audit/audit.service.js';
import { type Actor, activeOrgOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { AppError } from '../../platform/http/errors.js';
import { csvStream, type ExportColumn, sheetOf, writeXlsxSheets } from '../../platform/http/export.js';
import type { JobHandler, JobQueue } from '../../platform/jobs/queue.js';
import { ComplianceErrors } from './compliance.errors.js';
import { compliancePolicy as policy } from './compliance.policy.js';
import type { ComplianceService } from './compliance.service.js';
import { renderPackSummary } from './evidence-pack.pdf.js';
import { packOrganisation, type SatisfierDetail, satisfierDetails } from './evidence-pack.repository.js';
import { massachusettsDate } from './rules.js';

export const EVIDENCE_JOB = 'compliance.evidence-pack';
export type PackFormat = 'xlsx' | 'csv' | 'pdf';

interface PackPayload {
  asOf: string;
  /** As known on the day or as corrected since (decision 027); packs queued before it was asked are 'known'. */
  basis?: Basis;
  format: PackFormat;
  actor: AuditActor;
  requestedAt: string;
}

declare module '../../platform/jobs/queue.js' {
  interface JobKinds {
    [EVIDENCE_JOB]: PackPayload;
  }
}

type Line = StatusRow & { detail: SatisfierDetail | undefined };

const COLUMNS: ExportColumn<Line>[] = [
  { header: 'Name', value: (r) => r.name, width: 26 },
  { header: 'E-mail', value: (r) => r.email, width: 32 },
  { header: 'Roles', value: (r) => roleNames(r.roles), width: 22 },
  { header: 'Organisations', value: (r) => r.organisations.join('; '), width: 30 },
  { header: 'Status', value: (r) => STATUS_LABELS[r.status], width: 12 },
  { header: 'Due', value: (r) => r.dueOn, width: 12 },
  { header: 'Valid until', value: (r) => r.validUntil, width: 12 },
  { header: 'Satisfied by', value: (r) => r.detail?.what, width: 30 },
  { header: 'Completed on', value: (r) => r.detail?.completedOn, width: 12 },
  { header: 'How', value: (r) => r.detail && satisfiedHow(r.detail.how), width: 18 },
  { header: 'Recorded by', value: (r) => r.detail?.recordedBy, width: 30 },
  { header: 'Certificate or number', value: (r) => r.detail?.certificate, width: 16 },
  { header: 'Evidence', value: (r) => r.detail?.evidence, width: 40 },
  { header: 'Why', value: (r) => r.explanation, width: 60 },
];

/** The question the pack answers, in words, kept with it so it can be asked again. */
const queryOf = (orgName: string, asOf: string, basis: Basis) =>
  `every active requirement of ${orgName}; the people it reached on ${asOf} (its own staff, and for network requirements the staff of every organisation under a network contract that day, by role); each status computed as of ${asOf} from ${
    basis === 'known'
      ? `the completions, qualifications and exemptions recorded by the end of ${asOf} (Massachusetts time), as they then stood`
      : `every completion, qualification and exemption known now that is dated on or before ${asOf}`
  }, completions not revoked by the end of that day, and roles, contracts and requirements as now recorded for that day.`;

/** What the pack's cover says about which facts it counts (decision 027). */
export const basisOf = (asOf: string, basis: Basis) =>
  basis === 'known'
    ? `As known on ${asOf}: only what had been recorded by the end of that day (Massachusetts time), as it then stood. Completions, qualifications and exemptions recorded later, and corrections made later, are left out, so this pack reads the same whenever it is made again.`
    : `As corrected since ${asOf}: everything known now, dated on or before that day, including completions, qualifications and exemptions recorded or corrected after it. Made again later, it may differ.`;

/**
 * The readiness-review evidence pack for an organisation as of a day: XLSX (a summary sheet, then one sheet
 * per requirement listing every person with the completion that satisfies it and its evidence), CSV (every
 * line, requirement as a column) or a PDF summary. Built by a job with progress; the result is a stored file.
 */
/** One collator for the whole sort: much quicker than `localeCompare` on each of a million comparisons. */
const collate = new Intl.Collator('en-US').compare;

export function createEvidencePacks(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  jobs: JobQueue;
  compliance: ComplianceService;
}) {
  const { database, audit, files, jobs, compliance } = deps;
  const db = database.system;

  const handler: JobHandler<typeof EVIDENCE_JOB> = async (job, ctx) => {
    const p = job.payload;
    const org = await packOrganisation(db, job.orgId);
    const basis = p.basis ?? 'known';
    await ctx.progress(0, null, 'Computing statuses');
    const statuses = await compliance.statusesAt({ orgId: job.orgId, asOf: p.asOf, basis });
    const ids = [...new Set(statuses.flatMap((r) => (r.satisfiedBy ? [r.satisfiedBy] : [])))];
    // As known on the day, a completion's date and topic are given as they then stood (for today, as now).
    const asKnownOn = basis === 'known' ? p.asOf : undefined;
    const details = new Map((await satisfierDetails(db, job.orgId, ids, asKnownOn)).map((d) => [d.id, d]));
    const lines: Line[] = statuses
      .map((r) => ({ ...r, detail: r.satisfiedBy ? details.get(r.satisfiedBy) : undefined }))
      .sort((a, b) => collate(a.requirementCode, b.requirementCode) || collate(a.name, b.name));
    const byRequirement = new Map<string, Line[]>();
    for (const l of lines) {
      const list = byRequirement.get(l.requirementId) ?? [];
      if (!list.length) byRequirement.set(l.requirementId, list);
      list.push(l);
    }
    const requirements = await compliance.requirementsOf({ orgId: job.orgId, day: p.asOf });
    const query = queryOf(org!.name, p.asOf, basis);
    const cover = basisOf(p.asOf, basis);
    const madeAt = new Date().toISOString();
    const summary = requirements.map((q) => {
      const mine = byRequirement.get(q.id) ?? [];
      const counts = Object.fromEntries(
        STATUSES.map((s) => [s, mine.filter((l) => l.status === s).length]),
      ) as Record<(typeof STATUSES)[number], number>;
      const onTrack = mine.length ? (mine.length - counts.overdue - counts.expired) / mine.length : 1;
      return { id: q.id, code: q.code, title: q.title, people: mine.length, counts, rate: onTrack };
    });
    let done = 0;
    const counted = async function* (list: Line[]) {
      for (const l of list) {
        yield l;
        if (++done % 1000 === 0) await ctx.progress(done, lines.length, `${done} of ${lines.length} lines`);
      }
    };

    const id = crypto.randomUUID();
    const file = files.pathOf(job.orgId, id);
    await mkdir(path.dirname(file), { recursive: true });
    const about: [string, string][] = [
      ['Organisation', org!.name],
      ['As of', p.asOf],
      ['Basis', cover],
      ['Made at', madeAt],
      ['Made by', p.actor.name],
      ['Query', query],
      ['People reached', String(new Set(lines.map((l) => l.personId)).size)],
    ];
    if (p.format === 'pdf') {
      await writeFile(
        file,
        await renderPackSummary({
          organisation: org!.name,
          asOf: p.asOf,
          basis: cover,
          madeAt,
          madeBy: p.actor.name,
          query,
          people: new Set(lines.map((l) => l.personId)).size,
          requirements: summary,
        }),
      );
    } else if (p.format === 'csv') {
      await pipeline(
        csvStream<Line>(
          [
            { header: 'Requirement', value: (r) => `${r.requirementCode} — ${r.requirementTitle}` },
            ...COLUMNS,
          ],
          counted(lines),
        ),
        createWriteStream(file),
      );
    } else {
      const out = createWriteStream(file);
      await writeXlsxSheets(out, [
        sheetOf<{ k: string; v: string }>(
          'Summary',
          [
            { header: 'About this pack', value: (r) => r.k, width: 28 },
            { header: '', value: (r) => r.v, width: 100 },
          ],
          [
            ...about.map(([k, v]) => ({ k, v })),
            { k: '', v: '' },
            ...summary.map((r) => ({
              k: `${r.code} — ${r.title}`,
              v: `${plural(r.people, 'person', 'people')}: ${STATUSES.map((s) => `${formatNumber(r.counts[s])} ${STATUS_LABELS[s].toLowerCase()}`).join(', ')}; ${formatPercent(r.rate)} on track`,
            })),
          ],
        ),
        ...summary.map((r) => sheetOf<Line>(r.code, COLUMNS, counted(byRequirement.get(r.id) ?? []))),
      ]);
      await finished(out);
    }
    const name = `evidence-pack-${org!.code}-${p.asOf}${basis === 'corrected' ? '-as-corrected' : ''}.${p.format}`;
    await files.register(db, {
      orgId: job.orgId,
      id,
      name,
      contentType:
        p.format === 'pdf'
          ? 'application/pdf'
          : p.format === 'csv'
            ? 'text/csv'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      purpose: 'compliance-evidence-pack',
      createdBy: p.actor.userId,
    });
    await audit.recordNow(p.actor, {
      action: 'export',
      entityType: 'compliance_evidence_pack',
      entityId: id,
      details: { asOf: p.asOf, basis, format: p.format, lines: lines.length, query, madeAt },
    });
    await ctx.progress(lines.length, lines.length, 'Done');
    return {
      resultFileId: id,
      fileName: name,
      asOf: p.asOf,
      basis,
      query,
      madeAt,
      lines: lines.length,
      message: `Evidence pack as of ${p.asOf}: ${lines.length} lines`,
    };
  };
  jobs.register(EVIDENCE_JOB, handler);

  return {
    /**
     * Queues the pack; the job's result is the file. The day defaults to today in Massachusetts, and may not
     * be later: a pack is evidence of how things stood. A past day is as known on it unless asked otherwise.
     */
    async start({
      actor,
      input,
      maxAttempts = 2,
    }: {
      actor: Actor;
      input: { asOf?: string | undefined; basis?: Basis | undefined; format: PackFormat };
      maxAttempts?: number;
    }) {
      policy.authorize(actor, 'compliance.read');
      const orgId = activeOrgOf(actor);
      const today = massachusettsDate(new Date());
      const asOf = input.asOf ?? today;
      if (asOf > today)
        throw new AppError(ComplianceErrors.PACK_DAY_IN_FUTURE, undefined, [
          {
            path: 'body.asOf',
            message: `${asOf} is still to come (today is ${today} in Massachusetts): choose today or an earlier day`,
          },
        ]);
      const payload: PackPayload = {
        asOf,
        basis: input.basis ?? 'known',
        format: input.format,
        actor: { userId: actor.userId, name: actor.name, ip: actor.ip, userAgent: actor.userAgent, orgId },
        requestedAt: new Date().toISOString(),
      };
      return jobs.enqueue(db, {
        orgId,
        kind: EVIDENCE_JOB,
        payload: { ...payload },
        createdBy: actor.userId,
        maxAttempts,
      });
    },
  };
}

export type EvidencePacks = ReturnType<typeof createEvidencePacks>;
