import { plural } from '@contract/text/figures.js';

/**
 * How long a sign-in attempt must wait, from the failures before it (decision 017). Three counts, each
 * with waits that double after a few free failures and stop at a cap:
 *
 * - this account from this address: a person's own typing, or one attacker guessing one account;
 * - this address across every account: credential stuffing from one machine or network;
 * - this account from every address: guessing spread over many machines. Its cap is short, and it does
 *   not apply at an address the account has signed in from before, so nobody can keep the real user out.
 *
 * A browser that carries the device cookie of an earlier sign-in to the account is counted on its own
 * (OWASP's device cookies): only its own failures slow it, from whatever address, so guessing spread over
 * many machines cannot keep the real user out even when they travel.
 *
 * Nothing here locks an account: every wait ends by itself, and a throttled attempt is not counted.
 */

export type ThrottleRule = 'device' | 'pair' | 'address' | 'account';

export interface RuleLimits {
  /** Failures counted over this long before now. */
  windowMs: number;
  /** Failures allowed before the first wait. */
  free: number;
  /** The first wait; each further failure doubles it. */
  firstWaitMs: number;
  /** No wait under this rule is longer. */
  capMs: number;
}

export const THROTTLE: Record<ThrottleRule, RuleLimits> & { knownAddressForMs: number } = {
  /** This account from a browser it signed in from (its device cookie): the real user's own typing. */
  device: { windowMs: 24 * 3_600_000, free: 5, firstWaitMs: 1_000, capMs: 15 * 60_000 },
  pair: { windowMs: 24 * 3_600_000, free: 5, firstWaitMs: 1_000, capMs: 15 * 60_000 },
  address: { windowMs: 3_600_000, free: 10, firstWaitMs: 1_000, capMs: 5 * 60_000 },
  account: { windowMs: 3_600_000, free: 5, firstWaitMs: 1_000, capMs: 60_000 },
  /** An address or browser the account signed in from within this long is its own: others cannot slow it. */
  knownAddressForMs: 90 * 24 * 3_600_000,
};

export interface FailureCount {
  failures: number;
  /** Milliseconds since the epoch; null when there was none. */
  lastFailureAt: number | null;
}

/** The failures that bear on one attempt, each counted over its rule's window. */
export interface AttemptHistory {
  /** This account from this browser, since its last success there; null without a device cookie. */
  device: FailureCount | null;
  /** The account has signed in from this browser before (within `knownAddressForMs`). */
  knownDevice: boolean;
  /** This account from this address, since its last success there. */
  pair: FailureCount;
  /** This address, every account. */
  address: FailureCount;
  /** This account, every address. */
  account: FailureCount;
  /** The account has signed in from this address before (within `knownAddressForMs`). */
  knownAddress: boolean;
}

/** The wait after `failures` failures under a rule: none while they are free, then doubling to the cap. */
export function waitAfter(failures: number, limits: RuleLimits): number {
  if (failures < limits.free) return 0;
  const doublings = Math.min(failures - limits.free, 40);
  return Math.min(limits.capMs, limits.firstWaitMs * 2 ** doublings);
}

export interface Throttled {
  rule: ThrottleRule;
  /** How long from now until an attempt is accepted. */
  waitMs: number;
}

/** The longest wait any rule imposes on an attempt at `now`, or null when it may go ahead. */
export function throttleFor(history: AttemptHistory, now: number): Throttled | null {
  // A browser the account signed in from answers only for its own failures, wherever it is; then an address
  // it signed in from; a stranger's attempt meets every count.
  const rules: ThrottleRule[] = history.knownDevice
    ? ['device']
    : history.knownAddress
      ? ['pair']
      : ['pair', 'address', 'account'];
  let longest: Throttled | null = null;
  for (const rule of rules) {
    const count = history[rule];
    if (!count || count.lastFailureAt === null) continue;
    const { failures, lastFailureAt } = count;
    const waitMs = lastFailureAt + waitAfter(failures, THROTTLE[rule]) - now;
    if (waitMs > 0 && (!longest || waitMs > longest.waitMs)) longest = { rule, waitMs };
  }
  return longest;
}

/**
 * The address an attempt is counted under: IPv4 as it is (also when written as IPv4-mapped IPv6), IPv6
 * by its /64 network, since one subscriber is usually given a whole /64 and could otherwise step
 * through addresses.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('%')[0]!.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** "40 seconds", "4 minutes": a wait as a person would say it, rounded up. */
export function describeWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1_000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return plural(minutes, 'minute');
}
