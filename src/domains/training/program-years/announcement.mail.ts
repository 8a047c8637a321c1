// The words of a live event's announcement: one text serves the newsletter block and the mailbox e-mail.

export interface AnnouncedEvent {
  title: string;
  topicTitle: string;
  ownerName: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  speaker: string | null;
  description: string | null;
}

/** "Tuesday, January 12, 2027, 12:00 PM – 1:00 PM EST", in the event's own time zone. */
export function eventWhen(e: Pick<AnnouncedEvent, 'startsAt' | 'endsAt' | 'timeZone'>) {
  const day = new Intl.DateTimeFormat('en-US', {
    timeZone: e.timeZone,
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  const time = (zone: boolean) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone: e.timeZone,
      hour: 'numeric',
      minute: '2-digit',
      ...(zone ? { timeZoneName: 'short' as const } : {}),
    });
  const start = new Date(e.startsAt);
  const end = new Date(e.endsAt);
  const sameDay = day.format(start) === day.format(end);
  return sameDay
    ? `${day.format(start)}, ${time(false).format(start)} – ${time(true).format(end)}`
    : `${day.format(start)}, ${time(true).format(start)} – ${day.format(end)}, ${time(true).format(end)}`;
}

export function announcementFor(e: AnnouncedEvent, links: { registerUrl: string; eventsUrl: string }) {
  const lines = [
    `${e.title}`,
    `Live webinar · ${eventWhen(e)}`,
    e.speaker ? `Speaker: ${e.speaker}` : null,
    `Topic: ${e.topicTitle}`,
    e.description ? `\n${e.description}` : null,
    '',
    `Register: ${links.registerUrl}`,
    `All upcoming events: ${links.eventsUrl}`,
    '',
    `Offered by ${e.ownerName}.`,
  ];
  return {
    subject: `Live training: ${e.title} (${eventWhen(e).split(', ').slice(0, 3).join(', ')})`,
    text: lines.filter((l) => l !== null).join('\n'),
  };
}
