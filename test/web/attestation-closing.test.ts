import { describe, expect, it } from 'vitest';
import { attestationClosing, seatsText } from '../../web/src/pages/training/format.js';

/**
 * The session page told the organiser that an expired attestation link "closes" on a day already past;
 * a link whose day has passed is said to have closed (and the page offers to reopen it).
 */
describe('when an attestation link closes', () => {
  const now = new Date('2026-11-30T12:00:00Z');

  it('says it closed on a day that has passed', () => {
    expect(attestationClosing('2026-11-01T12:00:00Z', now)).toEqual({
      closed: true,
      words: expect.stringMatching(/^closed on Nov 1, 2026/),
    });
  });

  it('says it closes on a day still to come', () => {
    expect(attestationClosing('2026-12-14T12:00:00Z', now)).toEqual({
      closed: false,
      words: expect.stringMatching(/^closes on Dec 14, 2026/),
    });
  });
});

describe('seats left, in words', () => {
  it('counts the seats, says when only the waitlist is open, and says nothing of a limit there is not', () => {
    expect([seatsText(3), seatsText(1), seatsText(0), seatsText(null)]).toEqual([
      '3 seats left',
      '1 seat left',
      'Full: waitlist open',
      'Open',
    ]);
  });
});
