// An iCalendar (RFC 5545) file for one session, written by hand: one event, times in UTC.

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
/** Text values escape backslash, semicolon, comma and newlines; lines fold at 75 octets. */
const escapeText = (s: string) => s.replace(/[\\;,]/g, '\\$&').replace(/\r?\n/g, '\\n');
function fold(line: string) {
  const out: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let cut = 75;
    while (Buffer.byteLength(rest.slice(0, cut)) > 75) cut--;
    out.push(rest.slice(0, cut));
    rest = ` ${rest.slice(cut)}`;
  }
  out.push(rest);
  return out.join('\r\n');
}

/**
 * How the file is sent: PUBLISH to download; REQUEST to a registrant (their copy of the event, replaced by
 * each REQUEST with a higher SEQUENCE); CANCEL when the session is called off. TENTATIVE for a place on the
 * waitlist.
 */
export interface CalendarOptions {
  method?: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  attendee?: { name: string; email: string };
  tentative?: boolean;
  now?: Date;
}

export function calendarFor(
  session: {
    id: string;
    title: string;
    topicTitle: string;
    startsAt: string | null;
    endsAt: string | null;
    joinUrl: string | null;
    speaker: string | null;
    ownerName: string;
    calendarSequence?: number;
    cancelledAt?: string | null;
  },
  pageUrl: string,
  options: CalendarOptions = {},
): string {
  const { method = 'PUBLISH', attendee, tentative = false, now = new Date() } = options;
  const cancelled = method === 'CANCEL' || Boolean(session.cancelledAt);
  if (!session.startsAt || !session.endsAt) return '';
  const description = [
    `Topic: ${session.topicTitle}`,
    session.speaker ? `Speaker: ${session.speaker}` : null,
    session.joinUrl ? `Join: ${session.joinUrl}` : null,
    `Details and attestation: ${pageUrl}`,
  ]
    .filter(Boolean)
    .join('\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Concord//Training//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${method}`,
    'BEGIN:VEVENT',
    `UID:${session.id}@concord`,
    `DTSTAMP:${stamp(now.toISOString())}`,
    `SEQUENCE:${session.calendarSequence ?? 0}`,
    `STATUS:${cancelled ? 'CANCELLED' : tentative ? 'TENTATIVE' : 'CONFIRMED'}`,
    `DTSTART:${stamp(new Date(session.startsAt).toISOString())}`,
    `DTEND:${stamp(new Date(session.endsAt).toISOString())}`,
    `SUMMARY:${escapeText(session.title)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `ORGANIZER;CN=${escapeText(session.ownerName).replace(/"/g, '')}:mailto:noreply@concord.invalid`,
    attendee
      ? `ATTENDEE;CN=${escapeText(attendee.name).replace(/"/g, '')};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${attendee.email}`
      : null,
    session.joinUrl ? `LOCATION:${escapeText(session.joinUrl)}` : null,
    `URL:${pageUrl}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].filter((l): l is string => l !== null);
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
