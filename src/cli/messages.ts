import { ConfigError, showsStacks } from '../config.js';
import { AppError } from '../platform/http/errors.js';
import { UsageError } from './usage-error.js';

/**
 * What the terminal shows for an error: the message of one meant for a person (a usage error, an API
 * error with its issues); otherwise one line, never a database statement or its values, and the stack
 * only at LOG_LEVEL=debug.
 */
export function cliMessage(err: unknown): string {
  if (err instanceof AppError)
    return [
      err.message,
      ...(err.issues ?? []).map(
        (i) => `  ${[i.row && `row ${i.row}`, i.column ?? i.path].filter(Boolean).join(', ')}: ${i.message}`,
      ),
    ].join('\n');
  if (err instanceof UsageError || err instanceof ConfigError || !(err instanceof Error))
    return String((err as Error)?.message ?? err);
  if (showsStacks()) return String(err.stack);
  // A failed query's message is its SQL and parameters; the database's own message is its cause's.
  const cause = (err as { cause?: unknown }).cause;
  const message = /^Failed query/.test(err.message) && cause instanceof Error ? cause.message : err.message;
  return `Concord stopped: ${message.split('\n')[0]} (LOG_LEVEL=debug shows where)`;
}
