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
