// A completion recorded from a session (attested, reviewed, a self-paced module passed) and the certificate
// code every completion carries: shared by attendance, attestation review, modules and the imports.
import { randomBytes } from 'node:crypto';
import { massachusettsDate, massachusettsToday } from '@contract/massachusetts-day.js';
import type { Db } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/http/errors.js';
import type { SessionRow } from '../sessions/sessions.repository.js';
import { TrainingErrors } from '../training.errors.js';
import * as records from './completions.repository.js';

/** Crockford base32 without look-alikes; 10 characters carry 50 bits, grouped for reading aloud. */
export function certificateCode() {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * Records that a person completed a session (attested, reviewed, or a self-paced module passed). The date is
 * the Massachusetts day of the session's end for a live webinar, otherwise today's there.
 */
export function completeSession(
  db: Db,
  session: Pick<SessionRow, 'orgId' | 'id' | 'topicId' | 'kind' | 'endsAt'>,
  c: {
    personId: string;
    personName: string;
    evidence: object;
    recordedBy: string | null;
    recordedByName: string;
  },
) {
  const completedOn = massachusettsDate(
    session.kind === 'live' && session.endsAt ? new Date(session.endsAt) : new Date(),
  );
  if (completedOn > massachusettsToday()) throw new AppError(TrainingErrors.SESSION_NOT_ENDED);
  return records.insertCompletion(db, {
    orgId: session.orgId,
    personId: c.personId,
    personName: c.personName,
    topicId: session.topicId,
    completedOn,
    method: session.kind,
    sessionId: session.id,
    evidence: c.evidence,
    recordedBy: c.recordedBy,
    recordedByName: c.recordedByName,
    certificateCode: certificateCode(),
  });
}
