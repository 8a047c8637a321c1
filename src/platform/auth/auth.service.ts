import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { emailKey, normaliseEmail } from '@contract/text/identifiers.js';
import type { AuditTrail } from '../audit/audit.service.js';
import type { Database } from '../db/client.js';
import { AppError, validationFailed } from '../http/errors.js';
import type { Actor, Membership, MembershipLoader } from './actor.js';
import { AuthErrors, SignInThrottledError } from './auth.errors.js';
import * as attempts from './login-attempts.repository.js';
import { findMfa, finishSessionMfa } from './mfa.repository.js';
import { dummyPasswordHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.js';
import * as repo from './session.repository.js';
import { sessionCache } from './session-cache.js';
import { addressKey, throttleFor } from './sign-in-throttle.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
  /**
   * How long a resolved session is reused without asking the database again. Sign-out and switching
   * organisation take effect at once in this process; in another process, and for role changes, within
   * this time. 0 turns the cache off.
   */
  cacheMs: number;
}

interface CachedSession {
  actor: Omit<Actor, 'ip' | 'userAgent'>;
  lastSeenAt: number;
  expiresAt: number;
}

/** How long a session may owe its second factor before it ends (decision 067). */
const MFA_STEP_MINUTES = 15;

/** Last-seen is written at most this often, so most requests cost one read. */
const TOUCH_EVERY_MS = 60_000;

export const sessionKey = (token: string) => createHash('sha256').update(token).digest('hex');

export interface RequestOrigin {
  ip: string;
  userAgent: string | null;
}

/** A device cookie as Concord issues it (32 random bytes, base64url); anything else is ignored. */
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const deviceKey = (token: string) => createHash('sha256').update(token).digest('hex');

export function createAuthService(deps: {
  database: Database;
  audit: AuditTrail;
  memberships: MembershipLoader;
  policy: SessionPolicy;
  /** The clock sign-in throttling reads (tests move it). */
  now?: () => number;
}) {
  const { database, audit, memberships, policy, now: clock = Date.now } = deps;
  const db = database.system;
  const cache = sessionCache<CachedSession>(policy.cacheMs);

  function pickOrg(list: Membership[], wanted: string | null): string | null {
    if (wanted && list.some((m) => m.orgId === wanted)) return wanted;
    return list[0]?.orgId ?? null;
  }

  /** The session and its actor from the database, or nothing when there is no live session. */
  async function load(id: string): Promise<CachedSession | undefined> {
    const row = await repo.findSession(db, id);
    if (!row) return undefined;
    const { name, memberships: list } = await memberships(row.user.personId, row.user.isSystemAdmin);
    const orgId = pickOrg(list, row.session.activeOrgId);
    const active = list.find((m) => m.orgId === orgId);
    return {
      actor: {
        userId: row.user.id,
        personId: row.user.personId,
        name,
        email: row.user.email,
        isSystemAdmin: row.user.isSystemAdmin,
        orgId,
        roles: active?.roles ?? [],
        memberships: list,
        sessionId: id,
        csrfToken: row.session.csrfToken,
        ...(row.session.mfaPending === 'code' || row.session.mfaPending === 'enrol'
          ? { mfaPending: row.session.mfaPending }
          : {}),
      },
      lastSeenAt: row.session.lastSeenAt.getTime(),
      expiresAt: row.session.expiresAt.getTime(),
    };
  }

  return {
    /**
     * Signs in, given the browser's device cookie if it sent one. Answers the session token and the device
     * cookie to keep: the one given, or a new one, which lets this browser past other people's guessing at
     * the account next time (decision 017).
     */
    async signIn(input: { email: string; password: string }, origin: RequestOrigin, deviceToken?: string) {
      // Counted by the key the account is found by, so spellings of one address share one count.
      const email = emailKey(input.email);
      const address = addressKey(origin.ip);
      const device = deviceToken && DEVICE_TOKEN.test(deviceToken) ? deviceToken : null;
      const deviceHash = device ? deviceKey(device) : null;
      const at = new Date(clock());
      const history = await attempts.attemptHistory(db, email, address, deviceHash, at);
      const throttled = throttleFor(history, at.getTime());
      if (throttled) {
        const retryAfterSeconds = Math.ceil(throttled.waitMs / 1_000);
        await audit.recordNow(null, {
          action: 'sign-in.throttled',
          entityType: 'user',
          details: { email, ip: origin.ip, rule: throttled.rule, retryAfterSeconds },
        });
        throw new SignInThrottledError(throttled);
      }
      const user = await repo.findUserByEmail(db, input.email);
      const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
      const succeeded = Boolean(user && ok && !user.disabledAt);
      const keptDevice = device ?? randomBytes(32).toString('base64url');
      await attempts.recordLoginAttempt(db, {
        email,
        address,
        device: succeeded ? deviceKey(keptDevice) : deviceHash,
        succeeded,
        at,
      });
      if (!user || !ok || user.disabledAt) {
        await audit.recordNow(null, {
          action: 'sign-in.failed',
          entityType: 'user',
          entityId: user?.id ?? null,
          details: { email, ip: origin.ip },
        });
        throw new AppError(AuthErrors.AUTH_INVALID_CREDENTIALS);
      }
      const token = randomBytes(32).toString('base64url');
      const { memberships: list } = await memberships(user.personId, user.isSystemAdmin);
      const now = new Date();
      // The second factor is owed by whoever has enrolled one, and by whoever must and has not yet.
      const enrolled = Boolean((await findMfa(db, user.id))?.confirmedAt);
      const required = user.isSystemAdmin || list.some((m) => m.requiresMfa);
      const mfa = enrolled ? ('code' as const) : required ? ('enrol' as const) : null;
      const csrfToken = newCsrfToken();
      await repo.insertSession(db, {
        id: sessionKey(token),
        userId: user.id,
        activeOrgId: pickOrg(list, null),
        csrfToken,
        mfaPending: mfa,
        ip: origin.ip,
        userAgent: origin.userAgent,
        createdAt: now,
        lastSeenAt: now,
        // A session still owing its second factor lasts long enough to give it, no longer.
        expiresAt: new Date(
          now.getTime() + (mfa ? MFA_STEP_MINUTES * 60_000 : policy.absoluteHours * 3_600_000),
        ),
      });
      await audit.recordNow(null, {
        action: 'sign-in',
        entityType: 'user',
        entityId: user.id,
        details: mfa
          ? { ip: origin.ip, secondFactor: mfa === 'code' ? 'owed' : 'to enrol' }
          : { ip: origin.ip },
      });
      return { token, deviceToken: keptDevice, mfa, csrfToken };
    },

    /** The actor for a session token, or a reason it is not valid. */
    async authenticate(token: string, origin: RequestOrigin): Promise<Actor | 'expired' | null> {
      const id = sessionKey(token);
      const now = Date.now();
      let entry = cache.get(id);
      if (!entry) {
        entry = await load(id);
        if (!entry) return null;
        cache.set(id, entry);
      }
      if (now > entry.expiresAt || now > entry.lastSeenAt + policy.idleMinutes * 60_000) {
        cache.delete(id);
        await repo.revokeSession(db, id);
        return 'expired';
      }
      if (now - entry.lastSeenAt > TOUCH_EVERY_MS) {
        entry.lastSeenAt = now;
        await repo.touchSession(db, id, new Date(now));
      }
      return { ...entry.actor, ip: origin.ip, userAgent: origin.userAgent };
    },

    /** The second factor is given: a full session from now, with a new CSRF token (decision 067). */
    /**
     * The session's second factor is given: it gets its full life, a new CSRF token and a new id, so a
     * token seen before the code was given (a fixed or leaked cookie) is worth nothing after. The new token.
     */
    async finishSecondFactor(sessionId: string) {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + policy.absoluteHours * 3_600_000);
      await finishSessionMfa(db, sessionId, { id: sessionKey(token), csrfToken: newCsrfToken(), expiresAt });
      cache.delete(sessionId);
      return token;
    },

    checkCsrf(expected: string, given: string | undefined): boolean {
      if (!given) return false;
      const a = Buffer.from(expected);
      const b = Buffer.from(given);
      return a.length === b.length && timingSafeEqual(a, b);
    },

    async signOut(actor: Actor) {
      cache.delete(actor.sessionId);
      await repo.revokeSession(db, actor.sessionId);
      await audit.recordNow(actor, {
        action: 'sign-out',
        entityType: 'user',
        entityId: actor.userId,
        orgId: null,
      });
    },

    async switchOrg(actor: Actor, orgId: string) {
      if (!actor.memberships.some((m) => m.orgId === orgId)) throw new AppError(AuthErrors.AUTH_NOT_A_MEMBER);
      cache.delete(actor.sessionId);
      await repo.setActiveOrg(db, actor.sessionId, orgId, newCsrfToken());
      await audit.recordNow(actor, {
        action: 'switch-organisation',
        entityType: 'organisation',
        entityId: orgId,
        orgId,
      });
    },

    async createUser(input: { personId: string; email: string; password: string; isSystemAdmin?: boolean }) {
      if (input.password.length < MIN_PASSWORD_LENGTH) throw new AppError(AuthErrors.AUTH_WEAK_PASSWORD);
      const { problem } = normaliseEmail(input.email);
      if (problem) throw validationFailed([{ path: 'email', message: problem }]);
      if (await repo.findUserByEmail(db, input.email)) throw new AppError(AuthErrors.AUTH_EMAIL_TAKEN);
      const user = await repo.insertUser(db, {
        personId: input.personId,
        email: input.email,
        passwordHash: await hashPassword(input.password),
        isSystemAdmin: input.isSystemAdmin ?? false,
      });
      await audit.recordNow(null, { action: 'create', entityType: 'user', entityId: user.id });
      return user;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

const newCsrfToken = () => randomBytes(24).toString('base64url');
