import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { AuditTrail } from '../audit/audit.service.js';
import type { Database } from '../db/client.js';
import { AppError, notFound } from '../http/errors.js';
import type { Actor, MembershipLoader } from './actor.js';
import type { AuthService } from './auth.service.js';
import { MfaErrors, MfaThrottledError, WRONG_CODE_MESSAGE } from './mfa.errors.js';
import * as repo from './mfa.repository.js';
import { hashPassword, verifyPassword } from './password.js';
import { definePolicy } from './policy.js';
import { waitAfter } from './sign-in-throttle.js';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.js';

/** Wrong codes allowed before a wait, the first wait, doubling to the cap (like sign-in, decision 017). */
export const CODE_THROTTLE = { windowMs: 24 * 3_600_000, free: 5, firstWaitMs: 30_000, capMs: 15 * 60_000 };
export const RECOVERY_CODE_COUNT = 10;

/**
 * Who may reset another person's second factor (lost phone): a system administrator anyone's; an
 * organisation's administrator that of someone holding a role at the organisation they act for.
 */
export const mfaPolicy = definePolicy({
  reset: (actor: Actor, target: { orgIds: string[] }) =>
    actor.isSystemAdmin ||
    (actor.orgId !== null && actor.roles.includes('org_admin') && target.orgIds.includes(actor.orgId)),
});

/** "k7qf2-m9xw4": ten characters from an alphabet without look-alikes, in two groups. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

export function createMfaService(deps: {
  database: Database;
  audit: AuditTrail;
  auth: AuthService;
  memberships: MembershipLoader;
  /** The clock codes are checked by (tests move it). */
  now?: () => number;
}) {
  const { database, audit, auth, memberships, now: clock = () => Date.now() } = deps;
  const db = database.system;

  const requiredOf = (actor: Actor) => actor.isSystemAdmin || actor.memberships.some((m) => m.requiresMfa);

  async function enrolled(userId: string) {
    const row = await repo.findMfa(db, userId);
    if (!row?.confirmedAt) throw new AppError(MfaErrors.MFA_NOT_ON);
    return row;
  }

  /** Refused while wrong codes have mounted up; otherwise nothing. */
  function throttle(row: { failures: number; lastFailureAt: Date | null }) {
    if (!row.lastFailureAt) return;
    const waitMs = row.lastFailureAt.getTime() + waitAfter(row.failures, CODE_THROTTLE) - clock();
    if (waitMs > 0) throw new MfaThrottledError(waitMs);
  }

  async function wrongCode(actor: Actor, userId: string, field: string): Promise<never> {
    await repo.recordWrongCode(db, userId, new Date(clock()));
    await audit.recordNow(actor, {
      action: 'sign-in.code-wrong',
      entityType: 'user',
      entityId: userId,
      details: { ip: actor.ip },
    });
    throw new AppError(MfaErrors.MFA_CODE_WRONG, undefined, [{ path: field, message: WRONG_CODE_MESSAGE }]);
  }

  /** Checks a code from the app, once: true when it is right and not used before. */
  async function takeCode(row: { userId: string; secret: string; lastStep: number | null }, code: string) {
    const step = matchTotp(row.secret, code, clock(), row.lastStep);
    return step !== null && (await repo.takeStep(db, row.userId, step));
  }

  async function newRecoveryCodes(userId: string) {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await repo.replaceRecoveryCodes(
      db,
      userId,
      await Promise.all(codes.map((c) => hashPassword(normaliseRecovery(c)))),
    );
    return codes;
  }

  /** The session's new token once its second factor is given; none when it owed none. */
  async function finishSession(actor: Actor) {
    if (!actor.mfaPending) return undefined;
    return auth.finishSecondFactor(actor.sessionId);
  }

  return {
    async status(actor: Actor) {
      const row = await repo.findMfa(db, actor.userId);
      const left = row?.confirmedAt ? (await repo.unusedRecoveryCodes(db, actor.userId)).length : 0;
      return { enabled: Boolean(row?.confirmedAt), required: requiredOf(actor), recoveryCodesLeft: left };
    },

    /** A new secret to scan; shown until a code from it is given, never again after. */
    async startEnrolment(actor: Actor) {
      if ((await repo.findMfa(db, actor.userId))?.confirmedAt) throw new AppError(MfaErrors.MFA_ALREADY_ON);
      const secret = newTotpSecret();
      await repo.putPendingSecret(db, actor.userId, secret);
      const url = otpauthUrl(secret, actor.email);
      return { secret, otpauthUrl: url, qrSvg: await QRCode.toString(url, { type: 'svg', margin: 1 }) };
    },

    /** The first code from the app turns the second factor on; the recovery codes are shown this once. */
    async confirmEnrolment(actor: Actor, code: string) {
      const row = await repo.findMfa(db, actor.userId);
      if (!row || row.confirmedAt)
        throw new AppError(row ? MfaErrors.MFA_ALREADY_ON : MfaErrors.MFA_NOT_STARTED);
      throttle(row);
      const step = matchTotp(row.secret, code, clock(), row.lastStep);
      if (step === null || !(await repo.takeStep(db, actor.userId, step, true)))
        return wrongCode(actor, actor.userId, 'code');
      const recoveryCodes = await newRecoveryCodes(actor.userId);
      const session = await finishSession(actor);
      await audit.recordNow(actor, { action: 'mfa.enrolled', entityType: 'user', entityId: actor.userId });
      return { recoveryCodes, session };
    },

    /** The sign-in step: a code from the app, or an unused recovery code. */
    async verify(actor: Actor, input: { code: string }) {
      if (actor.mfaPending !== 'code') throw new AppError(MfaErrors.MFA_NOT_OWED);
      const row = await enrolled(actor.userId);
      throttle(row);
      if (await takeCode(row, input.code)) {
        const session = await finishSession(actor);
        await audit.recordNow(actor, { action: 'mfa.verified', entityType: 'user', entityId: actor.userId });
        return { session };
      }
      const given = normaliseRecovery(input.code);
      if (given.length === 10) {
        for (const rc of await repo.unusedRecoveryCodes(db, actor.userId)) {
          if ((await verifyPassword(rc.codeHash, given)) && (await repo.spendRecoveryCode(db, rc.id))) {
            await repo.clearWrongCodes(db, actor.userId);
            const session = await finishSession(actor);
            const left = (await repo.unusedRecoveryCodes(db, actor.userId)).length;
            await audit.recordNow(actor, {
              action: 'mfa.recovery-code-used',
              entityType: 'user',
              entityId: actor.userId,
              details: { recoveryCodesLeft: left },
            });
            return { session };
          }
        }
      }
      return wrongCode(actor, actor.userId, 'code');
    },

    async regenerateRecoveryCodes(actor: Actor, code: string) {
      const row = await enrolled(actor.userId);
      throttle(row);
      if (!(await takeCode(row, code))) return wrongCode(actor, actor.userId, 'code');
      const recoveryCodes = await newRecoveryCodes(actor.userId);
      await audit.recordNow(actor, {
        action: 'mfa.recovery-codes-regenerated',
        entityType: 'user',
        entityId: actor.userId,
      });
      return { recoveryCodes };
    },

    async disable(actor: Actor, code: string) {
      if (requiredOf(actor)) throw new AppError(MfaErrors.MFA_REQUIRED);
      const row = await enrolled(actor.userId);
      throttle(row);
      if (!(await takeCode(row, code))) return wrongCode(actor, actor.userId, 'code');
      await repo.removeMfa(db, actor.userId);
      await audit.recordNow(actor, { action: 'mfa.disabled', entityType: 'user', entityId: actor.userId });
    },

    /** An administrator's reset for a person who lost their authenticator; their sessions end too. */
    async reset(actor: Actor, personId: string) {
      const user = await repo.findUserByPerson(db, personId);
      if (!user) throw notFound('A sign-in for that person');
      const held = (await memberships(user.personId, false)).memberships.filter((m) => m.roles.length > 0);
      mfaPolicy.authorize(actor, 'reset', { orgIds: held.map((m) => m.orgId) });
      if (user.id === actor.userId) throw new AppError(MfaErrors.MFA_RESET_SELF);
      await repo.removeMfa(db, user.id);
      await repo.revokeUserSessions(db, user.id);
      await audit.recordNow(actor, {
        action: 'mfa.reset',
        entityType: 'user',
        entityId: user.id,
        details: { personId },
      });
    },
  };
}

export type MfaService = ReturnType<typeof createMfaService>;
