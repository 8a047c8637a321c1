// A service request as a FHIR R4 ServiceRequest (issue 20): what was asked, for whom, when received and how urgent;
// its status follows the plan's decision (a denial revokes it). Labelled when tagged under 42 CFR Part 2.
import {
  DENIAL_REASON_LABELS,
  REQUEST_DECISION_LABELS,
  REQUESTER_LABELS,
} from '@contract/care/requests.labels.js';
import type { RequestView } from '@contract/care/requests.schemas.js';
import { labelled } from '../part2/redisclosure.js';

type Json = Record<string, unknown>;

export function toServiceRequest(r: RequestView): Json {
  const d = r.decision;
  const notes = [
    ...(r.details ? [{ text: r.details }] : []),
    ...(d
      ? [
          {
            time: d.decidedAt,
            text: `${REQUEST_DECISION_LABELS[d.decision]}${d.denialReason ? `: ${DENIAL_REASON_LABELS[d.denialReason]}` : ''}${d.explanation ? `. ${d.explanation}` : ''}`,
          },
        ]
      : []),
  ];
  return {
    resourceType: 'ServiceRequest',
    id: r.id,
    meta: labelled({ lastUpdated: d?.decidedAt ?? r.receivedAt }, r.part2),
    status: d?.decision === 'denied' ? 'revoked' : 'active',
    intent: 'order',
    priority: r.priority === 'expedited' ? 'urgent' : 'routine',
    code: { text: r.service },
    subject: { reference: `Patient/${r.enrolleeId}` },
    authoredOn: r.receivedAt,
    requester: { display: `${REQUESTER_LABELS[r.requestedBy]} (recorded by ${r.recordedForOrgName})` },
    ...(notes.length ? { note: notes } : {}),
  };
}
