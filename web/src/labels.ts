// The words for codes the web app shows: the same labels the server writes in its exports.
import {
  ORGANISATION_KIND_LABELS,
  RELATIONSHIP_LABELS as RELATIONSHIP_NAMES,
} from '@contract/organisations/organisations.labels.js';

// Looked up by the strings the API sends, so keyed by string here.
export const ORG_KIND_LABELS: Record<string, string> = ORGANISATION_KIND_LABELS;
export const RELATIONSHIP_LABELS: Record<string, string> = RELATIONSHIP_NAMES;

// Role names come from @contract/roles.js: the one set the server uses too.

export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));
