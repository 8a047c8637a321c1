import { describe, expect, it } from 'vitest';
import { howToComplete, scheduledMinutes } from '../../web/src/pages/training/format.js';

/**
 * What a session's page tells a learner to do. A recording used to say "attest through the link" and show
 * none; it now says where to attest and the watch-time rule the server applies (decision 022).
 */
describe('how to complete a session, as its page says it', () => {
  const recording = {
    kind: 'recorded' as const,
    minMinutes: 90,
    durationMinutes: 120,
    passMark: null,
    videoUrl: 'https://video.example/x.mp4',
  };

  it('tells a recording’s viewer the minutes, where to attest, and when time counts', () => {
    const words = howToComplete(recording);
    expect(words).toContain('Watch at least 90 of its 120 minutes');
    expect(words).toContain('attest with the button below');
    expect(words).toMatch(/only while the recording plays/);
    expect(words).toMatch(/this page is visible/);
    expect(words).toMatch(/never counts past the recording’s length/);
    expect(words).not.toContain('through the link');
  });

  it('says who gives a live session’s link', () => {
    expect(howToComplete({ ...recording, kind: 'live' })).toBe(
      'Attend at least 90 minutes, then attest through the link the team running it gives at its end',
    );
  });

  it('starts a recording’s length at its event’s: 120 minutes for a two-hour webinar', () => {
    expect(scheduledMinutes({ startsAt: '2026-11-10T15:00:00Z', endsAt: '2026-11-10T17:00:00Z' })).toBe(120);
    expect(scheduledMinutes({ startsAt: null, endsAt: null })).toBeNull();
  });
});
