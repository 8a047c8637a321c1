// A token search parameter (`system|code`, `|code` or `code`) read against the one system Concord answers for.

/**
 * The code a token names, if it could be in `system`: `code`, `system|code`; `|code` (no system) and another
 * system's code can match nothing, so they give null.
 */
export function tokenIn(value: string | undefined, system: string): string | null | undefined {
  if (value === undefined) return undefined;
  const bar = value.indexOf('|');
  if (bar < 0) return value.trim();
  return value.slice(0, bar) === system ? value.slice(bar + 1).trim() : null;
}
