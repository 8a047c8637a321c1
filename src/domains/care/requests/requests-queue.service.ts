// The request clocks running out (a work queue: open requests and appeals by deadline, with hours left) and the
// monthly report of decisions (issue 20).
import type { RequestQueueQuery, RequestQueueRow } from '@contract/care/requests.schemas.js';
import { addMonths } from '@contract/iso-days.js';
import { massachusettsInstant, massachusettsToday } from '@contract/massachusetts-day.js';
import { type Actor, activeOrgOf } from '../../../platform/auth/actor.js';
import { findOrganisation } from '../../organisations/index.js';
import { idsByOtherHolder } from '../care-audit.js';
import { requestsPolicy as policy } from './requests.policy.js';
import { summariseMonth } from './requests.report.js';
import * as repo from './requests.repository.js';
import { appealClock, requestClock } from './requests.views.js';
import type { CareRequestsContext } from './requests-context.js';

type Page = { offset: number; limit: number };

export function careRequestQueueMethods({ database, audit, scoped, rules }: CareRequestsContext) {
  return {
    /**
     * Open service requests and appeals waiting for the plan's decision, soonest deadline first, each with the
     * hours left (negative once run out) and the rule version that set it. The organisation's own, and (for a
     * Community Partner) those of its care teams' enrollees.
     */
    async queue({ actor, query, page }: { actor: Actor; query: RequestQueueQuery; page: Page }) {
      policy.authorize(actor, 'request.queue');
      const now = new Date();
      const day = massachusettsToday();
      const all = await rules();
      // One page by the stored deadlines and the visibility the query states (the organisation's own, and its
      // care teams' enrollees), read without row-level security's per-row cost: the ids only. The page's rows
      // are then read in the actor's scope, where row-level security checks each again (decision 059).
      const orgId = activeOrgOf(actor);
      const found = await repo.openClocksPage(
        database.system,
        orgId,
        day,
        { kind: query.kind, overdue: query.overdue, q: query.q, desc: query.dir === 'desc' },
        page,
      );
      const total = found.total;
      const ids = (kind: string) => found.rows.filter((r) => r.kind === kind).map((r) => r.id);
      const { requests, appeals } = await scoped(
        actor,
        async (db) => ({
          requests: await repo.requestsWithIds(db, ids('request_decision')),
          appeals: await repo.appealsWithIds(db, ids('appeal_decision')),
        }),
        { read: true },
      );
      const holderOf = new Map<string, string>();
      const rows: (RequestQueueRow & { orgId: string })[] = [
        ...requests.map(({ request: r, ...e }) => {
          const clock = requestClock(all, r, now);
          return {
            kind: 'request_decision' as const,
            requestId: r.id,
            appealId: null,
            enrolleeId: r.enrolleeId,
            ...e,
            service: r.service,
            priority: r.priority,
            startedAt: r.receivedAt.toISOString(),
            dueAt: clock.dueAt,
            hoursLeft: clock.hoursLeft ?? 0,
            overdue: clock.overdue,
            rule: clock.rule,
            explanation: clock.explanation,
            part2: r.part2OrgId !== null,
            orgId: r.orgId,
          };
        }),
        ...appeals.map(({ appeal: a, service, ...e }) => {
          const clock = appealClock(all, a, now);
          return {
            kind: 'appeal_decision' as const,
            requestId: a.requestId,
            appealId: a.id,
            enrolleeId: a.enrolleeId,
            ...e,
            service,
            priority: a.priority,
            startedAt: a.filedAt.toISOString(),
            dueAt: clock.dueAt,
            hoursLeft: clock.hoursLeft ?? 0,
            overdue: clock.overdue,
            rule: clock.rule,
            explanation: clock.explanation,
            part2: a.part2OrgId !== null,
            orgId: a.orgId,
          };
        }),
      ];
      rows.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.requestId.localeCompare(b.requestId));
      if (query.dir === 'desc') rows.reverse();
      const shown = rows;
      // A tagged record's enrollee is not copied to the holder's log (decision 060).
      for (const r of shown) if (!r.part2) holderOf.set(r.enrolleeId, r.orgId);
      audit.recordRead(actor, {
        entityType: 'care_enrollee',
        action: 'request_queue',
        details: { phi: true, ids: [...new Set(shown.map((r) => r.enrolleeId))] },
      });
      const seen = [...holderOf].map(([id, orgId]) => ({ id, orgId }));
      for (const [holderOrgId, ids] of idsByOtherHolder(actor, seen))
        audit.recordRead(actor, {
          entityType: 'care_enrollee',
          action: 'request_queue',
          orgId: holderOrgId,
          details: { phi: true, ids, actorOrgId: actor.orgId },
        });
      return {
        items: shown.map(({ orgId: _holder, ...r }) => r),
        total,
        asOf: now.toISOString(),
      };
    },

    /**
     * The month's decisions at the actor's organisation (Massachusetts month): by outcome, hours to decision,
     * share on time, denial reasons; appeals beside them. With the decisions themselves, for the export.
     */
    async report({ actor, month }: { actor: Actor; month: string }) {
      policy.authorize(actor, 'request.report');
      const from = massachusettsInstant(`${month}-01`, '00:00');
      const to = massachusettsInstant(addMonths(`${month}-01`, 1), '00:00');
      const { requests, appeals, holder } = await scoped(
        actor,
        async (db, orgId) => ({
          requests: await repo.requestsOfMonth(db, orgId, from, to),
          appeals: await repo.appealsOfMonth(db, orgId, from, to),
          holder: orgId,
        }),
        { read: true },
      );
      const org = await findOrganisation(database.system, holder);
      const summary = summariseMonth({
        month,
        organisation: org?.name ?? '',
        received: requests.received,
        decided: requests.decided,
        appealsFiled: appeals.filed,
        appealsDecided: appeals.decided,
      });
      return { summary, decided: requests.decided };
    },

    /** Records that the report (and, exported as XLSX, its decisions with the enrollees' names) was read. */
    recordReportRead(
      actor: Actor,
      month: string,
      decided: readonly { request: { enrolleeId: string } }[],
      phi: boolean,
    ) {
      audit.recordRead(actor, {
        entityType: 'care_request_report',
        action: phi ? 'export' : 'read',
        details: {
          month,
          phi,
          ...(phi ? { ids: [...new Set(decided.map((d) => d.request.enrolleeId))] } : {}),
        },
      });
    },
  };
}
