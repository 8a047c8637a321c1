// The rule each way of completing a topic applies. Pure functions: the service gathers the evidence.
import { plural } from '@contract/text/figures.js';

/** Without an explicit minimum, three quarters of the scheduled (or recorded) length counts. */
export const DEFAULT_ATTENDANCE_SHARE = 0.75;

export interface RuleOutcome {
  met: boolean;
  /** Why, in words a training administrator can act on. */
  reason: string;
}

/** The minimum set on the session, or the default share of its length (scheduled, or the recording's). */
export function minimumMinutes(session: {
  minMinutes: number | null;
  durationMinutes: number | null;
  startsAt?: string | null;
  endsAt?: string | null;
}): number {
  if (session.minMinutes != null) return session.minMinutes;
  const scheduled =
    session.startsAt && session.endsAt
      ? (Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000
      : 0;
  return Math.ceil((session.durationMinutes ?? scheduled) * DEFAULT_ATTENDANCE_SHARE);
}

/** Live webinar: attended at least the minimum minutes (rejoins summed, overlaps counted once). */
export function liveRule(attendedMinutes: number, minimum: number): RuleOutcome {
  return attendedMinutes >= minimum
    ? { met: true, reason: `Attended ${plural(attendedMinutes, 'minute')} (at least ${minimum} required)` }
    : {
        met: false,
        reason:
          attendedMinutes === 0
            ? `No attendance is recorded for this person (at least ${minimum} minutes required)`
            : `Attended ${plural(attendedMinutes, 'minute')}; at least ${minimum} are required`,
      };
}

/** Whole minutes of a recording watched: the time the server credited, never more than its length. */
export function watchedMinutes(creditedMs: number, session: { durationMinutes: number | null }): number {
  const minutes = Math.floor(creditedMs / 60_000);
  return session.durationMinutes == null ? minutes : Math.min(minutes, session.durationMinutes);
}

/** Recorded webinar: watched at least the minimum minutes of the recording. */
export function recordedRule(watchedMinutes: number, minimum: number): RuleOutcome {
  return watchedMinutes >= minimum
    ? { met: true, reason: `Watched ${plural(watchedMinutes, 'minute')} (at least ${minimum} required)` }
    : { met: false, reason: `Watched ${plural(watchedMinutes, 'minute')}; at least ${minimum} are required` };
}

export interface Attempt {
  score: number;
}

/**
 * Self-paced module: every page viewed and then, when it has a knowledge check, a score at or above the pass
 * mark within the attempts allowed (attempts after the allowance do not count); without one, the learner
 * marking it complete (decision 023).
 */
export function selfPacedRule(input: {
  pages: number;
  pagesViewed: number;
  passMark: number | null;
  maxAttempts: number | null;
  attempts: Attempt[];
  markedComplete?: boolean;
}): RuleOutcome {
  if (input.pagesViewed < input.pages) {
    return { met: false, reason: `Viewed ${input.pagesViewed} of ${input.pages} pages` };
  }
  if (input.passMark == null) {
    const viewed = input.pages === 1 ? 'Viewed the page' : `Viewed all ${input.pages} pages`;
    return input.markedComplete
      ? { met: true, reason: `${viewed} and marked it complete` }
      : { met: false, reason: `${viewed}: mark the module as complete to finish` };
  }
  const counted = input.maxAttempts == null ? input.attempts : input.attempts.slice(0, input.maxAttempts);
  const best = counted.reduce((m, a) => Math.max(m, a.score), -1);
  if (best >= input.passMark) {
    return { met: true, reason: `Passed the knowledge check with ${best}% (pass mark ${input.passMark}%)` };
  }
  if (counted.length === 0) return { met: false, reason: 'The knowledge check has not been taken' };
  const left = input.maxAttempts == null ? null : input.maxAttempts - counted.length;
  return {
    met: false,
    reason: `Best score ${best}%, below the pass mark of ${input.passMark}%${left === 0 ? '; no attempts left' : ''}`,
  };
}

/** Whether another knowledge-check attempt is allowed. */
export function attemptsLeft(maxAttempts: number | null, taken: number): number | null {
  return maxAttempts == null ? null : Math.max(0, maxAttempts - taken);
}
