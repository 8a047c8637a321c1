// Appeals of a request's adverse decision (issue 20): filed within the window from the notice (the service
// continuing when filed early enough), decided by the plan on its own clock, then the next level (Medicare's
// independent review entity or MassHealth's Board of Hearings) asked within its time. Every deadline is the
// rule version in force on the day its clock started: the notice, the filing, the appeal decision's notice.
import {
  type AppealDecisionInput,
  type AppealInput,
  isAdverse,
  isAppealAdverse,
  type NextLevelInput,
} from '@contract/care/requests.schemas.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import { massachusettsDate, massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditInput } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError, forbidden, validationFailed } from '../../../platform/http/errors.js';
import { staleOrMissing } from '../../../platform/http/versioning.js';
import { part2Marked, recordOutsideChange } from '../care-audit.js';
import { dayWords } from '../rules.js';
import { RequestErrors } from './requests.errors.js';
import { authorizeDecision, requestsPolicy as policy } from './requests.policy.js';
import * as repo from './requests.repository.js';
import {
  appealFilingWindow,
  decisionDeadline,
  filingStanding,
  instantWords,
  type NoRule,
  nextLevelWindow,
} from './requests.rules.js';
import { type CareRequestsContext, checkNoticeDay } from './requests-context.js';

/** Refused with the catalogue's reason when no rule version was in force, naming the field that set the day. */
function inForce<T extends object>(found: T | NoRule, path: string): T {
  if ('rule' in found && found.rule === null)
    throw new AppError(RequestErrors.REQUEST_NO_RULE, `${(found as NoRule).why}.`, [
      { path, message: (found as NoRule).why },
    ]);
  return found as T;
}

export function careAppealMethods({ audit, scoped, rules, visibleRequest, viewOf }: CareRequestsContext) {
  /** The request's appeal, locked for a change at the version the client holds. */
  async function appealToChange(tx: Db, holder: string, requestId: string, version: number) {
    const appeal = await repo.appealOf(tx, holder, requestId);
    if (!appeal) throw new AppError(RequestErrors.APPEAL_MISSING);
    return {
      appeal,
      change: async (values: Parameters<typeof repo.changeAppeal>[4]) => {
        const row = await repo.changeAppeal(tx, holder, appeal.id, version, values);
        if (!row) staleOrMissing(true, 'The appeal');
        await repo.touchRequest(tx, holder, requestId);
        return row;
      },
    };
  }

  async function afterOutsideChange(actor: Actor, holder: string, event: AuditInput, id: string) {
    await recordOutsideChange(audit, actor, holder, event);
    return (await viewOf(actor, id)).view;
  }

  return {
    /** Records an appeal filed against a denial or partial approval, with its three clocks. */
    async fileAppeal({ actor, id, input }: { actor: Actor; id: string; input: AppealInput }) {
      policy.authorize(actor, 'request.record');
      const all = await rules();
      const filedAt = new Date(input.filedAt);
      const done = await scoped(actor, async (tx, orgId) => {
        const request = await visibleRequest(tx, orgId, id, { lock: true });
        if (!isAdverse(request.decision) || !request.decidedAt || !request.noticeSentOn)
          throw new AppError(RequestErrors.APPEAL_NOT_OPEN);
        if (await repo.appealOf(tx, request.orgId, id)) throw new AppError(RequestErrors.APPEAL_EXISTS);
        if (filedAt < request.decidedAt)
          throw validationFailed([
            {
              path: 'body.filedAt',
              message: `An appeal is filed after the decision, made at ${instantWords(request.decidedAt)}`,
            },
          ]);
        const window = inForce(
          appealFilingWindow(all, request.ruleProgram, request.noticeSentOn),
          'body.filedAt',
        );
        const standing = filingStanding(window, filedAt);
        // A late appeal is not taken as if on time: the plan's decision clock would run for one it may dismiss.
        if (!standing.onTime)
          throw validationFailed([
            {
              path: 'body.filedAt',
              message: `The last day to appeal this decision was ${dayWords(window.dueOn)} (${ruleRefLabel(window.rule)})`,
            },
          ]);
        const clock = inForce(
          decisionDeadline(all, 'appeal_decision', request.ruleProgram, input.priority, filedAt),
          'body.filedAt',
        );
        const appeal = await repo.insertAppeal(tx, {
          orgId: request.orgId,
          enrolleeId: request.enrolleeId,
          requestId: id,
          priority: input.priority,
          filedAt,
          filedBy: input.filedBy,
          receivedVia: input.receivedVia,
          reason: input.reason ?? null,
          ruleProgram: request.ruleProgram,
          part2OrgId: request.part2OrgId,
          filingRuleVersion: window.rule.version,
          filingDueOn: window.dueOn,
          continuationUntil: window.continuationUntil,
          benefitsContinue: standing.benefitsContinue,
          decisionRuleVersion: clock.rule.version,
          decisionDueAt: clock.dueAt,
          recordedBy: actor.personId,
          recordedForOrgId: orgId,
        });
        await repo.touchRequest(tx, request.orgId, id);
        const event: AuditInput = {
          action: 'create',
          entityType: 'care_appeal',
          entityId: appeal.id,
          details: part2Marked(
            {
              enrolleeId: request.enrolleeId,
              requestId: id,
              priority: input.priority,
              filedAt: filedAt.toISOString(),
              filedOnTime: standing.onTime,
              benefitsContinue: standing.benefitsContinue,
              decisionDueAt: clock.dueAt.toISOString(),
            },
            request,
          ),
        };
        await audit.recordChange(tx, actor, event);
        return { event, holder: request.orgId };
      });
      return afterOutsideChange(actor, done.holder, done.event, id);
    },

    /** The plan's appeal decision; an upheld or partly overturned decision opens the next level's window. */
    async decideAppeal({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: AppealDecisionInput;
    }) {
      authorizeDecision(actor);
      const all = await rules();
      const decidedAt = input.decidedAt ? new Date(input.decidedAt) : new Date();
      const decidedOn = massachusettsDate(decidedAt);
      const noticeSentOn = input.noticeSentOn ?? decidedOn;
      checkNoticeDay(noticeSentOn, decidedOn);
      await scoped(actor, async (tx, orgId) => {
        const request = await visibleRequest(tx, orgId, id, { lock: true });
        if (request.orgId !== orgId)
          throw forbidden('Only the plan that holds the enrollee’s record decides.');
        const { appeal, change } = await appealToChange(tx, orgId, id, version);
        if (appeal.decidedAt) throw new AppError(RequestErrors.APPEAL_DECIDED);
        if (appeal.version !== version) staleOrMissing(true, 'The appeal');
        if (decidedAt < appeal.filedAt)
          throw validationFailed([
            {
              path: 'body.decidedAt',
              message: `An appeal is decided after it was filed, at ${instantWords(appeal.filedAt)}`,
            },
          ]);
        const next = isAppealAdverse(input.outcome)
          ? inForce(nextLevelWindow(all, request.ruleProgram, noticeSentOn), 'body.noticeSentOn')
          : null;
        await change({
          outcome: input.outcome,
          decisionExplanation: input.explanation,
          decidedAt,
          decidedBy: actor.personId,
          noticeSentOn,
          nextLevelRuleVersion: next?.rule.version ?? null,
          nextLevelDueOn: next?.dueOn ?? null,
        });
        await audit.recordChange(tx, actor, {
          action: 'decide',
          entityType: 'care_appeal',
          entityId: appeal.id,
          details: part2Marked(
            {
              enrolleeId: request.enrolleeId,
              requestId: id,
              outcome: input.outcome,
              decidedAt: decidedAt.toISOString(),
              onTime: decidedAt <= appeal.decisionDueAt,
              nextLevelDueOn: next?.dueOn ?? null,
            },
            request,
          ),
        });
      });
      return (await viewOf(actor, id)).view;
    },

    /** Records that the enrollee asked the next level, and whether in time. */
    async recordNextLevel({
      actor,
      id,
      version,
      input,
    }: {
      actor: Actor;
      id: string;
      version: number;
      input: NextLevelInput;
    }) {
      policy.authorize(actor, 'request.record');
      const done = await scoped(actor, async (tx, orgId) => {
        const request = await visibleRequest(tx, orgId, id, { lock: true });
        const { appeal, change } = await appealToChange(tx, request.orgId, id, version);
        if (!appeal.noticeSentOn || !isAppealAdverse(appeal.outcome) || !appeal.nextLevelDueOn)
          throw new AppError(RequestErrors.NEXT_LEVEL_NOT_OPEN);
        if (appeal.nextLevel) throw new AppError(RequestErrors.NEXT_LEVEL_RECORDED);
        if (appeal.version !== version) staleOrMissing(true, 'The appeal');
        if (input.level === 'medicare_ire' && request.ruleProgram !== 'one_care')
          throw validationFailed([
            {
              path: 'body.level',
              message:
                'Medicare’s independent review entity hears One Care members’ appeals of Medicare services; an ACO or MCO member asks MassHealth’s Board of Hearings',
            },
          ]);
        if (input.requestedOn < appeal.noticeSentOn || input.requestedOn > massachusettsToday())
          throw validationFailed([
            {
              path: 'body.requestedOn',
              message: `Choose a day from the appeal decision’s notice, ${dayWords(appeal.noticeSentOn)}, to today`,
            },
          ]);
        await change({ nextLevel: input.level, nextLevelRequestedOn: input.requestedOn });
        const event: AuditInput = {
          action: 'next_level',
          entityType: 'care_appeal',
          entityId: appeal.id,
          details: part2Marked(
            {
              enrolleeId: request.enrolleeId,
              requestId: id,
              level: input.level,
              requestedOn: input.requestedOn,
              onTime: input.requestedOn <= appeal.nextLevelDueOn,
            },
            request,
          ),
        };
        await audit.recordChange(tx, actor, event);
        return { event, holder: request.orgId };
      });
      return afterOutsideChange(actor, done.holder, done.event, id);
    },
  };
}
