import type { SessionView } from '@contract/training/training.schemas.js';
import { formatDateTime, plural } from '../../format.js';

export {
  COMPLETION_METHOD_LABELS as METHOD_LABELS,
  REGISTRATION_LABELS,
  SESSION_KIND_LABELS,
} from '@contract/training/training.labels.js';
export type {
  CompletionView,
  SessionView,
  TopicView,
} from '@contract/training/training.schemas.js';

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

/**
 * What a person does to complete a session, as the session page says it. For a recording it states the
 * watch-time rule of decision 022 (the server counts time while it plays and the page is open and visible,
 * never more than the recording's length) and that the session is finished on the attestation page.
 */
export function howToComplete(
  s: Pick<SessionView, 'kind' | 'minMinutes' | 'passMark' | 'durationMinutes' | 'videoUrl'>,
) {
  if (s.kind === 'self_paced')
    return `View every page${s.passMark != null ? ` and score at least ${s.passMark}% on the knowledge check` : ''}`;
  if (s.kind === 'live')
    return `Attend at least ${s.minMinutes} minutes, then attest through the link the team running it gives at its end`;
  const length = s.durationMinutes ? ` of its ${s.durationMinutes}` : '';
  return (
    `Watch at least ${s.minMinutes}${length} minutes of the recording, then attest with the button below. ` +
    'Time counts only while the recording plays (or, for a recording that opens in another window, while ' +
    'this page stays open beside it) and this page is visible; it never counts past the recording’s length. ' +
    'The attestation page shows the minutes counted so far.'
  );
}

/** The length of a live event in whole minutes, the default length of its recording. */
export function scheduledMinutes(s: Pick<SessionView, 'startsAt' | 'endsAt'>) {
  return s.startsAt && s.endsAt ? Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000) : null;
}

/** Seats left, in words: "3 seats left", "Full: waitlist open", or no limit. */
export function seatsText(seatsLeft: number | null) {
  if (seatsLeft == null) return 'Open';
  if (seatsLeft === 0) return 'Full: waitlist open';
  return `${plural(seatsLeft, 'seat')} left`;
}

/** When an attestation link closes, or closed, in Massachusetts time: a day that has passed is never said to be one it "closes" on. */
export function attestationClosing(closesAt: string, now = new Date()) {
  const closed = Date.parse(closesAt) <= now.getTime();
  return { closed, words: `${closed ? 'closed' : 'closes'} on ${formatDateTime(closesAt)}` };
}
