import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from '../db/columns.js';

/** A sign-in account, tied to one person. Roles come from the person's roles at organisations. */
export const users = pgTable(
  'users',
  {
    id: id(),
    personId: uuid('person_id').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    isSystemAdmin: boolean('is_system_admin').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), uniqueIndex('users_person_key').on(t.personId)],
);

/** Server-side sessions; the cookie carries a random token whose SHA-256 is the key. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id').notNull(),
    activeOrgId: uuid('active_org_id'),
    csrfToken: text('csrf_token').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /**
     * Set while the password is right but the second factor is still owed (decision 067): 'code' to give
     * one, 'enrol' to set an authenticator up first. Such a session may do nothing else.
     */
    mfaPending: text('mfa_pending'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Sign-in attempts, counted by the sign-in throttle (decision 017). `ip` is the address as the throttle
 * counts it (an IPv6 address by its /64); the audit trail keeps the exact one.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: id(),
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    /** SHA-256 of the browser's device cookie (decision 017); null when it sent none. */
    device: text('device'),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_email_idx').on(t.email, t.at), index('login_attempts_ip_idx').on(t.ip, t.at)],
);
