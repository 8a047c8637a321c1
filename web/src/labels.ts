// The words for codes the web app shows: the same labels the server writes in its exports.
import {
  ORGANISATION_KIND_LABELS,
  RELATIONSHIP_LABELS as RELATIONSHIP_NAMES,
} from '../../src/domains/organisations/organisations.labels.js';
import { ROLE_LABELS as ROLE_NAMES } from '../../src/domains/people/people.labels.js';

// Looked up by the strings the API sends, so keyed by string here.
export const ORG_KIND_LABELS: Record<string, string> = ORGANISATION_KIND_LABELS;
export const ROLE_LABELS: Record<string, string> = ROLE_NAMES;
export const RELATIONSHIP_LABELS: Record<string, string> = RELATIONSHIP_NAMES;

export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
