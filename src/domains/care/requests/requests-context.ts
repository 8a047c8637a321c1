// What the service request services share (requests, appeals, the queue and report): the database, the audit
// trail, the file store, the rule catalogue (read once per process), and how a request is found and shown.
import { isAdverse } from '@contract/care/requests.labels.js';
import type { CareRule } from '@contract/care/rules.schemas.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Database, Db } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { notFound, validationFailed } from '../../../platform/http/errors.js';
import * as careRepo from '../care.repository.js';
import { careContext } from '../care-context.js';
import { allRules } from '../care-work.repository.js';
import { dayWords } from '../rules.js';
import { decideRefusal } from './requests.policy.js';
import * as repo from './requests.repository.js';
import { appealFilingWindow } from './requests.rules.js';
import { namedIn, requestView } from './requests.views.js';

type Loaded = {
  rows: readonly repo.RequestRow[];
  updates: repo.UpdateRow[];
  appeals: repo.AppealRow[];
};

export function careRequestsContext({
  database,
  audit,
  files,
}: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
}) {
  const { scoped } = careContext(database, audit);

  // The catalogue is written only by migrations: read once per process.
  let rulesLoaded: Promise<CareRule[]> | null = null;
  const rules = () => {
    rulesLoaded ??= allRules(database.system).catch((err) => {
      rulesLoaded = null;
      throw err;
    });
    return rulesLoaded;
  };

  /** The request, when the actor's organisation sees it (held here, or its enrollee's team is). */
  async function visibleRequest(db: Db, orgId: string, id: string, { lock = false } = {}) {
    const row = await repo.findRequest(db, orgId, id, massachusettsToday(), { lock });
    if (!row) throw notFound('The service request');
    return row;
  }

  /** What the views of these requests (one holder's) need from the transaction: their updates and appeals. */
  async function load(db: Db, holder: string, rows: readonly repo.RequestRow[]): Promise<Loaded> {
    const ids = rows.map((r) => r.id);
    const [updates, appeals] = await Promise.all([
      repo.updatesOf(db, holder, ids),
      repo.appealsOf(db, holder, ids),
    ]);
    return { rows, updates, appeals };
  }

  /**
   * The views, once the transaction is over: names and the catalogue are read as the table owner, which on the
   * embedded database (one connection) must wait for the scoped transaction to end.
   */
  async function present(actor: Actor, { rows, updates, appeals }: Loaded) {
    const all = await rules();
    const named = namedIn(rows, updates);
    const names = await careRepo.namesOf(database.system, named.persons, named.orgs);
    const now = new Date();
    const refusal = decideRefusal(actor);
    return rows.map((row) => {
      const appeal = appeals.find((a) => a.requestId === row.id);
      const window =
        isAdverse(row.decision) && row.noticeSentOn && !appeal
          ? appealFilingWindow(all, row.ruleProgram, row.noticeSentOn)
          : null;
      return requestView({
        rules: all,
        row,
        updates: updates.filter((u) => u.requestId === row.id),
        appeal,
        appealWindow: window?.rule
          ? {
              rule: window.rule,
              dueOn: window.dueOn,
              continuationUntil: window.continuationUntil,
              explanation: window.explanation,
            }
          : null,
        names,
        decideRefusal: refusal,
        now,
      });
    });
  }

  /** One request's view as the actor sees it now, and its holder (the caller audits the read, or the change). */
  async function viewOf(actor: Actor, id: string) {
    const loaded = await scoped(
      actor,
      async (db, orgId) => {
        const row = await visibleRequest(db, orgId, id);
        return load(db, row.orgId, [row]);
      },
      { read: true },
    );
    return { view: (await present(actor, loaded))[0]!, holder: loaded.rows[0]!.orgId };
  }

  return { database, audit, files, scoped, rules, visibleRequest, load, present, viewOf };
}

/** A notice goes out on or after the decision's day, and is recorded once sent (not ahead). */
export function checkNoticeDay(noticeSentOn: string, decidedOn: string) {
  if (noticeSentOn < decidedOn)
    throw validationFailed([
      {
        path: 'body.noticeSentOn',
        message: `The notice goes out on or after the decision, ${dayWords(decidedOn)}`,
      },
    ]);
  if (noticeSentOn > massachusettsToday())
    throw validationFailed([
      {
        path: 'body.noticeSentOn',
        message: 'Record the notice once it is sent: the day cannot be in the future',
      },
    ]);
}

export type CareRequestsContext = ReturnType<typeof careRequestsContext>;
