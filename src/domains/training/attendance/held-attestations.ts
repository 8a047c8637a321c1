import type { AuditActor, AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/client.js';
import { liveRule, minimumMinutes } from '../completions/completion-rules.js';
import { completeSession } from '../completions/session-completion.js';
import { decideAttestation, heldAttestations } from '../participation/participation.repository.js';
import type { SessionRow } from '../sessions/sessions.repository.js';
import { attendanceOf } from './attendance.repository.js';
import { attendedMinutes } from './matching.js';

type LiveSession = Pick<
  SessionRow,
  'id' | 'orgId' | 'topicId' | 'kind' | 'startsAt' | 'endsAt' | 'minMinutes' | 'durationMinutes'
>;

/** What brought the attendance that now meets the rule, in the words of the note kept with the attestation. */
const BECAUSE = {
  import: 'the attendance report was imported',
  match: 'an attendance row was matched by hand',
} as const;

/**
 * Accepts the session's held attestations whose attendance now meets its rule (the report was imported or a
 * row matched after they attested), completing the topic for each, with a note saying why and an audit
 * event each. Attestations the team rejected, and those still short, are left as they are.
 */
export async function acceptMetAttestations(
  db: Db,
  audit: AuditTrail,
  actor: AuditActor,
  session: LiveSession,
  because: keyof typeof BECAUSE,
  details: Record<string, unknown> = {},
) {
  if (session.kind !== 'live') return [];
  const minimum = minimumMinutes(session);
  const accepted: { attestationId: string; personId: string; completionId: string }[] = [];
  for (const held of await heldAttestations(db, session.id)) {
    const rows = await attendanceOf(db, session.id, held.personId);
    const minutes = attendedMinutes(
      rows.map((r) => ({
        joinedAt: r.joinedAt ? new Date(r.joinedAt) : null,
        leftAt: r.leftAt ? new Date(r.leftAt) : null,
        minutes: r.minutes,
      })),
    );
    const rule = liveRule(minutes, minimum);
    if (!rule.met) continue;
    const reason = `Accepted automatically when ${BECAUSE[because]}: ${rule.reason}. Held at attestation: ${held.reason ?? 'no reason recorded'}`;
    const decided = await decideAttestation(db, session.id, held.id, 'accepted', reason);
    if (!decided) continue; // decided by someone else meanwhile
    const completionId = await completeSession(db, session, {
      personId: held.personId,
      personName: held.personName,
      evidence: { attestationId: held.id, minutes, minimum, joins: rows.length, acceptedWhen: because },
      recordedBy: actor.userId,
      recordedByName: `${actor.name} (attestation accepted when ${BECAUSE[because]})`,
    });
    await audit.recordChange(db, actor, {
      action: 'attestation.accepted',
      entityType: 'training_session',
      entityId: session.id,
      orgId: session.orgId,
      details: {
        ...details,
        attestationId: held.id,
        personId: held.personId,
        reason,
        completionId,
        automatic: true,
      },
    });
    accepted.push({ attestationId: held.id, personId: held.personId, completionId });
  }
  return accepted;
}
