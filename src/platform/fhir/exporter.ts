// What a domain gives the FHIR bulk export (decision 066): an exporter per resource type, which reads what
// the actor may see a batch at a time, and the helper that makes one from a domain's paged list.
import type { Actor } from '../auth/actor.js';
import type { Json } from './fhir.js';

/** What an exporter is asked for: as whom, changed since when, and which Group's members (Group level). */
export interface ExportScope {
  actor: Actor;
  since: Date | null;
  group: string | null;
}

/** A domain's resources of one type, a batch at a time, as the actor may see them. */
export interface FhirExporter {
  type: string;
  /** In the Patient compartment: exported at Patient and Group level as well as system level. */
  patientCompartment: boolean;
  /** Whether the actor's roles let them read this type at all (their policy; the rows are scoped as they go). */
  readableBy(actor: Actor): boolean;
  batches(scope: ExportScope): AsyncIterable<Json[]>;
}

export type ExportLevel = 'system' | 'patient' | 'group';

/** Changed after the time: a resource that does not say when it last changed is always given. */
export const changedSince = (r: Json, since: Date | null) => {
  const at = (r.meta as { lastUpdated?: string } | undefined)?.lastUpdated;
  return !since || !at || Date.parse(at) > since.getTime();
};

/**
 * A system-level exporter over a domain's paged list: `list` gives a page of what the actor sees (through
 * the domain's service: its policy, scope and audit), `map` its resources; pages are read until one comes
 * back short.
 */
export function pagedExporter<T>(
  type: string,
  readableBy: (actor: Actor) => boolean,
  list: (actor: Actor, page: { offset: number; limit: number }) => Promise<T[]>,
  map: (actor: Actor, items: T[]) => Json[] | Promise<Json[]>,
  limit = 500,
): FhirExporter {
  return {
    type,
    patientCompartment: false,
    readableBy,
    async *batches({ actor, since }) {
      for (let offset = 0; ; offset += limit) {
        const items = await list(actor, { offset, limit });
        yield (await map(actor, items)).filter((r) => changedSince(r, since));
        if (items.length < limit) return;
      }
    },
  };
}
