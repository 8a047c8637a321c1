import { describe, expect, it } from 'vitest';
import { announcementFor, eventWhen } from './announcement.mail.js';

const event = {
  title: 'Cultural competence in care coordination',
  topicTitle: 'Cultural competence',
  ownerName: 'One Care Shared Learning',
  startsAt: '2027-01-12T17:00:00Z',
  endsAt: '2027-01-12T18:00:00Z',
  timeZone: 'America/New_York',
  speaker: 'Dana Whitfield, LICSW',
  description: null,
};

describe('announcement', () => {
  it('states the time in the event’s own zone, with the zone named', () => {
    expect(eventWhen(event)).toBe('Tuesday, January 12, 2027, 12:00 PM – 1:00 PM EST');
    expect(eventWhen({ ...event, startsAt: '2027-07-13T16:00:00Z', endsAt: '2027-07-13T17:30:00Z' })).toBe(
      'Tuesday, July 13, 2027, 12:00 PM – 1:30 PM EDT',
    );
  });

  it('names both days when an event runs past midnight', () => {
    expect(eventWhen({ ...event, startsAt: '2027-01-13T04:00:00Z', endsAt: '2027-01-13T06:00:00Z' })).toBe(
      'Tuesday, January 12, 2027, 11:00 PM EST – Wednesday, January 13, 2027, 1:00 AM EST',
    );
  });

  it('gives the newsletter block: title, time, speaker, topic and the registration link', () => {
    const a = announcementFor(event, {
      registerUrl: 'https://concord.example/training/sessions/1',
      eventsUrl: 'https://concord.example/events',
    });
    expect(a.subject).toBe(
      'Live training: Cultural competence in care coordination (Tuesday, January 12, 2027)',
    );
    expect(a.text.split('\n')).toEqual([
      'Cultural competence in care coordination',
      'Live webinar · Tuesday, January 12, 2027, 12:00 PM – 1:00 PM EST',
      'Speaker: Dana Whitfield, LICSW',
      'Topic: Cultural competence',
      '',
      'Register: https://concord.example/training/sessions/1',
      'All upcoming events: https://concord.example/events',
      '',
      'Offered by One Care Shared Learning.',
    ]);
  });
});
