import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invisibleInserts, propertyRuns, withInvisible } from '../../../../test/support/invisible.js';
import { matchParticipants, participantEmails } from './matching.js';

/**
 * A participant report's e-mail that looks like a person's is that person: Zoom and Teams reports carry
 * what people typed or pasted, full-width letters and zero-width characters included.
 */
describe('matching a participant by an e-mail that looks right', () => {
  const maria = {
    personId: 'p1',
    givenName: 'Maria',
    familyName: 'Santos',
    email: 'maria.santos@bch.example',
  };
  const other = { personId: 'p2', givenName: 'Ana', familyName: 'Costa', email: 'ana.costa@bch.example' };
  const byEmail = new Map([maria, other].map((p) => [p.email, p.personId]));
  const row = (email: string) => ({
    rowNumber: 2,
    name: 'Device 7',
    email,
    joinedAt: null,
    leftAt: null,
    minutes: 45,
  });

  it('finds the person through full-width letters and invisible characters', () => {
    const rows = [row('ｍａｒｉａ.ｓａｎｔｏｓ@bch.example'), row('maria.san\u200Btos@bch.example\uFEFF')];
    expect(matchParticipants(rows, byEmail, []).map((m) => m.personId)).toEqual(['p1', 'p1']);
    expect(participantEmails(rows)).toEqual(['maria.santos@bch.example']);
  });

  it('with any invisible characters inserted matches the same person, never another', () => {
    fc.assert(
      fc.property(invisibleInserts, (inserts) => {
        const spoofed = row(withInvisible(maria.email, inserts));
        const [matched] = matchParticipants([spoofed], byEmail, [maria, other]);
        expect(matched!.personId).toBe('p1');
        expect(participantEmails([spoofed])).toEqual([maria.email]);
      }),
      propertyRuns(),
    );
  });
});
