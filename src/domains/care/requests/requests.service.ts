// Service requests (issue 20): recorded by the plan or a Community Partner on the care team, with the decision
// clock of the rule version in force the day it was received; decided by the plan with a specific reason and a
// notice letter in the enrollee's language; updates given to the enrollee recorded. Appeals, the work queue
// and the monthly report are in appeals.service.ts and requests-queue.service.ts.
import { Readable } from 'node:stream';
import { type CareProgram, COVERAGE_PROGRAMS } from '@contract/care/care.labels.js';
import { knownLanguage } from '@contract/care/languages.js';
import { isAdverse } from '@contract/care/requests.labels.js';
import type { DecisionInput, RequestInput, UpdateInput } from '@contract/care/requests.schemas.js';
import { massachusettsDate, massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditInput, AuditTrail } from '../../../platform/audit/audit.service.js';
import { type Actor, activeMembershipOf, activeOrgOf } from '../../../platform/auth/actor.js';
import type { Database } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { AppError, forbidden, notFound, validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import { findOrganisation } from '../../organisations/index.js';
import * as careRepo from '../care.repository.js';
import { part2Marked, recordEnrolleeRead, recordOutsideChange } from '../care-audit.js';
import { dayWords, ruleInForce } from '../rules.js';
import { careAppealMethods } from './appeals.service.js';
import { renderNotice } from './notice.pdf.js';
import { NOTICE_LANGUAGES, type NoticeLanguage } from './notice.words.js';
import { RequestErrors } from './requests.errors.js';
import { authorizeDecision, requestsPolicy as policy } from './requests.policy.js';
import * as repo from './requests.repository.js';
import { appealFilingWindow, decisionDeadline } from './requests.rules.js';
import { careRequestsContext, checkNoticeDay } from './requests-context.js';
import { careRequestQueueMethods } from './requests-queue.service.js';

const COMMUNITY_PARTNERS = ['cp_bh', 'cp_ltss'];
const kindOf = (actor: Actor) => activeMembershipOf(actor)?.orgKind ?? '';

/** The enrollee's coverage program (One Care, ACO or MCO) on the day; none when not covered. */
export function coverageOn(enrollments: readonly careRepo.Enrollment[], day: string): CareProgram | null {
  const e = enrollments.find(
    (x) =>
      (COVERAGE_PROGRAMS as readonly string[]).includes(x.program) &&
      x.effectiveOn <= day &&
      (x.endsOn === null || x.endsOn >= day),
  );
  return e?.program ?? null;
}

/** The notice's language: the enrollee's where a template exists, else English, and what staff should know. */
export function noticeLanguageFor(preferred: string | null) {
  const known = preferred ? knownLanguage(preferred) : null;
  if (known && (NOTICE_LANGUAGES as readonly string[]).includes(known.code))
    return {
      language: known.code as NoticeLanguage,
      fallback: false,
      message: `The notice is in ${known.name}, the enrollee’s language.`,
    };
  if (!preferred)
    return {
      language: 'en' as const,
      fallback: false,
      message: 'No language is recorded for the enrollee: the notice is in English.',
    };
  return {
    language: 'en' as const,
    fallback: true,
    message: `There is no notice template in ${known?.name ?? preferred} yet, so the notice is in English. Arrange a translation or an interpreter for the enrollee.`,
  };
}

export function createCareRequestsService({
  database,
  audit,
  files,
}: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
}) {
  const context = careRequestsContext({ database, audit, files });
  const { scoped, rules, visibleRequest, viewOf } = context;

  const requestEvent = (row: repo.RequestRow): AuditInput => ({
    action: 'create',
    entityType: 'care_service_request',
    entityId: row.id,
    details: part2Marked(
      {
        enrolleeId: row.enrolleeId,
        priority: row.priority,
        receivedAt: row.receivedAt.toISOString(),
        decisionDueAt: row.decisionDueAt.toISOString(),
        rule: { kind: row.ruleKind, program: row.ruleProgram, version: row.ruleVersion },
      },
      row,
    ),
  });

  return {
    /** Records a request received for the enrollee, with its decision clock from the rule version in force. */
    async recordRequest({
      actor,
      enrolleeId,
      input,
    }: {
      actor: Actor;
      enrolleeId: string;
      input: RequestInput;
    }) {
      policy.authorize(actor, 'request.record');
      const all = await rules();
      const receivedAt = new Date(input.receivedAt);
      const day = massachusettsDate(receivedAt);
      const row = await scoped(actor, async (tx, orgId) => {
        const enrollee = await careRepo.findEnrollee(tx, orgId, enrolleeId, massachusettsToday());
        if (!enrollee) throw notFound('The enrollee');
        // Another organisation on the team records only as a Community Partner (decision 050).
        if (enrollee.orgId !== orgId && !COMMUNITY_PARTNERS.includes(kindOf(actor)))
          throw forbidden('Only the plan and a Community Partner on the care team record a service request.');
        // A partner records what reached it while on the team, not before it joined.
        if (enrollee.orgId !== orgId) {
          const since = await repo.onTeamSince(tx, enrollee.orgId, enrolleeId, orgId, day);
          if (!since)
            throw validationFailed([
              {
                path: 'body.receivedAt',
                message: `Your organisation was not on the enrollee’s care team on ${dayWords(day)}`,
              },
            ]);
        }
        const program = coverageOn(await careRepo.enrollmentsOf(tx, enrollee.orgId, enrolleeId), day);
        if (!program)
          throw new AppError(RequestErrors.REQUEST_NO_PROGRAM, undefined, [
            {
              path: 'body.receivedAt',
              message: `The enrollee had no One Care, ACO or MCO enrollment on ${dayWords(day)}`,
            },
          ]);
        const deadline = decisionDeadline(all, 'request_decision', program, input.priority, receivedAt);
        if (deadline.rule === null)
          throw new AppError(RequestErrors.REQUEST_NO_RULE, `${deadline.why}.`, [
            { path: 'body.receivedAt', message: deadline.why },
          ]);
        const row = await repo.insertRequest(tx, {
          orgId: enrollee.orgId,
          enrolleeId,
          service: input.service,
          details: input.details ?? null,
          priority: input.priority,
          receivedAt,
          receivedVia: input.receivedVia,
          requestedBy: input.requestedBy,
          recordedBy: actor.personId,
          recordedForOrgId: orgId,
          part2OrgId: input.part2 ? orgId : null,
          ruleProgram: program,
          ruleVersion: deadline.rule.version,
          decisionDueAt: deadline.dueAt,
        });
        await audit.recordChange(tx, actor, requestEvent(row));
        return row;
      });
      await recordOutsideChange(audit, actor, row.orgId, requestEvent(row));
      return (await viewOf(actor, row.id)).view;
    },

    /** The enrollee's requests, latest received first, each with its clock, updates and appeal (audited). */
    async listRequests({ actor, enrolleeId }: { actor: Actor; enrolleeId: string }) {
      if (!policy.can(actor, 'request.read')) throw notFound('The enrollee');
      const { loaded, holder } = await scoped(
        actor,
        async (db, orgId) => {
          const enrollee = await careRepo.findEnrollee(db, orgId, enrolleeId, massachusettsToday());
          if (!enrollee) throw notFound('The enrollee');
          const rows = await repo.requestsOf(db, enrollee.orgId, enrolleeId);
          return { loaded: await context.load(db, enrollee.orgId, rows), holder: enrollee.orgId };
        },
        { read: true },
      );
      recordEnrolleeRead(audit, actor, holder, {
        entityType: 'care_enrollee',
        entityId: enrolleeId,
        action: 'read_service_requests',
        details: { phi: true },
      });
      return context.present(actor, loaded);
    },

    async getRequest({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'request.read')) throw notFound('The service request');
      const { view, holder } = await viewOf(actor, id);
      recordEnrolleeRead(audit, actor, holder, {
        entityType: 'care_service_request',
        entityId: id,
        details: part2Marked({ phi: true, enrolleeId: view.enrolleeId }, view),
      });
      return view;
    },

    /**
     * The plan's decision: with a specific reason when adverse, and the notice letter written in the enrollee's
     * language where a template exists (English otherwise, and the reply says so), kept as sent.
     */
    async decide({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: DecisionInput;
    }) {
      authorizeDecision(actor);
      const all = await rules();
      const now = new Date();
      const decidedAt = input.decidedAt ? new Date(input.decidedAt) : now;
      const decidedOn = massachusettsDate(decidedAt);
      const noticeSentOn = input.noticeSentOn ?? decidedOn;
      checkNoticeDay(noticeSentOn, decidedOn);
      // Read before the transaction: the embedded database serves one connection at a time.
      const plan = await findOrganisation(database.system, activeOrgOf(actor));
      const done = await scoped(actor, async (tx, orgId) => {
        const row = await visibleRequest(tx, orgId, id, { lock: true });
        if (row.orgId !== orgId) throw forbidden('Only the plan that holds the enrollee’s record decides.');
        if (row.decidedAt) throw new AppError(RequestErrors.REQUEST_DECIDED);
        if (row.version !== version) staleOrMissing(true, 'The service request');
        if (decidedAt < row.receivedAt)
          throw validationFailed([
            {
              path: 'body.decidedAt',
              message: `A decision comes after the request came in, on ${dayWords(massachusettsDate(row.receivedAt))}`,
            },
          ]);
        const enrollee = await careRepo.findEnrollee(tx, orgId, row.enrolleeId, massachusettsToday());
        if (!enrollee) throw notFound('The enrollee');
        const notice = noticeLanguageFor(enrollee.preferredLanguage);
        const adverse = isAdverse(input.decision);
        const window = adverse ? appealFilingWindow(all, row.ruleProgram, noticeSentOn) : null;
        if (window && window.rule === null)
          throw new AppError(RequestErrors.REQUEST_NO_RULE, `${window.why}.`, [
            { path: 'body.noticeSentOn', message: window.why },
          ]);
        const appealRule = ruleInForce(all, 'appeal_decision', row.ruleProgram, noticeSentOn);
        const nextRule = ruleInForce(all, 'next_level_request', row.ruleProgram, noticeSentOn);
        const pdf = await renderNotice({
          language: notice.language,
          planName: plan?.name ?? '',
          planPhone: plan?.phone ?? null,
          enrolleeName: `${enrollee.givenName} ${enrollee.familyName}`,
          addressLines: [
            enrollee.addressLine1,
            enrollee.addressLine2,
            [enrollee.town, enrollee.postalCode].filter(Boolean).join(' '),
          ].filter((l): l is string => Boolean(l)),
          service: row.service,
          receivedOn: massachusettsDate(row.receivedAt),
          priority: row.priority,
          decision: input.decision,
          denialReason: input.denialReason ?? null,
          explanation: input.explanation ?? null,
          noticeSentOn,
          appeal: window?.rule ? { dueOn: window.dueOn, continuationUntil: window.continuationUntil } : null,
          appealDecision: appealRule.rule ? appealRule.rule.parameters : null,
          nextLevelDays: nextRule.rule?.parameters.days ?? null,
          oneCare: row.ruleProgram === 'one_care',
          madeAt: now,
        });
        const file = await files.save(
          tx,
          {
            orgId,
            name: `notice-${id}.pdf`,
            contentType: 'application/pdf',
            purpose: 'care-request-notice',
            createdBy: actor.userId,
          },
          Readable.from([Buffer.from(pdf)]),
        );
        const updated = await repo.decideRequest(tx, orgId, id, version, {
          decision: input.decision,
          denialReason: adverse ? (input.denialReason ?? null) : null,
          decisionExplanation: input.explanation ?? null,
          decidedAt,
          decidedBy: actor.personId,
          noticeSentOn,
          noticeFileId: file.id,
          noticeLanguage: notice.language,
        });
        if (!updated) staleOrMissing(true, 'The service request');
        await audit.recordChange(tx, actor, {
          action: 'decide',
          entityType: 'care_service_request',
          entityId: id,
          details: {
            enrolleeId: row.enrolleeId,
            decision: input.decision,
            denialReason: input.denialReason ?? null,
            decidedAt: decidedAt.toISOString(),
            onTime: decidedAt <= row.decisionDueAt,
            noticeSentOn,
            noticeLanguage: notice.language,
            noticeFileId: file.id,
          },
        });
        return notice;
      });
      const { view } = await viewOf(actor, id);
      return { ...view, notice: { ...done, url: `/api/care/requests/${id}/notice` } };
    },

    /** Records an update given about the request: what was said, when, how and to whom. */
    async recordUpdate({ actor, id, input }: { actor: Actor; id: string; input: UpdateInput }) {
      policy.authorize(actor, 'request.record');
      const event = await scoped(actor, async (tx, orgId) => {
        const row = await visibleRequest(tx, orgId, id);
        if (new Date(input.communicatedAt) < row.receivedAt)
          throw validationFailed([
            {
              path: 'body.communicatedAt',
              message: `An update about the request comes after it came in, on ${dayWords(massachusettsDate(row.receivedAt))}`,
            },
          ]);
        const update = await repo.insertUpdate(tx, {
          orgId: row.orgId,
          enrolleeId: row.enrolleeId,
          requestId: id,
          communicatedAt: new Date(input.communicatedAt),
          mode: input.mode,
          communicatedTo: input.communicatedTo,
          summary: input.summary,
          recordedBy: actor.personId,
          recordedForOrgId: orgId,
          part2OrgId: row.part2OrgId,
        });
        const event: AuditInput = {
          action: 'create',
          entityType: 'care_request_update',
          entityId: update.id,
          details: part2Marked(
            { enrolleeId: row.enrolleeId, requestId: id, mode: input.mode, to: input.communicatedTo },
            row,
          ),
        };
        await audit.recordChange(tx, actor, event);
        return { event, holder: row.orgId };
      });
      await recordOutsideChange(audit, actor, event.holder, event.event);
      return (await viewOf(actor, id)).view;
    },

    /** The notice letter as sent (audited as a read of the enrollee's record). */
    async notice({ actor, id }: { actor: Actor; id: string }) {
      if (!policy.can(actor, 'request.read')) throw notFound('The service request');
      const row = await scoped(actor, (db, orgId) => visibleRequest(db, orgId, id), { read: true });
      if (!row.noticeFileId) throw notFound('The notice');
      recordEnrolleeRead(audit, actor, row.orgId, {
        entityType: 'care_service_request',
        entityId: id,
        action: 'read_notice',
        details: part2Marked({ phi: true, enrolleeId: row.enrolleeId, fileId: row.noticeFileId }, row),
      });
      // The holder's file, opened once the request is found visible to the actor (a Community Partner on the team).
      return {
        name: `notice-${massachusettsDate(row.decidedAt ?? row.createdAt)}-${row.noticeLanguage ?? 'en'}.pdf`,
        stream: files.open(row.orgId, row.noticeFileId),
      };
    },

    ...careAppealMethods(context),
    ...careRequestQueueMethods(context),
  };
}

export type CareRequestsService = ReturnType<typeof createCareRequestsService>;
