/** A mistake in the command line: its message says what to type instead; the command exits 2. */
export class UsageError extends Error {}
