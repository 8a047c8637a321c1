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
  },
  pageUrl: string,
  now = new Date(),
): string {
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
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${session.id}@concord`,
    `DTSTAMP:${stamp(now.toISOString())}`,
    `DTSTART:${stamp(new Date(session.startsAt).toISOString())}`,
    `DTEND:${stamp(new Date(session.endsAt).toISOString())}`,
    `SUMMARY:${escapeText(session.title)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `ORGANIZER;CN=${escapeText(session.ownerName).replace(/"/g, '')}:mailto:noreply@concord.invalid`,
    session.joinUrl ? `LOCATION:${escapeText(session.joinUrl)}` : null,
    `URL:${pageUrl}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ].filter((l): l is string => l !== null);
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
