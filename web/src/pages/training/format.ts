import type { SessionView } from '../../../../src/domains/training/training.schemas.js';

export {
  COMPLETION_METHOD_LABELS as METHOD_LABELS,
  REGISTRATION_LABELS,
  SESSION_KIND_LABELS,
} from '../../../../src/domains/training/training.labels.js';
export type {
  CompletionView,
  SessionView,
  TopicView,
} from '../../../../src/domains/training/training.schemas.js';

/** When a session runs, in its own time zone (a webinar at 10:00 in Boston is 10:00 EST wherever it is read). */
export function when(s: Pick<SessionView, 'startsAt' | 'endsAt' | 'timeZone' | 'durationMinutes'>) {
  if (!s.startsAt) return s.durationMinutes ? `Any time · ${s.durationMinutes} minutes` : 'Any time';
  const start = new Intl.DateTimeFormat('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: s.timeZone,
  }).format(new Date(s.startsAt));
  const end = s.endsAt
    ? new Intl.DateTimeFormat('en-US', {
        hour: 'numeric',
        minute: '2-digit',
        timeZone: s.timeZone,
        timeZoneName: 'short',
      }).format(new Date(s.endsAt))
    : '';
  return end ? `${start} – ${end}` : start;
}

/** Seats left, in words: "3 seats left", "Full: waitlist open", or no limit. */
export function seatsText(seatsLeft: number | null) {
  if (seatsLeft == null) return 'Open';
  if (seatsLeft === 0) return 'Full: waitlist open';
  return `${seatsLeft} seat${seatsLeft === 1 ? '' : 's'} left`;
}

/** When an attestation link closes, or closed: a day that has passed is never said to be one it "closes" on. */
export function attestationClosing(closesAt: string, now = new Date()) {
  const closed = Date.parse(closesAt) <= now.getTime();
  const day = new Date(closesAt).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
  return { closed, words: `${closed ? 'closed' : 'closes'} on ${day}` };
}
