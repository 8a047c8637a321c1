// Recomputing kept statuses a slice of people at a time (decision 020): each slice's facts are loaded,
// evaluated and written before the next is read, and requests go first between slices, so that a network of
// any size neither fills memory nor holds up the requests being served beside it.
import type { Db } from '../../platform/db/client.js';
import { requestsPerSecond } from '../../platform/http/activity.js';
import { evaluateAll } from './evaluation.js';
import { loadExemptions } from './exemptions.repository.js';
import { type Filter, loadPopulation, loadSatisfiers } from './population.repository.js';
import type { RequirementOn } from './requirements.repository.js';
import { type ProgramOf, replacePeople, type Summary } from './status-summary.js';
import { deletePeopleRows, insertRows } from './statuses.repository.js';

/** People per slice: a few thousand person × requirement rows. */
export const SLICE_PEOPLE = 1_000;

/**
 * Lets requests go first: the event loop is given back, and the next slice waits as long as the last one took,
 * and longer the busier the server is — one more slice's time for every 20 requests a second being served, up
 * to twenty — so that a recompute takes at most about half of the server's and the database's time when it is
 * quiet, and a small share while people are using it (figures say "updating" meanwhile).
 */
const yieldToRequests = (lastSliceMs: number) => {
  const busy = Math.min(20, Math.floor(requestsPerSecond() / 20));
  return new Promise<void>((resolve) => setTimeout(resolve, Math.min(lastSliceMs * (1 + busy), 10_000)));
};
/** PGlite's one connection is held by the transaction throughout: waiting there would only hold requests up. */
const yieldOnly = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Some people's statuses at an organisation on a day, with the organisation's requirements already read. */
export async function computeFor(
  db: Db,
  orgId: string,
  asOf: string,
  requirements: RequirementOn[],
  filter: Filter,
) {
  // One after another: `db` may be a transaction, whose one connection takes one query at a time.
  const population = await loadPopulation(db, orgId, asOf, filter);
  const satisfiers = await loadSatisfiers(db, orgId, asOf, filter);
  const exemptions = await loadExemptions(db, orgId, asOf, filter.personIds, filter.asKnownOn);
  return evaluateAll(requirements, population, satisfiers, exemptions, asOf);
}

/**
 * Replaces the kept rows of `people` with their statuses today, a slice at a time, in the caller's
 * transaction (so readers see the old rows until it commits), and returns the summary with them replaced.
 * `replacing: false` when the organisation's rows were all deleted first: nothing to take away.
 */
export async function recomputePeople(
  tx: Db,
  props: {
    orgId: string;
    today: string;
    requirements: RequirementOn[];
    programOf: ProgramOf;
    people: readonly string[];
    summary: Summary;
    replacing: boolean;
    slicePeople?: number | undefined;
    /** Wait between slices (PostgreSQL), rather than only give the event loop back (PGlite). */
    pause: boolean;
  },
): Promise<Summary> {
  const { orgId, today, requirements, programOf, people } = props;
  const size = props.slicePeople ?? SLICE_PEOPLE;
  let summary = props.summary;
  let started = performance.now();
  for (let i = 0; i < people.length; i += size) {
    if (i > 0) {
      await (props.pause ? yieldToRequests(performance.now() - started) : yieldOnly());
      started = performance.now();
    }
    const slice = people.slice(i, i + size);
    const before = props.replacing ? await deletePeopleRows(tx, orgId, slice) : [];
    const after = await computeFor(tx, orgId, today, requirements, { personIds: slice });
    await insertRows(tx, orgId, after);
    summary = replacePeople(summary, before, after, programOf);
  }
  return summary;
}
