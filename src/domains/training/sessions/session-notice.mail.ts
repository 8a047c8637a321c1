// The e-mails a session's registrants get, each with the session as a calendar file (RFC 5545/5546).
import type { MailAttachment } from '../../../platform/mail/outbox.js';
import { eventWhen } from '../program-years/announcement.mail.js';
import { type CalendarOptions, calendarFor } from './session-calendar.ics.js';

export type Notice = 'registered' | 'waitlisted' | 'promoted' | 'changed' | 'cancelled' | 'reminder';

export interface NoticeSession {
  id: string;
  title: string;
  topicTitle: string;
  ownerName: string;
  startsAt: string | null;
  endsAt: string | null;
  timeZone: string;
  joinUrl: string | null;
  speaker: string | null;
  calendarSequence: number;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface Recipient {
  name: string;
  email: string;
  /** Their place: a waitlisted person's calendar entry is tentative. */
  status: 'registered' | 'waitlisted';
}

/** The subject, text and calendar file of one notice to one registrant. */
export function noticeFor(
  notice: Notice,
  session: NoticeSession,
  to: Recipient,
  pageUrl: string,
  now = new Date(),
): { subject: string; body: string; attachments: MailAttachment[] } {
  const dated = session.startsAt && session.endsAt;
  const when = dated
    ? eventWhen({ startsAt: session.startsAt!, endsAt: session.endsAt!, timeZone: session.timeZone })
    : null;
  const waiting = to.status === 'waitlisted';
  const lead: Record<Notice, [subject: string, text: string]> = {
    registered: [`Registered: ${session.title}`, 'You are registered for this session.'],
    waitlisted: [
      `Waitlisted: ${session.title}`,
      'The session is full, so you are on its waitlist. If a seat frees, it is yours in turn and we will e-mail you.',
    ],
    promoted: [
      `A seat is yours: ${session.title}`,
      'A seat freed, and you moved from the waitlist: you are registered.',
    ],
    changed: [
      `Changed: ${session.title}`,
      `${session.ownerName} changed this session; the details below are the current ones.${waiting ? ' You are still on the waitlist.' : ''}`,
    ],
    cancelled: [
      `Cancelled: ${session.title}`,
      `${session.ownerName} cancelled this session.${session.cancelReason ? `\nReason: ${session.cancelReason}` : ''}`,
    ],
    reminder: [`Tomorrow: ${session.title}`, 'A reminder: you are registered for this session.'],
  };
  const [subject, text] = lead[notice];
  const body = [
    `${to.name},`,
    '',
    text,
    '',
    session.title,
    when ? `When: ${when}` : null,
    `Topic: ${session.topicTitle}`,
    session.speaker ? `Speaker: ${session.speaker}` : null,
    notice !== 'cancelled' && !waiting && session.joinUrl ? `Join: ${session.joinUrl}` : null,
    `Details: ${pageUrl}`,
    '',
    `Offered by ${session.ownerName}.`,
  ]
    .filter((l) => l !== null)
    .join('\n');
  const options: CalendarOptions = {
    method: notice === 'cancelled' ? 'CANCEL' : 'REQUEST',
    attendee: { name: to.name, email: to.email },
    tentative: waiting,
    now,
  };
  const ics = dated ? calendarFor(session, pageUrl, options) : '';
  const attachments = ics
    ? [
        {
          filename: notice === 'cancelled' ? 'cancelled.ics' : 'session.ics',
          contentType: `text/calendar; charset=utf-8; method=${options.method}`,
          content: ics,
        },
      ]
    : [];
  return { subject, body, attachments };
}
