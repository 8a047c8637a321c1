import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, type Db } from '../db/client.js';
import { loginAttempts } from './auth.tables.js';
import { type AttemptHistory, THROTTLE } from './sign-in-throttle.js';

/** `address` is the throttle's key for the address (see `addressKey`), not always the exact one. */
export async function recordLoginAttempt(
  db: Db,
  attempt: { email: string; address: string; device: string | null; succeeded: boolean; at: Date },
) {
  await db.insert(loginAttempts).values({
    email: attempt.email,
    ip: attempt.address,
    device: attempt.device,
    succeeded: attempt.succeeded,
    at: attempt.at,
  });
}

/** `last` is the driver's timestamp text (to the millisecond at least), read as an instant. */
const lastRow = z.object({ last: z.string().nullable() });
const countedRow = z.object({ failures: z.number(), last: z.string().nullable() });

const counted = (r: z.infer<typeof countedRow> | undefined) => ({
  failures: r?.failures ?? 0,
  lastFailureAt: r?.last ? new Date(r.last).getTime() : null,
});

/**
 * The failures that bear on an attempt by `email` from `address` at `now`, with `device` the hash of the
 * browser's device cookie when it sent one (see sign-in-throttle.ts).
 */
export async function attemptHistory(
  db: Db,
  email: string,
  address: string,
  device: string | null,
  now: Date,
): Promise<AttemptHistory> {
  const since = (ms: number) => new Date(now.getTime() - ms).toISOString();
  const pairSuccess = await checkedRow(
    db,
    lastRow,
    sql`select max(at) as last from login_attempts
      where email = ${email} and ip = ${address} and succeeded and at > ${since(THROTTLE.knownAddressForMs)}`,
  );
  const lastSuccess = pairSuccess?.last ? new Date(pairSuccess.last).toISOString() : null;
  const pairFrom = [since(THROTTLE.pair.windowMs), lastSuccess].filter(Boolean).sort().pop()!;
  const failures = (where: ReturnType<typeof sql>, from: string) =>
    checkedRow(
      db,
      countedRow,
      sql`select count(*)::int as failures, max(at) as last from login_attempts
        where ${where} and not succeeded and at > ${from}`,
    ).then(counted);
  const pair = await failures(sql`email = ${email} and ip = ${address}`, pairFrom);
  const fromAddress = await failures(sql`ip = ${address}`, since(THROTTLE.address.windowMs));
  const account = await failures(sql`email = ${email}`, since(THROTTLE.account.windowMs));
  const deviceSuccess = device
    ? (
        await checkedRow(
          db,
          lastRow,
          sql`select max(at) as last from login_attempts
            where email = ${email} and device = ${device} and succeeded and at > ${since(THROTTLE.knownAddressForMs)}`,
        )
      )?.last
    : null;
  const deviceFailures =
    device && deviceSuccess
      ? await failures(
          sql`email = ${email} and device = ${device}`,
          [since(THROTTLE.device.windowMs), new Date(deviceSuccess).toISOString()].sort().pop()!,
        )
      : null;
  return {
    device: deviceFailures,
    knownDevice: deviceFailures !== null,
    pair,
    address: fromAddress,
    account,
    knownAddress: lastSuccess !== null,
  };
}
