import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../db/columns.js';

/**
 * A user's authenticator (decision 067). The secret is never sent out again once enrolment is confirmed;
 * `confirmedAt` is null while the person has been shown it but not yet given a code from it.
 */
export const userMfa = pgTable('user_mfa', {
  userId: uuid('user_id').primaryKey(),
  secret: text('secret').notNull(),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The last 30-second step a code was accepted for: no code at or before it is accepted again. */
  lastStep: integer('last_step'),
  /** Wrong codes since the last right one, and when the last was given (the wait doubles as they mount). */
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** Single-use recovery codes, kept as argon2id hashes. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: id(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('mfa_recovery_codes_user_idx').on(t.userId)],
);
