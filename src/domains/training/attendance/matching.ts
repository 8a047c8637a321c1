// Matching participant rows to people: by e-mail (any case, any spelling that normalises to it), then by
// name or the alias in parentheses among the session's registrants. A row that matches no one, or more than
// one, is left for a person to match by hand: never dropped, never guessed.
import { emailKey } from '@contract/text/identifiers.js';
import type { ParticipantRow } from './participant-report.js';

/**
 * A report row's e-mail as a look-up key: normalised as stored addresses are (full-width letters read as
 * plain, invisible characters dropped), so a visually identical address finds the same person.
 */
export const participantEmailKey = (email: string | null) => (email ? emailKey(email) : null);

/** The distinct addresses of a report, as keys to look people up by. */
export const participantEmails = (rows: readonly ParticipantRow[]) => [
  ...new Set(rows.flatMap((r) => (r.email ? [participantEmailKey(r.email)!] : []))),
];

export interface Candidate {
  personId: string;
  givenName: string;
  familyName: string;
  email: string;
}

export interface MatchedRow extends ParticipantRow {
  personId: string | null;
  matchedBy: 'email' | 'name' | 'alias' | 'manual' | null;
}

/** Lower case, accents and punctuation folded, spaces collapsed: "Nguyễn Thị Lan" ~ "nguyen thi lan". */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "Jean-Baptiste Pierre (JB Pierre)" gives the name and the alias. */
export function namesIn(display: string): { name: string; alias: string | null } {
  const m = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(display);
  return m ? { name: m[1]!.trim(), alias: m[2]!.trim() || null } : { name: display.trim(), alias: null };
}

export function matchParticipants(
  rows: ParticipantRow[],
  byEmail: Map<string, string>,
  registrants: Candidate[],
): MatchedRow[] {
  const byName = new Map<string, string[]>();
  for (const c of registrants) {
    const key = foldName(`${c.givenName} ${c.familyName}`);
    byName.set(key, [...(byName.get(key) ?? []), c.personId]);
  }
  const unique = (key: string) => {
    const ids = byName.get(key);
    return ids && ids.length === 1 ? ids[0]! : null;
  };
  return rows.map((row) => {
    const key = participantEmailKey(row.email);
    const emailMatch = key ? byEmail.get(key) : undefined;
    if (emailMatch) return { ...row, personId: emailMatch, matchedBy: 'email' };
    const { name, alias } = namesIn(row.name);
    const byFullName = unique(foldName(name));
    if (byFullName) return { ...row, personId: byFullName, matchedBy: 'name' };
    const byAlias = alias ? unique(foldName(alias)) : null;
    if (byAlias) return { ...row, personId: byAlias, matchedBy: 'alias' };
    return { ...row, personId: null, matchedBy: null };
  });
}

/**
 * Minutes attended across a person's rows: overlapping joins (two devices) count once, rejoins add up.
 * Rows without times add their stated minutes.
 */
export function attendedMinutes(
  rows: { joinedAt: Date | null; leftAt: Date | null; minutes: number }[],
): number {
  const timed = rows
    .filter((r) => r.joinedAt && r.leftAt && r.leftAt >= r.joinedAt)
    .map((r) => [+r.joinedAt!, +r.leftAt!] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = rows
    .filter((r) => !(r.joinedAt && r.leftAt && r.leftAt >= r.joinedAt))
    .reduce((s, r) => s + r.minutes, 0);
  let start = -1;
  let end = -1;
  let ms = 0;
  for (const [a, b] of timed) {
    if (a > end) {
      if (end > start) ms += end - start;
      start = a;
      end = b;
    } else end = Math.max(end, b);
  }
  if (end > start) ms += end - start;
  total += Math.round(ms / 60_000);
  return total;
}
